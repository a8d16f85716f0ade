import csv

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from reporting.annex_a.columns import HEADER
from reporting.models import AnnexAProduction

from .conftest import UPN_HOME, UPN_LISTED

pytestmark = pytest.mark.django_db


def _run(*args):
    from io import StringIO

    out, err = StringIO(), StringIO()
    call_command("annex_a_list1", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_writes_a_valid_workbook(tmp_path, head_of_service, council):
    path = tmp_path / "list1.xlsx"
    out, _ = _run(
        "--format", "xlsx", "--output", str(path), "--by", "harper", "--date", "2025-03-03"
    )
    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames == ["List_1"]
    rows = list(workbook["List_1"].iter_rows(values_only=True))
    assert list(rows[0]) == list(HEADER)
    assert len(rows) == 3
    date_cell = workbook["List_1"].cell(row=2, column=4)
    assert date_cell.number_format == "DD/MM/YYYY"
    assert "2 rows" in out
    assert "columns left blank: Suspensions; Permanent exclusions; Absence;" in out
    audit = AnnexAProduction.objects.get()
    assert (audit.channel, audit.row_count, audit.produced_by) == ("command", 2, head_of_service)
    assert audit.operator


def test_writes_a_csv_with_the_supplement(tmp_path, head_of_service, council):
    supplement = tmp_path / "supplement.csv"
    supplement.write_text(
        f"UPN,Absence,Does the child or young person have a disability?\n{UPN_HOME},12.5,Yes\n"
    )
    path = tmp_path / "list1.csv"
    out, _ = _run(
        "--format",
        "csv",
        "--output",
        str(path),
        "--supplement",
        str(supplement),
        "--by",
        "harper",
        "--date",
        "2025-03-03",
    )
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == list(HEADER)
    home = next(row for row in rows if row[1] == UPN_HOME)
    assert home[HEADER.index("Absence")] == "12.5"
    assert home[HEADER.index("Does the child or young person have a disability?")] == "Yes"
    assert home[HEADER.index("Date initial EHC plan issued")] == "16/01/2023"
    assert {row[1] for row in rows[1:]} == {UPN_LISTED, UPN_HOME}
    assert "Supplement: 1 rows merged by UPN" in out
    assert "Disability" not in out.split("columns left blank:")[1]
    assert "Absence" not in out.split("columns left blank:")[1]


def test_a_bad_supplement_writes_nothing(tmp_path, head_of_service, council):
    supplement = tmp_path / "supplement.csv"
    supplement.write_text(f"UPN,Absence\n{UPN_HOME},lots\n")
    path = tmp_path / "list1.csv"
    with pytest.raises(CommandError, match="1 problem"):
        _run(
            "--format",
            "csv",
            "--output",
            str(path),
            "--supplement",
            str(supplement),
            "--by",
            "harper",
        )
    assert not path.exists()
    assert not AnnexAProduction.objects.exists()


@pytest.mark.parametrize("role", ["team_manager", "administrator"])
def test_only_for_a_head_of_service(tmp_path, request, role, council):
    user = request.getfixturevalue(role)
    path = tmp_path / "list1.csv"
    with pytest.raises(CommandError, match="not an active head of service"):
        _run("--format", "csv", "--output", str(path), "--by", user.username)
    assert not path.exists()
