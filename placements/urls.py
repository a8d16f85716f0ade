"""Each views module owns its URL patterns; this file only puts them together."""

from .views import budgets, child, costs, directory, importing

app_name = "placements"

# importing before directory: "directory/import/" must not be read as a setting.
urlpatterns = [
    *importing.urlpatterns,
    *directory.urlpatterns,
    *costs.urlpatterns,
    *budgets.urlpatterns,
    *child.urlpatterns,
]
