"""When a plan's next review falls due, and whether it must also amend the plan for a phase
transfer: cases.statutory's rules applied to what the plan records (its interval, a transfer set
by hand, a transfer in from another council) and to the child's setting on the day the review is
counted from."""

from collections.abc import Callable
from datetime import date

from cases import statutory

from ..models import AnnualReview, Plan

SettingFinder = Callable[[Plan, date], int | None]
_setting_finders: list[SettingFinder] = []


def add_setting_finder(finder: SettingFinder) -> None:
    """Let another app say which year groups the child's setting teaches on a day: the oldest, as
    a year group (6 for a primary school), or None when it does not know. The placements app,
    which this app may not import, registers one in its ready()."""
    if finder not in _setting_finders:
        _setting_finders.append(finder)


def setting_last_year(plan: Plan, on: date) -> int | None:
    """The oldest year group taught at the child's main setting on ``on``, if known."""
    for finder in _setting_finders:
        found = finder(plan, on)
        if found is not None:
            return found
    return None


REGIME: dict[str, str] = {
    Plan.Kind.EHC_PLAN: statutory.REGIME_EHCP,
    Plan.Kind.STATEMENT: statutory.REGIME_STATEMENT,
}


def interval_for(plan: Plan, start: date) -> int:
    """The plan's review interval counted from ``start``: the one chosen for it, else 6 months
    for a child not yet of compulsory school age (Code 9.178) and 12 after (s44(1))."""
    return statutory.review_interval(plan.child.date_of_birth, start, plan.review_interval_months)


def interval_basis(plan: Plan, on: date) -> str:
    """Why the interval counted from ``on`` is what it is, for the plan page."""
    if plan.review_interval_months is not None:
        return "chosen for this plan"
    if statutory.default_review_interval(plan.child.date_of_birth, on) < (
        statutory.REVIEW_INTERVAL_MONTHS
    ):
        return "under compulsory school age"
    return ""


def next_transfer(plan: Plan, on: date) -> statutory.PhaseTransfer | None:
    """The next transfer between phases after ``on`` (reg 2, reg 18) for an EHC plan: the one a
    caseworker set, else the one the child's current setting gives."""
    if plan.kind != Plan.Kind.EHC_PLAN:
        return None  # reg 18 governs EHC plans; statements had no such duty
    if plan.transfer_year and plan.transfer_kind:
        transfer = statutory.PhaseTransfer(
            statutory.TransferKind(plan.transfer_kind),
            plan.transfer_year,
            plan.transfer_kind == statutory.TransferKind.SECONDARY_TO_POST16
            and plan.to_post16_institution,
        )
        return transfer if transfer.moves_on > on else None
    return statutory.next_phase_transfer(
        plan.child.date_of_birth,
        on,
        year_group_offset=plan.year_group_offset,
        setting_last_year=setting_last_year(plan, on),
        to_post16_institution=plan.to_post16_institution,
    )


def last_completed(plan: Plan, *, excluding: AnnualReview | None = None) -> AnnualReview | None:
    """The review whose decision was sent last: the plan was last reviewed that day."""
    reviews = plan.reviews.filter(decision_on__isnull=False)
    if excluding is not None:
        reviews = reviews.exclude(pk=excluding.pk)
    return reviews.order_by("-decision_on", "-pk").first()


def review_start(plan: Plan, *, excluding: AnnualReview | None = None) -> date:
    """The day the next review is counted from: the last review's decision, else the day the
    plan was made (for a plan transferred in, the day this council became responsible)."""
    previous = last_completed(plan, excluding=excluding)
    if previous is not None:
        assert previous.decision_on is not None  # last_completed: a decision was sent
        return previous.decision_on
    start = plan.responsible_from or plan.issued_on
    assert start is not None  # a plan is reviewed once issued
    return start


def review_due(plan: Plan, start: date) -> date:
    """The last day of the review counted from ``start``. The first review of a plan
    transferred in follows reg 15(5): the later of 12 months from its last review (or its
    making) and 3 months from the transfer."""
    if (
        plan.origin == Plan.Origin.TRANSFERRED_IN
        and plan.responsible_from
        and start == plan.responsible_from
        and plan.kind == Plan.Kind.EHC_PLAN
    ):
        made = plan.last_reviewed_before_transfer or plan.issued_on
        assert made is not None  # a plan transferred in was made by the other council
        return statutory.transfer_in_review_due(plan.responsible_from, made)
    return statutory.next_review_due(start, interval_for(plan, start), REGIME[plan.kind])


def review_dates(
    plan: Plan, start: date, *, excluding: AnnualReview | None = None
) -> tuple[date, statutory.PhaseTransfer | None]:
    """When the review counted from ``start`` is due, and the phase transfer it must amend the
    plan for, if it is the review that carries one (and no other review of the plan does)."""
    due = review_due(plan, start)
    transfer = next_transfer(plan, start)
    if transfer is None or not transfer.carried_by(start, due):
        return due, None
    carried = plan.reviews.filter(phase_transfer_due=transfer.deadline)
    if excluding is not None:
        carried = carried.exclude(pk=excluding.pk)
    return due, None if carried.exists() else transfer


def apply_dates(review: AnnualReview, start: date) -> None:
    """Set ``review``'s due date and phase transfer as counted from ``start`` (not saved)."""
    review.due_on, transfer = review_dates(review.plan, start, excluding=review)
    if transfer is None:
        review.transfer_to_year, review.transfer_kind, review.phase_transfer_due = None, "", None
        return
    review.transfer_to_year = statutory.year_group(
        review.plan.child.date_of_birth, transfer.year, review.plan.year_group_offset
    )
    review.transfer_kind = transfer.kind.value
    review.phase_transfer_due = transfer.deadline
