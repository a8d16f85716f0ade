"""The placements panel on a child's overview: where the child is now, and this year's cost."""

from django.utils import timezone

from ..models import CostLine, Placement
from ..selectors import _sum
from ..years import financial_year_label, financial_year_of


def placements_panel(request, child):
    """Two queries whatever the child's history (see cases.extensions.CHILD_PANELS)."""
    today = timezone.localdate()
    year = financial_year_of(today)
    current = list(
        Placement.objects.filter(child=child)
        .current(today)
        .select_related("setting")
        .order_by("rank", "-entry_on")
    )
    cost = CostLine.objects.filter(placement__child=child, financial_year=year).aggregate(
        total=_sum()
    )["total"]
    return (
        "placements/includes/child_panel.html",
        {
            "child": child,
            "current_placements": current,
            "year_cost": cost,
            "year_label": financial_year_label(year),
        },
    )
