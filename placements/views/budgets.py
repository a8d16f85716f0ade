"""Personal budgets (section J), shown on the child's Placements tab grouped by plan."""

from contextlib import suppress

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404
from django.urls import path
from django.views.decorators.http import require_http_methods

from cases.access import access_child
from core import public_ids
from core.formatting import day
from core.locking import carry_version, sent_version

from ..forms.funding import PersonalBudgetForm, budget_initial
from ..models import PersonalBudget
from ..services import funding as services
from .child import placements_url
from .common import child_confirm_page, child_form_page, posted


def _get_budget(child, budget_pk: int) -> PersonalBudget:
    return get_object_or_404(
        PersonalBudget.objects.select_related("plan"), pk=budget_pk, plan__child=child
    )


@login_required
@require_http_methods(["GET", "POST"])
def budget_new(request, pk: int):
    child = access_child(request, pk, edit=True)
    initial = {}
    with suppress(ValueError):  # a link's plan, written as URLs write ids; anything else: none
        initial["plan"] = public_ids.decode(request.GET.get("plan", ""))
    form = PersonalBudgetForm(
        posted(request), child=child, initial=initial, submit_label="Add personal budget"
    )

    def save(form):
        services.add_personal_budget(child=child, by=request.user, **form.budget_fields())
        return placements_url(child)

    return child_form_page(
        request,
        child,
        form,
        heading="Add a personal budget",
        back=placements_url(child),
        save=save,
        done="Personal budget added",
    )


@login_required
@require_http_methods(["GET", "POST"])
def budget_edit(request, pk: int, budget_pk: int):
    child = access_child(request, pk, edit=True)
    budget = _get_budget(child, budget_pk)
    form = PersonalBudgetForm(posted(request), child=child, initial=budget_initial(budget))
    carry_version(form, budget)

    def save(form):
        services.update_personal_budget(
            budget=budget, by=request.user, version=sent_version(form), **form.budget_fields()
        )
        return placements_url(child)

    return child_form_page(
        request,
        child,
        form,
        heading="Change a personal budget",
        back=placements_url(child),
        save=save,
        done="Personal budget saved",
    )


@login_required
@require_http_methods(["GET", "POST"])
def budget_delete(request, pk: int, budget_pk: int):
    child = access_child(request, pk, edit=True)
    budget = _get_budget(child, budget_pk)

    def save():
        services.remove_personal_budget(budget=budget, by=request.user)
        return placements_url(child)

    return child_confirm_page(
        request,
        child,
        heading="Remove this personal budget?",
        body=[f"{budget} from {day(budget.start_on)}, under the {budget.plan}."],
        back=placements_url(child),
        button="Yes, remove the personal budget",
        save=save,
        done="Personal budget removed",
    )


urlpatterns = [
    path("children/<id:pk>/placements/budgets/new/", budget_new, name="budget_new"),
    path(
        "children/<id:pk>/placements/budgets/<id:budget_pk>/edit/",
        budget_edit,
        name="budget_edit",
    ),
    path(
        "children/<id:pk>/placements/budgets/<id:budget_pk>/remove/",
        budget_delete,
        name="budget_delete",
    ),
]
