"""Annual reviews (CFA 2014 s44; SI 2014/1530 regs 18, 20-22): scheduling, the meeting, its
report, the decision and the amended plan.

Each step checks it follows what is recorded already, saves it with its history, adds a line to
the child's chronology and rewrites the review's Deadline rows, in one transaction.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction

from cases import statutory
from cases.codes import ReviewOutcome
from cases.services.checks import not_before, not_future
from cases.services.chronology import record_event
from core.audit import audit
from core.formatting import day

from ..models import AnnualReview, Outcome, OutcomeProgress, Plan, PlanVersion
from . import schedule
from .completeness import require_complete
from .deadlines import sync_review_deadlines
from .versions import freeze_version

if TYPE_CHECKING:
    from accounts.models import User


def schedule_review(*, plan: Plan, after: date, by: User | None) -> AnnualReview:
    """Create the plan's next review, counted from ``after``: the day the plan was made or
    transferred in, or the day the last review's decision was sent (s44(1), reg 20(10)). A
    review not yet held is re-dated instead of doubled."""
    review = plan.reviews.filter(meeting_on__isnull=True).order_by("-due_on").first()
    if review is None:
        review = AnnualReview(plan=plan, created_by=by)
    schedule.apply_dates(review, after)
    audit(review, by=by)
    review.save()
    sync_review_deadlines(review)
    return review


def _locked(review: AnnualReview) -> AnnualReview:
    return (
        AnnualReview.objects.select_for_update()
        .select_related("plan", "plan__child")
        .get(pk=review.pk)
    )


def _save(review: AnnualReview, by: User | None, reason: str) -> None:
    audit(review, by=by, reason=reason)
    review.save()
    sync_review_deadlines(review)


def _require_maintained(review: AnnualReview) -> None:
    if not review.plan.is_maintained:
        raise ValidationError("The plan has ceased: nothing more can be recorded on its reviews")


def _require_step(review: AnnualReview, step: str, field: str, message: str) -> None:
    if step not in review.next_steps():
        raise ValidationError({field: message})


@transaction.atomic
def arrange_meeting(
    *, review: AnnualReview, by: User | None, at: datetime, place: str
) -> AnnualReview:
    """When and where the review meeting will be, for the invitations sent with 2 weeks'
    notice (SI 2014/1530 regs 20(3), 21(3)). It may be arranged again until it is held."""
    review = _locked(review)
    _require_maintained(review)
    if review.meeting_on is not None:
        raise ValidationError({"at": "The meeting has been held"})
    if not place.strip():
        raise ValidationError({"place": "Enter where the meeting will be held"})
    review.meeting_planned_at, review.meeting_place = at, place.strip()
    audit(review, by=by, reason="Meeting arranged")
    review.save(update_fields=["meeting_planned_at", "meeting_place"])
    return review


@transaction.atomic
def record_meeting(
    *,
    review: AnnualReview,
    by: User | None,
    meeting_on: date,
    progress: dict[int, tuple[str, str]] | None = None,
) -> AnnualReview:
    """Record the review meeting and, per section E outcome, the progress made towards it
    (`progress` maps outcome id to (progress, note)). The review is not done yet: it is complete
    when the decision is sent (reg 20(10)), and the next review is counted from then."""
    review = _locked(review)
    _require_maintained(review)
    _require_step(review, "meeting", "meeting_on", "The meeting of this review is already recorded")
    plan = review.plan
    not_future("meeting_on", meeting_on)
    not_before("meeting_on", meeting_on, plan.issued_on, "the plan was issued")
    outcomes = {o.pk: o for o in Outcome.objects.filter(plan=plan)}
    for outcome_id, (value, note) in (progress or {}).items():
        if outcome_id not in outcomes:
            raise ValidationError("Progress was given for an outcome that is not in this plan")
        if value not in OutcomeProgress.Progress.values:
            raise ValidationError(f"Choose the progress made towards “{outcomes[outcome_id]}”")
        OutcomeProgress.objects.create(
            review=review, outcome_id=outcome_id, progress=value, note=note
        )
    review.meeting_on = meeting_on
    _save(review, by, "Review meeting held")
    decision_due = statutory.review_decision_due(meeting_on)
    detail = (
        f"Report due by {day(statutory.review_report_due(meeting_on))}; decision due by "
        f"{day(decision_due)}. The review is complete when the decision is sent, due by "
        f"{day(review.due_on)}."
    )
    if decision_due > review.due_on:
        detail += " Send the decision by then to complete the review in time."
    record_event(
        child=plan.child,
        happened_on=meeting_on,
        by=by,
        title="Annual review meeting held",
        detail=detail,
    )
    return review


@transaction.atomic
def record_report(*, review: AnnualReview, by: User | None, report_on: date) -> AnnualReview:
    review = _locked(review)
    _require_maintained(review)
    _require_step(review, "report", "report_on", "Record the meeting first, once only")
    not_future("report_on", report_on)
    not_before("report_on", report_on, review.meeting_on, "the meeting")
    review.report_on = report_on
    _save(review, by, "Review report")
    assert review.meeting_on is not None  # _require_step: the meeting is recorded
    due = statutory.review_report_due(review.meeting_on)
    record_event(
        child=review.plan.child,
        happened_on=report_on,
        by=by,
        title="Annual review report received",
        detail=f"{'In time' if report_on <= due else 'Late'} (due by {day(due)}).",
    )
    return review


@transaction.atomic
def record_decision(
    *,
    review: AnnualReview,
    by: User | None,
    decision: str,
    decision_on: date,
    proposals_sent_on: date | None = None,
) -> AnnualReview:
    """The council's decision to maintain, amend or cease the plan, sent within 4 weeks of the
    meeting (reg 20(10)). Since R (L, M & P) v Devon CC [2022] the proposed amendments go with a
    decision to amend, so they are recorded together. Sending it completes the review, so the
    next review is counted from this day (s44(1)(b)); a plan being ceased stays maintained, and
    reviewed, until it has ceased."""
    review = _locked(review)
    _require_maintained(review)
    _require_step(review, "decision", "decision", "Record the meeting first; decide once")
    if decision not in ReviewOutcome.values:
        raise ValidationError({"decision": "Choose maintain, amend or cease"})
    not_future("decision_on", decision_on)
    not_before("decision_on", decision_on, review.meeting_on, "the meeting")
    if decision == ReviewOutcome.AMEND:
        if proposals_sent_on is None:
            raise ValidationError(
                {"proposals_sent_on": "Enter the date the proposed amendments were sent"}
            )
        not_future("proposals_sent_on", proposals_sent_on)
        not_before("proposals_sent_on", proposals_sent_on, review.meeting_on, "the meeting")
        review.proposals_sent_on = proposals_sent_on
    elif proposals_sent_on is not None:
        raise ValidationError(
            {"proposals_sent_on": "Proposed amendments go only with a decision to amend"}
        )
    review.decision = decision
    review.decision_on = decision_on
    _save(review, by, "Review decision")
    assert review.meeting_on is not None  # _require_step: the meeting is recorded
    due = statutory.review_decision_due(review.meeting_on)
    complete = "in time" if decision_on <= review.due_on else "late"
    following = schedule_review(plan=review.plan, after=decision_on, by=by)
    detail = (
        f"{'In time' if decision_on <= due else 'Late'} (due by {day(due)}). The review is "
        f"complete, {complete} (due by {day(review.due_on)}); the next is due by "
        f"{day(following.due_on)}."
    )
    if decision == ReviewOutcome.AMEND:
        assert proposals_sent_on is not None  # refused above without it
        amended_due = statutory.amended_plan_due(proposals_sent_on)
        detail += (
            f" Proposed amendments sent {day(proposals_sent_on)}; the amended plan (or the "
            f"decision not to amend) is due by {day(amended_due)}."
        )
    elif decision == ReviewOutcome.CEASE:
        detail += (
            " Propose ceasing on the plan, consult the family and the school or college, then "
            "notify the decision with the right of appeal (Special Educational Needs and "
            "Disability Regulations 2014, regulation 31)."
        )
    record_event(
        child=review.plan.child,
        happened_on=decision_on,
        by=by,
        title=f"Review decision: {ReviewOutcome(decision).label.lower()}",
        detail=detail,
    )
    return review


@transaction.atomic
def issue_amended_plan(*, review: AnnualReview, by: User | None, issued_on: date) -> PlanVersion:
    """Issue the amended plan: the working copy as it stands becomes the plan's next version."""
    review = _locked(review)
    _require_maintained(review)
    _require_step(
        review, "amended-issued", "issued_on", "Only a decision to amend leads to an amended plan"
    )
    not_future("issued_on", issued_on)
    assert review.proposals_sent_on is not None  # _require_step: a decision to amend
    earliest = statutory.earliest_final_after_draft(review.proposals_sent_on)
    if issued_on < earliest:
        raise ValidationError(
            {
                "issued_on": "The family has at least 15 days to make representations on the "
                f"proposed amendments: the amended plan can be issued from {day(earliest)}"
            }
        )
    plan = Plan.objects.select_for_update().get(pk=review.plan_id)
    require_complete(plan)  # an amendment must not leave out what reg 12 requires
    version = freeze_version(
        plan=plan, by=by, issued_on=issued_on, reason=PlanVersion.Reason.AMENDED, review=review
    )
    review.amended_issued_on = issued_on
    _save(review, by, "Amended plan issued")
    due = statutory.amended_plan_due(review.proposals_sent_on)
    timing = "In time" if issued_on <= due else "Late"
    detail = f"Version {version.number}. {timing} (due by {day(due)})."
    if review.amendment_past_practice_limit():
        detail += " More than 12 weeks after the review meeting."
    record_event(
        child=plan.child,
        happened_on=issued_on,
        by=by,
        title=f"Amended {plan.get_kind_display()} issued",
        detail=detail,
    )
    return version


@transaction.atomic
def record_not_amended(*, review: AnnualReview, by: User | None, notified_on: date) -> AnnualReview:
    """After the family's representations on the proposed amendments the council decides not to
    amend the plan after all, and tells them, with their right of appeal, within the 8 weeks of
    the proposals (reg 22(4)). The amendment ends; the plan stays as it was."""
    review = _locked(review)
    _require_maintained(review)
    _require_step(
        review,
        "not-amended",
        "notified_on",
        "Only a decision to amend, not yet issued, can end without amending",
    )
    not_future("notified_on", notified_on)
    not_before("notified_on", notified_on, review.proposals_sent_on, "the proposed amendments")
    review.not_amended_on = notified_on
    _save(review, by, "Decided not to amend")
    assert review.proposals_sent_on is not None  # _require_step: a decision to amend
    due = statutory.decision_not_to_amend_due(review.proposals_sent_on)
    record_event(
        child=review.plan.child,
        happened_on=notified_on,
        by=by,
        title="Decision not to amend the plan after all",
        detail=f"{'In time' if notified_on <= due else 'Late'} (due by {day(due)}). The family "
        "was told of their right of appeal.",
    )
    return review
