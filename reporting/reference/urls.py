"""Population counts, comparator values and targets: imported from CSV, targets edited on screen."""

from django.urls import path

from . import views

app_name = "reference"

urlpatterns = [
    path("", views.index, name="index"),
    path("population/", views.population_list, name="population"),
    path("comparators/", views.comparator_list, name="comparators"),
    path("prevalence/", views.prevalence, name="prevalence"),
    path("targets/", views.target_list, name="targets"),
    path("targets/new/", views.target_new, name="target_new"),
    path("targets/<id:pk>/", views.target_edit, name="target_edit"),
    path("targets/<id:pk>/delete/", views.target_delete, name="target_delete"),
    path(
        "<str:kind>/import/",
        views.upload,
        name="import",
    ),
    path("<str:kind>/template.csv", views.template, name="template"),
]
