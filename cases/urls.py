"""Each views module owns its URL patterns; this file only puts them together."""

from importlib import import_module
from pathlib import Path

app_name = "cases"

# In the order their patterns are tried. A module listed here but not yet written is skipped
# while the parts of the case record are being built in parallel.
VIEW_MODULES = (
    "caseload",
    "child",
    "child_record",
    "contacts",
    "assessment",
    "documents",
    "chronology",
    "history",
    "alerts",
)

urlpatterns = []
for _name in VIEW_MODULES:
    if (Path(__file__).parent / "views" / f"{_name}.py").exists():
        urlpatterns += import_module(f"cases.views.{_name}").urlpatterns
