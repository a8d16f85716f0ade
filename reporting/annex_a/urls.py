"""Ofsted's Annex A lists for an area SEND inspection. Included at /reports/annex-a/."""

from django.urls import path

from . import views

app_name = "annex_a"

urlpatterns = [
    path("list-1/", views.list1, name="list1"),
]
