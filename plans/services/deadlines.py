"""The Deadline rows of an annual review and of a plan itself, derived from what has been
recorded and written through cases' services, so the caseload, the daily scan and the KPIs see
them."""

from datetime import date

from cases import statutory
from cases.codes import ReviewOutcome
from cases.models import Deadline
from cases.services.deadlines import PlannedDeadline, sync_deadlines

from ..models import AnnualReview, Plan

Kind = Deadline.Kind
SCHOOL_AGE_LABEL = "Turns 5: check the review interval (every 6 months until school age, then 12)"


def _move_label(review: AnnualReview) -> str:
    kind = statutory.TRANSFER_LABELS.get(review.transfer_kind, "phase transfer").lower()
    by = f"{review.phase_transfer_due:%-d %B}"
    if review.transfer_to_year is None:
        return f"Review and amend the plan by {by} ({kind})"
    year = "Reception" if review.transfer_to_year == 0 else f"Year {review.transfer_to_year}"
    return f"Review and amend the plan by {by} ({kind}, into {year})"


def planned_review_deadlines(review: AnnualReview) -> list[PlannedDeadline]:
    source = f"review:{review.pk}"

    def step(
        kind: str, due_on: date, completed_on: date | None, label: str | None = None
    ) -> PlannedDeadline:
        return PlannedDeadline(source, kind, label or Kind(kind).label, due_on, completed_on, False)

    # s44(1), reg 20(10): the review is complete when the decision after the meeting is sent.
    planned = [step(Kind.REVIEW_COMPLETE, review.due_on, review.decision_on)]
    if review.meeting_on:
        meeting = review.meeting_on
        planned.append(
            step(Kind.REVIEW_REPORT, statutory.review_report_due(meeting), review.report_on)
        )
        planned.append(
            step(Kind.REVIEW_DECISION, statutory.review_decision_due(meeting), review.decision_on)
        )
    if review.decision == ReviewOutcome.AMEND and review.proposals_sent_on:
        # reg 22(3)-(4): the amended plan, or the notice not to amend, within 8 weeks.
        planned.append(
            step(
                Kind.AMENDED_PLAN,
                statutory.amended_plan_due(review.proposals_sent_on),
                review.amendment_done_on,
            )
        )
    if review.phase_transfer_due:
        # reg 18: "review and amend, where necessary": a decision to maintain (or cease) meets it.
        if review.decision == ReviewOutcome.AMEND:
            done = review.amendment_done_on
        else:
            done = review.decision_on
        planned.append(
            step(Kind.PHASE_TRANSFER, review.phase_transfer_due, done, _move_label(review))
        )
    if not review.plan.is_maintained:
        # A ceased plan's outstanding steps no longer fall due.
        planned = [p for p in planned if p.completed_on is not None]
    return planned


def sync_review_deadlines(review: AnnualReview) -> None:
    sync_deadlines(
        child=review.plan.child,
        source=f"review:{review.pk}",
        planned=planned_review_deadlines(review),
    )


def planned_plan_deadlines(plan: Plan) -> dict[str, list[PlannedDeadline]]:
    """The plan's own steps, by source: the reg 15(4) notice for a plan transferred in, and the
    prompt to check the review interval when a child of a plan held under 5 turns 5 (Code
    9.178). Each source is its own, so the cessation's rows are never touched here."""
    transfer_in, school_age = f"transfer-in:{plan.pk}", f"school-age:{plan.pk}"
    planned: dict[str, list[PlannedDeadline]] = {transfer_in: [], school_age: []}
    if plan.origin == Plan.Origin.TRANSFERRED_IN and plan.responsible_from:
        due = statutory.transfer_in_notice_due(plan.responsible_from)
        planned[transfer_in].append(
            PlannedDeadline(
                transfer_in,
                Kind.TRANSFER_IN_NOTICE,
                "Tell the family about the transferred plan, whether the council will assess "
                "and when it will review (reg 15(4))",
                due,
                plan.transfer_notice_on,
                False,
            )
        )
    fifth = statutory.fifth_birthday(plan.child.date_of_birth)
    if plan.issued_on and plan.issued_on < fifth:
        # Checked by hand, or settled by a review completed since: that one counted the next
        # review at the school-age interval.
        checked = plan.school_age_checked_on or (
            plan.reviews.filter(decision_on__gte=fifth)
            .order_by("decision_on")
            .values_list("decision_on", flat=True)
            .first()
        )
        planned[school_age].append(
            PlannedDeadline(
                school_age,
                Kind.SCHOOL_AGE_INTERVAL,
                SCHOOL_AGE_LABEL,
                fifth,
                checked,
                False,
            )
        )
    if not plan.is_maintained:
        for rows in planned.values():
            rows[:] = [p for p in rows if p.completed_on is not None]
    return planned


def sync_plan_deadlines(plan: Plan) -> None:
    for source, planned in planned_plan_deadlines(plan).items():
        sync_deadlines(child=plan.child, source=source, planned=planned)
