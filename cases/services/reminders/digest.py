"""The caseworker's daily digest: their deadlines that need them today, grouped by child."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from ... import statutory
from ...models import Alert, Deadline
from ...models.assessment import CLOSED_STAGES, Regime
from ...presentation import status_tag
from ...step_links import step_links
from ..alerts import AT_RISK_KINDS, at_risk_kinds
from .sending import DIGEST, DigestResult, _absolute, _send_each, _wanted_frequencies

if TYPE_CHECKING:
    from accounts.models import User

DIGEST_STATUSES = (statutory.Status.OVERDUE, statutory.Status.DUE_TODAY, statutory.Status.DUE_SOON)


@dataclass
class DigestItem:
    deadline_id: int
    label: str
    due_on: date
    status: str
    status_label: str
    risks: list[str]
    url: str
    # The inline colours of the status's tag on the pages (cases.presentation), for the email.
    status_style: str = ""


@dataclass
class ChildGroup:
    child_id: int
    name: str
    url: str
    items: list[DigestItem] = field(default_factory=list)


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
    # Each line opens the form that records its step, as on the home page.
    forms = step_links(deadline for deadline, _ in by_deadline.values())
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
                child.pk, child.email_name, _absolute(child.get_absolute_url())
            )
        url = _absolute(forms[deadline.pk])
        group.items.append(
            DigestItem(
                deadline.pk,
                deadline.label,
                deadline.due_on,
                status.value,
                statutory.STATUS_LABELS[status.value],
                risks,
                url,
                status_tag(status.value)["style"],
            )
        )
    return sorted(groups.values(), key=lambda g: (min(i.due_on for i in g.items), g.child_id))


def render_digest(*, user: User, groups: list[ChildGroup], today: date) -> EmailMultiAlternatives:
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


def send_digests(
    *, today: date, raise_errors: bool = True, only: list[int] | None = None
) -> DigestResult:
    """Send each caseworker with something due their digest for ``today``, once.

    Raises the first sending error after recording it on the row, so the caller (the Celery
    task) retries; digests already sent in this run stay sent and are skipped by the retry.
    """
    return _send_each(
        kind=DIGEST,
        today=today,
        recipient_ids=digest_recipient_ids(today=today) if only is None else only,
        collect=lambda user_id: digest_groups(user_id=user_id, today=today),
        render=lambda user, groups: render_digest(user=user, groups=groups, today=today),
        raise_errors=raise_errors,
    )
