"""The board report: a committee paper drafted from the KPIs, as HTML, PDF, CSV and XLSX.
Included at /reports/board/."""

from django.urls import path

from . import views

app_name = "board"

urlpatterns = [
    path("", views.report_list, name="list"),
    path("new/", views.report_new, name="new"),
    path("<int:pk>/", views.report_detail, name="detail"),
    path("<int:pk>/status.json", views.report_status, name="status"),
    path("<int:pk>/paper.<str:extension>", views.report_download, name="download"),
    path("<int:pk>/edit/", views.report_edit, name="edit"),
    path("<int:pk>/retry/", views.report_retry, name="retry"),
    path("<int:pk>/delete/", views.report_delete, name="delete"),
]
