"""What a caseworker's home page lists: their steps overdue, due today and due this week, their
open alerts, and what others have recorded on their cases lately.

Reads only, each narrowed by cases.access (`visible_filter`) and then to the user's own work:
"mine" is the children they lead plus any deadline they own (a step can stay with the
caseworker who had it when a case moved); "team" is every child the user may see, which for a
team manager is their teams'. Every list is one query, whatever the caseload's size.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.urls import reverse

from .access import visible_filter
from .models import Alert, CaseEvent, Deadline
from .presentation import status_tag
from .step_links import step_links

MINE, TEAM = "mine", "team"
LIST_LIMIT = 50  # lines shown per list; the rest are counted and found on the caseload
WEEK_DAYS = 7  # "due this week": the seven days after today
RECENT_DAYS = 14  # "recent changes by others"


@dataclass
class DueLine:
    """One step on the home page: whose, what, when, and the form that records it."""

    deadline: Deadline
    child_name: str
    child_url: str
    url: str
    tag: dict


@dataclass
class DueList:
    key: str
    title: str
    empty: str
    lines: list[DueLine] = field(default_factory=list)
    total: int = 0

    @property
    def more(self) -> int:
        return self.total - len(self.lines)


@dataclass
class HomeWork:
    due: list[DueList]
    alerts: list[Alert]
    alert_total: int
    changes: list[CaseEvent]


def _deadlines(user: Any, scope: str) -> QuerySet[Deadline]:
    deadlines = Deadline.objects.open().filter(visible_filter(user, "child__"))
    if scope == MINE:
        deadlines = deadlines.filter(Q(owner=user) | Q(child__lead_caseworker=user))
    return deadlines


def _children_filter(user: Any, scope: str, via: str) -> Q:
    visible = visible_filter(user, via)
    if scope == MINE:
        return visible & Q(**{f"{via}lead_caseworker": user})
    return visible


def due_lists(user: Any, *, scope: str, today: date) -> list[DueList]:
    """Overdue, due today and due in the next 7 days: three lists of at most LIST_LIMIT lines
    each, in due-date order, and how many each holds in all (one query for the counts, one per
    list, and one per kind of step source for the links)."""
    deadlines = _deadlines(user, scope)
    week_end = today + timedelta(days=WEEK_DAYS)
    buckets = [
        ("overdue", "Overdue", "Nothing overdue.", Q(due_on__lt=today)),
        ("today", "Due today", "Nothing due today.", Q(due_on=today)),
        (
            "week",
            "Due this week",
            "Nothing else due in the next 7 days.",
            Q(due_on__gt=today, due_on__lte=week_end),
        ),
    ]
    totals = deadlines.aggregate(**{key: Count("pk", filter=where) for key, _, _, where in buckets})
    found: dict[str, list[Deadline]] = {
        key: list(
            deadlines.filter(where).select_related("child").order_by("due_on", "pk")[:LIST_LIMIT]
        )
        if totals[key]
        else []
        for key, _, _, where in buckets
    }
    links = step_links(d for rows in found.values() for d in rows)
    return [
        DueList(
            key,
            title,
            empty,
            lines=[
                DueLine(
                    deadline=d,
                    child_name=d.child.known_as,
                    child_url=d.child.get_absolute_url(),
                    url=links[d.pk],
                    tag=status_tag(d.status(today)),
                )
                for d in found[key]
            ],
            total=totals[key],
        )
        for key, title, empty, _ in buckets
    ]


def open_alerts(user: Any, *, scope: str, today: date) -> tuple[list[Alert], int]:
    """The user's open alerts ("mine": on deadlines they own, as the navigation counts them;
    "team": on every deadline of the children they may see), most urgent first, and the total."""
    alerts = Alert.objects.unresolved(today).filter(visible_filter(user, "deadline__child__"))
    if scope == MINE:
        alerts = alerts.filter(deadline__owner=user)
    total = alerts.count()
    shown = list(
        alerts.select_related("deadline__child").order_by("deadline__due_on", "pk")[:LIST_LIMIT]
    )
    for alert in shown:
        alert.tag = status_tag(alert.deadline.status(today))  # for the template
    return shown, total


def recent_changes(user: Any, *, scope: str, now: datetime) -> list[CaseEvent]:
    """What others recorded on the user's cases in the last 14 days (the chronology's lines),
    newest first; what the user recorded themselves they know already."""
    since = now - timedelta(days=RECENT_DAYS)
    return list(
        CaseEvent.objects.filter(_children_filter(user, scope, "child__"), recorded_at__gte=since)
        .exclude(recorded_by=user)
        .exclude(recorded_by__isnull=True)
        .select_related("child", "recorded_by")
        .order_by("-recorded_at", "-pk")[:LIST_LIMIT]
    )


def home_work(user: Any, *, scope: str, today: date, now: datetime) -> HomeWork:
    alerts, alert_total = open_alerts(user, scope=scope, today=today)
    return HomeWork(
        due=due_lists(user, scope=scope, today=today),
        alerts=alerts,
        alert_total=alert_total,
        changes=recent_changes(user, scope=scope, now=now),
    )


def caseload_url(scope: str) -> str:
    return f"{reverse('cases:caseload')}?scope={scope}"
