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
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import Count, F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts.roles import HEAD_OF_SERVICE, TEAM_MANAGER

from .. import statutory
from ..models import Alert, Deadline, ReminderLog
from ..models.assessment import CLOSED_STAGES, Regime
from .alerts import AT_RISK_KINDS, SOON_DAYS, at_risk_kinds

logger = logging.getLogger(__name__)

CLAIM_LEASE = timedelta(seconds=settings.REMINDER_CLAIM_LEASE_SECONDS)
"""How long a claim keeps other runs off a row (setting REMINDER_CLAIM_LEASE_SECONDS, 15
minutes by default): far longer than one SMTP conversation (EMAIL_TIMEOUT is 30 seconds), far
shorter than the gap between daily runs."""

DIGEST = ReminderLog.Kind.CASEWORKER_DIGEST
ESCALATION = ReminderLog.Kind.MANAGER_ESCALATION
WEEKLY_SUMMARY = ReminderLog.Kind.WEEKLY_SUMMARY
MONDAY = 0
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


def digest_recipient_ids(*, today: date) -> list[int]:
    """Active users with an email address who own a deadline with an unresolved alert, and whose
    preference lets them have a digest on ``today``."""
    return list(
        Alert.objects.unresolved(today)
        .filter(
            deadline__owner__is_active=True,
            deadline__owner__digest_frequency__in=_wanted_frequencies(today),
        )
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
    # The user's deadlines first (the owner_id, due_on index), then their alerts (by deadline):
    # filtering alerts on deadline__owner_id makes PostgreSQL scan every unresolved alert.
    deadline_ids = Deadline.objects.filter(owner_id=user_id).open().values("pk")
    alerts = (
        Alert.objects.unresolved(today)
        .filter(deadline_id__in=deadline_ids)
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


def _message(*, prefix: str, context: dict, user) -> EmailMultiAlternatives:
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
    collect: Callable[[int], object],
    render: Callable[[object, object], EmailMultiAlternatives],
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
        log = _claim(recipient_id=user_id, kind=kind, for_date=today)
        if log is None:
            result.skipped["already_sent_or_claimed"] += 1
            continue
        try:
            render(User.objects.get(pk=user_id), collected).send()
        except Exception as exc:
            result.failed += 1
            ReminderLog.objects.filter(pk=log.pk).update(
                claimed_at=None, last_error=f"{type(exc).__name__}: {exc}"[:2000]
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


def send_digests(*, today: date, raise_errors: bool = True) -> DigestResult:
    """Send each caseworker with something due their digest for ``today``, once.

    Raises the first sending error after recording it on the row, so the caller (the Celery
    task) retries; digests already sent in this run stay sent and are skipped by the retry.
    """
    return _send_each(
        kind=DIGEST,
        today=today,
        recipient_ids=digest_recipient_ids(today=today),
        collect=lambda user_id: digest_groups(user_id=user_id, today=today),
        render=lambda user, groups: render_digest(user=user, groups=groups, today=today),
        raise_errors=raise_errors,
    )


# Team managers' escalation -------------------------------------------------------------------


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
    from accounts.models import User

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
    at_risk = {}
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
                child.known_as,
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


def _team_ids(user_id: int) -> list[int]:
    from accounts.models import User

    return list(
        User.teams.through.objects.filter(user_id=user_id).values_list("team_id", flat=True)
    )


def render_escalation(
    *, user, groups: list[CaseworkerGroup], today: date
) -> EmailMultiAlternatives:
    from accounts.models import Team

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


def send_escalations(*, today: date, raise_errors: bool = True) -> DigestResult:
    """Send each team manager with something overdue or at risk in their teams the escalation."""
    return _send_each(
        kind=ESCALATION,
        today=today,
        recipient_ids=escalation_recipient_ids(today=today),
        collect=lambda user_id: escalation_groups(user_id=user_id, today=today),
        render=lambda user, groups: render_escalation(user=user, groups=groups, today=today),
        raise_errors=raise_errors,
    )


# Heads of service's weekly summary ---------------------------------------------------------


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


def render_weekly_summary(*, user, figures: tuple[Figures, Figures]) -> EmailMultiAlternatives:
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


def send_weekly_summaries(*, today: date, raise_errors: bool = True) -> DigestResult:
    """On a Monday, send each head of service the week's figures, once; on other days nothing.

    The figures are worked out once for everyone. A service with nothing at all to report
    (every figure nought this week and last) sends no summary.
    """
    recipients = summary_recipient_ids(today=today)
    figures = None
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


# All three ------------------------------------------------------------------------------------


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
