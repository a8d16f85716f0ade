"""Sections I and J as an issued plan version freezes them (plans.content.snapshot)."""

from django.utils import timezone

from .models import PersonalBudget, Placement


def plan_sections_i_and_j(plan) -> dict:
    """The settings the plan names now (not left), and its personal budgets in force today."""
    named = (
        Placement.objects.filter(plan=plan, named_in_section_i=True)
        .not_left()
        .select_related("setting")
        .order_by("rank", "entry_on", "pk")
    )
    budgets = (
        PersonalBudget.objects.filter(plan=plan)
        .current(timezone.localdate())
        .order_by("kind", "start_on", "pk")
    )
    return {
        "named_settings": [
            {
                "name": placement.setting.name,
                "urn": placement.setting.urn,
                "type_label": placement.setting.get_setting_type_display(),
                "from": placement.entry_on.isoformat(),
            }
            for placement in named
        ],
        "personal_budgets": [
            {
                "kind_label": budget.get_kind_display(),
                "amount": f"{budget.annual_amount:.2f}",
                "direct_payment": budget.direct_payment,
            }
            for budget in budgets
        ],
    }
