"""Reads for the placements pages: summaries are aggregated in SQL, one query per table."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db.models import DecimalField, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from cases.access import visible_filter

from .codes import CostKind, FundingSource
from .models import CostLine, PersonalBudget, Placement
from .years import financial_year_label

ZERO = Value(Decimal("0.00"), output_field=DecimalField(max_digits=12, decimal_places=2))


def _sum(filter: Q | None = None):
    return Coalesce(Sum("amount", filter=filter), ZERO)


def _by_source(lines: QuerySet, *group: str) -> list[dict]:
    """One row per group with a column per funding source and the total, all summed in SQL."""
    columns = {source: _sum(Q(funding_source=source)) for source in FundingSource.values}
    return list(lines.values(*group).annotate(**columns, total=_sum()).order_by(*group))


def _totals(lines: QuerySet) -> dict:
    columns = {source: _sum(Q(funding_source=source)) for source in FundingSource.values}
    return lines.aggregate(**columns, total=_sum())


def cost_summary(lines: QuerySet, *, year: int | None) -> dict:
    """Costs by financial year, and for the chosen year (or all years) by kind; with totals.

    Four queries whatever the number of lines. Years and kinds get their labels here."""
    years = _by_source(lines, "financial_year")
    for row in years:
        row["label"] = financial_year_label(row["financial_year"])
    chosen = lines.filter(financial_year=year) if year is not None else lines
    kinds = _by_source(chosen, "kind")
    kind_labels = dict(CostKind.choices)
    for row in kinds:
        row["label"] = kind_labels[row["kind"]]
    return {
        "years": years,
        "years_total": _totals(lines),
        "kinds": kinds,
        "kinds_total": _totals(chosen),
        "year": year,
        "year_label": financial_year_label(year) if year is not None else "",
        "sources": FundingSource.choices,
    }


def child_cost_lines(child) -> QuerySet:
    return CostLine.objects.filter(placement__child=child)


def child_placements(child, *, year: int) -> QuerySet:
    """The child's placement history, current first, each with its cost in the given year."""
    return (
        Placement.objects.filter(child=child)
        .select_related("setting", "plan")
        .annotate(year_cost=Sum("cost_lines__amount", filter=Q(cost_lines__financial_year=year)))
        .history_order()
    )


def child_budgets(child) -> QuerySet:
    return PersonalBudget.objects.filter(plan__child=child).select_related("plan")


def setting_children_now(setting, *, user, today: date) -> tuple[list[Placement], int]:
    """The placements at the setting today the user may see, and how many others there are."""
    current = Placement.objects.filter(setting=setting).current(today)
    visible = list(
        current.filter(visible_filter(user, via="child__"))
        .select_related("child")
        .order_by("child__last_name", "child__first_name", "pk")
    )
    return visible, current.count() - len(visible)


def setting_cost_lines(setting) -> QuerySet:
    return CostLine.objects.filter(placement__setting=setting)
