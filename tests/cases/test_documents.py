"""Documents: what may be uploaded, where it is stored, who may download or remove it."""

import io
import zipfile
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cases.models import CaseEvent, Document, RecordView
from cases.services import documents as document_services
from cases.services.documents import remove_document, upload_document
from tests.factories import AssessmentRequestFactory, ChildFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def stored_files(media) -> list[Path]:
    return [p for p in Path(media).rglob("*") if p.is_file()]


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


DOCX = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
ODT = _zip({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"})
ALLOWED = {
    "advice.pdf": (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "application/pdf"),
    "letter.doc": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64, "application/msword"),
    "plan.docx": (
        DOCX,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    "report.odt": (ODT, "application/vnd.oasis.opendocument.text"),
    "notes.txt": ("Spoke to mum about the £ cost\r\n\tNext steps".encode(), "text/plain"),
    "photo.jpg": (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "image/jpeg"),
    "scan.JPEG": (b"\xff\xd8\xff\xdb\x00\x43\x00", "image/jpeg"),
    "drawing.png": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "image/png"),
}


def upload(client, child, name, data, **fields):
    return client.post(
        reverse("cases:document_new", args=[child.pk]),
        {
            "kind": "advice",
            "title": "Educational psychology advice",
            "file": SimpleUploadedFile(name, data, content_type="application/octet-stream"),
            **fields,
        },
    )


@pytest.mark.parametrize("name", list(ALLOWED))
def test_allowed_types_are_stored_with_the_type_their_bytes_show(
    client, caseworker, child, media, name
):
    data, content_type = ALLOWED[name]
    client.force_login(caseworker)
    response = upload(client, child, name, data)
    assert response.status_code == 302
    assert response.url == reverse("cases:documents", args=[child.pk])
    document = Document.objects.get(child=child)
    assert (document.original_name, document.content_type, document.size) == (
        name,
        content_type,
        len(data),
    )
    assert document.uploaded_by == caseworker
    assert Path(document.file.path).read_bytes() == data


def test_stored_path_never_contains_the_original_name(caseworker, child, media):
    name = "Amelia Stone EP advice.pdf"
    document = upload_document(
        child=child,
        by=caseworker,
        kind="advice",
        title="EP advice",
        uploaded_file=SimpleUploadedFile(name, b"%PDF-1.4 body"),
    )
    assert document.file.name.startswith(f"documents/{child.pk}/")
    for part in ("Amelia", "Stone", "advice", ".pdf"):
        assert part not in document.file.name
    assert [p.name for p in stored_files(media)] == [Path(document.file.name).name]


REFUSED = {
    "wrong magic bytes with a .pdf name": (
        "report.pdf",
        b"MZ\x90\x00\x03\x00\x00\x00\x04\x00",
        "The selected file is not a real PDF",
    ),
    "an executable": ("setup.exe", b"MZ\x90\x00\x03\x00", "must be a PDF, Word"),
    "a script renamed .txt": ("notes.txt", b"\x7fELF\x02\x01\x01\x00", "not a real Plain text"),
    "any zip renamed .docx": ("plan.docx", _zip({"evil.js": b"x"}), "not a real Word document"),
    "a PNG renamed .jpg": ("photo.jpg", b"\x89PNG\r\n\x1a\n\x00", "not a real JPEG image"),
    "no extension": ("README", b"%PDF-1.4", "must be a PDF, Word"),
    "an empty file": ("empty.pdf", b"", "The selected file is empty"),
}


@pytest.mark.parametrize("case", list(REFUSED))
def test_refused_uploads_say_why_and_keep_nothing(client, caseworker, child, media, case):
    name, data, message = REFUSED[case]
    client.force_login(caseworker)
    response = upload(client, child, name, data)
    body = response.content.decode()
    assert response.status_code == 200
    assert message in body
    assert "govuk-error-summary" in body
    assert not Document.objects.exists()
    assert not CaseEvent.objects.exists()
    assert stored_files(media) == []


def test_refusal_names_what_is_allowed(client, caseworker, child):
    client.force_login(caseworker)
    body = upload(client, child, "setup.exe", b"MZ").content.decode()
    assert (
        "The selected file must be a PDF, Word (.doc or .docx), OpenDocument text (.odt), "
        "plain text (.txt), JPEG or PNG"
    ) in body


def test_oversized_upload_is_refused_with_the_limit_in_mb(
    client, caseworker, child, media, settings
):
    settings.DOCUMENT_MAX_BYTES = 1024 * 1024
    client.force_login(caseworker)
    response = upload(client, child, "big.pdf", b"%PDF-" + b"0" * (1024 * 1024))
    assert "The selected file must be 1 MB or smaller" in response.content.decode()
    assert not Document.objects.exists()
    assert stored_files(media) == []


def test_a_file_exactly_at_the_limit_is_accepted(caseworker, child, settings):
    settings.DOCUMENT_MAX_BYTES = 2048
    data = b"%PDF-" + b"0" * (2048 - 5)
    document = upload_document(
        child=child,
        by=caseworker,
        kind="other",
        title="Just fits",
        uploaded_file=SimpleUploadedFile("fits.pdf", data),
    )
    assert document.size == 2048


def test_a_failure_after_the_file_is_written_leaves_no_file_and_no_row(
    caseworker, child, media, monkeypatch
):
    def broken(**kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(document_services, "record_event", broken)
    with pytest.raises(RuntimeError):
        upload_document(
            child=child,
            by=caseworker,
            kind="other",
            title="Doomed",
            uploaded_file=SimpleUploadedFile("doomed.pdf", b"%PDF-1.4"),
        )
    assert not Document.objects.exists()
    assert stored_files(media) == []


def test_upload_may_link_only_one_of_the_childs_own_requests(caseworker, child, media):
    other_request = AssessmentRequestFactory(
        child=ChildFactory(team=child.team), source="parent", received_on="2025-01-06"
    )
    with pytest.raises(ValidationError) as refused:
        upload_document(
            child=child,
            by=caseworker,
            kind="advice",
            title="Wrong child",
            uploaded_file=SimpleUploadedFile("a.pdf", b"%PDF-1.4"),
            request=other_request,
        )
    assert "request" in refused.value.message_dict
    assert stored_files(media) == []


def test_upload_linked_to_a_request_records_an_event_on_it(client, caseworker, child):
    request = AssessmentRequestFactory(child=child, source="parent", received_on="2025-01-06")
    client.force_login(caseworker)
    upload(client, child, "advice.pdf", b"%PDF-1.4", request=request.pk)
    document = Document.objects.get()
    assert document.request == request
    event = CaseEvent.objects.get()
    assert (event.request, event.recorded_by) == (request, caseworker)
    assert event.title == "Document added: Educational psychology advice"


def test_original_name_is_cleaned_of_folders_and_control_characters():
    assert document_services.clean_name("C:\\Users\\casey\\report.pdf") == "report.pdf"
    assert document_services.clean_name("evil\r\nSet-Cookie: x.pdf") == "evilSet-Cookie: x.pdf"
    assert document_services.clean_name("") == "document"
    assert len(document_services.clean_name("a" * 300 + ".pdf")) == 255


@pytest.fixture
def document(caseworker, child):
    return upload_document(
        child=child,
        by=caseworker,
        kind="letter",
        title="Decision letter",
        uploaded_file=SimpleUploadedFile('Décision "final".pdf', b"%PDF-1.4 letter"),
    )


DOWNLOAD = {
    "caseworker": 200,
    "team_manager": 200,
    "head_of_service": 200,
    "outsider": 403,
    "administrator": 403,
    "anonymous": 302,
}


@pytest.mark.parametrize("visitor", list(DOWNLOAD))
def test_download_answers_each_visitor_as_their_role_allows(
    client, request, child, document, visitor
):
    if visitor != "anonymous":
        client.force_login(request.getfixturevalue(visitor))
    url = reverse("cases:document_download", args=[child.pk, document.pk])
    response = client.get(url)
    assert response.status_code == DOWNLOAD[visitor]
    if visitor == "anonymous":
        assert response.url.startswith(reverse("login"))
    if response.status_code == 200:
        assert b"".join(response.streaming_content) == b"%PDF-1.4 letter"


def test_download_is_an_attachment_with_the_original_name_and_no_sniffing(
    client, caseworker, child, document
):
    client.force_login(caseworker)
    response = client.get(reverse("cases:document_download", args=[child.pk, document.pk]))
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    # Non-ASCII names go in RFC 5987 form, so quotes in the name cannot break the header.
    assert "filename*=utf-8''D%C3%A9cision%20%22final%22.pdf" in disposition
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    assert b"".join(response.streaming_content) == b"%PDF-1.4 letter"


def test_download_of_another_childs_document_is_not_found(client, caseworker, child, document):
    sibling = ChildFactory(team=child.team)
    client.force_login(caseworker)
    url = reverse("cases:document_download", args=[sibling.pk, document.pk])
    assert client.get(url).status_code == 404


def test_download_is_logged_as_a_view_of_the_record(client, head_of_service, child, document):
    client.force_login(head_of_service)
    url = reverse("cases:document_download", args=[child.pk, document.pk])
    # Reading the stream to its end closes the file (closing the response by hand would send
    # request_finished and close the test's database connection).
    b"".join(client.get(url).streaming_content)
    assert RecordView.objects.filter(child=child, user=head_of_service, path=url).exists()


@pytest.mark.parametrize(
    ("visitor", "list_status", "upload_status"),
    [
        ("caseworker", 200, 200),
        ("team_manager", 200, 200),
        ("head_of_service", 200, 403),
        ("outsider", 403, 403),
        ("administrator", 403, 403),
    ],
)
def test_list_and_upload_pages_answer_as_the_role_allows(
    client, request, child, visitor, list_status, upload_status
):
    client.force_login(request.getfixturevalue(visitor))
    assert client.get(reverse("cases:documents", args=[child.pk])).status_code == list_status
    new = reverse("cases:document_new", args=[child.pk])
    assert client.get(new).status_code == upload_status
    posted = client.post(
        new, {"kind": "other", "title": "x", "file": SimpleUploadedFile("a.pdf", b"%PDF-1")}
    )
    assert posted.status_code == (302 if upload_status == 200 else upload_status)


def test_list_shows_documents_and_logs_the_view(client, caseworker, child, document):
    client.force_login(caseworker)
    response = client.get(reverse("cases:documents", args=[child.pk]))
    body = response.content.decode()
    assert "Decision letter" in body
    assert "Letter or decision notice" in body
    assert reverse("cases:document_download", args=[child.pk, document.pk]) in body
    assert reverse("cases:document_remove", args=[child.pk, document.pk]) in body
    assert RecordView.objects.filter(child=child, user=caseworker).count() == 1


def test_head_of_service_sees_the_list_without_upload_or_remove(
    client, head_of_service, child, document
):
    client.force_login(head_of_service)
    body = client.get(reverse("cases:documents", args=[child.pk])).content.decode()
    assert "Decision letter" in body
    assert reverse("cases:document_new", args=[child.pk]) not in body
    assert reverse("cases:document_remove", args=[child.pk, document.pk]) not in body


def test_upload_form_is_a_gov_uk_file_upload(client, caseworker, child):
    client.force_login(caseworker)
    body = client.get(reverse("cases:document_new", args=[child.pk])).content.decode()
    assert 'enctype="multipart/form-data"' in body
    assert "govuk-file-upload" in body
    assert "up to 10 MB" in body


def test_remove_asks_first_then_deletes_row_and_file_on_post(
    client, caseworker, child, document, media, django_capture_on_commit_callbacks
):
    client.force_login(caseworker)
    url = reverse("cases:document_remove", args=[child.pk, document.pk])
    confirm = client.get(url)
    assert "Are you sure you want to remove this document?" in confirm.content.decode()
    assert Document.objects.filter(pk=document.pk).exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response.status_code == 302
    assert not Document.objects.filter(pk=document.pk).exists()
    assert stored_files(media) == []
    removed = CaseEvent.objects.get(title="Document removed: Decision letter")
    assert removed.recorded_by == caseworker
    deletion = Document.history.get(id=document.pk, history_type="-")
    assert deletion.history_user == caseworker


@pytest.mark.parametrize("visitor", ["outsider", "head_of_service"])
def test_only_the_team_may_remove(client, request, child, document, visitor):
    client.force_login(request.getfixturevalue(visitor))
    url = reverse("cases:document_remove", args=[child.pk, document.pk])
    assert client.post(url).status_code == 403
    assert Document.objects.filter(pk=document.pk).exists()


def test_remove_service_keeps_the_file_if_the_transaction_rolls_back(
    caseworker, document, media, django_capture_on_commit_callbacks
):
    from django.db import transaction

    pk = document.pk
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        remove_document(document=document, by=caseworker)
        raise RuntimeError("later step failed")
    assert callbacks == []
    assert len(stored_files(media)) == 1
    assert Document.objects.filter(pk=pk).exists()
