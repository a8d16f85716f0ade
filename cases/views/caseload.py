from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import path

from .. import selectors
from .access import require

PAGE_SIZE = 50
SCOPES = {"mine": "My cases", "team": "My teams' cases"}


@login_required
def caseload_list(request):
    require(request.user, "portal.view_caseload")
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
    require(request.user, "portal.view_children")
    query = request.GET.get("q", "").strip()
    children = selectors.children_visible_to(request.user).select_related("team", "lead_caseworker")
    if query:
        children = children.search(query)
    page = Paginator(children.order_by("last_name", "first_name"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "cases/children.html", {"page": page, "query": query})


urlpatterns = [
    path("caseload/", caseload_list, name="caseload"),
    path("children/", child_search, name="children"),
]
