"""The placements app's models on the child's History tab (cases.history)."""

from cases.history import add_audited
from plans.audit import plan_ids

from .models import CostLine, PersonalBudget, Placement


def register() -> None:
    add_audited("placement", Placement, lambda history, child: history.filter(child_id=child.pk))
    add_audited(
        "cost",
        CostLine,
        lambda history, child: history.filter(
            placement_id__in=Placement.history.filter(child_id=child.pk).values("id")
        ),
    )
    add_audited(
        "budget",
        PersonalBudget,
        lambda history, child: history.filter(plan_id__in=plan_ids(child)),
    )
