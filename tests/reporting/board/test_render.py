"""Each output of a built report: the committee paper as HTML and PDF, the CSV and the XLSX."""

import csv
import io
import re

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from reporting.board import render
from reporting.rag import MINUS

pytestmark = pytest.mark.django_db

COUNCIL = "Stockport Metropolitan Borough Council"
PAPER_HEADINGS = [
    "Report to",
    "Date",
    "Reporting officer",
    "Subject",
    "1. Purpose of the report",
    "2. Recommendations",
    "3. Key messages",
    "4. Supporting information",
    "5. Charts",
    "Appendix 1: Pupils with a statement or EHC plan, compared with other councils",
]


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_html_is_a_committee_paper(built_report):
    html = render.paper_html(built_report)
    assert html.startswith("<!DOCTYPE html>")
    text = text_of(html)
    for heading in PAPER_HEADINGS:
        assert heading in text, heading
    assert "Children and Young People Scrutiny Committee" in text
    assert "20 March 2025" in text and "Harper Lee, Head of SEND" in text
    # Numbering typed by hand is dropped: the list numbers the recommendations.
    assert "<li>That the committee notes the report.</li>" in html
    assert "1. That" not in html
    assert "<link" not in html and "<script" not in html and "src=" not in html


def test_html_kpi_table(built_report):
    html = render.paper_html(built_report)
    assert "Table 1: Key performance indicators, 2024" in html
    for column in (
        "Baseline",
        "Target",
        "This period (2024)",
        "Last period (2023)",
        "Trend",
        "Statistical neighbours",
        "England",
        "Bury",
        "Sefton",
        "Quartile",
        "RAG",
    ):
        assert f">{column}</th>" in html, column
    row = html[html.index('id="kpi-T20X"') :]
    row = row[: row.index("</tr>")]
    cells = text_of(row)
    assert "45.0% (2022)" in cells and "60%" in cells and "50.0%" in cells and "100.0%" in cells
    assert f"Down, worse ({MINUS}50.0 points)" in cells
    assert "55.0%" in cells and "46.4%" in cells and "40.0%" in cells
    assert "3" in cells
    # RAG as a tag with its word: never colour alone.
    assert '<strong class="govuk-tag govuk-tag--red">Red</strong>' in row
    assert "No target</strong>" in html


def test_html_charts_each_with_its_table(built_report):
    html = render.paper_html(built_report)
    figures = re.findall(r'<figure class="board-chart".*?</figure>', html, re.S)
    assert len(figures) == len(built_report.content["charts"]) >= 5
    for figure in figures:
        assert "<svg" in figure and 'role="img"' in figure
        assert figure.index("<svg") < figure.index("<table")
        assert "Figures for figure" in figure
    assert "Figure 1: New EHC plans issued within 20 weeks" in html


def test_html_appendix(built_report):
    html = render.paper_html(built_report)
    appendix = html[html.index("Appendix 1:") :]
    text = text_of(appendix)
    assert "Stockport (this council)" in text
    assert "2000 2002 2003 2004 2005" in text
    assert "2.5% 2.8% 2.9% 3.1% 3.3% +0.8" in text
    assert "Sefton" in text and f"{MINUS}1.0" in text
    assert "Trafford" not in text  # not chosen


def test_editing_the_words_re_renders_without_recomputing(built_report, django_assert_num_queries):
    built_report.recommendations = "That the committee approves the new targets."
    built_report.purpose = "A new purpose."
    with django_assert_num_queries(0):
        html = render.paper_html(built_report)
    assert "<li>That the committee approves the new targets.</li>" in html
    assert "A new purpose." in html


def test_pdf_has_the_paper_and_page_numbers(built_report):
    pdf = render.paper_pdf(built_report)
    assert pdf.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(pdf))
    text = " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)
    assert "Recommendation" in text
    assert COUNCIL in text
    assert "Key messages" in text and "Appendix 1" in text
    assert f"Page 1 of {len(reader.pages)}" in text
    assert "New EHC plans issued within 20 weeks" in text
    # The KPI table's page is landscape.
    sizes = {tuple(round(float(v)) for v in page.mediabox[2:]) for page in reader.pages}
    assert (595, 842) in sizes and (842, 595) in sizes


def test_csv_one_row_per_kpi_with_every_column(built_report):
    rows = list(csv.DictReader(io.StringIO(render.paper_csv(built_report))))
    assert list(rows[0]) == render.csv_header(["Bury", "Sefton"])
    assert len(rows) == len(built_report.content["kpis"])
    t20 = next(row for row in rows if row["code"] == "T20X")
    assert t20["this_period"] == "50.0" and t20["last_period"] == "100.0"
    assert t20["numerator"] == "1" and t20["denominator"] == "2"
    assert (t20["period"], t20["previous_period"]) == ("2024", "2023")
    assert t20["change"] == "-50.0" and t20["trend"] == "down" and t20["improved"] == "False"
    assert t20["target"] == "60.0" and t20["baseline"] == "45.0"
    assert t20["statistical_neighbours"] == "55.0" and t20["england"] == "46.4"
    assert t20["Bury"] == "40.0" and t20["Sefton"] == "60.0"
    assert t20["quartile"] == "3" and t20["rag"] == "red"
    assert t20["key_message"].startswith("The share of new EHC plans")
    req = next(row for row in rows if row["code"] == "REQ")
    assert req["target"] == "" and req["rag"] == "grey"


def test_csv_and_xlsx_never_start_a_cell_with_a_formula(built_report):
    built_report.content["comparator_names"] = ["=HYPERLINK(1)"]
    for row in built_report.content["kpis"]:
        row["named"] = {"=HYPERLINK(1)": None}
    assert "'=HYPERLINK(1)" in render.paper_csv(built_report).splitlines()[0]
    book = load_workbook(io.BytesIO(render.paper_xlsx(built_report)))
    header = [cell.value for cell in book["KPIs"][1]]
    assert "=HYPERLINK(1)" in header
    assert all(cell.data_type == "s" for cell in book["KPIs"][1])


def test_xlsx_sheets_and_number_formats(built_report):
    book = load_workbook(io.BytesIO(render.paper_xlsx(built_report)))
    charts = built_report.content["charts"]
    assert book.sheetnames[:2] == ["KPIs", "Appendix"]
    assert book.sheetnames[-1] == "About"
    assert len(book.sheetnames) == 3 + len(charts)
    sheet = book["KPIs"]
    header = [cell.value for cell in sheet[1]]
    assert header == render.csv_header(["Bury", "Sefton"])
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == "T20X")
    cell = dict(zip(header, row, strict=True))
    assert cell["this_period"].value == pytest.approx(0.5)
    assert cell["this_period"].number_format == "0.0%"
    assert cell["target"].value == pytest.approx(0.6)
    assert cell["change"].value == pytest.approx(-50.0)
    assert cell["denominator"].value == 2 and cell["denominator"].number_format == "#,##0"
    new = dict(
        zip(header, next(r for r in sheet.iter_rows(min_row=2) if r[0].value == "NEW"), strict=True)
    )
    assert new["this_period"].value == 2 and new["this_period"].number_format == "#,##0"

    appendix = book["Appendix"]
    assert [c.value for c in appendix[2]] == [
        "Council",
        "2000",
        "2002",
        "2003",
        "2004",
        "2005",
        "Change 2000-2005 (points)",
    ]
    stockport = [c.value for c in appendix[3]]
    assert stockport[0] == "Stockport" and stockport[1] == pytest.approx(0.025)
    assert appendix.cell(row=3, column=2).number_format == "0.0%"
    assert stockport[-1] == pytest.approx(0.8)

    t20 = book["New EHC plans issued within 20"]
    assert t20["A1"].value.startswith("New EHC plans issued within 20 weeks")
    assert t20["A2"].value == "Period"
    assert [c.value for c in t20[7]][:2] == ["2024", pytest.approx(0.5)]


def test_file_names(built_report):
    assert render.filename(built_report, "pdf") == "board-report-send-performance-2024-2024.pdf"
