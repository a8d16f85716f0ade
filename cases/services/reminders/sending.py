"""How every reminder email is sent once: claim the day's row, send, mark it sent.

A claim belongs to one attempt: the process that made it (``attempts.current``). Another run
takes a claimed, unsent row only when that claim has lapsed (older than ``CLAIM_LEASE``) or when
its process is known to be dead (``attempts.is_dead``): a pool process killed mid-send, whose
task the broker gives straight back to a sibling process. See the package docstring for the one
window in which a message can go twice.
"""

from __future__ import annotations

import logging
import smtplib
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, TypeVar

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone

from core.mail import MessageRefused

from ...models import ReminderLog
from . import attempts

if TYPE_CHECKING:
    from accounts.models import User

# What one recipient's email is about (falsy: nothing, no email).
Collected = TypeVar("Collected")

logger = logging.getLogger("cases.services.reminders")

CLAIM_LEASE = timedelta(seconds=settings.REMINDER_CLAIM_LEASE_SECONDS)
"""How long a claim keeps other runs off a row (setting REMINDER_CLAIM_LEASE_SECONDS, 15
minutes by default): far longer than one SMTP conversation (EMAIL_TIMEOUT is 30 seconds), far
shorter than the gap between daily runs."""

DIGEST = ReminderLog.Kind.CASEWORKER_DIGEST
ESCALATION = ReminderLog.Kind.MANAGER_ESCALATION
WEEKLY_SUMMARY = ReminderLog.Kind.WEEKLY_SUMMARY
MONDAY = 0

# A recipient refused by the server, or a message refused by the gateway (a Notify 400: an
# address it will not send to), is recorded and the run goes on to the next; anything else
# (the server down, the key refused) stops the run, to be retried whole.
RECIPIENT_ERRORS = (smtplib.SMTPRecipientsRefused, MessageRefused)


@dataclass
class DigestResult:
    today: date
    kind: str = DIGEST
    sent: int = 0
    skipped: Counter = field(default_factory=Counter)
    failed: int = 0
    # The error that stopped the run (or the first refused recipient), when not raised.
    error: Exception | None = None


def frequency_allows(frequency: str, today: date) -> bool:
    """Whether a user with this ``digest_frequency`` gets a daily-kind email on ``today``."""
    if frequency == "off":
        return False
    if frequency == "weekly":
        return today.weekday() == MONDAY
    return True


def _wanted_frequencies(today: date) -> list[str]:
    return ["daily", "weekly"] if today.weekday() == MONDAY else ["daily"]


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def claim(*, recipient_id: int, kind: str, for_date: date) -> ReminderLog | None:
    """Take the day's row for this recipient, or return None if it is sent or claimed by a
    live attempt within its lease."""
    log, _ = ReminderLog.objects.get_or_create(
        recipient_id=recipient_id, kind=kind, for_date=for_date
    )
    if log.sent_at is not None:
        return None
    now = timezone.now()
    claimable = Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - CLAIM_LEASE)
    if log.claimed_at is not None and attempts.is_dead(log.attempt):
        # Only that very claim: if another run took the row meanwhile, this matches nothing.
        claimable |= Q(claimed_at=log.claimed_at, attempt=log.attempt)
    claimed = (
        ReminderLog.objects.filter(pk=log.pk, sent_at__isnull=True)
        .filter(claimable)
        .update(claimed_at=now, attempt=attempts.current(), attempts=F("attempts") + 1)
    )
    if not claimed:
        return None
    log.refresh_from_db()
    return log


def _message(*, prefix: str, context: dict, user: User) -> EmailMultiAlternatives:
    """The email from the triplet ``emails/<prefix>_subject.txt``, ``_body.txt``, ``_body.html``."""
    context = {
        "user": user,
        "site_url": settings.SITE_URL.rstrip("/"),
        "service_name": settings.SERVICE_NAME,
        "council_name": settings.COUNCIL_NAME,
        **context,
    }
    subject = " ".join(render_to_string(f"emails/{prefix}_subject.txt", context).split())
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"emails/{prefix}_body.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
    )
    message.attach_alternative(render_to_string(f"emails/{prefix}_body.html", context), "text/html")
    return message


def _send_each(
    *,
    kind: str,
    today: date,
    recipient_ids: Iterable[int],
    collect: Callable[[int], Collected | None],
    render: Callable[[User, Collected], EmailMultiAlternatives],
    raise_errors: bool,
) -> DigestResult:
    """Claim, send and mark sent one email of ``kind`` for each recipient with something in it.

    ``collect(user_id)`` returns what the email is about, or something empty (no email, no row);
    ``render(user, collected)`` builds the message. A refused recipient is recorded and the
    run goes on to the next; any other error is recorded and stops the run. The error is raised
    at the end (or, with ``raise_errors=False``, left on ``result.error``).
    """
    from accounts.models import User

    result = DigestResult(today=today, kind=kind)
    # Each message opens its own connection: a dropped connection costs one message, not the
    # rest of the run, and the file backend writes one file per message.
    for user_id in recipient_ids:
        collected = collect(user_id)
        if not collected:
            result.skipped["nothing_due"] += 1
            continue
        log = claim(recipient_id=user_id, kind=kind, for_date=today)
        if log is None:
            result.skipped["already_sent_or_claimed"] += 1
            continue
        try:
            render(User.objects.get(pk=user_id), collected).send()
        except Exception as exc:
            result.failed += 1
            ReminderLog.objects.filter(pk=log.pk).update(
                claimed_at=None, attempt="", last_error=f"{type(exc).__name__}: {exc}"[:2000]
            )
            logger.warning(
                "%s %d for user %d not sent (attempt %d): %s",
                kind,
                log.pk,
                user_id,
                log.attempts,
                type(exc).__name__,
            )
            result.error = result.error or exc
            if not isinstance(exc, RECIPIENT_ERRORS):
                break
            continue
        # The resend window (module docstring) is between the send above and this UPDATE.
        ReminderLog.objects.filter(pk=log.pk).update(sent_at=timezone.now(), last_error="")
        result.sent += 1
    logger.info(
        "%s for %s: %d sent, %d failed, skipped %s",
        kind,
        today.isoformat(),
        result.sent,
        result.failed,
        dict(result.skipped),
    )
    if raise_errors and result.error is not None:
        raise result.error
    return result
