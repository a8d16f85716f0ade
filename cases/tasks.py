"""Celery tasks of the cases app: thin wrappers round the services, which do the work."""

from datetime import date

from celery import shared_task
from django.db import InterfaceError, OperationalError
from django.utils import timezone

from .services.alerts import scan_deadlines
from .services.reminders import DIGEST, first_error, send_reminders, sweep_unsent


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
    """Raise today's alerts, then send the day's emails (beat: 06:30 daily).

    The emails: caseworkers' digests, team managers' escalations and, on Mondays, the heads of
    service's weekly summary. If any kind fails, the others are still sent, then the first error
    is raised so the task retries; the retry sends only what is still unsent.

    ``for_date`` (YYYY-MM-DD) runs it for another day; by default it is today in the project's
    time zone (Europe/London), which is the working day the digests are for.
    """
    today = date.fromisoformat(for_date) if for_date else timezone.localdate()
    scan = scan_deadlines(today=today)
    results = send_reminders(today=today)
    error = first_error(results)
    if error is not None:
        raise error
    return {
        "date": today.isoformat(),
        "alerts": {str(kind): count for kind, count in scan.raised.items()},
        "digests_sent": results[DIGEST].sent,
        "emails_sent": {kind: result.sent for kind, result in results.items()},
    }


@shared_task(name="cases.sweep_unsent_reminders", ignore_result=True)
def sweep_unsent_reminders() -> dict:
    """Send every reminder left unsent by a run that died or gave up (beat: every 5 minutes).

    A failure is not retried here: the next sweep, minutes later, takes the row again.
    """
    try:
        return sweep_unsent()
    except (OSError, OperationalError, InterfaceError) as error:
        return {"error": type(error).__name__}
