"""The board paper's PDF laid out for reading: the demo council's report for 2024, as the
committee gets it, measured on WeasyPrint's own page boxes (what the PDF is drawn from).

Before (issue 19.12) the KPI table ran at portrait width across four landscape pages and each
figure wasted most of a page: ten pages for this report, fourteen for a larger council."""

from dataclasses import dataclass, field
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from weasyprint.formatting_structure import boxes

from reporting.board import render
from reporting.board.content import build_report_content
from reporting.models import BoardReport

pytestmark = pytest.mark.django_db

MM = 96 / 25.4  # CSS px in a millimetre
A4_PORTRAIT_TEXT_WIDTH = (210 - 2 * 16) * MM  # the paper's portrait page between its margins
MOST_PAGES = 8


@dataclass
class Page:
    number: int
    width: float
    height: float
    text: int = 0  # characters of text, the charts' words not counted
    lowest: float = 0.0  # how far down the page the content reaches
    ids: set = field(default_factory=set)
    charts: set = field(default_factory=set)  # ids of the figures whose SVG is on this page
    kpi_table_width: float = 0.0

    @property
    def filled(self) -> float:
        return self.lowest / self.height


def _walk(box, figure=None):
    """Every box under `box`, each with the id of the <figure> it is in (or None)."""
    element = getattr(box, "element", None)
    if element is not None and element.tag == "figure":
        figure = element.get("id")
    yield box, figure
    for child in getattr(box, "children", None) or []:
        yield from _walk(child, figure)


def _pages(document) -> list[Page]:
    pages = []
    for number, laid_out in enumerate(document.pages, start=1):
        page = Page(number, laid_out.width, laid_out.height)
        page_box = laid_out._page_box
        root = page_box.children[0]  # the document's box; the running header and footer follow
        for box, figure in _walk(root):
            element = getattr(box, "element", None)
            if isinstance(box, boxes.TextBox):
                page.text += len(box.text.strip())
            if isinstance(box, boxes.TextBox | boxes.ReplacedBox):
                page.lowest = max(page.lowest, box.position_y + box.margin_height())
            if isinstance(box, boxes.ReplacedBox) and box.element_tag.endswith("svg"):
                page.charts.add(figure)
            if element is not None and element.get("id") and isinstance(box, boxes.ParentBox):
                page.ids.add(element.get("id"))
            if isinstance(box, boxes.TableBox) and "board-kpi-table" in (
                element.get("class") or ""
            ):
                page.kpi_table_width = box.width
        pages.append(page)
    return pages


@pytest.fixture
def demo_report(settings):
    """The demo council (60 children: every chart has bars and lines) and its 2024 paper."""
    call_command("seed_demo", children=60, stdout=StringIO())
    report = BoardReport.objects.create(
        title="SEND performance",
        report_to="Children and Young People Scrutiny Committee",
        reporting_officer="Head of SEND",
        period_start=date(2024, 1, 1),
        period_end=date(2024, 12, 31),
        snapshot=date(2025, 1, 16),
        purpose="To report on the SEND service's performance in 2024.",
        recommendations="That the committee notes the report.",
    )
    report.content = build_report_content(report)
    report.status = BoardReport.Status.READY
    report.save()
    return report


def test_the_pdf_has_a_landscape_kpi_table_figures_with_their_tables_and_no_empty_pages(
    demo_report,
):
    pages = _pages(render.paper_document(demo_report))
    kpi_codes = [row["code"] for row in demo_report.content["kpis"]]
    assert len(kpi_codes) > 20

    # Bounded: the paper is a committee paper, not a print-out of a database.
    assert len(pages) <= MOST_PAGES, [(p.number, round(p.filled, 2)) for p in pages]

    # The KPI table is on landscape pages and uses their width (not a portrait column's), so a
    # page holds a good run of indicators rather than four.
    kpi_pages = [p for p in pages if any(f"kpi-{code}" in p.ids for code in kpi_codes)]
    assert kpi_pages
    for page in kpi_pages:
        assert page.width > page.height, f"page {page.number} is portrait"
        assert page.kpi_table_width > A4_PORTRAIT_TEXT_WIDTH * 1.3, page.kpi_table_width
    for page in kpi_pages[:-1]:
        rows = sum(f"kpi-{code}" in page.ids for code in kpi_codes)
        assert rows >= 10, f"page {page.number} holds {rows} indicators"

    # Each figure's chart is on the page where its number and table start.
    charts = [f"chart-{chart['key']}" for chart in demo_report.content["charts"]]
    assert len(charts) >= 5
    for chart in charts:
        holding = [p.number for p in pages if chart in p.charts]
        starting = [p.number for p in pages if chart in p.ids]
        assert len(holding) == 1 and holding[0] == starting[0], (chart, holding, starting)

    # No empty or near-empty page: each reaches at least a third of the way down, and the
    # last, which may be short, carries more than a stray line.
    for page in pages[:-1]:
        assert page.filled >= 1 / 3, f"page {page.number} is {page.filled:.0%} full"
    assert pages[-1].text >= 200 or pages[-1].charts
