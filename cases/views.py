from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from . import selectors
from .models import Child

PAGE_SIZE = 50
SCOPES = {"mine": "My cases", "team": "My teams' cases"}


def _require(user, perm: str, obj=None) -> None:
    if not user.has_perm(perm, obj):
        raise PermissionDenied


@login_required
def caseload_list(request):
    _require(request.user, "portal.view_caseload")
    scope = request.GET.get("scope", "mine")
    if scope not in SCOPES:
        scope = "mine"
    children = selectors.caseload(request.user, scope=scope).order_by("last_name", "first_name")
    page = Paginator(children, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "cases/caseload.html",
        {"page": page, "scope": scope, "scopes": SCOPES},
    )


@login_required
def child_search(request):
    _require(request.user, "portal.view_children")
    query = request.GET.get("q", "").strip()
    children = selectors.children_visible_to(request.user).select_related("team", "lead_caseworker")
    if query:
        children = children.search(query)
    page = Paginator(children.order_by("last_name", "first_name"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "cases/children.html", {"page": page, "query": query})


@login_required
def child_detail(request, pk: int):
    child = get_object_or_404(Child.objects.select_related("team", "lead_caseworker"), pk=pk)
    _require(request.user, "cases.view_child_record", child)
    return render(request, "cases/child.html", {"child": child})
