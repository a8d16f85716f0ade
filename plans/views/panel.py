"""The plan's panel on the child's overview page: the plan in force, its next review and any
provision not delivered. A fixed handful of queries, whatever the plan holds."""

from ..models import Cessation, Plan
from ..services.provision import gap_items


def plan_panel(request, child):
    # The plan in force; failing that, a draft being written.
    plan = child.plans.filter(status=Plan.Status.FINAL).order_by("-issued_on", "-pk").first()
    if plan is None:
        plan = child.plans.filter(status=Plan.Status.DRAFT).order_by("-pk").first()
    if plan is None:
        return None
    # The review not yet complete: a meeting held is not enough until the decision is sent.
    next_review = plan.reviews.filter(decision_on__isnull=True).order_by("due_on").first()
    return (
        "plans/includes/child_panel.html",
        {
            "plan": plan,
            "next_review": next_review,
            "gaps": gap_items(plan) if plan.is_maintained else [],
            "version": plan.versions.order_by("-number").first(),
            # A plan being ceased is still in force: say which step it has reached.
            "ceasing": Cessation.objects.filter(plan=plan, stage__in=Cessation.OPEN_STAGES).first(),
        },
    )
