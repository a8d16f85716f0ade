"""Register a child, edit their details, and change who holds one or many cases."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.models import model_to_dict
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_http_methods

from accounts.http import AuthenticatedRequest
from cases.access import access_child, require
from cases.pages import child_context
from core.forms import add_service_errors, posted
from core.ids import parse_ids
from core.locking import carry_version, sent_version

from ..forms.child import ChildForm, ReassignForm, RegisterChildForm
from ..models import Child
from ..services import children as services

# Buttons and bookkeeping on the duplicate warning page; everything else posted is the form.
CONFIRM_DIFFERENT = "confirm_different"
CHANGE_DETAILS = "change_details"
SEEN_DUPLICATES = "seen_duplicates"
CONTROL_FIELDS = {"csrfmiddlewaretoken", CONFIRM_DIFFERENT, CHANGE_DETAILS, SEEN_DUPLICATES, "save"}


def _carried(data: QueryDict) -> list[tuple[str, str]]:
    """The form as typed, to re-post from the duplicate warning page in hidden inputs."""
    return [
        (name, value)
        for name, values in data.lists()
        if name not in CONTROL_FIELDS
        for value in values
    ]


def _seen_duplicates(data: QueryDict) -> set[int]:
    return parse_ids(data.get(SEEN_DUPLICATES, "").split(","))


@login_required
@require_http_methods(["GET", "POST"])
def child_new(request: AuthenticatedRequest) -> HttpResponse:
    require(request.user, "cases.add_child")
    if request.method == "GET":
        form = RegisterChildForm(user=request.user)
        return render(request, "cases/child_form.html", {"form": form, "creating": True})

    form = RegisterChildForm(request.POST, user=request.user)
    if CHANGE_DETAILS in request.POST or not form.is_valid():
        return render(request, "cases/child_form.html", {"form": form, "creating": True})

    fields = form.child_fields()
    duplicates = list(
        services.find_likely_duplicates(
            upn=fields["upn"],
            first_name=fields["first_name"],
            last_name=fields["last_name"],
            date_of_birth=fields["date_of_birth"],
        )
    )
    # Warn again if a new likely duplicate appeared since the user confirmed.
    unseen = {child.pk for child in duplicates} - _seen_duplicates(request.POST)
    if duplicates and (CONFIRM_DIFFERENT not in request.POST or unseen):
        return render(
            request,
            "cases/child_duplicates.html",
            {
                "duplicates": duplicates,
                "carried": _carried(request.POST),
                "seen": ",".join(str(child.pk) for child in duplicates),
                "new_name": f"{fields['first_name']} {fields['last_name']}",
            },
        )
    child = services.register_child(by=request.user, **fields)
    messages.success(request, f"{child.full_name} registered")
    return redirect(child.get_absolute_url())


@login_required
@require_http_methods(["GET", "POST"])
def child_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    child = access_child(request, pk, edit=True)
    # Bound to a copy of the stored values, not the record, so the service sees what changed.
    initial = model_to_dict(child, fields=ChildForm.Meta.fields)
    form = ChildForm(posted(request), initial=initial, user=request.user)
    carry_version(form, child)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_child(
                child=child, by=request.user, version=sent_version(form), **form.child_fields()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{child.full_name}'s details saved")
            return redirect(child.get_absolute_url())
    return render(request, "cases/child_form.html", child_context(request, child, form=form))


# --- reassign -------------------------------------------------------------------------------------

CHOOSE, CONFIRM, CHANGE = "choose", "confirm", "change"


def _chosen_children(request: HttpRequest) -> tuple[list[Child], int]:
    """The children picked (by `child` ids) that the user may edit, and how many were refused."""
    source = request.POST if request.method == "POST" else request.GET
    ids = parse_ids(source.getlist("child"))
    found = Child.objects.filter(pk__in=ids).select_related("team", "lead_caseworker")
    editable = [c for c in found if request.user.has_perm("cases.change_child_record", c)]
    return editable, len(ids) - len(editable)


@login_required
@require_http_methods(["GET", "POST"])
def reassign(request: AuthenticatedRequest) -> HttpResponse:
    require(request.user, "cases.change_child")
    children, refused = _chosen_children(request)
    if refused and not children:
        raise PermissionDenied
    context = {"children": children, "refused": refused}
    bind = request.method == "POST" and (CHOOSE in request.POST or CONFIRM in request.POST)
    form = ReassignForm(
        request.POST if bind or CHANGE in request.POST else None,
        user=request.user,
        children=children,
    )
    if not children or not bind or not form.is_valid():
        return render(request, "cases/reassign.html", {**context, "form": form})
    data = form.cleaned_data
    if CONFIRM not in request.POST:
        return render(request, "cases/reassign.html", {**context, "form": form, "confirm": True})

    moved = services.reassign_cases(
        children=children,
        team=data["team"],
        lead_caseworker=data["lead_caseworker"],
        by=request.user,
        reason=data["reason"],
    )
    holder = data["lead_caseworker"] or "no lead caseworker"
    messages.success(
        request,
        f"{moved} {'case' if moved == 1 else 'cases'} moved to {data['team']} ({holder})"
        + (f"; {len(children) - moved} already held there" if moved < len(children) else ""),
    )
    if len(children) == 1:
        return redirect(children[0].get_absolute_url())
    return redirect(reverse("cases:caseload") + "?scope=team")


urlpatterns = [
    path("children/new/", child_new, name="child_new"),
    path("children/<id:pk>/edit/", child_edit, name="child_edit"),
    path("children/reassign/", reassign, name="reassign"),
]
