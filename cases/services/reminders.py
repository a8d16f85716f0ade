"""Reminder emails: each caseworker's daily digest of the deadlines that need them.

Claim, then send, then mark sent (DESIGN.md "Jobs and email"; healthchecks' sendalerts does the
same with a conditional UPDATE):

1. The ``ReminderLog`` row for (recipient, kind, day) is found or inserted under its unique
   constraint, so there is only ever one per recipient and day.
2. It is claimed with a conditional UPDATE that succeeds only if the row is not sent and not
   claimed by another run within ``CLAIM_LEASE``. Exactly one worker wins; the others skip it.
3. The message is sent; then ``sent_at`` is saved. A row already sent is skipped for good.

If sending raises, the row keeps ``sent_at`` empty, records ``attempts`` and ``last_error``,
gives up its claim and the error is re-raised so the Celery task retries; the retry sends it.
A worker that dies mid-send leaves its claim in place, and the row is retried once the claim is
older than ``CLAIM_LEASE``.

The one window in which a digest can be sent twice: after the mail server has accepted the
message and before ``sent_at`` is saved (the database is unreachable at that moment, or the
process is killed between the two). The row then still looks unsent and a later run sends it
again. No protocol closes that window without the mail server's help; it is a few milliseconds
wide, and a duplicate reminder is far better than a lost one.

Logs carry counts and ids only: never a child's name or a recipient's address.
"""

from __future__ import annotations

import logging
import smtplib
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from .. import statutory
from ..models import Alert, ReminderLog
from ..models.assessment import CLOSED_STAGES, Regime
from .alerts import AT_RISK_KINDS, at_risk_kinds

logger = logging.getLogger(__name__)

CLAIM_LEASE = timedelta(minutes=15)
"""How long a claim keeps other runs off a row: far longer than one SMTP conversation
(EMAIL_TIMEOUT is 30 seconds), far shorter than the gap between daily runs."""

DIGEST = ReminderLog.Kind.CASEWORKER_DIGEST
DIGEST_STATUSES = (statutory.Status.OVERDUE, statutory.Status.DUE_TODAY, statutory.Status.DUE_SOON)
# Errors about one recipient: record them and go on to the next person. Any other error (the
# server is down, the connection dropped) stops the run at once, to be retried with backoff.
RECIPIENT_ERRORS = (smtplib.SMTPRecipientsRefused,)


@dataclass
class DigestItem:
    deadline_id: int
    label: str
    due_on: date
    status: str
    status_label: str
    risks: list[str]
    url: str


@dataclass
class ChildGroup:
    child_id: int
    name: str
    url: str
    items: list[DigestItem] = field(default_factory=list)


@dataclass
class DigestResult:
    today: date
    sent: int = 0
    skipped: Counter = field(default_factory=Counter)
    failed: int = 0


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def digest_recipient_ids(*, today: date) -> list[int]:
    """Active users with an email address who own a deadline with an unresolved alert."""
    return list(
        Alert.objects.unresolved(today)
        .filter(deadline__owner__is_active=True)
        .exclude(deadline__owner__email="")
        .values_list("deadline__owner_id", flat=True)
        .distinct()
        .order_by("deadline__owner_id")
    )


def digest_groups(*, user_id: int, today: date) -> list[ChildGroup]:
    """The user's deadlines that need them today, grouped by child, most urgent child first.

    A deadline is listed when it has an unresolved alert *and* still stands where an alert would
    put it today: due within 14 days, due today, overdue, or (final plans) still at risk. An
    alert raised before the step was done, or before a date was corrected, is not repeated.
    """
    alerts = (
        Alert.objects.unresolved(today)
        .filter(deadline__owner_id=user_id)
        .select_related("deadline__child", "deadline__request")
        .order_by("deadline__due_on", "deadline_id", "kind")
    )
    by_deadline: dict[int, tuple] = {}
    for alert in alerts:
        deadline, kinds = by_deadline.setdefault(alert.deadline_id, (alert.deadline, set()))
        kinds.add(alert.kind)
    groups: dict[int, ChildGroup] = {}
    for deadline, kinds in by_deadline.values():
        status = statutory.deadline_status(deadline.due_on, None, today)
        request = deadline.request
        risks = []
        if request and request.regime == Regime.EHCP and request.stage not in CLOSED_STAGES:
            still = at_risk_kinds(
                received_on=request.received_on,
                draft_sent_on=request.draft_sent_on,
                issue_decision=request.issue_decision,
                today=today,
            )
            risks = [Alert.Kind(k).label for k in AT_RISK_KINDS if k in kinds and k in still]
        if status not in DIGEST_STATUSES and not risks:
            continue
        child = deadline.child
        group = groups.get(child.pk)
        if group is None:
            group = groups[child.pk] = ChildGroup(
                child.pk, child.known_as, _absolute(child.get_absolute_url())
            )
        url = (
            _absolute(reverse("cases:request", args=[child.pk, request.pk]))
            if request
            else group.url
        )
        group.items.append(
            DigestItem(
                deadline.pk,
                deadline.label,
                deadline.due_on,
                status.value,
                statutory.STATUS_LABELS[status.value],
                risks,
                url,
            )
        )
    return sorted(groups.values(), key=lambda g: (min(i.due_on for i in g.items), g.child_id))


def _claim(*, recipient_id: int, kind: str, for_date: date) -> ReminderLog | None:
    """Take the day's row for this recipient, or return None if it is sent or claimed."""
    log, _ = ReminderLog.objects.get_or_create(
        recipient_id=recipient_id, kind=kind, for_date=for_date
    )
    now = timezone.now()
    claimed = (
        ReminderLog.objects.filter(pk=log.pk, sent_at__isnull=True)
        .filter(Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - CLAIM_LEASE))
        .update(claimed_at=now, attempts=F("attempts") + 1)
    )
    if not claimed:
        return None
    log.refresh_from_db()
    return log


def render_digest(*, user, groups: list[ChildGroup], today: date) -> EmailMultiAlternatives:
    counts = Counter(item.status for group in groups for item in group.items)
    context = {
        "user": user,
        "groups": groups,
        "today": today,
        "overdue": counts[statutory.Status.OVERDUE.value],
        "due_today": counts[statutory.Status.DUE_TODAY.value],
        "due_soon": counts[statutory.Status.DUE_SOON.value],
        "at_risk": sum(1 for group in groups for item in group.items if item.risks),
        "items": sum(len(group.items) for group in groups),
        "site_url": settings.SITE_URL.rstrip("/"),
        "caseload_url": _absolute(reverse("cases:caseload")),
        "service_name": settings.SERVICE_NAME,
        "council_name": settings.COUNCIL_NAME,
    }
    subject = " ".join(render_to_string("emails/caseworker_digest_subject.txt", context).split())
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("emails/caseworker_digest_body.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
    )
    message.attach_alternative(
        render_to_string("emails/caseworker_digest_body.html", context), "text/html"
    )
    return message


def send_digests(*, today: date) -> DigestResult:
    """Send each caseworker with something due their digest for ``today``, once.

    Raises the first sending error after recording it on the row, so the caller (the Celery
    task) retries; digests already sent in this run stay sent and are skipped by the retry.
    """
    from accounts.models import User

    result = DigestResult(today=today)
    first_error: Exception | None = None
    # Each message opens its own connection: a dropped connection costs one message, not the
    # rest of the run, and the file backend writes one file per message.
    for user_id in digest_recipient_ids(today=today):
        groups = digest_groups(user_id=user_id, today=today)
        if not groups:
            result.skipped["nothing_due"] += 1
            continue
        log = _claim(recipient_id=user_id, kind=DIGEST, for_date=today)
        if log is None:
            result.skipped["already_sent_or_claimed"] += 1
            continue
        try:
            message = render_digest(user=User.objects.get(pk=user_id), groups=groups, today=today)
            message.send()
        except Exception as exc:
            result.failed += 1
            ReminderLog.objects.filter(pk=log.pk).update(
                claimed_at=None, last_error=f"{type(exc).__name__}: {exc}"[:2000]
            )
            logger.warning(
                "digest %d for user %d not sent (attempt %d): %s",
                log.pk,
                user_id,
                log.attempts,
                type(exc).__name__,
            )
            if not isinstance(exc, RECIPIENT_ERRORS):
                raise
            first_error = first_error or exc
            continue
        # The resend window (module docstring) is between the send above and this UPDATE.
        ReminderLog.objects.filter(pk=log.pk).update(sent_at=timezone.now(), last_error="")
        result.sent += 1
    logger.info(
        "digests for %s: %d sent, %d failed, skipped %s",
        today.isoformat(),
        result.sent,
        result.failed,
        dict(result.skipped),
    )
    if first_error is not None:
        raise first_error
    return result
