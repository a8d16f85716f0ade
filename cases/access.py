"""Need to know: who may see and change which child. Decided here, and only here.

Every view, selector, export, report and download asks these functions; `cases.rules` gives
them to django-rules so that `user.has_perm("cases.view_child_record", child)` answers the same.

- Caseworkers and team managers see and change the children of their own teams.
- A head of service sees every child and changes none (they manage the service, not cases).
- Everyone else (administrators, the data protection officer, portal users to come) sees no
  child here: the data protection officer's exports ask their own permission (records app).

A request, plan, document or any record of a child is visible exactly when its child is.
"""

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from accounts.rules import refusal

from .models import Child, RecordView

EVERY_TEAM = None  # what visible_team_ids answers for someone who sees the whole council


def team_ids(user: Any) -> frozenset[int]:
    """The teams the user belongs to (cached on the user for the request)."""
    if not hasattr(user, "_team_ids"):
        user._team_ids = (
            frozenset(user.teams.values_list("id", flat=True))
            if user.is_authenticated
            else frozenset()
        )
    return user._team_ids


def does_casework(user: Any) -> bool:
    return user.is_authenticated and (user.is_caseworker or user.is_team_manager)


def sees_every_child(user: Any) -> bool:
    return user.is_authenticated and user.is_head_of_service


def visible_team_ids(user: Any) -> frozenset[int] | None:
    """The teams whose children the user may see: EVERY_TEAM (None) for the whole council."""
    if sees_every_child(user):
        return EVERY_TEAM
    if does_casework(user):
        return team_ids(user)
    return frozenset()


def visible_filter(user: Any, via: str = "") -> Q:
    """The children the user may see, as a filter on a model that reaches Child through `via`
    (e.g. "child__" for a placement, "deadline__child__" for an alert)."""
    teams = visible_team_ids(user)
    if teams is EVERY_TEAM:
        return Q()
    if not teams:
        return Q(pk__in=[])
    return Q(**{f"{via}team_id__in": teams})


def visible_children(user: Any) -> QuerySet[Child]:
    """Which children may this user see?"""
    return Child.objects.filter(visible_filter(user))


def change_filter(user: Any, via: str = "") -> Q:
    """The children whose records the user may change, as visible_filter writes it: the
    caseworker's and team manager's own teams, never the whole council."""
    teams = team_ids(user) if does_casework(user) else frozenset()
    return Q(**{f"{via}team_id__in": teams}) if teams else Q(pk__in=[])


def child_of(record: Any) -> Child | None:
    """The child a record belongs to: itself for a Child, else its `child`."""
    if record is None or isinstance(record, Child):
        return record
    return getattr(record, "child", None)


def may_view(user: Any, record: Any) -> bool:
    """May this user see this child (or this request, plan, document... of a child)?"""
    child = child_of(record)
    if child is None:
        return False
    teams = visible_team_ids(user)
    return teams is EVERY_TEAM or (child.team_id is not None and child.team_id in teams)


def may_change(user: Any, record: Any) -> bool:
    """May this user change this child's record (or one of its parts)?"""
    child = child_of(record)
    return (
        child is not None
        and does_casework(user)
        and child.team_id is not None
        and child.team_id in team_ids(user)
    )


def may_move_case(user: Any, child: Child, team: Any) -> bool:
    """May this user give this child's case to this team? Within the case's own team anyone who
    may change the record may (a new lead); moving it to another team is a team manager's
    decision, and only between teams they belong to."""
    if not may_change(user, child):
        return False
    if child.team_id == team.pk:
        return True
    return user.is_team_manager and team.pk in team_ids(user)


def require(user: Any, perm: str, obj: Any = None) -> None:
    """403 unless the user holds the permission; the page says who can, where we know."""
    if not user.has_perm(perm, obj):
        raise PermissionDenied(refusal(perm))


def access_child(
    request: HttpRequest, pk: int, *, edit: bool = False, queryset: QuerySet | None = None
) -> Child:
    """The child the user may open (or edit), with every view logged; 404 or 403 otherwise."""
    children = queryset if queryset is not None else Child.objects.all()
    child = get_object_or_404(children.select_related("team", "lead_caseworker"), pk=pk)
    allowed = may_change if edit else may_view
    user = request.user
    if isinstance(user, AnonymousUser) or not allowed(user, child):
        raise PermissionDenied
    if request.method == "GET":
        RecordView.objects.create(child=child, user=user, path=request.path[:255])
    return child


def access_sen2_checks(user: Any) -> QuerySet[Child] | None:
    """Whose SEN2 pre-submission checks the user may read: None for the whole return (whoever
    may produce it), else the children of their own teams (a team manager); 403 otherwise.
    Producing the file itself needs `portal.submit_sen2` (`require`)."""
    if user.has_perm("portal.submit_sen2"):
        return None
    require(user, "portal.view_sen2_checks")
    return visible_children(user)
