"""Caseload and flow KPIs: plans maintained, new plans, requests, cessations."""

from django.db.models import Count, Exists, OuterRef, Q

from cases import statutory
from cases.codes import Need
from cases.models import AssessmentRequest, Child
from cases.models.assessment import Kind
from plans.models import Cessation, Plan

from .base import Period, Result, kpi, shared


def maintained_on(day):
    """Plans this council maintained on `day`: issued by then (a plan transferred in, only from
    the day the council became responsible) and not yet ceased. A draft never counts."""
    return Plan.objects.exclude(status=Plan.Status.DRAFT).filter(
        Q(issued_on__lte=day),
        Q(responsible_from__isnull=True) | Q(responsible_from__lte=day),
        Q(ceased_on__isnull=True) | Q(ceased_on__gt=day),
    )


def maintained_counts(day) -> dict[str, int]:
    """How many plans were maintained on `day`: all, EHC plans and statements."""
    return shared(
        ("maintained", day),
        lambda: maintained_on(day).aggregate(
            all=Count("*"),
            ehc_plan=Count("pk", filter=Q(kind=Plan.Kind.EHC_PLAN)),
            statement=Count("pk", filter=Q(kind=Plan.Kind.STATEMENT)),
        ),
    )


def maintained_count(day) -> int:
    return maintained_counts(day)["all"]


@kpi("N", "Children and young people with a plan", unit="count", better="higher")
def n(period: Period) -> Result:
    """Statements and EHC plans maintained on the snapshot date; `breakdown` by kind."""
    counts = dict(maintained_counts(period.snapshot))
    return Result(counts.pop("all"), breakdown=counts)


def new_plans(period: Period):
    """Plans this council issued in the period after an assessment (not plans transferred in,
    recorded from an earlier system or converted from a statement)."""
    return Plan.objects.filter(origin=Plan.Origin.ASSESSMENT, issued_on__range=period.days)


@kpi("NEW", "New plans issued", unit="count", better="lower")
def new(period: Period) -> Result:
    """Plans first issued in the period after an assessment; `breakdown` by kind."""
    counts = new_plans(period).aggregate(
        all=Count("pk"),
        ehc_plan=Count("pk", filter=Q(kind=Plan.Kind.EHC_PLAN)),
        statement=Count("pk", filter=Q(kind=Plan.Kind.STATEMENT)),
    )
    return Result(counts.pop("all"), breakdown=counts)


@kpi("REQ", "Requests for assessment received", unit="count", better="lower")
def req(period: Period) -> Result:
    """Requests for assessment received in the period (not requests to re-assess); `breakdown`:
    of those decided, the % agreed to assess, and of those assessed and decided, the % that led
    to a decision to issue a plan; withdrawn."""
    counts = AssessmentRequest.objects.filter(
        kind=Kind.INITIAL, received_on__range=period.days
    ).aggregate(
        all=Count("pk"),
        decided=Count("pk", filter=~Q(assess_decision="")),
        agreed=Count("pk", filter=Q(assess_decision="yes")),
        issue_decided=Count("pk", filter=~Q(issue_decision="")),
        issuing=Count("pk", filter=Q(issue_decision="yes")),
        withdrawn=Count("pk", filter=Q(closure="withdrawn")),
    )
    return Result(
        counts["all"],
        breakdown={
            "agreed_percent": Result.ratio(counts["agreed"], counts["decided"]).value,
            "leading_to_plan_percent": Result.ratio(
                counts["issuing"], counts["issue_decided"]
            ).value,
            "withdrawn": counts["withdrawn"],
        },
    )


@kpi("CEASE", "Plans ceased", unit="count", better="lower")
def cease(period: Period) -> Result:
    """Plans that ceased in the period, by SEN2 reason, and `ceased_per_new`: ceased ÷ new plans
    (Stockport's target: more discontinued than new)."""
    # Only plans really ceased: a proposal or a decision in its appeal window is not a cessation.
    ceased = Cessation.objects.filter(stage=Cessation.Stage.CEASED, ceases_on__range=period.days)
    by_reason = dict(ceased.values_list("reason").annotate(n=Count("pk")).order_by())
    total = sum(by_reason.values())
    new_count = new_plans(period).count()
    return Result(
        total,
        breakdown={
            "by_reason": {reason: by_reason.get(reason, 0) for reason in sorted(by_reason)},
            "ceased_per_new": round(total / new_count, 2) if new_count else None,
        },
    )


def _children_with_plans(day):
    return Child.objects.filter(Exists(maintained_on(day).filter(child=OuterRef("pk"))))


AGE_BANDS = (
    ("under_5", 0, 5),
    ("5_10", 5, 11),
    ("11_15", 11, 16),
    ("16_19", 16, 20),
    ("20_25", 20, 26),
)


def _by_need_and_age(day) -> list[dict]:
    """Children with a plan on `day`, counted per primary need, with their age bands (age on
    `day`): one query that NEED and AGE share."""

    def born_after(years):  # younger than `years` on `day`
        return Q(date_of_birth__gt=statutory.add_months(day, -12 * years))

    bands = {
        name: Count("pk", filter=born_after(high) & ~born_after(low))
        for name, low, high in AGE_BANDS
    }
    return shared(
        ("by_need_and_age", day),
        lambda: list(
            _children_with_plans(day)
            .order_by()
            .values("primary_need")
            .annotate(all=Count("*"), **bands)
        ),
    )


@kpi("NEED", "Primary need of children with a plan", unit="count", better="higher")
def need(period: Period) -> Result:
    """Children with a plan on the snapshot date by SEN2 primary need: `breakdown` maps each
    need code to its count and % (children with no need recorded count as "none")."""
    counts = {row["primary_need"]: row["all"] for row in _by_need_and_age(period.snapshot)}
    total = sum(counts.values())
    breakdown = {
        code: {
            "count": counts.get(code, 0),
            "percent": Result.ratio(counts.get(code, 0), total).value,
        }
        for code in [*Need.values, ""]
    }
    breakdown["none"] = breakdown.pop("")
    return Result(total, breakdown=breakdown)


@kpi("AGE", "Children and young people with a plan by age", unit="count", better="higher")
def age(period: Period) -> Result:
    """Children with a plan on the snapshot date in the age bands under 5, 5-10, 11-15, 16-19 and
    20-25 (age on the snapshot date)."""
    rows = _by_need_and_age(period.snapshot)
    return Result(
        sum(row["all"] for row in rows),
        breakdown={name: sum(row[name] for row in rows) for name, _, _ in AGE_BANDS},
    )
