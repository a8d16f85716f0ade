"""The chronology: notes, events and documents on one timeline, newest first."""

from datetime import date, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from cases.history import CHRONOLOGY_PAGE_SIZE, chronology_page
from cases.models import CaseEvent, CaseNote, RecordView
from cases.services.chronology import record_event
from cases.services.documents import upload_document
from cases.services.notes import add_note
from tests.factories import ChildFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def note_form(day: date, **fields):
    return {
        "kind": "phone",
        "happened_on_0": str(day.day),
        "happened_on_1": str(day.month),
        "happened_on_2": str(day.year),
        "summary": "Called mum about the EP visit",
        "body": "She can do Tuesday mornings.",
        **fields,
    }


def test_caseworker_adds_a_note_from_the_chronology(client, caseworker, child):
    client.force_login(caseworker)
    yesterday = timezone.localdate() - timedelta(days=1)
    response = client.post(reverse("cases:note_new", args=[child.pk]), note_form(yesterday))
    assert response.status_code == 302
    assert response.url == reverse("cases:chronology", args=[child.pk])
    note = CaseNote.objects.get()
    assert (note.child, note.kind, note.happened_on, note.written_by) == (
        child,
        "phone",
        yesterday,
        caseworker,
    )
    # A note is its own timeline item: no event is written for it.
    assert not CaseEvent.objects.exists()
    page = client.get(response.url).content.decode()
    assert "Called mum about the EP visit" in page
    assert "Note added to the chronology" in page


def test_a_note_cannot_be_dated_in_the_future(client, caseworker, child):
    client.force_login(caseworker)
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = client.post(reverse("cases:note_new", args=[child.pk]), note_form(tomorrow))
    assert response.status_code == 200
    assert "The date cannot be in the future" in response.content.decode()
    assert not CaseNote.objects.exists()
    with pytest.raises(ValidationError) as refused:
        add_note(child=child, by=caseworker, kind="note", happened_on=tomorrow, summary="x")
    assert "happened_on" in refused.value.message_dict


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"happened_on_0": "31", "happened_on_1": "2"}, "Enter a real date"),
        ({"summary": ""}, "Enter a summary"),
        ({"kind": "gossip"}, "Select a valid choice"),
    ],
)
def test_note_form_errors_are_shown(client, caseworker, child, fields, message):
    client.force_login(caseworker)
    data = note_form(date(2025, 3, 3), **fields)
    body = client.post(reverse("cases:note_new", args=[child.pk]), data).content.decode()
    assert message in body
    assert "govuk-error-summary" in body
    assert not CaseNote.objects.exists()


@pytest.mark.parametrize(
    ("visitor", "view_status", "note_status"),
    [
        ("caseworker", 200, 200),
        ("team_manager", 200, 200),
        ("head_of_service", 200, 403),
        ("outsider", 403, 403),
        ("administrator", 403, 403),
    ],
)
def test_chronology_and_note_pages_answer_as_the_role_allows(
    client, request, child, visitor, view_status, note_status
):
    client.force_login(request.getfixturevalue(visitor))
    assert client.get(reverse("cases:chronology", args=[child.pk])).status_code == view_status
    new = reverse("cases:note_new", args=[child.pk])
    assert client.get(new).status_code == note_status
    posted = client.post(new, note_form(date(2025, 3, 3)))
    assert posted.status_code == (302 if note_status == 200 else note_status)


def test_anonymous_is_sent_to_sign_in(client, child):
    response = client.get(reverse("cases:chronology", args=[child.pk]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_opening_the_chronology_logs_a_view(client, head_of_service, child):
    client.force_login(head_of_service)
    url = reverse("cases:chronology", args=[child.pk])
    client.get(url)
    assert RecordView.objects.filter(child=child, user=head_of_service, path=url).count() == 1


@pytest.fixture
def mixed_record(child, caseworker):
    """An event, a note and a document on different days, written out of order."""
    record_event(child=child, by=caseworker, happened_on=date(2025, 1, 6), title="Request received")
    add_note(
        child=child,
        by=caseworker,
        kind="meeting",
        happened_on=date(2025, 2, 10),
        summary="Met the SENCo",
    )
    with time_machine.travel(date(2025, 3, 1)):
        upload_document(
            child=child,
            by=caseworker,
            kind="advice",
            title="EP advice",
            uploaded_file=SimpleUploadedFile("ep.pdf", b"%PDF-1.4"),
        )
    add_note(
        child=child,
        by=caseworker,
        kind="phone",
        happened_on=date(2024, 12, 1),
        summary="First call",
    )


def titles(page) -> list[str]:
    return [item.title for item in page.object_list]


def test_items_are_merged_newest_first(child, mixed_record):
    page = chronology_page(child=child)
    # The upload's own event is not listed again beside the document.
    assert titles(page) == ["EP advice", "Met the SENCo", "Request received", "First call"]
    assert [item.type for item in page.object_list] == ["documents", "notes", "events", "notes"]


@pytest.mark.parametrize(
    ("types", "expected"),
    [
        (["events"], ["Request received"]),
        (["notes"], ["Met the SENCo", "First call"]),
        (["documents"], ["EP advice"]),
        (["events", "documents"], ["EP advice", "Request received"]),
        (["nonsense"], ["EP advice", "Met the SENCo", "Request received", "First call"]),
    ],
)
def test_filter_by_type(child, mixed_record, types, expected):
    assert titles(chronology_page(child=child, types=types)) == expected


def test_page_shows_timeline_with_filter_and_who_recorded_it(
    client, caseworker, child, mixed_record
):
    client.force_login(caseworker)
    url = reverse("cases:chronology", args=[child.pk])
    body = client.get(url, {"type": "notes"}).content.decode()
    assert "moj-timeline" in body
    assert "Met the SENCo" in body
    assert "EP advice" not in body
    assert escape(f"by {caseworker}") in body
    assert 'value="notes" checked' in body
    assert 'id="type-all" name="type" type="radio" value="" checked' not in body
    assert "10 February 2025" in body
    everything = client.get(url).content.decode()
    document = child.documents.get()
    assert reverse("cases:document_download", args=[child.pk, document.pk]) in everything
    assert reverse("cases:note_new", args=[child.pk]) in everything


def test_removed_document_leaves_its_removal_on_the_chronology(child, caseworker, mixed_record):
    from cases.models import Document
    from cases.services.documents import remove_document

    remove_document(document=Document.objects.get(), by=caseworker)
    page = chronology_page(child=child)
    assert titles(page)[0] == "Document removed: EP advice"
    assert "EP advice" not in titles(page)


def test_another_childs_items_never_appear(child, caseworker, mixed_record):
    other = ChildFactory(team=child.team)
    add_note(child=other, by=caseworker, kind="note", happened_on=date(2025, 5, 1), summary="Other")
    assert "Other" not in titles(chronology_page(child=child))


def _fill(child, user, count: int):
    today = timezone.localdate()
    for n in range(count):
        day = today - timedelta(days=n)
        if n % 3 == 0:
            record_event(child=child, by=user, happened_on=day, title=f"Item {n}")
        elif n % 3 == 1:
            add_note(child=child, by=user, kind="note", happened_on=day, summary=f"Item {n}")
        else:
            upload_document(
                child=child,
                by=user,
                kind="other",
                title=f"Item {n}",
                uploaded_file=SimpleUploadedFile("x.txt", b"text"),
            )


def test_pages_of_fifty(child, caseworker):
    _fill(child, caseworker, 120)
    first = chronology_page(child=child)
    third = chronology_page(child=child, page=3)
    assert first.paginator.count == 120
    assert len(first.object_list) == CHRONOLOGY_PAGE_SIZE == 50
    assert len(third.object_list) == 20
    # Past the end shows the last page rather than an error.
    assert chronology_page(child=child, page=99).number == 3
    assert chronology_page(child=child, page="x").number == 1


@pytest.mark.parametrize("count", [5, 100])
def test_the_page_takes_the_same_few_queries_however_long_the_record(
    client, caseworker, child, count, django_assert_max_num_queries
):
    _fill(child, caseworker, count)
    client.force_login(caseworker)
    url = reverse("cases:chronology", args=[child.pk])
    with django_assert_max_num_queries(15):
        response = client.get(url)
    assert response.status_code == 200
    assert response.content.decode().count("moj-timeline__item") == min(count, 50)


def test_page_links_keep_the_filter(client, caseworker, child):
    for n in range(CHRONOLOGY_PAGE_SIZE + 3):
        record_event(child=child, by=caseworker, happened_on=date(2025, 1, 6), title=f"E{n}")
    client.force_login(caseworker)
    url = reverse("cases:chronology", args=[child.pk])
    first = client.get(url, {"type": "events"}).content.decode()
    assert "?type=events&amp;page=2" in first
    second = client.get(url, {"type": "events", "page": 2})
    assert second.content.decode().count("moj-timeline__item") == 3
