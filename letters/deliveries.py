"""What became of the letters sent through GOV.UK Notify (issue 20), asked every half hour by
the worker: delivered, or not, in which case the letter is marked "not delivered" and its
caseworker given a step to tell the family again (letters.follow_up), which raises an alert.

A posted letter is asked about for RETURNS_FOR after it went, even once Notify says it was
posted: Royal Mail returns an undeliverable letter weeks later, and Notify then says so."""

from __future__ import annotations

import logging
from datetime import timedelta

from celery import shared_task
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from . import notify
from .follow_up import failed
from .models import Letter

logger = logging.getLogger(__name__)

RETURNS_FOR = timedelta(weeks=8)
EMAILS_FOR = timedelta(days=7)  # Notify tries an email for 72 hours
MOST_A_RUN = 500


def waiting() -> list[Letter]:
    """The letters Notify may still have news of."""
    now = timezone.now()
    open_email = Q(
        channel=Letter.Channel.EMAIL, status=Letter.Status.SENT, sent_at__gte=now - EMAILS_FOR
    )
    posted = Q(
        channel=Letter.Channel.POST,
        status__in=[Letter.Status.SENT, Letter.Status.DELIVERED],
        sent_at__gte=now - RETURNS_FOR,
    )
    return list(
        Letter.objects.exclude(notify_id="")
        .filter(open_email | posted)
        .select_related("child")
        .order_by("delivery_checked_at", "sent_at")[:MOST_A_RUN]
    )


def record_delivery(letter: Letter, news: notify.NotificationStatus) -> str:
    """Record what Notify says of the letter; its status afterwards."""
    delivery = news.delivery
    with transaction.atomic():
        current = Letter.objects.select_for_update().get(pk=letter.pk)
        status = current.status
        if delivery.is_failure:
            status = Letter.Status.FAILED
        elif delivery is notify.Delivery.DELIVERED:
            status = Letter.Status.DELIVERED
        Letter.objects.filter(pk=current.pk).update(
            status=status, delivery_status=delivery.value, delivery_checked_at=timezone.now()
        )
        if status == Letter.Status.FAILED and current.status != Letter.Status.FAILED:
            logger.warning("letter %s not delivered (%s)", current.pk, news.notify_status)
            failed(current)
    return status


@shared_task(name="letters.check_deliveries", ignore_result=True)
def check_deliveries() -> dict[str, int]:
    counts: dict[str, int] = {}
    if not notify.is_configured():
        return counts
    for letter in waiting():
        try:
            news = notify.notification_status(letter.notify_id)
        except notify.NotifyUnavailable:
            logger.warning("Notify unavailable: delivery checks stop until the next run")
            break
        except notify.NotifyRejected:
            logger.warning("Notify does not know letter %s's notification", letter.pk)
            continue
        status = record_delivery(letter, news)
        counts[status] = counts.get(status, 0) + 1
    return counts
