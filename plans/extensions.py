"""Where an app above plans (letters) adds to a plan's page and a review's page without plans
importing it. Each panel is called with (request, child, plan, review), review None on the
plan's page, and returns (template name, context) to include, or None; it must run a bounded
number of queries. Apps register in their AppConfig.ready()."""

from collections.abc import Callable

StepPanel = Callable[..., tuple[str, dict] | None]
STEP_PANELS: list[StepPanel] = []


def add_step_panel(panel: StepPanel) -> None:
    if panel not in STEP_PANELS:
        STEP_PANELS.append(panel)


def step_panels(request, child, plan, review=None) -> list[dict]:
    panels = []
    for panel in STEP_PANELS:
        result = panel(request, child, plan, review)
        if result is not None:
            template, context = result
            panels.append({"template": template, "context": context})
    return panels
