from django.urls import path

from . import views

app_name = "records"

urlpatterns = [
    path("children/<id:pk>/subject-access/", views.subject_access, name="subject_access"),
    path("records/subject-access/", views.subject_access_find, name="subject_access_find"),
    path(
        "records/subject-access/<id:pk>/",
        views.subject_access_export,
        name="subject_access_export",
    ),
    path(
        "records/subject-access/<id:pk>/download/",
        views.subject_access_download,
        name="subject_access_download",
    ),
    path("records/retention/", views.retention_report, name="retention"),
    path("records/retention/erase/", views.erasure_review, name="erasure_review"),
    path("records/erasures/<id:pk>/confirm/", views.erasure_confirm, name="erasure_confirm"),
]
