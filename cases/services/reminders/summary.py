"""The heads of service's weekly summary: the whole service's figures, and the change."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.core.mail import EmailMultiAlternatives
from django.db.models import Count, F, Q
from django.urls import reverse

from accounts.roles import HEAD_OF_SERVICE

from ...models import Alert, Deadline
from ..alerts import AT_RISK_KINDS, SOON_DAYS, at_risk_kinds
from .sending import MONDAY, WEEKLY_SUMMARY, DigestResult, _absolute, _message, _send_each

if TYPE_CHECKING:
    from accounts.models import User


@dataclass(frozen=True)
class Figures:
    """The service's figures on the morning of ``on`` (see ``service_figures``)."""

    on: date
    overdue: int
    due_today: int
    due_soon: int
    at_risk: int
    issued: int
    issued_in_time: int

    @property
    def in_time_percent(self) -> int | None:
        return round(100 * self.issued_in_time / self.issued) if self.issued else None


FIGURE_NAMES = ("overdue", "due_today", "due_soon", "at_risk", "issued", "issued_in_time")


def service_figures(on: date) -> Figures:
    """The whole service's figures as they stood on the morning of ``on``, from today's data.

    - overdue, due today, due soon (within 14 days): deadlines not exempt, and open on ``on``
      (not completed, or completed on ``on`` or later), by their due date against ``on``;
    - at risk: "20 weeks at risk" alerts raised on or before ``on``, on a final-plan deadline
      open on ``on``, whose step was still not done on ``on`` (the draft not sent, or no
      decision to issue recorded, by that day); acknowledging an alert does not remove it;
    - issued: final EHC plans issued in the 7 days before ``on`` (``on`` - 7 to ``on`` - 1),
      and of those, issued in time: on or before the deadline's due date (20 weeks from the
      request, 14 for a reassessment).

    For a past day this is a reconstruction, good where the record is: a deadline recorded
    after ``on`` (a late-entered request, a corrected date) counts as if it had been there, and
    ``exempt`` is today's value, as its history is not kept.
    """
    open_on = Deadline.objects.filter(exempt=False).filter(
        Q(completed_on__isnull=True) | Q(completed_on__gte=on)
    )
    counts = open_on.aggregate(
        overdue=Count("pk", filter=Q(due_on__lt=on)),
        due_today=Count("pk", filter=Q(due_on=on)),
        due_soon=Count("pk", filter=Q(due_on__gt=on, due_on__lte=on + timedelta(days=SOON_DAYS))),
    )
    at_risk = 0
    rows = Alert.objects.filter(
        kind__in=AT_RISK_KINDS,
        raised_on__lte=on,
        deadline__in=open_on,
        deadline__request__isnull=False,
    ).values_list(
        "kind",
        "deadline__request__received_on",
        "deadline__request__draft_sent_on",
        "deadline__request__issue_decision",
        "deadline__request__issue_decision_on",
    )
    for kind, received_on, draft_sent_on, decision, decision_on in rows.iterator():
        still = at_risk_kinds(
            received_on=received_on,
            draft_sent_on=draft_sent_on if draft_sent_on and draft_sent_on <= on else None,
            issue_decision=decision if decision and decision_on and decision_on <= on else "",
            today=on,
        )
        at_risk += kind in still
    issued = Deadline.objects.filter(
        kind=Deadline.Kind.FINAL_PLAN,
        completed_on__gte=on - timedelta(days=7),
        completed_on__lt=on,
    ).aggregate(
        issued=Count("pk"), issued_in_time=Count("pk", filter=Q(completed_on__lte=F("due_on")))
    )
    return Figures(on=on, at_risk=at_risk, **counts, **issued)


def summary_recipient_ids(*, today: date) -> list[int]:
    """Active heads of service with an email address who have not turned reminder emails off."""
    from accounts.models import User

    if today.weekday() != MONDAY:
        return []
    return list(
        User.objects.filter(groups__name=HEAD_OF_SERVICE, is_active=True)
        .exclude(email="")
        .exclude(digest_frequency="off")
        .values_list("pk", flat=True)
        .distinct()
        .order_by("pk")
    )


def render_weekly_summary(
    *, user: User, figures: tuple[Figures, Figures]
) -> EmailMultiAlternatives:
    now, before = figures
    rows = []
    for name, label in (
        ("overdue", "Overdue"),
        ("due_today", "Due today"),
        ("due_soon", "Due in the next 14 days"),
        ("at_risk", "20 weeks at risk"),
        ("issued", "Final plans issued in the last 7 days"),
        ("issued_in_time", "of which within 20 weeks"),
    ):
        value, last = getattr(now, name), getattr(before, name)
        change = value - last
        rows.append(
            {
                "label": label,
                "value": value,
                "last_week": last,
                "change": f"+{change}" if change > 0 else str(change) if change else "no change",
            }
        )
    context = {
        "today": now.on,
        "figures": now,
        "last_week": before,
        "rows": rows,
        "dashboard_url": _absolute(reverse("dashboard")),
    }
    return _message(prefix="weekly_summary", context=context, user=user)


def send_weekly_summaries(
    *, today: date, raise_errors: bool = True, only: list[int] | None = None
) -> DigestResult:
    """On a Monday, send each head of service the week's figures, once; on other days nothing.

    The figures are worked out once for everyone. A service with nothing at all to report
    (every figure nought this week and last) sends no summary.
    """
    recipients = summary_recipient_ids(today=today) if only is None else only
    figures: tuple[Figures, Figures] | None = None
    if recipients:
        figures = (service_figures(today), service_figures(today - timedelta(days=7)))
        if not any(getattr(f, name) for f in figures for name in FIGURE_NAMES):
            figures = None
    return _send_each(
        kind=WEEKLY_SUMMARY,
        today=today,
        recipient_ids=recipients,
        collect=lambda user_id: figures,
        render=lambda user, collected: render_weekly_summary(user=user, figures=collected),
        raise_errors=raise_errors,
    )
