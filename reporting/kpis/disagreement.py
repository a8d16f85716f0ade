"""Mediation and tribunal appeals."""

from django.db.models import Count, Q

from cases.models import AssessmentRequest, Disagreement
from cases.models.assessment import Kind

from .base import Period, Result, kpi

STAGES = {"request": "request", "assessment": "assessment", "content": "plan"}


def _started_in(period: Period, kind: str):
    return Disagreement.objects.filter(kind=kind, started_on__range=period.days)


def _by_stage(rows) -> dict[str, int]:
    counts = rows.aggregate(
        **{stage: Count("pk", filter=Q(about=about)) for about, stage in STAGES.items()}
    )
    return counts


@kpi("MED", "Mediation cases", unit="count", better="lower")
def med(period: Period) -> Result:
    """Mediations started in the period, by what they were about: the request (a decision not
    to assess), the assessment (not to issue) or the plan (its content or the setting named)."""
    rows = _started_in(period, Disagreement.Kind.MEDIATION)
    by_stage = _by_stage(rows)
    return Result(sum(by_stage.values()), breakdown=by_stage)


@kpi("TRIB", "Tribunal appeals registered", unit="count", better="lower")
def trib(period: Period) -> Result:
    """Appeals to the First-tier Tribunal (SEND) registered in the period, by stage;
    `per_100_decisions`: appeals per 100 appealable decisions made in the period (decisions not to
    assess, decisions not to issue, and final plans issued, after an initial request: a
    re-assessment's decisions are not counted)."""
    rows = _started_in(period, Disagreement.Kind.TRIBUNAL)
    by_stage = _by_stage(rows)
    appeals = sum(by_stage.values())
    decisions = AssessmentRequest.objects.filter(kind=Kind.INITIAL).aggregate(
        not_assessing=Count(
            "pk", filter=Q(assess_decision="no", assess_decision_on__range=period.days)
        ),
        not_issuing=Count(
            "pk", filter=Q(issue_decision="no", issue_decision_on__range=period.days)
        ),
        issued=Count("pk", filter=Q(final_issued_on__range=period.days)),
    )
    appealable = sum(decisions.values())
    rate = round(100 * appeals / appealable, 1) if appealable else None
    return Result(appeals, breakdown={**by_stage, "per_100_decisions": rate})
