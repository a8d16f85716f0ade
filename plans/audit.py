"""The plans app's models on the child's History tab (cases.history)."""

from cases.history import add_audited

from .models import (
    AnnualReview,
    Cessation,
    Outcome,
    OutcomeProgress,
    Plan,
    ProvisionCheck,
    ProvisionItem,
)


def plan_ids(child):
    # From the plans' own history, so a deleted row's trail still shows.
    return Plan.history.filter(child_id=child.pk).values("id")


def register() -> None:
    add_audited("plan", Plan, lambda history, child: history.filter(child_id=child.pk))
    for key, model in (
        ("outcome", Outcome),
        ("provision", ProvisionItem),
        ("review", AnnualReview),
        ("cessation", Cessation),
    ):
        add_audited(key, model, lambda history, child: history.filter(plan_id__in=plan_ids(child)))
    add_audited(
        "provision_check",
        ProvisionCheck,
        lambda history, child: history.filter(
            item_id__in=ProvisionItem.history.filter(plan_id__in=plan_ids(child)).values("id")
        ),
    )
    add_audited(
        "outcome_progress",
        OutcomeProgress,
        lambda history, child: history.filter(
            review_id__in=AnnualReview.history.filter(plan_id__in=plan_ids(child)).values("id")
        ),
    )
