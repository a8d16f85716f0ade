"""The subject access export: a zip with the PDF in words, a CSV per kind with every field,
the documents themselves, an audit row, and the same queries however long the record is.
Built by the worker's task (records.tasks), read back from storage as the download sends it."""

import csv
import io
import zipfile

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pypdf import PdfReader

from records import exports
from records.kinds import KINDS
from records.models import Channel, SubjectAccessExport
from records.subject_access import gather, zip_name

from .conftest import (
    FIRST_NAME,
    LAST_NAME,
    NOTE_BODY,
    OLD_LAST_NAME,
    OUTCOME,
    UPN,
    build_export,
    fill_record,
    make_child,
)

pytestmark = pytest.mark.django_db


def export(child, user) -> tuple[zipfile.ZipFile, SubjectAccessExport]:
    audit = build_export(child, user)
    with audit.file.open("rb") as stored:
        return zipfile.ZipFile(io.BytesIO(stored.read())), audit


def pdf_text(archive, child) -> str:
    reader = PdfReader(io.BytesIO(archive.read(f"child-{child.pk}-records.pdf")))
    return "\n".join(page.extract_text() for page in reader.pages)


def csv_rows(archive, name) -> list[dict]:
    return list(csv.DictReader(io.StringIO(archive.read(name).decode())))


@pytest.fixture
def full_child(team, caseworker, media):
    child = make_child(team, caseworker)
    fill_record(child, caseworker, 2)
    return child


def test_the_pdf_reads_the_childs_record(full_child, head_of_service):
    archive, _ = export(full_child, head_of_service)
    text = " ".join(pdf_text(archive, full_child).split())
    assert f"Records held about {FIRST_NAME} {LAST_NAME}" in text
    assert UPN in text
    assert OUTCOME in text  # from each issued plan, laid out as issued
    assert NOTE_BODY in text
    assert "Ottoline Brackenridge" in text
    # The change history holds the old name, before and after.
    assert f"{OLD_LAST_NAME} → {LAST_NAME}" in text
    assert "Issue the final EHC plan" in text
    assert "File in this export: documents/" in text


def test_one_csv_per_kind_with_every_row_and_field(full_child, head_of_service):
    archive, _ = export(full_child, head_of_service)
    names = set(archive.namelist())
    for kind in KINDS:
        assert f"csv/{kind.key}.csv" in names
    child_rows = csv_rows(archive, "csv/child.csv")
    assert len(child_rows) == 1
    assert child_rows[0]["first_name"] == FIRST_NAME
    assert child_rows[0]["upn"] == UPN
    assert set(child_rows[0]) == {f.attname for f in type(full_child)._meta.concrete_fields}
    for key in ("contacts", "requests", "advice", "exceptions", "deadlines", "notes"):
        assert len(csv_rows(archive, f"csv/{key}.csv")) == 2, key
    assert len(csv_rows(archive, "csv/plan_versions.csv")) == 2
    assert len(csv_rows(archive, "csv/costs.csv")) == 2
    assert {row["body"] for row in csv_rows(archive, "csv/notes.csv")} == {NOTE_BODY}
    # History: the creation and the rename of the child, with the old name.
    history = csv_rows(archive, "csv/history/child.csv")
    assert [row["last_name"] for row in history] == [OLD_LAST_NAME, LAST_NAME]
    assert len(csv_rows(archive, "csv/history/notes.csv")) == 4  # created, then body added


def test_the_uploaded_documents_are_in_the_zip(full_child, head_of_service):
    archive, _ = export(full_child, head_of_service)
    documents = sorted(n for n in archive.namelist() if n.startswith("documents/"))
    assert len(documents) == 2
    assert {archive.read(n).decode() for n in documents} == {
        "EP advice number 0\n",
        "EP advice number 1\n",
    }


def test_every_export_is_audited_without_personal_data(full_child, head_of_service):
    _, audit = export(full_child, head_of_service)
    row = SubjectAccessExport.objects.get()
    assert row == audit
    assert (row.child_id, row.requested_by, row.channel) == (
        full_child.pk,
        head_of_service,
        Channel.PAGE,
    )
    assert row.file_size > 1000 and row.file_size == row.file.size
    assert zip_name(full_child) == f"subject-access-child-{full_child.pk}.zip"
    values = " ".join(str(getattr(row, f.attname)) for f in row._meta.concrete_fields)
    assert FIRST_NAME not in values and LAST_NAME not in values


def test_the_export_costs_the_same_queries_for_2_or_8_of_everything(
    team, caseworker, media, head_of_service, monkeypatch
):
    # Progress saved at the start and the end only: how often it is saved otherwise depends
    # on the clock (records.exports.PROGRESS_EVERY), not on the record.
    monkeypatch.setattr(exports, "PROGRESS_EVERY", 10**6)
    counts = []
    for n in (2, 8):
        child = make_child(team, caseworker)
        fill_record(child, caseworker, n)
        assert len(gather(child).rows["requests"]) == n
        with CaptureQueriesContext(connection) as captured:
            export(child, head_of_service)
        counts.append(len(captured))
    assert counts[0] == counts[1]
    assert counts[0] < 120
