"""The placeholders a plan's steps fill in (issue 20): the plan, one review of it, ceasing it and
its transfer in. Each date is the record's, or the one the rules in cases.statutory work out
from it; what the record does not hold stays empty, for letters.values to mark."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone

from cases.codes import ReviewOutcome
from cases.models import Child
from cases.statutory import reviews as review_rules
from core.formatting import clock, day
from placements.models import NamedSetting, Placement
from plans.models import AnnualReview, Cessation, Plan
from plans.services import schedule

Values = dict[str, dict[str, Any]]


def child_school(child: Child, on: date) -> str:
    """The school or college the child attends on that day (the main placement)."""
    placement = (
        Placement.objects.current(on)
        .filter(child=child)
        .select_related("setting")
        .order_by("rank", "-entry_on")
        .first()
    )
    return placement.setting.name if placement else ""


def _named_setting(plan: Plan) -> str:
    named = (
        NamedSetting.objects.filter(plan=plan).select_related("setting").order_by("rank").first()
    )
    if named is not None:
        return str(named)
    placement = plan.placements.filter(named_in_section_i=True).select_related("setting").first()
    return placement.setting.name if placement else ""


def _last_issued(plan: Plan) -> date | None:
    latest = plan.versions.order_by("-number").first()
    return latest.issued_on if latest else plan.issued_on


def _next_review_due(plan: Plan, review: AnnualReview | None) -> str:
    """When the plan will next be reviewed: counted from this review's decision once sent, else
    from the last one (or the plan's making), as plans.services.schedule counts it."""
    if not plan.is_maintained or plan.issued_on is None:
        return ""
    if review is not None and review.decision_on is not None:
        start = review.decision_on
    else:
        start = schedule.review_start(plan)
    return day(schedule.review_due(plan, start))


def plan_values(plan: Plan, review: AnnualReview | None = None) -> Values:
    issued = _last_issued(plan)
    return {
        "plan": {
            "kind": plan.get_kind_display(),
            "issued_on": day(issued) if plan.is_maintained or plan.ceased_on else "",
            "setting": _named_setting(plan),
        },
        "review": {"next_due": _next_review_due(plan, review)},
        **(_cease_values(cessation) if (cessation := getattr(plan, "cessation", None)) else {}),
        **(_transfer_values(plan) if plan.origin == Plan.Origin.TRANSFERRED_IN else {}),
    }


def review_values(review: AnnualReview) -> Values:
    """The meeting as held, or as arranged (with its time, for the invitation)."""
    planned = timezone.localtime(review.meeting_planned_at) if review.meeting_planned_at else None
    meeting = review.meeting_on or (planned.date() if planned else None)
    when = day(meeting)
    if review.meeting_on is None and planned is not None:
        when = f"{planned:%A} {day(planned)} at {clock(planned)}"
    # "maintain", "amend" or "cease", as the placeholder's meaning promises
    decision = ReviewOutcome(review.decision).label.split()[0].lower() if review.decision else ""
    return {
        "review": {
            "meeting_on": when,
            "meeting_place": review.meeting_place,
            "report_by": day(review_rules.review_report_due(meeting)) if meeting else "",
            "decision": decision,
        },
    }


def _cease_values(cessation: Cessation) -> Values:
    return {
        "cease": {
            "reason": cessation.get_reason_display(),
            "proposed_on": day(cessation.proposed_on),
            "ceases_on": day(cessation.ceases_on or cessation.intended_on),
        }
    }


def _transfer_values(plan: Plan) -> Values:
    transferred = plan.responsible_from
    made = plan.last_reviewed_before_transfer or plan.issued_on
    review_by = (
        day(review_rules.transfer_in_review_due(transferred, made))
        if transferred and made and plan.kind == Plan.Kind.EHC_PLAN
        else ""
    )
    return {
        "transfer": {
            "transferred_on": day(transferred),
            "will_assess": bool(plan.transfer_notice_assess),
            "review_by": review_by,
        }
    }


def step_values(
    *, child: Child, on: date, plan: Plan | None = None, review: AnnualReview | None = None
) -> Values:
    """What the plan and review a letter is about fill in, with the child's school."""
    values: Values = {"child": {"school": child_school(child, on)}}
    if review is not None:
        plan = review.plan
    if plan is not None:
        for group, fields in plan_values(plan, review).items():
            values.setdefault(group, {}).update(fields)
    if review is not None:
        for group, fields in review_values(review).items():
            values.setdefault(group, {}).update(fields)
    return values
