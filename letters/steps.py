"""Which letters a plan's steps call for (issue 20), as letters_for_request does for a request:
each recorded step offers the letter that tells the family of it."""

from cases.codes import ReviewOutcome
from plans.models import AnnualReview, Cessation, Plan


def letters_for_plan(plan: Plan) -> list[str]:
    """The letters the plan's own steps call for, in the order they happen."""
    kinds = []
    if plan.status == Plan.Status.DRAFT and plan.origin != Plan.Origin.EXISTING:
        kinds.append("draft_plan")  # reg 13(1): the draft, with 15 days to comment
    elif plan.status != Plan.Status.DRAFT and plan.origin in (
        Plan.Origin.ASSESSMENT,
        Plan.Origin.CONVERSION,
    ):
        kinds.append("final_plan")  # reg 14
    if plan.origin == Plan.Origin.TRANSFERRED_IN and plan.status != Plan.Status.DRAFT:
        kinds.append("transfer_in_notice")  # reg 15(4)
    cessation = getattr(plan, "cessation", None)
    if cessation is None:
        return kinds
    if cessation.proposed_on is not None:
        kinds.append("intention_to_cease")  # reg 31(1)(a)
    if cessation.decided_on is not None and cessation.stage != Cessation.Stage.NOT_CEASED:
        kinds.append("cessation_notice")  # reg 31(2)-(3)
    return kinds


def letters_for_review(review: AnnualReview) -> list[str]:
    """The letters one review's steps call for, in the order they happen."""
    kinds = []
    if review.meeting_on is None:
        kinds.append("review_invitation")  # regs 20(3), 21(3): 2 weeks' notice
    if review.decision == ReviewOutcome.MAINTAIN:
        kinds.append("review_decision")  # reg 20(10): the plan kept as it is, with appeal rights
    elif review.decision == ReviewOutcome.AMEND:
        kinds.append("proposed_amendments")  # reg 22(2), with the decision (Devon, 2022)
    # A decision to cease is told by the proposal to cease, on the plan's page (reg 31).
    if review.amended_issued_on is not None:
        kinds.append("final_plan")  # reg 22(3); s51(3)(b): appeal on the amended plan
    if review.not_amended_on is not None:
        kinds.append("decision_not_to_amend")  # reg 22(4)
    return kinds
