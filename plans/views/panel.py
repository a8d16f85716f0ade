"""The plan's panel on the child's overview page: the plan in force, its next review and any
provision not delivered. A fixed handful of queries, whatever the plan holds."""

from django.urls import reverse

from cases.models.assessment import Decision

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


def drafting_links(request, assessment, can_edit: bool) -> list[tuple[str, str]]:
    """On an assessment where the council decided to issue a plan: "Draft the plan", straight to
    its sections (starting it first if need be), while it is a draft."""
    if not can_edit or assessment.issue_decision != Decision.YES or assessment.is_reassessment:
        return []
    plan = assessment.plans.first()
    if plan is None:
        if assessment.closure:
            return []
        url = reverse("plans:plan_start", args=[assessment.child_id, assessment.pk])
        return [(f"Write the {assessment.draft_name}", url)]
    if plan.status != Plan.Status.DRAFT:
        return []
    return [
        (
            f"Write the {assessment.draft_name}",
            reverse("plans:sections", args=[assessment.child_id, plan.pk]),
        )
    ]
