"""What a caseworker does with an alert: acknowledge it, or snooze it until a date.

Each is one transaction that updates the alert (kept in its history with who and why) and adds
a line to the child's chronology, so the record shows that somebody saw the warning. Who may act
is checked by the views (cases.views.alerts.access_alert): anyone who may edit the child.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core.audit import audit
from core.formatting import day

from ..models import Alert
from .chronology import record_event

if TYPE_CHECKING:
    from accounts.models import User

MAX_SNOOZE_DAYS = 28
# How long a snooze lasts, as the form offers it: a week, two weeks, or until a chosen date.
SNOOZE_PERIODS = {
    "1w": ("For 1 week", 7),
    "2w": ("For 2 weeks", 14),
    "date": ("Until a date", None),
}


def snooze_end(period: str, *, today: date, until: date | None = None) -> date | None:
    """The last day of a snooze chosen as a period ("1w", "2w") or until a date ("date")."""
    if period not in SNOOZE_PERIODS:
        return None
    days = SNOOZE_PERIODS[period][1]
    return today + timedelta(days=days) if days is not None else until


def snooze_limits(today: date) -> tuple[date, date]:
    """The first and last dates an alert may be snoozed until, on ``today``."""
    return today + timedelta(days=1), today + timedelta(days=MAX_SNOOZE_DAYS)


def check_snooze_date(until: date, today: date) -> None:
    first, last = snooze_limits(today)
    if until < first:
        raise ValidationError({"until": "The date must be after today"})
    if until > last:
        raise ValidationError(
            {"until": f"The date must be no more than {MAX_SNOOZE_DAYS} days from today"}
        )


def _clean_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Enter a reason"})
    return reason


def _locked(alert: Alert) -> Alert:
    """The alert re-read under a row lock, so two people acting at once act one after the other."""
    locked = (
        Alert.objects.select_for_update(of=("self",))
        .select_related("deadline__child", "deadline__request")
        .get(pk=alert.pk)
    )
    if locked.acknowledged_at is not None:
        raise ValidationError("This alert has already been acknowledged")
    return locked


def _record(alert: Alert, *, by: User | None, title: str, reason: str, today: date) -> None:
    deadline = alert.deadline
    record_event(
        child=deadline.child,
        request=deadline.request,
        title=f"{title}: {alert.get_kind_display()} for “{deadline.label}”",
        happened_on=today,
        by=by,
        detail=reason,
    )


@transaction.atomic
def acknowledge_alert(*, alert: Alert, by: User | None, reason: str) -> Alert:
    """Mark the alert as seen and dealt with: it leaves the owner's list and count for good."""
    reason = _clean_reason(reason)
    alert = _locked(alert)
    today = timezone.localdate()
    alert.acknowledged_at = timezone.now()
    alert.acknowledged_by = by
    alert.note = reason[:255]
    audit(alert, by=by, reason=f"Acknowledged: {reason}")
    alert.save(update_fields=["acknowledged_at", "acknowledged_by", "note"])
    _record(alert, by=by, title="Alert acknowledged", reason=reason, today=today)
    return alert


@transaction.atomic
def snooze_alert(*, alert: Alert, by: User | None, until: date, reason: str) -> Alert:
    """Hide the alert up to and including ``until`` (after today, at most 28 days ahead);
    it comes back the day after if the deadline is still open."""
    reason = _clean_reason(reason)
    today = timezone.localdate()
    check_snooze_date(until, today)
    alert = _locked(alert)
    alert.snoozed_until = until
    alert.note = reason[:255]
    audit(alert, by=by, reason=f"Snoozed until {day(until)}: {reason}")
    alert.save(update_fields=["snoozed_until", "note"])
    _record(
        alert,
        by=by,
        title=f"Alert snoozed until {until.day} {until:%B %Y}",
        reason=reason,
        today=today,
    )
    return alert


@transaction.atomic
def acknowledge_alerts(*, alerts: list[Alert], by: User | None, reason: str) -> int:
    """Acknowledge several alerts with one reason: all or none (one already acknowledged by
    someone else refuses the lot, so nobody believes they acted on it)."""
    for alert in alerts:
        acknowledge_alert(alert=alert, by=by, reason=reason)
    return len(alerts)


@transaction.atomic
def snooze_alerts(*, alerts: list[Alert], by: User | None, until: date, reason: str) -> int:
    """Snooze several alerts to the same day with one reason: all or none."""
    for alert in alerts:
        snooze_alert(alert=alert, by=by, until=until, reason=reason)
    return len(alerts)
