"""Cost lines on a placement, and the child's cost summary."""

from datetime import timedelta

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from cases.access import access_child
from cases.pages import child_context
from core.formatting import money
from core.locking import carry_version, sent_version

from ..forms.funding import CostLineForm, cost_initial
from ..models import CostLine
from ..selectors import child_cost_lines, cost_summary
from ..services import funding as services
from ..years import financial_year_label, financial_year_of
from .child import get_placement
from .common import child_confirm_page, child_form_page, chosen_year, posted

# The oldest year a cost may be entered for: older costs are the finance system's business.
YEARS_BACK = 6


def _years_of(placement) -> list[tuple[int, str]]:
    """The financial years the placement ran in (or will, within the coming year)."""
    today = timezone.localdate()
    last = financial_year_of(placement.leaving_on or today + timedelta(days=365))
    first = max(financial_year_of(placement.entry_on), financial_year_of(today) - YEARS_BACK)
    return [(y, financial_year_label(y)) for y in range(last, first - 1, -1)]


def _get_line(placement, cost_pk: int) -> CostLine:
    return get_object_or_404(placement.cost_lines.all(), pk=cost_pk)


@login_required
@require_http_methods(["GET", "POST"])
def cost_new(request, pk: int, placement_pk: int):
    child = access_child(request, pk, edit=True)
    placement = get_placement(child, placement_pk)
    form = CostLineForm(
        posted(request),
        years=_years_of(placement),
        initial={"financial_year": financial_year_of(timezone.localdate())},
        submit_label="Add cost",
    )

    def save(form):
        services.add_cost_line(placement=placement, by=request.user, **form.cost_fields())
        return placement.get_absolute_url()

    return child_form_page(
        request,
        child,
        form,
        heading=f"Add a cost for the placement at {placement.setting}",
        back=placement.get_absolute_url(),
        save=save,
        done="Cost added",
    )


@login_required
@require_http_methods(["GET", "POST"])
def cost_edit(request, pk: int, placement_pk: int, cost_pk: int):
    child = access_child(request, pk, edit=True)
    placement = get_placement(child, placement_pk)
    line = _get_line(placement, cost_pk)
    years = _years_of(placement)
    if line.financial_year not in {y for y, _ in years}:
        years.append((line.financial_year, line.year_label))
    form = CostLineForm(posted(request), years=years, initial=cost_initial(line))
    carry_version(form, line)

    def save(form):
        services.update_cost_line(
            line=line, by=request.user, version=sent_version(form), **form.cost_fields()
        )
        return placement.get_absolute_url()

    return child_form_page(
        request,
        child,
        form,
        heading=f"Change a cost for the placement at {placement.setting}",
        back=placement.get_absolute_url(),
        save=save,
        done="Cost saved",
    )


@login_required
@require_http_methods(["GET", "POST"])
def cost_delete(request, pk: int, placement_pk: int, cost_pk: int):
    child = access_child(request, pk, edit=True)
    placement = get_placement(child, placement_pk)
    line = _get_line(placement, cost_pk)

    def save():
        services.remove_cost_line(line=line, by=request.user)
        return placement.get_absolute_url()

    return child_confirm_page(
        request,
        child,
        heading="Remove this cost?",
        body=[
            f"{line.get_kind_display()} at {placement.setting} in {line.year_label}: "
            f"{money(line.amount)} ({line.get_funding_source_display().lower()})."
        ],
        back=placement.get_absolute_url(),
        button="Yes, remove the cost",
        save=save,
        done="Cost removed",
    )


@login_required
@require_safe
def child_costs(request, pk: int):
    child = access_child(request, pk)
    lines = child_cost_lines(child)
    years = sorted(set(lines.values_list("financial_year", flat=True)), reverse=True)
    year = chosen_year(request, years)
    return render(
        request,
        "placements/costs.html",
        child_context(
            request,
            child,
            summary=cost_summary(lines, year=year),
            year_choices=[(y, financial_year_label(y)) for y in years],
        ),
    )


urlpatterns = [
    path("children/<id:pk>/placements/costs/", child_costs, name="costs"),
    path(
        "children/<id:pk>/placements/<id:placement_pk>/costs/new/",
        cost_new,
        name="cost_new",
    ),
    path(
        "children/<id:pk>/placements/<id:placement_pk>/costs/<id:cost_pk>/edit/",
        cost_edit,
        name="cost_edit",
    ),
    path(
        "children/<id:pk>/placements/<id:placement_pk>/costs/<id:cost_pk>/remove/",
        cost_delete,
        name="cost_delete",
    ),
]
