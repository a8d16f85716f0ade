"""Celery tasks of the cases app: thin wrappers round the services, which do the work."""

from datetime import date

from celery import shared_task
from django.db import InterfaceError, OperationalError
from django.utils import timezone

from .services.alerts import scan_deadlines
from .services.reminders import send_digests


@shared_task(
    name="cases.daily_deadline_scan",
    ignore_result=True,
    # smtplib's errors, refused connections and timeouts are all OSError; a database that is
    # briefly away raises OperationalError. Each retry reruns the whole scan, which is safe: the
    # alerts and the digests are idempotent, so only what is still missing is done.
    autoretry_for=(OSError, OperationalError, InterfaceError),
    retry_backoff=True,  # 1s, 2s, 4s ... with full jitter, capped at retry_backoff_max
    retry_backoff_max=600,
    max_retries=8,
)
def daily_deadline_scan(for_date: str | None = None) -> dict:
    """Raise today's deadline alerts, then send the caseworkers' digests (beat: 06:30 daily).

    ``for_date`` (YYYY-MM-DD) runs it for another day; by default it is today in the project's
    time zone (Europe/London), which is the working day the digests are for.
    """
    today = date.fromisoformat(for_date) if for_date else timezone.localdate()
    scan = scan_deadlines(today=today)
    digests = send_digests(today=today)
    return {
        "date": today.isoformat(),
        "alerts": {str(kind): count for kind, count in scan.raised.items()},
        "digests_sent": digests.sent,
    }
