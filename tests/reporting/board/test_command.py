"""`manage.py board_report` computes a report without a worker and writes each format."""

import csv
import io

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook
from pypdf import PdfReader

from reporting.models import BoardReport

pytestmark = pytest.mark.django_db

ARGS = ["--from", "2024-01-01", "--to", "2024-12-31", "--snapshot", "2025-01-16"]


def run(*args) -> str:
    out = io.StringIO()
    call_command("board_report", *args, stdout=out)
    return out.getvalue()


@pytest.mark.parametrize("extension", ["pdf", "html", "csv", "xlsx"])
def test_writes_each_format(extension, tmp_path, stockport, plans, reference):
    target = tmp_path / f"board.{extension}"
    printed = run(*ARGS, "--out", str(target), "--compare", "Bury", "--title", "SEND in 2024")
    assert printed.strip() == (
        f"Wrote the board report for Stockport Metropolitan Borough Council to {target}"
    )
    if extension == "pdf":
        text = " ".join(page.extract_text() for page in PdfReader(target).pages)
        assert "Recommendation" in text and "SEND in 2024" in text
    elif extension == "html":
        html = target.read_text()
        assert "Appendix 1" in html and ">Bury</th>" in html and "<svg" in html
    elif extension == "csv":
        rows = list(csv.DictReader(target.open(newline="")))
        t20 = next(row for row in rows if row["code"] == "T20X")
        assert (t20["this_period"], t20["Bury"], t20["rag"]) == ("50.0", "40.0", "red")
    else:
        book = load_workbook(target)
        assert {"KPIs", "Appendix", "About"} <= set(book.sheetnames)
    assert not BoardReport.objects.exists()  # nothing saved


def test_options_reach_the_paper(tmp_path, db):
    target = tmp_path / "paper.html"
    run(
        *ARGS,
        "--out", str(target),
        "--report-to", "Cabinet",
        "--officer", "Director of Children's Services",
        "--meeting-date", "2025-03-20",
    )  # fmt: skip
    html = target.read_text()
    assert "Cabinet" in html and "Director of Children&#x27;s Services" in html
    assert "20 March 2025" in html


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([*ARGS, "--out", "board.docx"], "Cannot tell the format"),
        (["--from", "2024-13-01", "--to", "2024-12-31", "--snapshot", "2025-01-16",
          "--out", "x.csv"], "is not a date"),
        (["--from", "2024-12-31", "--to", "2024-01-01", "--snapshot", "2025-01-16",
          "--out", "x.csv"], "on or after"),
    ],
)  # fmt: skip
def test_refuses_what_it_cannot_do(args, message, db):
    with pytest.raises(CommandError, match=message):
        run(*args)
