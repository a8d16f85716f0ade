"""Where children with plans are educated, and what it costs."""

from decimal import Decimal

from django.db.models import Case, CharField, Count, Exists, OuterRef, Q, Sum, Value, When

from placements.codes import KPI_CATEGORY, KpiCategory
from placements.models import CostLine, PersonalBudget, Placement
from placements.years import financial_year_label, financial_year_of

from .base import Period, Result, kpi, shared
from .caseload import maintained_on


def category(path: str = "setting__setting_type"):
    """The KPI category (mainstream, resourced, special, ...) of a setting type, in SQL."""
    groups: dict[str, list[str]] = {}
    for setting_type, group in KPI_CATEGORY.items():
        groups.setdefault(group, []).append(setting_type)
    return Case(
        *(When(**{f"{path}__in": types}, then=Value(group)) for group, types in groups.items()),
        default=Value(KpiCategory.OTHER),
        output_field=CharField(),
    )


def main_placements_on(day):
    """The main (rank 1) placement open on `day` of each child with a plan in force then."""
    with_plan = maintained_on(day).filter(child=OuterRef("child"))
    return Placement.objects.filter(
        Exists(with_plan),
        Q(leaving_on__isnull=True) | Q(leaving_on__gte=day),
        rank=1,
        entry_on__lte=day,
    )


def _shares(day) -> tuple[dict[str, dict], int]:
    """Main placements on `day` per KPI category, with their % of all (MIX and INMSS share it)."""
    counts = shared(
        ("main_placement_categories", day),
        lambda: dict(
            main_placements_on(day)
            .annotate(group=category())
            .values_list("group")
            .annotate(n=Count("*"))
            .order_by()
        ),
    )
    total = sum(counts.values())
    return {
        group: {
            "count": counts.get(group, 0),
            "percent": Result.ratio(counts.get(group, 0), total).value,
        }
        for group in KpiCategory.values
    }, total


@kpi("MIX", "Where children with plans are educated: % in mainstream", unit="%", better="higher")
def mix(period: Period) -> Result:
    """Children with a plan on the snapshot date by the type of their main placement; the value is
    the % in mainstream (maintained and academy), `breakdown` has every category."""
    shares, total = _shares(period.snapshot)
    return Result.ratio(shares[KpiCategory.MAINSTREAM]["count"], total, **shares)


@kpi("INMSS", "% in independent or non-maintained special schools", unit="%", better="lower")
def inmss(period: Period) -> Result:
    """Children with a plan on the snapshot date whose main placement is an independent or
    non-maintained special school ÷ all children with a plan and a placement."""
    shares, total = _shares(period.snapshot)
    return Result.ratio(shares[KpiCategory.INDEPENDENT]["count"], total)


@kpi("OOA", "% placed outside the council's area", unit="%", better="lower")
def ooa(period: Period) -> Result:
    """Main placements on the snapshot date at a setting outside the council's area ÷ all;
    `breakdown`: new out-of-area placements starting in the period, and out-of-area placements
    that ended in it (returns)."""
    counts = main_placements_on(period.snapshot).aggregate(
        all=Count("pk"), out=Count("pk", filter=Q(setting__in_area=False))
    )
    moves = Placement.objects.filter(setting__in_area=False).aggregate(
        new=Count("pk", filter=Q(entry_on__range=period.days)),
        ended=Count("pk", filter=Q(leaving_on__range=period.days)),
    )
    return Result.ratio(counts["out"], counts["all"], new=moves["new"], returns=moves["ended"])


def money_year(period: Period) -> int:
    """The financial year a period's money is counted in: the one it starts in (the dashboard's
    spend figure and its drill-down count and name the same year)."""
    return financial_year_of(period.start)


@kpi("SPEND", "Placement spend", unit="£", better="lower")
def spend(period: Period) -> Result:
    """Cost lines of the financial year the period starts in, in £; `breakdown` by placement
    category (independent and non-maintained separately) and by funding source."""
    lines = CostLine.objects.filter(financial_year=money_year(period))
    sums = (
        lines.annotate(group=category("placement__setting__setting_type"))
        .values_list("group", "funding_source")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    by_group: dict[str, Decimal] = {}
    by_source: dict[str, Decimal] = {}
    for group, source, amount in sums:
        by_group[group] = by_group.get(group, 0) + amount
        by_source[source] = by_source.get(source, 0) + amount
    return Result(
        sum(by_group.values()),
        breakdown={
            "financial_year": financial_year_label(money_year(period)),
            "by_category": {g: by_group.get(g, 0) for g in KpiCategory.values},
            "by_funding_source": by_source,
        },
    )


@kpi("UNIT", "Average annual cost per placement", unit="£", better="lower")
def unit(period: Period) -> Result:
    """The financial year's cost ÷ the placements it was spent on, overall and per category."""
    # A placement is at one setting, so its category is one group: the groups' placements
    # add up to all placements without counting any twice.
    per_group = list(
        CostLine.objects.filter(financial_year=money_year(period))
        .annotate(group=category("placement__setting__setting_type"))
        .values("group")
        .annotate(total=Sum("amount"), placements=Count("placement", distinct=True))
        .order_by()
    )
    total = sum(row["total"] for row in per_group)
    placements = sum(row["placements"] for row in per_group)
    return Result(
        round(total / placements, 2) if placements else None,
        breakdown={row["group"]: round(row["total"] / row["placements"], 2) for row in per_group},
    )


@kpi("PB", "Plans with a personal budget", unit="count", better="higher")
def pb(period: Period) -> Result:
    """Plans in force on the snapshot date with a personal budget in force then; `breakdown` by
    kind (education, health, social care, integrated) and those paid as direct payments."""
    budgets = PersonalBudget.objects.current(period.snapshot).filter(
        plan__in=maintained_on(period.snapshot)
    )
    counts = budgets.aggregate(
        plans=Count("plan", distinct=True),
        direct_payments=Count("pk", filter=Q(direct_payment=True)),
        **{kind: Count("pk", filter=Q(kind=kind)) for kind in ("E", "H", "S", "I")},
    )
    return Result(counts.pop("plans"), breakdown=counts)
