"""A built board report in each of its forms: the committee paper as HTML (on screen, to
download, and through WeasyPrint as the PDF for the committee pack), and its figures as CSV and
XLSX for analysts. Everything reads `report.content` plus the paper's editable words on the
report itself, so editing the recommendations re-renders without recomputing a figure."""

import csv
import io
import re
from datetime import date

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.text import slugify

from reporting import charts

from .. import rag
from ..rag import DASH, MINUS

QUARTILE_SHORT: dict[object, str] = {1: "1 (top)", 2: "2", 3: "3", 4: "4 (bottom)"}
TREND_TEXT: dict[object, str] = {
    (rag.UP, True): "Up, improving",
    (rag.UP, False): "Up, worse",
    (rag.DOWN, True): "Down, improving",
    (rag.DOWN, False): "Down, worse",
}


def _day(value) -> date | None:
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        return None


def _lines(text: str) -> list[str]:
    """Recommendations as a list: one per line, any numbering typed by hand dropped (the
    paper numbers them)."""
    items = []
    for line in (text or "").splitlines():
        line = re.sub(r"^\s*(?:\d+[.)]|[-*•])\s*", "", line).strip()
        if line:
            items.append(line)
    return items


def _paragraphs(text: str) -> list[str]:
    return [part.strip() for part in re.split(r"\n\s*\n", text or "") if part.strip()]


def _display_row(row: dict, names: list[str]) -> dict:
    unit = row["unit"]

    def shown(value, **kwargs):
        return rag.format_value(value, unit, **kwargs) or DASH

    trend = row.get("trend") or {}
    baseline = shown(row.get("baseline"))
    if row.get("baseline_year") and baseline != DASH:
        baseline = f"{baseline} ({row['baseline_year']})"
    return {
        **row,
        "shown": {
            "baseline": baseline,
            "target": shown(row.get("target"), compact=True),
            "this": shown(row.get("this")),
            "last": shown(row.get("last")),
            "neighbours": shown(row.get("neighbours")),
            "england": shown(row.get("england")),
            "named": [shown((row.get("named") or {}).get(name)) for name in names],
            "change": rag.format_change(row.get("this"), row.get("last"), unit),
            "quartile": QUARTILE_SHORT.get(row.get("quartile"), DASH),
            "trend": TREND_TEXT.get(
                (trend.get("direction"), trend.get("improved")),
                "No change" if trend.get("direction") == rag.SAME else "No comparison",
            ),
            "arrow": trend.get("arrow", DASH),
            "better": "Higher is better" if row["better"] == "higher" else "Lower is better",
        },
    }


def _table_cell(value, unit: str) -> str:
    if unit == "text":
        return "" if value is None else str(value)
    return rag.format_value(value, unit) or DASH


def chart_svg(chart: dict) -> str:
    """A chart drawn (matplotlib: a tenth of a second or more each, so the worker draws them
    once and keeps them on the report)."""
    if chart["kind"] == "line":
        return charts.line_chart(
            title=chart["title"],
            series={name: [tuple(p) for p in points] for name, points in chart["series"].items()},
            unit=chart["unit"],
        )
    return charts.bar_chart(
        title=chart["title"],
        bars=[tuple(bar) for bar in chart["bars"]],
        unit=chart["unit"],
        highlight=chart.get("highlight"),
    )


def chart_context(chart: dict, svg: str | None = None) -> dict:
    """A chart's SVG (the kept one if given) and its data table, ready to lay out."""
    svg = svg or chart_svg(chart)
    columns = chart["table"]["columns"]
    rows = [
        [_table_cell(cell, column["unit"]) for cell, column in zip(row, columns, strict=True)]
        for row in chart["table"]["rows"]
    ]
    return {**chart, "svg": mark_safe(svg), "columns": columns, "rows": rows}  # noqa: S308


def charts_kept(report) -> bool:
    """Whether the report keeps a drawing of each of its charts, drawn at today's size."""
    svgs = getattr(report, "chart_svgs", None) or []
    chart_list = (report.content or {}).get("charts", [])
    return len(svgs) == len(chart_list) and all(charts.drawn_now(svg) for svg in svgs)


def paper_context(report) -> dict:
    content = report.content or {}
    names = content.get("comparator_names", [])
    appendix = content.get("appendix") or {"years": [], "rows": []}
    years = appendix.get("years", [])
    chart_list = content.get("charts", [])
    svgs = getattr(report, "chart_svgs", None) or []
    if not charts_kept(report):  # not drawn by the worker yet (or drawn smaller): draw them here
        svgs = [None] * len(chart_list)
    return {
        "report": report,
        "content": content,
        "council": content.get("council") or settings.COUNCIL_NAME,
        "period": content.get("period", {}),
        "previous": content.get("previous", {}),
        "generated_at": content.get("generated_at", ""),
        "names": names,
        "rows": [_display_row(row, names) for row in content.get("kpis", [])],
        "key_messages": content.get("messages", []),
        "previous_snapshot": _day(content.get("previous", {}).get("snapshot")),
        "charts": [chart_context(chart, svg) for chart, svg in zip(chart_list, svgs, strict=True)],
        "appendix": {
            "years": years,
            "rows": [
                {
                    **row,
                    "cells": [_percent(row["values"].get(str(year))) for year in years],
                    "change_shown": _signed(row.get("change")),
                }
                for row in appendix.get("rows", [])
            ],
        },
        "purpose_paragraphs": _paragraphs(report.purpose),
        "recommendation_items": _lines(report.recommendations),
    }


def _percent(value) -> str:
    return rag.format_value(value, "%") or DASH


def _signed(value) -> str:
    if value is None:
        return DASH
    return f"+{value:.1f}" if value > 0 else (f"{MINUS}{abs(value):.1f}" if value < 0 else "0.0")


def paper_html(report, *, for_pdf: bool = False) -> str:
    """The paper as a page of its own: styles inline, no script, nothing fetched."""
    return render_to_string(
        "reporting/board/paper.html", {**paper_context(report), "for_pdf": for_pdf}
    )


def paper_document(report):
    """The paper laid out on pages by WeasyPrint (a weasyprint.Document: its pages and boxes)."""
    # Imported here: WeasyPrint loads Pango, and a server without it still serves the rest.
    import weasyprint

    return weasyprint.HTML(string=paper_html(report, for_pdf=True)).render()


def paper_pdf(report) -> bytes:
    return paper_document(report).write_pdf()


def filename(report, extension: str) -> str:
    period = (report.content or {}).get("period", {}).get("label", "")
    stem = slugify(f"board report {report.title} {period}")[:80] or "board-report"
    return f"{stem}.{extension}"


# The figures for analysts --------------------------------------------------------------------


def _names(report) -> list[str]:
    return (report.content or {}).get("comparator_names", [])


def csv_header(names: list[str]) -> list[str]:
    return [
        "code",
        "kpi",
        "unit",
        "better",
        "baseline",
        "baseline_year",
        "target",
        "tolerance",
        "period",
        "this_period",
        "numerator",
        "denominator",
        "previous_period",
        "last_period",
        "change",
        "trend",
        "improved",
        "statistical_neighbours",
        "england",
        *names,
        "quartile",
        "rag",
        "key_message",
    ]


def _csv_rows(report) -> list[list]:
    content = report.content or {}
    this_label = content.get("period", {}).get("label", "")
    last_label = content.get("previous", {}).get("label", "")
    rows = []
    for row in content.get("kpis", []):
        change = (
            round(row["this"] - row["last"], 2)
            if row.get("this") is not None and row.get("last") is not None
            else None
        )
        trend = row.get("trend") or {}
        rows.append(
            [
                row["code"],
                row["title"],
                row["unit"],
                row["better"],
                row.get("baseline"),
                row.get("baseline_year"),
                row.get("target"),
                row.get("tolerance"),
                this_label,
                row.get("this"),
                row.get("numerator"),
                row.get("denominator"),
                last_label,
                row.get("last"),
                change,
                trend.get("direction"),
                trend.get("improved"),
                row.get("neighbours"),
                row.get("england"),
                *((row.get("named") or {}).get(name) for name in _names(report)),
                row.get("quartile"),
                row.get("rag"),
                row.get("sentence"),
            ]
        )
    return rows


def _safe_text(value):
    """A cell a spreadsheet will not run as a formula (names come from imported files)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def paper_csv(report) -> str:
    """One row per KPI with every column of the table (numbers unformatted, empty if none)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([_safe_text(label) for label in csv_header(_names(report))])
    for row in _csv_rows(report):
        writer.writerow(["" if cell is None else _safe_text(cell) for cell in row])
    return buffer.getvalue()


NUMBER_FORMATS = {"%": "0.0%", "count": "#,##0", "weeks": "0.0", "£": '"£"#,##0'}
POINTS = "+0.0;-0.0;0.0"


def _put(sheet, row: int, column: int, value, unit: str | None = None):
    """Write one cell: a percentage as a fraction formatted 0.0%, text never as a formula."""
    cell = sheet.cell(row=row, column=column)
    if isinstance(value, str):
        cell.value = value
        cell.data_type = "s"
    elif unit == "%" and value is not None:
        cell.value = value / 100
    else:
        cell.value = value
    if unit in NUMBER_FORMATS and not isinstance(value, str):
        cell.number_format = NUMBER_FORMATS[unit]
    return cell


def _sheet_title(title: str, taken: set[str]) -> str:
    name = re.sub(r"[\[\]:*?/\\]", " ", title)[:31].strip() or "Chart"
    base, number = name, 2
    while name.lower() in taken:
        suffix = f" ({number})"
        name, number = base[: 31 - len(suffix)] + suffix, number + 1
    taken.add(name.lower())
    return name


def paper_xlsx(report) -> bytes:
    """Sheets: "KPIs" (the table, with number formats per KPI's unit), "Appendix" (the councils
    over years), one per chart with its data, and "About" (what the figures are)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    content = report.content or {}
    names = _names(report)
    book = Workbook()
    bold = Font(bold=True)

    sheet = book.worksheets[0]  # the one a new Workbook has (its active sheet)
    sheet.title = "KPIs"
    header = csv_header(names)
    for column, label in enumerate(header, start=1):
        _put(sheet, 1, column, label).font = bold
    value_columns = {
        "baseline",
        "target",
        "tolerance",
        "this_period",
        "last_period",
        "statistical_neighbours",
        "england",
        *names,
    }
    for number, (row, data) in enumerate(
        zip(content.get("kpis", []), _csv_rows(report), strict=True), start=2
    ):
        for column, (label, value) in enumerate(zip(header, data, strict=True), start=1):
            if label == "tolerance" and row["unit"] == "%":
                _put(sheet, number, column, value).number_format = "0.0"  # points, not a share
            elif label in value_columns:
                _put(sheet, number, column, value, row["unit"])
            elif label == "change":
                cell = _put(sheet, number, column, value)
                cell.number_format = POINTS if row["unit"] == "%" else "+#,##0.0;-#,##0.0;0"
            elif label in ("numerator", "denominator"):
                _put(sheet, number, column, value, "count")
            else:
                _put(sheet, number, column, value)
    sheet.freeze_panes = "C2"
    _widths(sheet, get_column_letter, {1: 8, 2: 48, len(header): 80})

    appendix = content.get("appendix") or {"years": [], "rows": []}
    years = appendix.get("years", [])
    sheet = book.create_sheet("Appendix")
    _put(sheet, 1, 1, "Pupils with a statement or EHC plan, % of all pupils (January census)")
    sheet.cell(row=1, column=1).font = bold
    labels = ["Council", *[str(year) for year in years]]
    if years:
        labels.append(f"Change {years[0]}-{years[-1]} (points)")
    for column, label in enumerate(labels, start=1):
        _put(sheet, 2, column, label).font = bold
    for number, row in enumerate(appendix.get("rows", []), start=3):
        name = _put(sheet, number, 1, row["name"])
        if row.get("own"):
            name.font = bold
        for column, year in enumerate(years, start=2):
            _put(sheet, number, column, row["values"].get(str(year)), "%")
        if years:
            cell = _put(sheet, number, len(years) + 2, row.get("change"))
            cell.number_format = POINTS
    _widths(sheet, get_column_letter, {1: 28})

    taken = {"kpis", "appendix", "about"}
    for chart in content.get("charts", []):
        sheet = book.create_sheet(_sheet_title(chart["title"], taken))
        _put(sheet, 1, 1, chart["title"]).font = bold
        columns = chart["table"]["columns"]
        for column, spec in enumerate(columns, start=1):
            _put(sheet, 2, column, spec["label"] or "Category").font = bold
        for number, row in enumerate(chart["table"]["rows"], start=3):
            for column, (value, spec) in enumerate(zip(row, columns, strict=True), start=1):
                _put(sheet, number, column, value, None if spec["unit"] == "text" else spec["unit"])
        _widths(sheet, get_column_letter, {1: 36})

    sheet = book.create_sheet("About")
    period, previous = content.get("period", {}), content.get("previous", {})
    facts = [
        ("Council", content.get("council", "")),
        ("Subject", report.title),
        ("Report to", report.report_to),
        ("Meeting date", report.meeting_date.isoformat() if report.meeting_date else ""),
        ("Reporting officer", report.reporting_officer),
        ("Period", f"{period.get('start', '')} to {period.get('end', '')}"),
        ("Caseload snapshot", period.get("snapshot", "")),
        ("Previous period", f"{previous.get('start', '')} to {previous.get('end', '')}"),
        ("Compared with", ", ".join(names) or "Statistical neighbours and England"),
        ("Figures computed", content.get("generated_at", "")),
        (
            "Percentages",
            "Shares are stored as fractions formatted as percentages; changes in shares are "
            "in percentage points.",
        ),
    ]
    for number, (label, value) in enumerate(facts, start=1):
        _put(sheet, number, 1, label).font = bold
        _put(sheet, number, 2, value).alignment = Alignment(wrap_text=True)
    _widths(sheet, get_column_letter, {1: 20, 2: 80})

    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _widths(sheet, letter, fixed: dict[int, int]) -> None:
    for column in range(1, sheet.max_column + 1):
        sheet.column_dimensions[letter(column)].width = fixed.get(column, 14)
