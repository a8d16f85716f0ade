"""The team manager's escalation: what is overdue or at risk in their teams, by caseworker."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.core.mail import EmailMultiAlternatives
from django.db.models import Q
from django.urls import reverse

from accounts.models import Team, User
from accounts.roles import TEAM_MANAGER
from cases.access import team_ids

from ...models import Alert, Deadline
from ...models.assessment import CLOSED_STAGES
from ..alerts import AT_RISK_KINDS, at_risk_kinds
from .sending import (
    ESCALATION,
    DigestResult,
    _absolute,
    _message,
    _send_each,
    _wanted_frequencies,
)


@dataclass
class EscalationItem:
    deadline_id: int
    child_name: str
    child_url: str
    label: str
    due_on: date
    overdue_days: int  # 0 when not overdue (listed because the plan is at risk)
    risks: list[str]
    url: str


@dataclass
class CaseworkerGroup:
    owner_id: int | None
    name: str
    items: list[EscalationItem] = field(default_factory=list)

    @property
    def overdue(self) -> int:
        return sum(1 for item in self.items if item.overdue_days)

    @property
    def at_risk(self) -> int:
        return sum(1 for item in self.items if item.risks)


def escalation_recipient_ids(*, today: date) -> list[int]:
    """Active team managers with an email address, in a team, whose preference allows today."""
    return list(
        User.objects.filter(
            groups__name=TEAM_MANAGER,
            is_active=True,
            teams__isnull=False,
            digest_frequency__in=_wanted_frequencies(today),
        )
        .exclude(email="")
        .values_list("pk", flat=True)
        .distinct()
        .order_by("pk")
    )


def escalation_groups(*, user_id: int, today: date) -> list[CaseworkerGroup]:
    """Overdue deadlines and at-risk final plans in the manager's teams, grouped by caseworker.

    Listed: every open deadline of a child in one of the manager's teams that is past its due
    date, and every open final-plan deadline with a "20 weeks at risk" alert whose step is still
    not done today. A caseworker acknowledging or snoozing an alert does not hide it from their
    manager: the escalation is about what is late, not about what is unread. Groups are in
    order of the caseworker's name (the unassigned last); items in due-date order.
    """
    team_ids = _team_ids(user_id)
    if not team_ids:
        return []
    at_risk: dict[int, set[str]] = {}
    for alert in Alert.objects.filter(
        kind__in=AT_RISK_KINDS,
        deadline__child__team_id__in=team_ids,
        deadline__completed_on__isnull=True,
        deadline__exempt=False,
    ).values_list("deadline_id", "kind"):
        at_risk.setdefault(alert[0], set()).add(alert[1])
    deadlines = (
        Deadline.objects.open()
        .filter(child__team_id__in=team_ids)
        .filter(Q(due_on__lt=today) | Q(pk__in=list(at_risk)))
        .select_related("child", "request", "owner")
        .order_by("due_on", "pk")
    )
    groups: dict[int | None, CaseworkerGroup] = {}
    for deadline in deadlines:
        request = deadline.request
        risks = []
        if deadline.pk in at_risk and request and request.stage not in CLOSED_STAGES:
            still = at_risk_kinds(
                received_on=request.received_on,
                draft_sent_on=request.draft_sent_on,
                issue_decision=request.issue_decision,
                today=today,
            )
            risks = [
                Alert.Kind(k).label
                for k in AT_RISK_KINDS
                if k in at_risk[deadline.pk] and k in still
            ]
        overdue_days = max((today - deadline.due_on).days, 0)
        if not overdue_days and not risks:
            continue
        owner = deadline.owner
        group = groups.get(deadline.owner_id)
        if group is None:
            name = str(owner) if owner else "No caseworker"
            group = groups[deadline.owner_id] = CaseworkerGroup(deadline.owner_id, name)
        child = deadline.child
        child_url = _absolute(child.get_absolute_url())
        group.items.append(
            EscalationItem(
                deadline.pk,
                child.email_name,
                child_url,
                deadline.label,
                deadline.due_on,
                overdue_days,
                risks,
                _absolute(reverse("cases:request", args=[child.pk, request.pk]))
                if request
                else child_url,
            )
        )
    return sorted(groups.values(), key=lambda g: (g.owner_id is None, g.name.lower(), g.owner_id))


def _team_ids(user_id: int) -> frozenset[int]:
    """The manager's own teams: an escalation is about the teams they manage (access.team_ids),
    even for a manager who may also see the whole council."""
    return team_ids(User.objects.get(pk=user_id))


def render_escalation(
    *, user: User, groups: list[CaseworkerGroup], today: date
) -> EmailMultiAlternatives:
    context = {
        "groups": groups,
        "today": today,
        "teams": ", ".join(Team.objects.filter(members=user).values_list("name", flat=True)),
        "overdue": sum(group.overdue for group in groups),
        "at_risk": sum(group.at_risk for group in groups),
        "items": sum(len(group.items) for group in groups),
        "caseload_url": _absolute(reverse("cases:caseload")),
    }
    return _message(prefix="manager_escalation", context=context, user=user)


def send_escalations(
    *, today: date, raise_errors: bool = True, only: list[int] | None = None
) -> DigestResult:
    """Send each team manager with something overdue or at risk in their teams the escalation."""
    return _send_each(
        kind=ESCALATION,
        today=today,
        recipient_ids=escalation_recipient_ids(today=today) if only is None else only,
        collect=lambda user_id: escalation_groups(user_id=user_id, today=today),
        render=lambda user, groups: render_escalation(user=user, groups=groups, today=today),
        raise_errors=raise_errors,
    )


# Heads of service's weekly summary ---------------------------------------------------------
