"""Ceasing a plan, step by step (CFA 2014 s45; SI 2014/1530 regs 29-31): one form page per step,
and a check-your-answers page before the plan is recorded as ceased."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from cases.access import access_child
from cases.pages import child_context
from cases.services.checks import not_future
from core.formatting import day
from core.forms import add_service_errors, posted, run_form

from .. import forms
from ..models import Cessation
from ..services import cessation as ceasing
from ..services import consequences
from .checking import checked_form_page
from .common import form_page, get_plan

Stage = Cessation.Stage


def step_url(plan, step: str) -> str:
    return reverse("plans:cessation_step", args=[plan.child_id, plan.pk, step])


def open_cessation(plan) -> Cessation | None:
    cessation = getattr(plan, "cessation", None)
    return cessation if cessation is not None and cessation.is_open else None


def _required(plan) -> Cessation:
    cessation = open_cessation(plan)
    if cessation is None:
        raise ValidationError("Propose ceasing the plan first")
    return cessation


def next_steps(plan, today) -> list[tuple[str, str]]:
    """The steps a caseworker can take now, in order, as (step, button label)."""
    if not plan.is_maintained:
        return []
    cessation = open_cessation(plan)
    if cessation is None:
        return [("propose", "Propose ceasing the plan")]
    if cessation.stage == Stage.PROPOSED:
        if cessation.consulted:
            steps = [("decide", "Record the decision to cease")]
        else:
            steps = [("consult", "Record the consultation")]
        return [*steps, ("not-cease", "Decide not to cease")]
    if cessation.appeal_pending:
        return [("appeal-outcome", "Record the tribunal's decision")]
    steps = []
    if not cessation.appeal_outcome:
        steps = [("appeal", "Record an appeal"), ("mediation", "Record a mediation certificate")]
    if cessation.can_cease_from and cessation.can_cease_from <= today:
        steps.insert(0, ("ceased", "Record the plan ceased"))
    return steps


def _propose(request, plan):
    initial = {}
    review = plan.reviews.filter(decision="C").order_by("-decision_on").first()
    if review is not None:
        # A review that decided to cease leads straight here, with its decision's date.
        initial["proposed_on"] = review.decision_on
    form = forms.ProposeCeasingForm(posted(request), initial=initial)
    return (
        form,
        "Propose ceasing the plan",
        "The family is told the council is considering ceasing the plan (reg 31(1)(a))",
        lambda f: ceasing.propose_cessation(plan=plan, by=request.user, **f.cleaned_data),
    )


def _on_cessation(form_class, heading: str, caption: str, service):
    """A step on the open cessation: its form, and the service that records it."""

    def build(request, plan):
        return (
            form_class(posted(request)),
            heading,
            caption,
            lambda f: service(cessation=_required(plan), by=request.user, **f.cleaned_data),
        )

    return build


STEPS = {
    "propose": _propose,
    "consult": _on_cessation(
        forms.CeasingConsultationForm,
        "Record the consultation",
        "The parent or young person, and the head teacher or principal of the institution named "
        "in the plan (reg 31(1)(b)-(c))",
        ceasing.record_consultation,
    ),
    "decide": _on_cessation(
        forms.CeasingDecisionForm,
        "Record the decision to cease",
        "The plan stays in force until the appeal window has closed (s45(4))",
        ceasing.notify_decision,
    ),
    "not-cease": _on_cessation(
        forms.NotCeasingForm,
        "Decide not to cease the plan",
        "The plan continues as it is",
        ceasing.decide_not_to_cease,
    ),
    "mediation": _on_cessation(
        forms.MediationCertificateForm,
        "Record a mediation certificate",
        "The family then has a month from the certificate to appeal, if that is later",
        ceasing.record_mediation_certificate,
    ),
    "appeal": _on_cessation(
        forms.CeasingAppealForm,
        "Record an appeal against ceasing",
        "The plan is maintained until the tribunal decides",
        ceasing.record_appeal,
    ),
    "appeal-outcome": _on_cessation(
        forms.CeasingAppealOutcomeForm,
        "Record the tribunal's decision",
        "On the appeal against ceasing the plan",
        ceasing.record_appeal_outcome,
    ),
}


@login_required
@require_http_methods(["GET", "POST"])
def cessation_step(request, pk: int, plan_id: int, ceasing_step: str):
    if ceasing_step == "ceased":
        return _ceased(request, pk, plan_id)
    if ceasing_step not in STEPS:
        raise Http404
    child = access_child(request, pk, edit=True)
    plan = get_plan(child, plan_id)
    form, heading, caption, service = STEPS[ceasing_step](request, plan)

    def save(f):
        service(f)
        return plan.get_absolute_url() + "#ceasing"

    if ceasing_step == "decide":
        return checked_form_page(
            request,
            child,
            form,
            plan=plan,
            heading=heading,
            caption=caption,
            action="Record the decision to cease",
            cancel=plan.get_absolute_url(),
            save=save,
            done="Decision to cease recorded",
            check=lambda f: _decision_check(plan, f.cleaned_data),
            gaps=False,
        )

    return form_page(
        request,
        child,
        form,
        heading=heading,
        caption=caption,
        cancel=plan.get_absolute_url(),
        save=save,
        done=f"{heading.removeprefix('Record ').removeprefix('the ').capitalize()} recorded",
    )


def _decision_check(plan, answers: dict) -> dict:
    cessation = _required(plan)
    return {
        "answers": [
            {"key": "Reason", "value": cessation.get_reason_display()},
            {"key": "Date of the decision", "value": f"{day(answers['decided_on'])}"},
            {"key": "Notice sent", "value": f"{day(answers['notice_on'])}"},
            {
                "key": "Date the council intends the plan to cease",
                "value": f"{day(answers['intended_on'])}",
            },
        ],
        "consequences": consequences.ceasing_consequences(
            answers["notice_on"], answers["intended_on"]
        ),
    }


def _ceased(request, pk: int, plan_id: int):
    """The last step, asked twice: the date, then a check-your-answers page, since ceasing ends
    the council's duty to secure the provision and cannot be undone here."""
    child = access_child(request, pk, edit=True)
    plan = get_plan(child, plan_id)
    form = forms.CeasedForm(posted(request))

    def save(f):
        ceasing.record_ceased(cessation=_required(plan), by=request.user, **f.cleaned_data)
        return plan.get_absolute_url()

    if request.POST.get("confirmed") == "yes":
        answer = run_form(request, form, save, "Plan ceased")
        if answer is not None:
            return answer
    elif request.method == "POST" and form.is_valid():
        ceases_on = form.cleaned_data["ceases_on"]
        try:
            cessation = _required(plan)
            not_future("ceases_on", ceases_on)
            refusal = ceasing.ceasing_refusal(cessation, ceases_on)
            if refusal is not None:
                raise refusal
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return render(
                request,
                "plans/cessation_check.html",
                child_context(
                    request,
                    child,
                    plan=plan,
                    cessation=cessation,
                    ceases_on=ceases_on,
                    unheld_reviews=plan.reviews.filter(meeting_on__isnull=True).count(),
                    change=step_url(plan, "ceased"),
                ),
            )
    return render(
        request,
        "plans/form.html",
        child_context(
            request,
            child,
            form=form,
            heading="Record the plan ceased",
            caption="You can check your answers before the plan is ceased",
            cancel=plan.get_absolute_url(),
        ),
    )


def cessation_context(plan, today=None) -> dict:
    """What the plan page shows of ceasing: the record, and the steps open now."""
    today = today or timezone.localdate()
    return {
        "cessation": getattr(plan, "cessation", None),
        "ceasing_steps": [(label, step_url(plan, step)) for step, label in next_steps(plan, today)],
    }


urlpatterns = [
    path(
        "children/<id:pk>/plans/<id:plan_id>/cease/<slug:ceasing_step>/",
        cessation_step,
        name="cessation_step",
    ),
]
