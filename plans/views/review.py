"""An annual review's page and its steps: meeting, report, decision, amended plan."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from cases.access import access_child
from cases.codes import ReviewOutcome
from cases.models import Deadline
from cases.pages import child_context
from cases.presentation import status_tag
from core.formatting import day
from core.forms import posted

from .. import forms
from ..extensions import step_panels
from ..services import consequences, reviews
from .cessation import open_cessation, step_url
from .checking import checked_form_page
from .common import form_page, get_plan


def _review(child, plan_id, review_id):
    plan = get_plan(child, plan_id)
    return plan, get_object_or_404(plan.reviews, pk=review_id)


def _propose_ceasing_url(plan, review) -> str:
    """A review that decided to cease leads straight to the proposal (reg 31), unless ceasing is
    already under way."""
    if review.decision != ReviewOutcome.CEASE or not plan.is_maintained:
        return ""
    if open_cessation(plan) is not None:
        return ""
    return step_url(plan, "propose")


@login_required
@require_safe
def review_detail(request, pk: int, plan_id: int, review_id: int):
    child = access_child(request, pk)
    plan, review = _review(child, plan_id, review_id)
    today = timezone.localdate()
    deadlines = [
        {"deadline": d, "status": status_tag(d.status(today))}
        for d in Deadline.objects.filter(source=f"review:{review.pk}").order_by("due_on")
    ]
    return render(
        request,
        "plans/review.html",
        child_context(
            request,
            child,
            plan=plan,
            review=review,
            deadlines=deadlines,
            progress=review.progress.select_related("outcome"),
            amended_versions=review.amended_versions.all(),
            next_steps=review.next_steps() if plan.is_maintained else set(),
            can_edit=request.user.has_perm("cases.change_child_record", child),
            propose_ceasing_url=_propose_ceasing_url(plan, review),
            step_panels=step_panels(request, child, plan, review),
        ),
    )


def _meeting(request, plan, review):
    form = forms.MeetingForm(posted(request), outcomes=plan.outcomes.all())
    save = lambda f: reviews.record_meeting(  # noqa: E731
        review=review,
        by=request.user,
        meeting_on=f.cleaned_data["meeting_on"],
        progress=f.progress(),
    )
    return form, "Record the review meeting", save


def _report(request, plan, review):
    form = forms.ReportForm(posted(request))
    return (
        form,
        "Record the report",
        lambda f: reviews.record_report(review=review, by=request.user, **f.cleaned_data),
    )


def _decision(request, plan, review):
    form = forms.DecisionForm(posted(request))
    return (
        form,
        "Record the decision",
        lambda f: reviews.record_decision(review=review, by=request.user, **f.cleaned_data),
    )


def _amended(request, plan, review):
    form = forms.AmendedIssuedForm(posted(request))
    return (
        form,
        "Issue the amended plan",
        lambda f: reviews.issue_amended_plan(review=review, by=request.user, **f.cleaned_data),
    )


def _not_amended(request, plan, review):
    form = forms.NotAmendedForm(posted(request))
    return (
        form,
        "Record the decision not to amend",
        lambda f: reviews.record_not_amended(review=review, by=request.user, **f.cleaned_data),
    )


STEPS = {
    "meeting": _meeting,
    "report": _report,
    "decision": _decision,
    "amended-issued": _amended,
    "not-amended": _not_amended,
}


@login_required
@require_http_methods(["GET", "POST"])
def review_step(request, pk: int, plan_id: int, review_id: int, step: str):
    if step not in STEPS:
        raise Http404
    child = access_child(request, pk, edit=True)
    plan, review = _review(child, plan_id, review_id)
    form, heading, service = STEPS[step](request, plan, review)

    def save(f):
        service(f)
        return review.get_absolute_url()

    if step == "amended-issued":
        # Issuing the amended plan is checked first: its content, its gaps, the appeal window.
        return checked_form_page(
            request,
            child,
            form,
            plan=plan,
            heading=heading,
            caption=f"Annual review due by {day(review.due_on)}",
            action="Issue the amended plan",
            cancel=review.get_absolute_url(),
            save=save,
            done="Amended plan issued",
            check=lambda f: {
                "answers": [
                    {"key": "Date of issue", "value": f"{day(f.cleaned_data['issued_on'])}"}
                ],
                "consequences": consequences.amendment_consequences(
                    review, f.cleaned_data["issued_on"]
                ),
            },
        )
    return form_page(
        request,
        child,
        form,
        heading=heading,
        caption=f"Annual review due by {day(review.due_on)}",
        cancel=review.get_absolute_url(),
        save=save,
        done=f"{heading.removeprefix('Record the ').capitalize()} recorded",
    )


def _p(route: str) -> str:
    return f"children/<id:pk>/plans/<id:plan_id>/reviews/<id:review_id>/{route}"


urlpatterns = [
    path(_p(""), review_detail, name="review"),
    path(_p("<slug:step>/"), review_step, name="review_step"),
]
