"""Reminder emails: the caseworker's digest, the team manager's escalation, the weekly summary.

Three kinds of email (``ReminderLog.Kind``), each sent by its own function and all three by
``send_reminders`` (the daily task and ``manage.py scan_deadlines``):

- ``send_digests``: each caseworker's deadlines that need them today, grouped by child.
- ``send_escalations``: each team manager's overdue deadlines and "20 weeks at risk" plans in
  their teams' children, grouped by caseworker.
- ``send_weekly_summaries``: on Mondays, the heads of service's figures for the whole service,
  with the change since the Monday before.

Nobody gets an email with nothing in it. The first two honour ``User.digest_frequency``: "off"
sends none, "weekly" sends on Mondays only; the summary, weekly anyway, stops only for "off".

Every kind is sent the same way (``_send_each``): claim, then send, then mark sent (DESIGN.md
"Jobs and email"; healthchecks' sendalerts does the same with a conditional UPDATE):

1. The ``ReminderLog`` row for (recipient, kind, day) is found or inserted under its unique
   constraint, so there is only ever one per recipient and day.
2. It is claimed with a conditional UPDATE that succeeds only if the row is not sent and not
   claimed by another run within ``CLAIM_LEASE``. Exactly one worker wins; the others skip it.
3. The message is sent; then ``sent_at`` is saved. A row already sent is skipped for good.

If sending raises, the row keeps ``sent_at`` empty, records ``attempts`` and ``last_error``,
gives up its claim and the error is re-raised so the Celery task retries; the retry sends it.

A claim names its attempt: the process that made it (host, boot, pid and the process's start
time, ``attempts.current``). A process that dies mid-send (a prefork pool child killed: the
broker hands its task straight back to a sibling) leaves its claim, and the re-delivered task
takes over every claim whose process is gone. A claim of a process on another machine, which
cannot be checked, lapses after ``CLAIM_LEASE``; ``sweep_unsent`` (beat, every few minutes)
sends every unsent row of the last two weeks whose claim is free, lapsed or dead.

The one window in which a digest can be sent twice: after the mail server has accepted the
message and before ``sent_at`` is saved (the database is unreachable at that moment, or the
process is killed between the two). The row then still looks unsent and a later run sends it
again. No protocol closes that window without the mail server's help; it is a few milliseconds
wide, and what it can cost is one duplicate email, never a lost one.

Logs carry counts and ids only: never a child's name or a recipient's address.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date, timedelta

from django.utils import timezone

from ...models import ReminderLog
from .digest import (
    ChildGroup,
    DigestItem,
    digest_groups,
    digest_recipient_ids,
    render_digest,
    send_digests,
)
from .escalation import (
    CaseworkerGroup,
    EscalationItem,
    escalation_groups,
    escalation_recipient_ids,
    render_escalation,
    send_escalations,
)
from .sending import (
    CLAIM_LEASE,
    DIGEST,
    ESCALATION,
    WEEKLY_SUMMARY,
    DigestResult,
    claim,
    frequency_allows,
)
from .summary import (
    Figures,
    render_weekly_summary,
    send_weekly_summaries,
    service_figures,
    summary_recipient_ids,
)

__all__ = [
    "CLAIM_LEASE",
    "DIGEST",
    "ESCALATION",
    "SWEEP_DAYS",
    "WEEKLY_SUMMARY",
    "CaseworkerGroup",
    "ChildGroup",
    "DigestItem",
    "DigestResult",
    "EscalationItem",
    "Figures",
    "claim",
    "digest_groups",
    "digest_recipient_ids",
    "escalation_groups",
    "escalation_recipient_ids",
    "first_error",
    "frequency_allows",
    "render_digest",
    "render_escalation",
    "render_weekly_summary",
    "send_digests",
    "send_escalations",
    "send_reminders",
    "send_weekly_summaries",
    "service_figures",
    "summary_recipient_ids",
    "sweep_unsent",
]

logger = logging.getLogger(__name__)

SENDERS: dict[str, Callable[..., DigestResult]] = {
    DIGEST: send_digests,
    ESCALATION: send_escalations,
    WEEKLY_SUMMARY: send_weekly_summaries,
}


def send_reminders(*, today: date) -> dict[str, DigestResult]:
    """Send the day's digests, escalations and (on Mondays) summaries; return results by kind.

    One kind failing does not stop the others: each runs, and the caller raises the first
    ``result.error`` (the Celery task does, so it retries; the retry sends only what is left).
    """
    results = {}
    for send in (send_digests, send_escalations, send_weekly_summaries):
        result = send(today=today, raise_errors=False)
        results[str(result.kind)] = result
    return results


def first_error(results: dict[str, DigestResult]) -> Exception | None:
    return next((r.error for r in results.values() if r.error is not None), None)


# A row whose email has nothing in it any more stays unsent for good: without a horizon the
# sweep would collect it again every five minutes for ever.
SWEEP_DAYS = 14


def sweep_unsent(*, today: date | None = None) -> dict[str, int]:
    """Send every reminder row still unsent, of any of the last SWEEP_DAYS days up to ``today``,
    whose claim is free, lapsed or held by a dead process; return how many went, by kind.

    Each (kind, day) is sent by its own function for that day, so the email is the one that day's
    run would have sent; rows with nothing in them any more stay unsent and are not mailed.
    Rows claimed by a live run are left to it (``claim`` decides, row by row).
    """
    today = today or timezone.localdate()
    pending = (
        ReminderLog.objects.filter(
            sent_at__isnull=True,
            for_date__lte=today,
            for_date__gt=today - timedelta(days=SWEEP_DAYS),
        )
        .values_list("kind", "for_date", "recipient_id")
        .order_by("for_date", "kind", "recipient_id")
    )
    by_run: dict[tuple[str, date], list[int]] = {}
    for kind, for_date, recipient_id in pending:
        by_run.setdefault((kind, for_date), []).append(recipient_id)
    sent: dict[str, int] = {}
    error = None
    for (kind, for_date), recipient_ids in by_run.items():
        result = SENDERS[kind](today=for_date, raise_errors=False, only=recipient_ids)
        if result.sent:
            sent[kind] = sent.get(kind, 0) + result.sent
        error = error or result.error
    if sent:
        logger.info("sweep of unsent reminders: %s", sent)
    if error is not None:
        raise error
    return sent
