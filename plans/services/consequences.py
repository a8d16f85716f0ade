"""What a legally significant step will set in motion, said before the caseworker confirms it:
the family's appeal window, the review that will be scheduled, the day a plan ceases.

Each date comes from the rule that will apply when the step is recorded (cases.statutory, and
plans.services.schedule for reviews), never a copy of it, so the check-your-answers page says
exactly what the record will then hold."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from cases import statutory
from core.formatting import day

from ..models import AnnualReview, Plan
from . import schedule


@dataclass(frozen=True)
class Consequence:
    """One thing that follows from the step: a short label and what it means, with its date."""

    label: str
    text: str
    on: date | None = None


def _appeal(notice: date, what: str) -> Consequence:
    # CFA 2014 s51; the Tribunal's time limit: 2 months from the notice of the decision.
    closes = statutory.tribunal_appeal_deadline(notice)
    return Consequence(
        "Appeal window",
        f"The family may appeal to the tribunal against {what} from {day(notice)} until "
        f"{day(closes)} (2 months from the notice, or 1 month from a mediation certificate if "
        "that is later).",
        closes,
    )


def _pending_review(plan: Plan) -> AnnualReview | None:
    return plan.reviews.filter(meeting_on__isnull=True).order_by("-due_on").first()


def issue_consequences(plan: Plan, issued_on: date) -> list[Consequence]:
    """Issuing a draft as the final plan on ``issued_on``."""
    first_review = schedule.review_due(plan, issued_on)
    found = [
        _appeal(issued_on, "the plan (sections B, F and I)"),
        Consequence(
            "First review",
            f"The first annual review is scheduled, due by {day(first_review)}.",
            first_review,
        ),
        Consequence(
            "Record",
            f"Version 1 of the plan is kept as issued; the child's SEN status becomes "
            f"{plan.get_kind_display()}.",
        ),
    ]
    if plan.replaces_id:
        found.append(
            Consequence(
                "Statement",
                f"The statement this plan replaces ends on {day(issued_on)}.",
                issued_on,
            )
        )
    return found


def _version_and_review(plan: Plan) -> list[Consequence]:
    number = plan.versions.count() + 1
    review = _pending_review(plan)
    found = [Consequence("Record", f"What the plan says now is kept as version {number}.")]
    if review is not None:
        found.append(
            Consequence(
                "Next review",
                f"The next annual review stays due by {day(review.due_on)}.",
                review.due_on,
            )
        )
    return found


def _timing(issued_on: date, due: date, what: str) -> Consequence:
    timing = "in time" if issued_on <= due else f"late: it was due by {day(due)}"
    return Consequence("Time limit", f"The {what} is issued {timing}.", due)


def amendment_consequences(review: AnnualReview, issued_on: date) -> list[Consequence]:
    """Issuing the amended plan after a review decided to amend it (reg 22)."""
    found = [_appeal(issued_on, "the amended plan")]
    if review.proposals_sent_on is not None:
        due = statutory.amended_plan_due(review.proposals_sent_on)
        found.append(_timing(issued_on, due, "amended plan (8 weeks from the proposals)"))
    return found + _version_and_review(review.plan)


def reassessment_consequences(plan: Plan, issued_on: date) -> list[Consequence]:
    """Issuing the plan amended or replaced after a re-assessment (reg 27)."""
    found = [_appeal(issued_on, "the plan as amended or replaced")]
    request = plan.open_reassessment()
    if request is not None and request.assess_decision_on is not None:
        due = statutory.reassessment_final_plan_due(request.assess_decision_on)
        found.append(_timing(issued_on, due, "plan (14 weeks from the decision to re-assess)"))
    return found + _version_and_review(plan)


def ceasing_consequences(notice_on: date, intended_on: date) -> list[Consequence]:
    """Notifying the decision to cease the plan (reg 31(2)-(3); CFA 2014 s45(4))."""
    ceases = statutory.plan_ceases_on(notice_on, intended_on)
    assert ceases is not None  # without an appeal registered the day is known
    return [
        _appeal(notice_on, "the decision to cease"),
        Consequence(
            "Plan ceases",
            f"If no appeal is brought the plan can be recorded as ceased from {day(ceases)}; "
            "it stays in force, and its provision must be secured, until then.",
            ceases,
        ),
    ]
