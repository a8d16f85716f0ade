"""Sending a letter exactly once (issue 20): approved on the page, sent by the worker.

Approving freezes the draft (status "sending") and queues `letters.send_letter`. The worker
claims the letter with one conditional UPDATE, as the reminder emails are claimed
(cases.services.reminders.sending): a second worker, or a retry, finds it claimed or sent and
does nothing; a worker killed mid-send leaves a claim whose process is dead, or that lapses
after CLAIM_LEASE, and the sweep (beat, every 5 minutes) sends it then. Sending files the PDF
on the child's record, notes it in the chronology, records the day the family was told, and
delivers: by email with the PDF attached, or marked "to print" for the post (through GOV.UK
Notify once NOTIFY_API_KEY is set: letters.notify).
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import TYPE_CHECKING

from celery import shared_task
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from cases.models import Document
from cases.services.documents import file_generated
from cases.services.notices import record_family_notified
from cases.services.reminders import attempts
from core.audit import audit
from core.locking import refuse_if_stale

from . import notify, notify_email
from .docx import CONTENT_TYPE as DOCX
from .docx import letter_docx
from .drafting import TELLS_OF, send_problems
from .follow_up import failed, resent
from .models import Letter
from .pdf import letter_pdf
from .shipped import title_of

if TYPE_CHECKING:
    from accounts.models import User

logger = logging.getLogger(__name__)

CLAIM_LEASE = timedelta(minutes=15)
# A letter approved but never claimed (the queue was down): the sweep sends it after this.
UNCLAIMED_FOR = timedelta(minutes=2)


@transaction.atomic
def approve_letter(*, letter: Letter, by: User, version: int | None) -> Letter:
    """The caseworker has checked the letter: freeze it and queue it to be sent."""
    current = Letter.objects.select_for_update().get(pk=letter.pk)
    refuse_if_stale(current, version=version, by=by)
    if not current.is_draft:
        raise ValidationError("This letter has already been sent")
    if problems := send_problems(current, timezone.localdate()):
        raise ValidationError(problems)
    current.status, current.approved_by, current.approved_at = (
        Letter.Status.SENDING,
        by,
        timezone.now(),
    )
    audit(current, by=by, reason="Approved to send")
    current.save()
    logger.info("letter %s approved by user %s", current.pk, by.pk)
    transaction.on_commit(lambda: _enqueue(current.pk))
    return current


def _enqueue(letter_id: int) -> None:
    try:
        send_letter.delay(letter_id)
    except Exception:  # the broker is down: kombu raises many kinds; the sweep sends it
        logger.warning("could not queue letter %s: the sweep will send it", letter_id)


def claim(letter_id: int) -> Letter | None:
    """Take the letter to send it, or None if it is sent or held by a live attempt."""
    letter = Letter.objects.filter(pk=letter_id, status=Letter.Status.SENDING).first()
    if letter is None:
        return None
    now = timezone.now()
    claimable = Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - CLAIM_LEASE)
    if letter.claimed_at is not None and attempts.is_dead(letter.attempt):
        claimable |= Q(claimed_at=letter.claimed_at, attempt=letter.attempt)
    taken = (
        Letter.objects.filter(pk=letter_id, status=Letter.Status.SENDING)
        .filter(claimable)
        .update(claimed_at=now, attempt=attempts.current(), version=F("version") + 1)
    )
    if not taken:
        return None
    letter.refresh_from_db()
    return letter


def _message(letter: Letter, pdf: bytes) -> EmailMessage:
    title = title_of(letter.kind, "Letter")
    message = EmailMessage(
        subject=letter.subject,
        body=letter.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[letter.recipient_email],
    )
    message.attach(f"{title}.pdf", pdf, "application/pdf")
    return message


def reference_for(letter: Letter) -> str:
    """Our reference for the letter at Notify: no personal data, unique to the letter."""
    return f"letter-{letter.pk}"


def _through_notify(letter: Letter, pdf: bytes) -> str:
    """Send the letter through GOV.UK Notify, by post or by email; Notify's id for it. An
    earlier attempt that may have reached Notify is looked up first, never sent again."""
    if letter.notify_id:
        return letter.notify_id
    reference = reference_for(letter)
    if letter.notify_tried_at is not None and (found := notify.find_by_reference(reference)):
        Letter.objects.filter(pk=letter.pk).update(notify_id=found)
        return found
    Letter.objects.filter(pk=letter.pk).update(notify_tried_at=timezone.now())
    if letter.channel == Letter.Channel.POST:
        notify_id = notify.send_precompiled_letter(
            reference=reference, pdf=pdf, postage=settings.LETTERS_POSTAGE
        )
    else:
        message = _message(letter, pdf)
        message.extra_headers[notify_email.REFERENCE_HEADER] = reference
        notify_id = notify_email.send_message(message)[0]
    Letter.objects.filter(pk=letter.pk).update(notify_id=notify_id)
    return notify_id


def deliver(letter: Letter) -> None:
    """Send a claimed letter and record everything that follows from it, or raise (the claim
    is given up, so a retry or the sweep sends it). Notify refusing it for good (a bad address,
    a PDF it cannot print) is no reason to retry: the letter is marked not delivered and its
    caseworker is given a step to tell the family again."""
    pdf = letter_pdf(letter)
    notify_id = ""
    if notify.is_configured():
        try:
            notify_id = _through_notify(letter, pdf)
        except notify.NotifyRejected as refused:
            _mark_sent(letter, pdf, Letter.Status.FAILED, delivery=f"refused: {refused.error}")
            failed(letter)
            return
        status = Letter.Status.SENT
    elif letter.channel == Letter.Channel.EMAIL:
        _message(letter, pdf).send()
        status = Letter.Status.SENT
    else:
        status = Letter.Status.TO_PRINT
    _mark_sent(letter, pdf, status, notify_id=notify_id, delivery="sending" if notify_id else "")


def _mark_sent(
    letter: Letter, pdf: bytes, status: str, *, notify_id: str = "", delivery: str = ""
) -> None:
    """File the letter's PDF and note it in the chronology, and file it as a Word document
    beside it (for councils that finish letters in Word; the chronology shows that document
    itself, not a second event); when it went, record the day the family was told and close
    any step it answers (follow_up.resent)."""
    went = status != Letter.Status.FAILED
    hows: dict[str, str] = {
        Letter.Status.TO_PRINT: "to print and post",
        Letter.Status.FAILED: "not sent: GOV.UK Notify refused it",
    }
    how = hows.get(status, "by email" if letter.channel == Letter.Channel.EMAIL else "by post")
    word = letter_docx(letter)
    filed: list[Document] = []
    try:
        with transaction.atomic():
            document = file_generated(
                child=letter.child,
                request=letter.request,
                by=letter.approved_by,
                kind=Document.Kind.LETTER,
                title=letter.subject,
                name=f"letter-{letter.pk}.pdf",
                content=pdf,
                content_type="application/pdf",
                event=f"Letter {'sent ' if went else ''}{how}: {letter.subject}",
            )
            filed.append(document)
            filed.append(
                file_generated(
                    child=letter.child,
                    request=letter.request,
                    by=letter.approved_by,
                    kind=Document.Kind.LETTER,
                    title=f"{letter.subject} (Word)",
                    name=f"letter-{letter.pk}.docx",
                    content=word,
                    content_type=DOCX,
                )
            )
            sent = timezone.now()
            Letter.objects.filter(pk=letter.pk).update(
                status=status,
                sent_at=sent if went else None,
                document=document,
                delivery_status=delivery,
                version=F("version") + 1,
                **({"notify_id": notify_id} if notify_id else {}),
            )
            decision = TELLS_OF.get(letter.kind)
            if went and decision and letter.request is not None:
                record_family_notified(
                    request=letter.request,
                    decision=decision,
                    on=timezone.localdate(sent),
                    by=letter.approved_by,
                )
            if went:
                resent(letter)
    except BaseException:
        for written in filed:
            if written.file.name:
                written.file.storage.delete(written.file.name)
        raise


def release(letter_id: int) -> None:
    Letter.objects.filter(pk=letter_id, status=Letter.Status.SENDING).update(
        claimed_at=None, attempt=""
    )


@shared_task(name="letters.send_letter", bind=True, max_retries=5, ignore_result=True)
def send_letter(task, letter_id: int) -> str:
    letter = claim(letter_id)
    if letter is None:
        return "not claimed"
    try:
        deliver(letter)
    except Exception as error:
        release(letter_id)
        logger.warning("letter %s not sent (%s): will retry", letter_id, type(error).__name__)
        raise task.retry(exc=error, countdown=60) from None
    logger.info("letter %s sent", letter_id)
    return "sent"


@shared_task(name="letters.sweep_unsent_letters", ignore_result=True)
def sweep_unsent_letters() -> int:
    """Send approved letters no worker has: never queued, or claimed by a dead or lapsed one."""
    waiting = Letter.objects.filter(
        status=Letter.Status.SENDING, approved_at__lt=timezone.now() - UNCLAIMED_FOR
    ).values_list("pk", flat=True)
    sent = 0
    for letter_id in waiting:
        letter = claim(letter_id)
        if letter is None:
            continue
        try:
            deliver(letter)
        except Exception:
            release(letter_id)
            logger.warning("letter %s not sent by the sweep", letter_id)
            continue
        sent += 1
    return sent
