from django.urls import path

from . import views

app_name = "sen2"

urlpatterns = [
    path("", views.check, name="check"),
    path("download/", views.download, name="download"),
    path("import/", views.import_file, name="import"),
    path("import/confirm/", views.import_confirm, name="import_confirm"),
]
