"""The dashboard's headline figures, each defined by the rows its KPI counts.

A measure reuses the KPI module's own query for its rows (final plans issued in the period,
plans maintained on the snapshot date ...), so the figure on a tile, its split by team or
caseworker, and the list of children behind it all count the same rows as `manage.py kpis`.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, Q, QuerySet, Sum

from placements.models import CostLine
from placements.years import financial_year_label

from ..kpis.base import Period
from ..kpis.caseload import maintained_on, new_plans
from ..kpis.placing import main_placements_on, money_year
from ..kpis.reviews import overdue_reviews
from ..kpis.timeliness import final_plans


@dataclass(frozen=True)
class Part:
    """A slice of a measure's rows one can open: the plans issued late, the out-of-area ..."""

    key: str
    label: str
    where: Q


@dataclass(frozen=True)
class Column:
    """A column of the list of children behind a figure: a lookup from the measure's row."""

    label: str
    path: str
    numeric: bool = False


@dataclass(frozen=True)
class Measure:
    code: str  # the KPI the figure is (the tests hold it equal to that KPI's value)
    title: str
    unit: str  # "%", "count" or "£"
    noun: str  # what one row is, for "412 plans"
    rows: Callable[[Period], QuerySet]
    child: str = "child"  # the lookup from a row to its child
    good: Q | None = None  # for a percentage: the rows in the numerator
    amount: str | None = None  # for money: the field summed
    parts: tuple[Part, ...] = ()
    columns: tuple[Column, ...] = ()
    related: tuple[str, ...] = ()
    order_by: tuple[str, ...] = ("pk",)
    # For money: the financial year a period's figure counts (not the calendar year chosen).
    financial_year: Callable[[Period], int] | None = None
    is_kpi_value: bool = True  # False where the figure is one of the KPI's sub-figures
    aggregates: dict = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self):
        aggregates = {"rows": Count("pk")}
        if self.good is not None:
            aggregates["good"] = Count("pk", filter=self.good)
        if self.amount is not None:
            aggregates["total"] = Sum(self.amount)
        for index, part in enumerate(self.parts):
            aggregates[f"part_{index}"] = Count("pk", filter=part.where)
        object.__setattr__(self, "aggregates", aggregates)

    def split(self, counts: dict) -> list[tuple[Part, int]]:
        """Each part with its count, from `aggregates`' results."""
        return [(part, counts[f"part_{index}"]) for index, part in enumerate(self.parts)]

    def counted(self, number: int) -> str:
        """ "1 plan", "2 plans", "1 cost line": the nouns are plain English plurals."""
        noun = self.noun[:-1] if number == 1 else self.noun
        return f"{number:,} {noun}"

    def year_label(self, period: Period) -> str:
        """The year the figure counts, for a chart's axis and a table's row: 2024, or 2023-24
        for money counted by financial year."""
        if self.financial_year is None:
            return str(period.start.year)
        return financial_year_label(self.financial_year(period))

    def counted_over(self, period: Period) -> str:
        """The year the figure counts where it is not the period's dates: "financial year
        2023-24". The tile, its trend and the list behind it all name it alike."""
        if self.financial_year is None:
            return ""
        return f"financial year {self.year_label(period)}"

    def noted(self, period: Period) -> str:
        """Said under the figure on its tile."""
        over = self.counted_over(period)
        return f"in {over}" if over else ""

    def part(self, key: str | None) -> Part | None:
        return next((part for part in self.parts if part.key == key), None)

    def value(self, counts: dict):
        """The figure from `aggregates`' results: a percentage, a sum or a count."""
        if self.good is not None:
            return round(100 * counts["good"] / counts["rows"], 1) if counts["rows"] else None
        if self.amount is not None:
            return counts["total"] or 0
        return counts["rows"]


IN_TIME = Q(completed_on__lte=F("due_on"))
CHILD = Column("Child", "child")


def _final_plans_without_exceptions(period: Period) -> QuerySet:
    return final_plans(period).filter(exempt=False)


def _spend_rows(period: Period) -> QuerySet:
    # Money is counted in the financial year the period starts in, as the SPEND KPI does.
    return CostLine.objects.filter(financial_year=money_year(period))


_TIMELINESS: dict[str, Any] = {
    "unit": "%",
    "noun": "plans",
    "good": IN_TIME,
    "parts": (
        Part("in-time", "issued within 20 weeks", IN_TIME),
        Part("late", "issued after 20 weeks", ~IN_TIME),
    ),
    "columns": (
        CHILD,
        Column("Request received", "request__received_on"),
        Column("Due", "due_on"),
        Column("Issued", "completed_on"),
        Column("Exception", "exempt"),
    ),
    "related": ("request",),
    "order_by": ("completed_on", "pk"),
}

MEASURES: tuple[Measure, ...] = (
    # DfE's headline first: excluding exceptions; the figure including them beside it.
    Measure(
        "T20X",
        "New EHC plans within 20 weeks, excluding exceptions (DfE's headline)",
        rows=_final_plans_without_exceptions,
        **_TIMELINESS,
    ),
    Measure(
        "T20",
        "Within 20 weeks, including exceptions",
        rows=final_plans,
        **_TIMELINESS,
    ),
    Measure(
        "N",
        "Plans maintained",
        "count",
        "plans",
        rows=lambda period: maintained_on(period.snapshot),
        parts=(
            Part("ehc-plans", "EHC plans", Q(kind="ehc_plan")),
            Part("statements", "statements", Q(kind="statement")),
        ),
        columns=(CHILD, Column("Plan", "get_kind_display"), Column("Issued", "issued_on")),
        order_by=("issued_on", "pk"),
    ),
    Measure(
        "NEW",
        "New plans issued",
        "count",
        "plans",
        rows=new_plans,
        columns=(CHILD, Column("Plan", "get_kind_display"), Column("Issued", "issued_on")),
        order_by=("issued_on", "pk"),
    ),
    Measure(
        "AR",
        "Annual reviews overdue",
        "count",
        "reviews",
        rows=lambda period: overdue_reviews(period.snapshot),
        child="plan__child",
        is_kpi_value=False,  # AR's own value is the % held on time; its target is for that
        columns=(Column("Child", "plan__child"), Column("Review due", "due_on")),
        related=("plan",),
        order_by=("due_on", "pk"),
    ),
    Measure(
        "OOA",
        "Placed outside the council's area",
        "%",
        "placements",
        rows=lambda period: main_placements_on(period.snapshot),
        good=Q(setting__in_area=False),
        parts=(
            Part("out-of-area", "outside the area", Q(setting__in_area=False)),
            Part("in-area", "in the area", Q(setting__in_area=True)),
        ),
        columns=(CHILD, Column("Setting", "setting"), Column("Since", "entry_on")),
        related=("setting",),
        order_by=("entry_on", "pk"),
    ),
    Measure(
        "SPEND",
        "Placement spend",
        "£",
        "cost lines",
        rows=_spend_rows,
        child="placement__child",
        amount="amount",
        financial_year=money_year,
        columns=(
            Column("Child", "placement__child"),
            Column("Setting", "placement__setting"),
            Column("Cost", "get_kind_display"),
            Column("Amount", "amount", numeric=True),
        ),
        related=("placement__setting",),
        order_by=("-amount", "pk"),
    ),
)

BY_CODE = {measure.code: measure for measure in MEASURES}
