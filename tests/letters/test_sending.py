"""A letter is sent exactly once and leaves its trace on the case (issue 20): its PDF in the
documents, a line in the chronology, the day the family was told on the step."""

import io
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone
from pypdf import PdfReader

from cases.models import CaseEvent, Document
from cases.models.assessment import Decision
from letters import drafting, sending
from letters.models import Letter
from tests.factories import AssessmentRequestFactory, ChildFactory, ContactFactory

pytestmark = pytest.mark.django_db

REASONS = "We found that Ayo's school can meet her needs from its own resources."


@pytest.fixture
def draft(caseworker):
    child = ChildFactory(
        first_name="Ayo",
        last_name="Bello",
        team=caseworker.teams.first(),
        lead_caseworker=caseworker,
    )
    request = AssessmentRequestFactory(
        child=child,
        received_on=timezone.localdate() - timedelta(weeks=5),
        assess_decision=Decision.NO,
        assess_decision_on=timezone.localdate(),
    )
    parent = ContactFactory(
        child=child,
        name="Grace Bello",
        address="1 Mill Lane\nAnytown\nAN1 2BC",
        email="grace@example.org",
    )
    letter = drafting.draft_letter(
        kind="decision_not_to_assess", child=child, by=caseworker, contact=parent, request=request
    )
    # The caseworker writes the reasons and the council's services are set.
    body = letter.body.replace("[To write: the reasons for the decision, as recorded]", REASONS)
    body = body.replace("[To write: ", "[").replace("]", "")
    return drafting.change_draft(
        letter=letter,
        by=caseworker,
        subject=letter.subject,
        body=body,
        channel=Letter.Channel.POST,
        version=letter.version,
    )


def _stored() -> set[Path]:
    return {p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()}


def _pdf_text(document: Document) -> str:
    with document.file.open("rb") as handle:
        return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(handle.read())).pages)


def test_a_letter_with_parts_to_write_is_not_approved(caseworker, draft):
    draft = drafting.change_draft(
        letter=draft,
        by=caseworker,
        subject=draft.subject,
        body=draft.body + "\n[To write: the mediation service]\n",
        channel=draft.channel,
        version=draft.version,
    )
    with pytest.raises(ValidationError, match="To write"):
        sending.approve_letter(letter=draft, by=caseworker, version=draft.version)
    assert Letter.objects.get().status == Letter.Status.DRAFT


def test_a_posted_letter_is_filed_noted_and_dated(
    caseworker, draft, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as queued:
        sending.approve_letter(letter=draft, by=caseworker, version=draft.version)
    assert len(queued) == 1  # the worker is asked once the approval is committed
    assert Letter.objects.get().status == Letter.Status.SENDING

    assert sending.send_letter.run(draft.pk) == "sent"
    letter = Letter.objects.get()
    assert letter.status == Letter.Status.TO_PRINT and letter.sent_at is not None
    document = letter.document
    assert (document.kind, document.content_type) == (Document.Kind.LETTER, "application/pdf")
    text = _pdf_text(document)
    assert "Grace Bello" in text and "AN1 2BC" in text
    assert "can meet her needs from its own resources" in text
    assert "End of letter" in text and "Page 1 of" in text
    assert CaseEvent.objects.filter(title__startswith="Letter sent to print and post").count() == 1
    draft.request.refresh_from_db()
    assert draft.request.assess_decision_notified_on == timezone.localdate()
    assert mail.outbox == []


def test_an_emailed_letter_is_sent_once_with_its_pdf(
    caseworker, draft, django_capture_on_commit_callbacks
):
    draft = drafting.change_draft(
        letter=draft,
        by=caseworker,
        subject=draft.subject,
        body=draft.body,
        channel=Letter.Channel.EMAIL,
        version=draft.version,
    )
    with django_capture_on_commit_callbacks(execute=False):
        sending.approve_letter(letter=draft, by=caseworker, version=draft.version)
    assert sending.send_letter.run(draft.pk) == "sent"
    # A second delivery of the task, and the sweep, find it sent: nothing goes twice.
    assert sending.send_letter.run(draft.pk) == "not claimed"
    Letter.objects.update(approved_at=timezone.now() - timedelta(hours=1))
    assert sending.sweep_unsent_letters() == 0
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["grace@example.org"]
    (name, content, kind) = message.attachments[0]
    assert name == "Decision not to carry out an EHC needs assessment.pdf"
    assert kind == "application/pdf" and content.startswith(b"%PDF")
    assert Letter.objects.get().status == Letter.Status.SENT
    # Filed once: the PDF and the Word document beside it (tests/letters/test_docx.py).
    assert sorted(Document.objects.values_list("original_name", flat=True)) == [
        f"letter-{draft.pk}.docx",
        f"letter-{draft.pk}.pdf",
    ]


def test_a_live_claim_is_left_alone_and_a_dead_ones_is_taken(
    caseworker, draft, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        sending.approve_letter(letter=draft, by=caseworker, version=draft.version)
    first = sending.claim(draft.pk)
    assert first is not None
    assert sending.claim(draft.pk) is None  # this very process holds it, alive
    # A process of this machine that no longer exists held it: its claim is taken at once.
    Letter.objects.update(attempt=f"{first.attempt.rsplit('/', 2)[0]}/999999/1")
    assert sending.claim(draft.pk) is not None


def test_a_failure_while_filing_leaves_nothing_and_the_letter_to_retry(
    caseworker, draft, monkeypatch, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        sending.approve_letter(letter=draft, by=caseworker, version=draft.version)
    before = _stored()

    def broken(**kwargs):
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(sending, "record_family_notified", broken)
    with pytest.raises(RuntimeError, match="the disk is full"):
        sending.send_letter.run(draft.pk)
    letter = Letter.objects.get()
    assert (letter.status, letter.claimed_at, letter.document) == (
        Letter.Status.SENDING,
        None,
        None,
    )
    assert Document.objects.count() == 0
    assert _stored() == before  # the PDF written before the failure is deleted
    assert not CaseEvent.objects.filter(title__startswith="Letter sent").exists()
    monkeypatch.undo()
    Letter.objects.update(approved_at=timezone.now() - timedelta(hours=1))
    assert sending.sweep_unsent_letters() == 1
    assert Letter.objects.get().status == Letter.Status.TO_PRINT
