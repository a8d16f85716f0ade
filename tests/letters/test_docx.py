"""A letter as a Word document (issue 20): the PDF's words on A4 in Word's own styles, to
download from the letter's page and filed beside the PDF when it is sent."""

import io
from datetime import timedelta

import docx
import pytest
from django.urls import reverse
from django.utils import timezone
from docx.shared import Pt

from accounts.roles import CASEWORKER
from cases.history import chronology_page
from cases.models import CaseEvent, Document
from cases.models.assessment import Decision
from letters import drafting, sending
from letters.docx import CONTENT_TYPE, letter_docx
from letters.models import Letter
from tests.factories import AssessmentRequestFactory, ChildFactory, ContactFactory, UserFactory

pytestmark = pytest.mark.django_db

REASONS = "Her school has shown it can meet her needs from its own resources."


@pytest.fixture
def council(settings):
    settings.COUNCIL_NAME, settings.LETTERS_SERVICE_NAME = "Anytown Council", "SEND Team"
    settings.LETTERS_ADDRESS = "Town Hall\nAnytown\nAN1 1AA"
    settings.LETTERS_PHONE, settings.LETTERS_EMAIL = "0300 000 0002", "send@anytown.gov.uk"


@pytest.fixture
def draft(child, caseworker, council):
    request = AssessmentRequestFactory(
        child=child,
        received_on=timezone.localdate() - timedelta(weeks=5),
        assess_decision=Decision.NO,
        assess_decision_on=timezone.localdate(),
    )
    parent = ContactFactory(
        child=child, name="Grace Stone", address="1 Mill Lane\nAnytown\nAN1 2BC"
    )
    letter = drafting.draft_letter(
        kind="decision_not_to_assess", child=child, by=caseworker, contact=parent, request=request
    )
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


def _opened(content: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(content))


def _styled(word, style: str) -> list[str]:
    return [p.text for p in word.paragraphs if p.style.name == style]


def test_the_word_document_says_what_the_pdf_says(draft, child):
    word = _opened(letter_docx(draft))
    texts = [p.text for p in word.paragraphs]

    letterhead = texts[0]
    assert letterhead.startswith("Anytown Council\nSEND Team\nTown Hall\nAnytown\nAN1 1AA")
    assert "0300 000 0002" in letterhead and "send@anytown.gov.uk" in letterhead
    # The recipient's name and address as one block, a line each, where the window shows it.
    assert "Grace Stone\n1 Mill Lane\nAnytown\nAN1 2BC" in texts
    dated = f"{draft.dated.day} {draft.dated:%B %Y}"
    assert f"{dated}\nOur reference: {child.reference}" in texts
    # The subject is the document's one Heading 1, the letter's own headings Heading 2.
    assert _styled(word, "Heading 1") == [draft.subject]
    assert "Your right to appeal" in _styled(word, "Heading 2")
    assert "Why we made this decision" in _styled(word, "Heading 2")
    body = _styled(word, "Normal")
    assert body[0] == letterhead
    assert REASONS in body
    assert body[-1] == "End of letter"
    # Every paragraph of the letter is a paragraph of the document, in order, its line breaks
    # kept as line breaks (the mediation service on the line after the appeal date).
    paragraphs = [p.strip() for p in draft.body.split("\n\n") if p.strip()]
    assert [t for t in texts if t in paragraphs] == paragraphs
    assert any("\n" in p for p in paragraphs)

    section = word.sections[0]
    # A4 as Word stores it, in twentieths of a point (Word's own A4 is 11906 x 16838).
    assert (section.page_width.twips, section.page_height.twips) == (11906, 16838)
    assert word.core_properties.title == draft.subject
    assert word.core_properties.language == "en-GB"
    assert word.core_properties.author == "Anytown Council"
    assert 'w:lang w:val="en-GB"' in word.styles.element.xml


def test_a_large_print_letter_is_18_point(draft):
    assert _opened(letter_docx(draft)).styles["Normal"].font.size == Pt(12)
    draft.large_print = True
    word = _opened(letter_docx(draft))
    assert word.styles["Normal"].font.size == Pt(18)
    assert word.styles["Heading 1"].font.size == Pt(20)
    # No run of the letter's words is set smaller than the style.
    body = next(p for p in word.paragraphs if p.text == REASONS)
    assert all(run.font.size in (None, Pt(18)) for run in body.runs)


def test_the_caseworker_downloads_the_draft_as_a_word_document(client, caseworker, draft, child):
    client.force_login(caseworker)
    url = reverse("letters:letter_docx", args=[child.pk, draft.pk])
    page = client.get(reverse("letters:letter", args=[child.pk, draft.pk])).content.decode()
    assert f'href="{url}"' in page and "Download as a Word document (DOCX)" in page

    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == CONTENT_TYPE
    assert response["Content-Disposition"] == (
        f'attachment; filename="letter-{child.reference}-decision_not_to_assess.docx"'
    )
    assert response["Cache-Control"] == "private, no-store"
    assert _styled(_opened(response.content), "Heading 1") == [draft.subject]
    assert client.post(url).status_code == 405


def test_only_those_who_may_change_the_record_download_it(
    client, draft, child, other_team, head_of_service
):
    url = reverse("letters:letter_docx", args=[child.pk, draft.pk])
    assert client.get(url).status_code == 302  # to sign in
    client.force_login(UserFactory(role=CASEWORKER, teams=[other_team]))
    assert client.get(url).status_code in (403, 404)
    # The head of service reads the letter but may not take it away to edit: no link either.
    client.force_login(head_of_service)
    assert client.get(url).status_code == 403
    page = client.get(reverse("letters:letter", args=[child.pk, draft.pk])).content.decode()
    assert "Download as a Word document" not in page


def test_another_childs_letter_is_not_found_through_this_child(client, caseworker, draft):
    client.force_login(caseworker)
    other = ChildFactory(team=draft.child.team, lead_caseworker=caseworker)
    url = reverse("letters:letter_docx", args=[other.pk, draft.pk])
    assert client.get(url).status_code == 404


def test_sending_files_the_pdf_and_the_word_document(
    client, caseworker, draft, child, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        sending.approve_letter(letter=draft, by=caseworker, version=draft.version)
    assert sending.send_letter.run(draft.pk) == "sent"

    letter = Letter.objects.get()
    assert letter.status == Letter.Status.TO_PRINT
    pdf, word = Document.objects.filter(child=child).order_by("pk")
    assert letter.document == pdf and pdf.content_type == "application/pdf"
    assert (word.kind, word.content_type) == (Document.Kind.LETTER, CONTENT_TYPE)
    assert word.original_name == f"letter-{letter.pk}.docx"
    with word.file.open("rb") as handle:
        filed = _opened(handle.read())
    assert _styled(filed, "Heading 1") == [letter.subject]
    assert REASONS in [p.text for p in filed.paragraphs]
    # One line in the chronology for the letter; the Word document stands there as itself.
    assert CaseEvent.objects.filter(title__startswith="Letter sent").count() == 1
    titles = [item.title for item in chronology_page(child=child).object_list]
    assert sum(t.startswith("Letter sent") for t in titles) == 1
    assert f"{letter.subject} (Word)" in titles

    # Sent: the letter's page still offers the Word document, and no longer the form.
    client.force_login(caseworker)
    page = client.get(reverse("letters:letter", args=[child.pk, letter.pk])).content.decode()
    assert "Download as a Word document (DOCX)" in page and 'name="body"' not in page
