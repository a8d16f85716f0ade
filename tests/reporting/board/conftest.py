"""A small council with plans issued in 2023 and 2024, targets, comparators and the Stockport
census counts (Appendix 2 of its SEN policy framework), and board reports built from them."""

import csv
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from reporting.board.content import build_report_content
from reporting.models import Area, BoardReport
from tests.data import STOCKPORT_CSV
from tests.factories import (
    BoardReportFactory,
    ComparatorFactory,
    PopulationCountFactory,
    TargetFactory,
)
from tests.reporting.test_kpis import issued_after


def stockport_rows() -> dict[str, list[tuple[int, int, int]]]:
    """Stockport's published table (the repository's copy, reporting/reference/data)."""
    rows: dict[str, list] = {}
    with STOCKPORT_CSV.open(newline="") as file:
        for row in csv.DictReader(file):
            rows.setdefault(row["la_name"], []).append(
                (int(row["year"]), int(row["total_pupils"]), int(row["pupils_with_statements"]))
            )
    return rows


@pytest.fixture(autouse=True)
def spring_2025(time_machine):
    time_machine.move_to(datetime(2025, 3, 1, 12, tzinfo=ZoneInfo("Europe/London")), tick=False)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """The downloads the worker stores go to a folder of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def stockport(settings):
    """The council is Stockport (LA 356); the census counts of it and its comparators."""
    settings.COUNCIL_NAME = "Stockport Metropolitan Borough Council"
    settings.LA_CODE = "356"
    for name, years in stockport_rows().items():
        for year, pupils, with_plan in years:
            PopulationCountFactory(
                la_name=name,
                la_code="356" if name == "Stockport" else "",
                year=year,
                pupils=pupils,
                with_plan=with_plan,
            )
    return settings


@pytest.fixture
def plans(caseworker, team):
    """2024: one plan on day 140 (in time), one on day 141 (late); 2023: one on day 120."""
    return [
        issued_after(140, by=caseworker, team=team, received=date(2024, 1, 8)),
        issued_after(141, by=caseworker, team=team, received=date(2024, 1, 8)),
        issued_after(120, by=caseworker, team=team, received=date(2023, 3, 1)),
    ]


@pytest.fixture
def reference(db):
    """T20X's target for 2024 (60%, tolerance 5, baseline 45% in 2022) and comparators."""
    TargetFactory(kpi="T20X", year=2022, value=40, baseline=45, baseline_year=2022)
    TargetFactory(kpi="T20X", year=2024, value=60, tolerance=5)
    TargetFactory(kpi="NEW", year=2024, value=3, tolerance=0)
    for kpi, year, area, name, value in [
        ("T20X", 2024, Area.STATISTICAL_NEIGHBOURS, "", 55),
        ("T20X", 2024, Area.ENGLAND, "", 46.4),
        ("T20X", 2023, Area.ENGLAND, "", 50.3),
        ("T20X", 2022, Area.STATISTICAL_NEIGHBOURS, "", 58),
        ("T20X", 2024, Area.COUNCIL, "Bury", 40),
        ("T20X", 2024, Area.COUNCIL, "Sefton", 60),
        ("T20X", 2024, Area.COUNCIL, "Trafford", 70),
        ("N", 2024, Area.ENGLAND, "", 1234),
    ]:
        ComparatorFactory(kpi=kpi, year=year, area=area, area_name=name, value=value)


def new_report(**fields) -> BoardReport:
    """The 2024 paper, not yet saved, with its words filled in."""
    values = {
        "comparator_names": ["Bury", "Sefton"],
        "purpose": "To report on the SEND service's performance in 2024.",
        "recommendations": "1. That the committee notes the report.\n"
        "2. That the committee asks for an action plan on timeliness.",
    }
    return BoardReportFactory.build(**{**values, **fields})


@pytest.fixture
def built_report(stockport, plans, reference, head_of_service):
    report = new_report(requested_by=head_of_service)
    report.content = build_report_content(report)
    report.status = BoardReport.Status.READY
    report.steps = report.progress = 1
    report.save()
    return report


@pytest.fixture
def stored_report(built_report):
    """A built report whose four downloads the worker has made and stored."""
    from reporting.board.files import store_files

    assert store_files(built_report.pk) == "stored"
    built_report.refresh_from_db()
    return built_report


@pytest.fixture
def no_rendering(monkeypatch):
    """Any rendering in this process fails the test: downloads stream stored files."""
    from reporting.board import render

    def refuse(*args, **kwargs):
        raise AssertionError("a download rendered the paper")

    for name in ("paper_pdf", "paper_html", "paper_csv", "paper_xlsx"):
        monkeypatch.setattr(render, name, refuse)


def body(response) -> bytes:
    """A download's bytes, streamed (FileResponse) or not."""
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content
