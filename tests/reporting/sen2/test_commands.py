from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from cases.models import Child
from reporting.sen2.export import validate

from .conftest import MOCKUP

pytestmark = pytest.mark.django_db


def test_import_then_export_the_mockup(tmp_path, capsys):
    call_command("import_sen2", MOCKUP)
    out = capsys.readouterr().out
    assert "2 persons read. Created:" in out and "2 children" in out
    assert "WARNING: Line 27" in out
    call_command("import_sen2", MOCKUP)
    assert "Created: nothing" in capsys.readouterr().out

    target = tmp_path / "sen2.xml"
    # the mock-up's data break business rules (bad UPN, no request source): refused ...
    with pytest.raises(CommandError, match="error"):
        call_command(
            "export_sen2", "--reference-date", "2024-01-18", "--la", "201", "--out", str(target)
        )
    assert not target.exists()
    assert "check letter" in capsys.readouterr().err
    # ... unless asked for a file to check with, which is still valid
    call_command(
        "export_sen2",
        "--reference-date",
        "2024-01-18",
        "--la",
        "201",
        "--out",
        str(target),
        "--allow-errors",
    )
    assert validate(target.read_bytes()) == []


def test_export_refuses_an_invalid_file(tmp_path):
    target = tmp_path / "sen2.xml"
    with pytest.raises(CommandError, match="not be valid SEN2"):
        call_command("export_sen2", "--reference-date", "2024-01-18", "--out", str(target))
    assert not target.exists()


def test_export_of_a_clean_council(council, tmp_path, capsys):
    target = tmp_path / "sen2.xml"
    call_command(
        "export_sen2", "--reference-date", "2024-01-18", "--la", "999", "--out", str(target)
    )
    assert "5 persons, 3 requests, 3 plans" in capsys.readouterr().out
    assert validate(target.read_bytes()) == []


def test_bad_arguments(tmp_path):
    with pytest.raises(CommandError, match="not a date"):
        call_command("export_sen2", "--reference-date", "18/01/2024", "--out", "x.xml")
    with pytest.raises(CommandError, match="LA code"):
        call_command("export_sen2", "--reference-date", "2024-01-18", "--la", "12", "--out", "x")
    with pytest.raises(CommandError, match="No team"):
        call_command("import_sen2", MOCKUP, "--team", "Nobody")


def test_a_broken_file_exits_with_every_error(tmp_path, capsys):
    text = Path(MOCKUP).read_text(encoding="utf-8")
    bad = tmp_path / "bad.xml"
    bad.write_text(text.replace("<Sex>F</Sex>", "<Sex>Q</Sex>").replace("<DMO>Y", "<DMO>Z"))
    with pytest.raises(CommandError, match="Nothing imported: 2 error"):
        call_command("import_sen2", str(bad))
    err = capsys.readouterr().err
    assert "Line 121" in err and "Line 15" in err
    assert Child.objects.count() == 0


def test_export_writes_the_reference_dates_year(council, tmp_path, capsys):
    council["new"].primary_need = "DS"
    council["new"].save()
    target = tmp_path / "sen2.xml"
    call_command("export_sen2", "--reference-date", "2025-01-16", "--out", str(target))
    assert b"<Year>2025</Year>" in target.read_bytes()
    assert b"<SENtype>DS</SENtype>" in target.read_bytes()
    assert validate(target.read_bytes()) == []
    with pytest.raises(CommandError, match="not be valid SEN2"):
        call_command("export_sen2", "--reference-date", "2024-01-18", "--out", str(target))
    assert "ERROR [SP27]" in capsys.readouterr().err
    with pytest.raises(CommandError, match="not be valid SEN2"):
        call_command("export_sen2", "--reference-date", "2027-01-21", "--out", "x.xml")
    assert "SEN2 2027 is not supported" in capsys.readouterr().err
