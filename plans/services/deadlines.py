"""The Deadline rows of an annual review, derived from what has been recorded on it and
written through cases' services, so the caseload, the daily scan and the KPIs see them."""

from cases import statutory
from cases.codes import ReviewOutcome
from cases.models import Deadline
from cases.services.deadlines import PlannedDeadline, sync_deadlines

from ..models import AnnualReview

Kind = Deadline.Kind

YEAR_GROUP_NAMES = {0: "Reception", 3: "Year 3", 7: "Year 7", 12: "Year 12"}


def planned_review_deadlines(review: AnnualReview) -> list[PlannedDeadline]:
    source = f"review:{review.pk}"

    def step(kind, due_on, completed_on, label=None) -> PlannedDeadline:
        return PlannedDeadline(source, kind, label or Kind(kind).label, due_on, completed_on, False)

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
        planned.append(
            step(
                Kind.AMENDED_PLAN,
                statutory.amended_plan_due(review.proposals_sent_on),
                review.amended_issued_on,
            )
        )
    if review.phase_transfer_due:
        # reg 18: "review and amend, where necessary": a decision to maintain (or cease) meets it.
        if review.decision == ReviewOutcome.AMEND:
            done = review.amended_issued_on
        else:
            done = review.decision_on
        move = YEAR_GROUP_NAMES.get(review.transfer_to_year, f"Year {review.transfer_to_year}")
        planned.append(
            step(
                Kind.PHASE_TRANSFER,
                review.phase_transfer_due,
                done,
                f"Amend the plan before the move to {move}",
            )
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
