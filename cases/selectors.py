"""Reads of case records, always narrowed to what the user may see."""

from django.db.models import QuerySet

from .models import Child
from .rules import user_team_ids


def children_visible_to(user) -> QuerySet[Child]:
    if user.is_head_of_service:
        return Child.objects.all()
    if user.is_caseworker or user.is_team_manager:
        return Child.objects.filter(team_id__in=user_team_ids(user))
    return Child.objects.none()


def caseload(user, *, scope: str = "mine") -> QuerySet[Child]:
    """A caseworker's own cases ("mine"), their teams' ("team"), or all they may see."""
    children = children_visible_to(user).select_related("team", "lead_caseworker")
    if scope == "mine":
        children = children.filter(lead_caseworker=user)
    return children
