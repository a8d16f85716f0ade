"""Checking that section F provision was delivered."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404
from django.urls import path
from django.views.decorators.http import require_http_methods

from cases.access import access_child
from core.forms import posted

from .. import forms
from ..services import provision
from .common import form_page, get_plan


@login_required
@require_http_methods(["GET", "POST"])
def provision_check(request, pk: int, plan_id: int, item_id: int):
    child = access_child(request, pk, edit=True)
    plan = get_plan(child, plan_id)
    item = get_object_or_404(plan.provision, pk=item_id)
    form = forms.CheckForm(posted(request))

    def save(f):
        provision.record_check(item=item, by=request.user, **f.cleaned_data)
        return plan.get_absolute_url() + "#provision"

    return form_page(
        request,
        child,
        form,
        heading="Was this provision delivered?",
        caption=f"{item.description} ({item.frequency}, {item.provider})",
        cancel=plan.get_absolute_url(),
        save=save,
        done="Delivery check recorded",
    )


urlpatterns = [
    path(
        "children/<id:pk>/plans/<id:plan_id>/provision/<id:item_id>/check/",
        provision_check,
        name="provision_check",
    ),
]
