"""The board report: a committee paper drafted from the KPIs, as HTML, PDF, CSV and XLSX.
Included at /reports/board/."""

from django.urls import path

from . import views

app_name = "board"

urlpatterns = [
    path("", views.report_list, name="list"),
    path("new/", views.report_new, name="new"),
    path("<id:pk>/", views.report_detail, name="detail"),
    path("<id:pk>/status.json", views.report_status, name="status"),
    path("<id:pk>/paper.<str:extension>", views.report_download, name="download"),
    path("<id:pk>/edit/", views.report_edit, name="edit"),
    path("<id:pk>/retry/", views.report_retry, name="retry"),
    path("<id:pk>/delete/", views.report_delete, name="delete"),
]
