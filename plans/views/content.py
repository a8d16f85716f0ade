"""Writing the plan: its text sections, section E outcomes and section F provision."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404
from django.urls import path
from django.views.decorators.http import require_http_methods

from cases.access import access_child
from core.forms import posted
from core.locking import carry_version

from .. import forms
from ..services import editing
from .common import confirm_page, form_page, get_plan


@login_required
@require_http_methods(["GET", "POST"])
def sections_edit(request, pk: int, plan_id: int):
    child = access_child(request, pk, edit=True)
    plan = get_plan(child, plan_id)
    form = carry_version(forms.SectionsForm(posted(request), instance=plan), plan)
    # The form is only a checker: the service writes, so the instance must not be saved by it.

    def save(f):
        editing.update_sections(plan=plan, by=request.user, **f.cleaned_data)
        return plan.get_absolute_url()

    return form_page(
        request,
        child,
        form,
        heading="Plan sections",
        caption=str(plan),
        cancel=plan.get_absolute_url(),
        save=save,
        done="Sections saved",
    )


@login_required
@require_http_methods(["GET", "POST"])
def outcome_form(request, pk: int, plan_id: int, item_id: int | None = None):
    child = access_child(request, pk, edit=True)
    plan = get_plan(child, plan_id)
    outcome = get_object_or_404(plan.outcomes, pk=item_id) if item_id else None
    initial = (
        {f: getattr(outcome, f) for f in editing.OUTCOME_FIELDS} if outcome is not None else None
    )
    form = forms.OutcomeForm(posted(request), initial=initial)
    if outcome is not None:
        carry_version(form, outcome)

    def save(f):
        if outcome is None:
            editing.add_outcome(plan=plan, by=request.user, **f.cleaned_data)
        else:
            editing.update_outcome(outcome=outcome, by=request.user, **f.cleaned_data)
        return plan.get_absolute_url() + "#outcomes"

    return form_page(
        request,
        child,
        form,
        heading="Change an outcome" if outcome else "Add an outcome",
        caption="Section E",
        cancel=plan.get_absolute_url(),
        save=save,
        done="Outcome saved",
    )


@login_required
@require_http_methods(["GET", "POST"])
def outcome_delete(request, pk: int, plan_id: int, item_id: int):
    child = access_child(request, pk, edit=True)
    plan = get_plan(child, plan_id)
    outcome = get_object_or_404(plan.outcomes, pk=item_id)

    def save():
        editing.remove_outcome(outcome=outcome, by=request.user)
        return plan.get_absolute_url() + "#outcomes"

    return confirm_page(
        request,
        child,
        heading="Remove this outcome?",
        body=f"“{outcome.description}”. Provision linked to it stays, unlinked.",
        cancel=plan.get_absolute_url(),
        action="Remove outcome",
        save=save,
        done="Outcome removed",
    )


@login_required
@require_http_methods(["GET", "POST"])
def provision_form(request, pk: int, plan_id: int, item_id: int | None = None):
    child = access_child(request, pk, edit=True)
    plan = get_plan(child, plan_id)
    item = get_object_or_404(plan.provision, pk=item_id) if item_id else None
    initial = {f: getattr(item, f) for f in editing.PROVISION_FIELDS} if item is not None else None
    form = forms.ProvisionForm(posted(request), initial=initial, plan=plan)
    if item is not None:
        carry_version(form, item)

    def save(f):
        if item is None:
            editing.add_provision(plan=plan, by=request.user, **f.cleaned_data)
        else:
            editing.update_provision(item=item, by=request.user, **f.cleaned_data)
        return plan.get_absolute_url() + "#provision"

    return form_page(
        request,
        child,
        form,
        heading="Change provision" if item else "Add provision",
        caption="Section F",
        cancel=plan.get_absolute_url(),
        save=save,
        done="Provision saved",
    )


@login_required
@require_http_methods(["GET", "POST"])
def provision_delete(request, pk: int, plan_id: int, item_id: int):
    child = access_child(request, pk, edit=True)
    plan = get_plan(child, plan_id)
    item = get_object_or_404(plan.provision, pk=item_id)

    def save():
        editing.remove_provision(item=item, by=request.user)
        return plan.get_absolute_url() + "#provision"

    return confirm_page(
        request,
        child,
        heading="Remove this provision?",
        body=f"“{item.description}”, {item.frequency}, by {item.provider}. Its delivery checks "
        "are kept in the record's history.",
        cancel=plan.get_absolute_url(),
        action="Remove provision",
        save=save,
        done="Provision removed",
    )


def _p(route: str) -> str:
    return f"children/<id:pk>/plans/<id:plan_id>/{route}"


urlpatterns = [
    path(_p("sections/"), sections_edit, name="sections"),
    path(_p("outcomes/new/"), outcome_form, name="outcome_new"),
    path(_p("outcomes/<id:item_id>/"), outcome_form, name="outcome_edit"),
    path(_p("outcomes/<id:item_id>/remove/"), outcome_delete, name="outcome_delete"),
    path(_p("provision/new/"), provision_form, name="provision_new"),
    path(_p("provision/<id:item_id>/"), provision_form, name="provision_edit"),
    path(_p("provision/<id:item_id>/remove/"), provision_delete, name="provision_delete"),
]
