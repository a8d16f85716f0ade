from django.urls import path

from . import views

app_name = "letters"

urlpatterns = [
    path("letters/wording/", views.wordings, name="wordings"),
    path("letters/wording/<slug:kind>/", views.wording, name="wording"),
]
