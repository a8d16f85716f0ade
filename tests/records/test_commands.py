"""The command-line export and retention report: ids and counts, never names."""

import io
import zipfile
from datetime import date

import pytest
from django.core.management import CommandError, call_command

from records.erasure import confirm_erasure, review_erasure
from records.models import Channel, SubjectAccessExport

from .conftest import FIRST_NAME, LAST_NAME, fill_record, make_child

pytestmark = pytest.mark.django_db


def test_export_subject_access_writes_the_zip_and_audits_it(tmp_path, team, caseworker, media):
    child = make_child(team, caseworker)
    fill_record(child, caseworker, 1)
    out = tmp_path / "sar.zip"
    stdout = io.StringIO()
    call_command("export_subject_access", str(child.pk), "--out", str(out), stdout=stdout)
    with zipfile.ZipFile(out) as archive:
        assert f"child-{child.pk}-records.pdf" in archive.namelist()
        assert "csv/requests.csv" in archive.namelist()
    audit = SubjectAccessExport.objects.get()
    assert (audit.child_id, audit.channel, audit.requested_by, audit.file_size) == (
        child.pk,
        Channel.COMMAND,
        None,
        out.stat().st_size,
    )
    printed = stdout.getvalue()
    assert str(audit.file_size) in printed
    assert FIRST_NAME not in printed and LAST_NAME not in printed


def test_export_subject_access_of_an_unknown_child(tmp_path):
    with pytest.raises(CommandError, match="No child with id 999"):
        call_command("export_subject_access", "999", "--out", str(tmp_path / "x.zip"))


def test_retention_report_prints_counts_only(team, caseworker, head_of_service):
    past = [make_child(team, caseworker, date_of_birth=date(1990, 5, d)) for d in (1, 2, 3)]
    make_child(team, caseworker, date_of_birth=date(1995, 9, 10))  # past it within a year
    make_child(team, caseworker, date_of_birth=date(2010, 1, 1))
    erasure = review_erasure(child_ids=[past[0].pk], by=head_of_service, today=date(2026, 6, 1))
    confirm_erasure(erasure=erasure, by=head_of_service, today=date(2026, 6, 1))
    stdout = io.StringIO()
    call_command("retention_report", "--date", "2026-06-01", stdout=stdout)
    lines = dict(
        (label.strip(), int(value))
        for label, value in (line.rsplit(":", 1) for line in stdout.getvalue().splitlines()[1:])
    )
    assert lines == {
        "children held": 5,
        "past retention, not yet erased": 2,
        "reaching it within the next year": 1,
        "erased already": 1,
    }
    assert FIRST_NAME not in stdout.getvalue()
