"""Each views module owns its URL patterns; this file only puts them together."""

from importlib import import_module
from pathlib import Path

app_name = "plans"

# In the order their patterns are tried; a module not yet written is skipped.
VIEW_MODULES = ("plan", "cessation", "content", "provision", "review", "versions", "reassessment")

urlpatterns = []
for _name in VIEW_MODULES:
    if (Path(__file__).parent / "views" / f"{_name}.py").exists():
        urlpatterns += import_module(f"plans.views.{_name}").urlpatterns
