"""The Placements tab of a child's record: placement history, and add, change, end or remove."""

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from cases.access import access_child
from cases.pages import child_context
from core.formatting import day
from core.locking import carry_version, sent_version

from ..forms.placements import EndPlacementForm, PlacementForm, placement_initial
from ..models import PersonalBudget, Placement
from ..selectors import child_placements
from ..services import placements as services
from ..years import financial_year_label, financial_year_of
from .common import child_confirm_page, child_form_page, posted


def placements_url(child) -> str:
    return reverse("placements:placements", args=[child.pk])


def get_placement(child, placement_pk: int) -> Placement:
    return get_object_or_404(
        Placement.objects.select_related("setting", "plan", "child"), pk=placement_pk, child=child
    )


@login_required
@require_safe
def placement_list(request, pk: int):
    child = access_child(request, pk)
    today = timezone.localdate()
    year = financial_year_of(today)
    placements = list(child_placements(child, year=year))
    for placement in placements:
        placement.current = placement.is_current(today)
    plans = child.plans.prefetch_related(
        Prefetch("personal_budgets", queryset=PersonalBudget.objects.order_by("-start_on", "pk"))
    )
    return render(
        request,
        "placements/placements.html",
        child_context(
            request,
            child,
            placements=placements,
            plans=plans,
            year_label=financial_year_label(year),
            today=today,
            can_edit=request.user.has_perm("cases.change_child_record", child),
        ),
    )


@login_required
@require_safe
def placement_detail(request, pk: int, placement_pk: int):
    child = access_child(request, pk)
    placement = get_placement(child, placement_pk)
    return render(
        request,
        "placements/placement.html",
        child_context(
            request,
            child,
            placement=placement,
            cost_lines=placement.cost_lines.all(),
            current=placement.is_current(timezone.localdate()),
            can_edit=request.user.has_perm("cases.change_child_record", child),
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def placement_new(request, pk: int):
    child = access_child(request, pk, edit=True)
    form = PlacementForm(posted(request), child=child, submit_label="Add placement")

    def save(form):
        placement = services.add_placement(child=child, by=request.user, **form.placement_fields())
        return placement.get_absolute_url()

    return child_form_page(
        request,
        child,
        form,
        heading="Add a placement",
        back=placements_url(child),
        save=save,
        done="Placement added",
    )


@login_required
@require_http_methods(["GET", "POST"])
def placement_edit(request, pk: int, placement_pk: int):
    child = access_child(request, pk, edit=True)
    placement = get_placement(child, placement_pk)
    form = PlacementForm(
        posted(request),
        child=child,
        placement=placement,
        initial=placement_initial(placement),
    )
    carry_version(form, placement)

    def save(form):
        services.update_placement(
            placement=placement,
            by=request.user,
            version=sent_version(form),
            **form.placement_fields(),
        )
        return placement.get_absolute_url()

    return child_form_page(
        request,
        child,
        form,
        heading=f"Change the placement at {placement.setting}",
        back=placement.get_absolute_url(),
        save=save,
        done="Placement saved",
    )


@login_required
@require_http_methods(["GET", "POST"])
def placement_end(request, pk: int, placement_pk: int):
    child = access_child(request, pk, edit=True)
    placement = get_placement(child, placement_pk)
    form = EndPlacementForm(posted(request))

    def save(form):
        services.end_placement(
            placement=placement, by=request.user, leaving_on=form.cleaned_data["leaving_on"]
        )
        return placements_url(child)

    return child_form_page(
        request,
        child,
        form,
        heading=f"End the placement at {placement.setting}",
        back=placement.get_absolute_url(),
        save=save,
        done=f"Placement at {placement.setting} ended",
    )


@login_required
@require_http_methods(["GET", "POST"])
def placement_delete(request, pk: int, placement_pk: int):
    child = access_child(request, pk, edit=True)
    placement = get_placement(child, placement_pk)
    lines = placement.cost_lines.count()

    def save():
        services.remove_placement(placement=placement, by=request.user)
        return placements_url(child)

    body = [
        f"{placement.setting}, from {day(placement.entry_on)}"
        + (f" to {day(placement.leaving_on)}." if placement.leaving_on else "."),
        "Remove a placement only if it was recorded in error. "
        "To record that the child left, end the placement instead.",
    ]
    if lines:
        body.append(f"Its {lines} cost line{'s' if lines != 1 else ''} will be removed too.")
    return child_confirm_page(
        request,
        child,
        heading="Remove this placement?",
        body=body,
        back=placement.get_absolute_url(),
        button="Yes, remove the placement",
        save=save,
        done="Placement removed",
    )


urlpatterns = [
    path("children/<id:pk>/placements/", placement_list, name="placements"),
    path("children/<id:pk>/placements/new/", placement_new, name="placement_new"),
    path(
        "children/<id:pk>/placements/<id:placement_pk>/",
        placement_detail,
        name="placement",
    ),
    path(
        "children/<id:pk>/placements/<id:placement_pk>/edit/",
        placement_edit,
        name="placement_edit",
    ),
    path(
        "children/<id:pk>/placements/<id:placement_pk>/end/",
        placement_end,
        name="placement_end",
    ),
    path(
        "children/<id:pk>/placements/<id:placement_pk>/remove/",
        placement_delete,
        name="placement_delete",
    ),
]
