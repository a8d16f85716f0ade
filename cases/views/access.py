"""The few access checks every case view goes through (as zulip's access_* functions do)."""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.urls import NoReverseMatch, reverse

from accounts.rules import refusal

from ..extensions import CHILD_TABS
from ..models import Child, RecordView
from ..selectors import children_visible_to


def require(user, perm: str, obj=None) -> None:
    """403 unless the user holds the permission; the page says who can, where we know."""
    if not user.has_perm(perm, obj):
        raise PermissionDenied(refusal(perm))


def access_sen2_checks(user) -> QuerySet[Child] | None:
    """Whose SEN2 pre-submission checks the user may read: None for the whole return (whoever
    may produce it), else the children of their own teams (a team manager); 403 otherwise.
    Producing the file itself needs `portal.submit_sen2` (`require`)."""
    if user.has_perm("portal.submit_sen2"):
        return None
    require(user, "portal.view_sen2_checks")
    return children_visible_to(user)


def access_child(request, pk: int, *, edit: bool = False, queryset: QuerySet | None = None):
    """The child the user may open (or edit), with every view logged; 403 otherwise."""
    children = queryset if queryset is not None else Child.objects.all()
    child = get_object_or_404(children.select_related("team", "lead_caseworker"), pk=pk)
    require(request.user, "cases.change_child_record" if edit else "cases.view_child_record", child)
    if request.method == "GET":
        RecordView.objects.create(child=child, user=request.user, path=request.path[:255])
    return child


def child_tabs(request, child) -> list[dict]:
    tabs = []
    for label, name in CHILD_TABS:
        try:
            url = reverse(name, args=[child.pk])
        except NoReverseMatch:
            continue
        tabs.append({"label": label, "url": url, "current": request.path == url})
    return tabs


def child_context(request, child, **extra) -> dict:
    """What every page of a child's record needs: the child and the tabs."""
    return {"child": child, "child_tabs": child_tabs(request, child), **extra}
