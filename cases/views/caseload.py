"""The caseload (filter panel beside a sortable, paged table), its CSV export, and the header
search, which lists its matches in the same table."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils import timezone

from cases.access import require, visible_children
from core.spreadsheets import csv_download, csv_lines

from .. import selectors
from ..filters import CaseloadFilter
from ..models.assessment import Regime, stage_label
from ..presentation import STATUS_TAG_COLOURS
from ..services import lookups
from ..statutory import STATUS_LABELS

PAGE_SIZE = 50


# The table's columns: (header, ?sort= key or None where the column does not sort). The UPN
# shares the name's cell and the team the caseworker's: seven columns beside the filter panel
# would not fit the page without scrolling sideways.
COLUMNS = (
    ("Name and UPN", "name"),
    ("Date of birth", "dob"),
    ("Stage", None),
    ("Next deadline", "deadline"),
    ("Lead caseworker and team", None),
)


def _caseload_scope(request) -> tuple[str, list[str]]:
    # Heads of service read every child (and hold none): their caseload is scoped to "All".
    scopes = selectors.caseload_scopes(request.user)
    if not scopes or not request.user.has_perm("portal.view_caseload"):
        raise PermissionDenied
    scope = request.GET.get("scope")
    return (scope if scope in scopes else scopes[0]), scopes


def _sort(request, default: str) -> str:
    sort = request.GET.get("sort", default)
    return sort if sort.lstrip("-") in selectors.SORTS else default


def _filtered(request, scope: str, sort: str):
    today = timezone.localdate()
    filterset = CaseloadFilter(
        request.GET,
        queryset=selectors.caseload(request.user, scope=scope),
        user=request.user,
        scope=scope,
        today=today,
    )
    return filterset, selectors.sort_children(filterset.qs, sort), today


def _tag(status) -> dict | None:
    return {"text": STATUS_LABELS[status], "colour": STATUS_TAG_COLOURS[status]} if status else None


def _decorate(children, today):
    """Give each row of a page its deadline tag (label and colour) and its stage's name."""
    for child in children:
        child.next_tag = _tag(selectors.next_deadline_status(child.next_due_on, today=today))
        child.stage_display = stage_label(child.current_stage or "", child.current_kind)
    return children


def _columns(sort: str) -> list[dict]:
    """The table headers; a sortable one carries aria-sort and the ?sort= its link asks for
    (a click on the sorted column reverses it)."""
    descending = sort.startswith("-")
    columns = []
    for label, key in COLUMNS:
        column = {"label": label}
        if key == sort.lstrip("-"):
            column["aria_sort"] = "descending" if descending else "ascending"
            column["next"] = key if descending else f"-{key}"
        elif key:
            column["aria_sort"] = "none"
            column["next"] = key
        columns.append(column)
    return columns


def _page(request, children, today):
    # Page through ids only, then read the page's rows (see selectors.in_order).
    paginator = Paginator(children.values_list("pk", flat=True), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    page.object_list = _decorate(selectors.in_order(list(page.object_list)), today)
    page.elided = list(paginator.get_elided_page_range(page.number, on_each_side=2))
    page.ellipsis = Paginator.ELLIPSIS
    return page


@login_required
def caseload_list(request):
    scope, scopes = _caseload_scope(request)
    sort = _sort(request, "deadline")
    filterset, children, today = _filtered(request, scope, sort)
    selected = filterset.selected(request.GET)
    keep = request.GET.copy()
    for name in filterset.form.fields:
        keep.pop(name, None)
    keep.pop("page", None)
    return render(
        request,
        "cases/caseload.html",
        {
            "page": _page(request, children, today),
            "scope": scope,
            "scopes": [(key, selectors.SCOPE_LABELS[key]) for key in scopes],
            "sort": sort,
            "columns": _columns(sort),
            "filterset": filterset,
            "selected_filters": selected,
            "clear_filters_url": f"?{keep.urlencode()}",
            "can_reassign": request.user.has_perm("cases.change_child"),
        },
    )


CSV_HEADER = (
    "Name",
    "Date of birth",
    "UPN",
    "Stage",
    "Regime",
    "Next deadline",
    "Due on",
    "Status",
    "Lead caseworker",
    "Team",
)


def _csv_rows(children, today):
    regimes = dict(Regime.choices)
    for row, lead, team in selectors.export_rows(children):
        tag = _tag(selectors.next_deadline_status(row.next_due_on, today=today))
        yield (
            f"{row.last_name}, {row.first_name}",
            row.date_of_birth.isoformat(),
            row.upn,
            stage_label(row.current_stage or "", row.current_kind),
            regimes.get(row.current_regime, ""),
            row.next_label,
            row.next_due_on.isoformat() if row.next_due_on else "",
            tag["text"] if tag else "",
            lead,
            team,
        )


@login_required
def caseload_csv(request):
    scope, _ = _caseload_scope(request)
    filterset, children, today = _filtered(request, scope, _sort(request, "deadline"))
    if not filterset.is_valid():
        # A download silently missing a filter would be worse than none at all.
        errors = "; ".join(e for errors in filterset.errors.values() for e in errors)
        return HttpResponse(errors, status=400, content_type="text/plain; charset=utf-8")
    lines = csv_lines(CSV_HEADER, _csv_rows(children, today))
    return csv_download(lines, f"caseload-{scope}-{today}.csv")


@login_required
def child_search(request):
    require(request.user, "portal.view_children")
    query = request.GET.get("q", "").strip()
    children = selectors.with_case_columns(visible_children(request.user))
    if query:
        children = children.search(query)
    sort = _sort(request, "name")
    today = timezone.localdate()
    page = _page(request, selectors.sort_children(children, sort), today)
    elsewhere, too_many = [], False
    if query:
        try:
            elsewhere = lookups.find_held_elsewhere(user=request.user, text=query)
        except lookups.TooManyLookups:
            too_many = True
    return render(
        request,
        "cases/children.html",
        {
            "page": page,
            "query": query,
            "sort": sort,
            "columns": _columns(sort),
            "elsewhere": elsewhere,
            "too_many": too_many,
            "lookups_per_hour": lookups.LOOKUPS_PER_HOUR,
        },
    )


urlpatterns = [
    path("caseload/", caseload_list, name="caseload"),
    path("caseload/export.csv", caseload_csv, name="caseload_csv"),
    path("children/", child_search, name="children"),
]
