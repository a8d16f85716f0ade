from django.urls import path

from . import views

app_name = "cases"

urlpatterns = [
    path("caseload/", views.caseload_list, name="caseload"),
    path("children/", views.child_search, name="children"),
    path("children/<int:pk>/", views.child_detail, name="child"),
]
