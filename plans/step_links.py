"""The forms that record the plans app's steps, for cases.step_links: a due review step, a
transferred plan's notice, the school-age check and the end of a ceasing's appeal window each
link straight to their form. Registered in PlansConfig.ready()."""

from django.urls import reverse

from cases.models import Deadline
from cases.step_links import add_step_links, source_id

from .models import AnnualReview, Cessation

# The review's step forms (plans.views.review.STEPS), by deadline kind. A phase transfer is met
# by the decision after the review (or the amendment it leads to), so the decision is the form.
REVIEW_STEPS: dict[str, str] = {
    Deadline.Kind.REVIEW_COMPLETE: "decision",
    Deadline.Kind.REVIEW_REPORT: "report",
    Deadline.Kind.REVIEW_DECISION: "decision",
    Deadline.Kind.AMENDED_PLAN: "amended-issued",
    Deadline.Kind.PHASE_TRANSFER: "decision",
}


def _review_links(deadlines: list[Deadline]) -> dict[int, str]:
    plan_of = dict(
        AnnualReview.objects.filter(pk__in={source_id(d) for d in deadlines}).values_list(
            "pk", "plan_id"
        )
    )
    links = {}
    for d in deadlines:
        review_id = source_id(d)
        step = REVIEW_STEPS.get(d.kind)
        if step and review_id in plan_of:
            args = [d.child_id, plan_of[review_id], review_id, step]
            links[d.pk] = reverse("plans:review_step", args=args)
    return links


def _plan_links(url_name: str):
    def links(deadlines: list[Deadline]) -> dict[int, str]:
        return {d.pk: reverse(url_name, args=[d.child_id, source_id(d)]) for d in deadlines}

    return links


def _cessation_links(deadlines: list[Deadline]) -> dict[int, str]:
    plan_of = dict(
        Cessation.objects.filter(pk__in={source_id(d) for d in deadlines}).values_list(
            "pk", "plan_id"
        )
    )
    return {
        d.pk: reverse("plans:cessation_step", args=[d.child_id, plan_of[source_id(d)], "ceased"])
        for d in deadlines
        if source_id(d) in plan_of
    }


def register() -> None:
    add_step_links("review", _review_links)
    add_step_links("transfer-in", _plan_links("plans:plan_transfer_notice"))
    add_step_links("school-age", _plan_links("plans:plan_review_settings"))
    add_step_links("cessation", _cessation_links)
