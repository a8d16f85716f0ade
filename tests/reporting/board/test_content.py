"""The report's content from hand-made data: this period and last, targets, comparators,
quartile, trend, key messages, chart data and the Stockport-style appendix."""

import json
from datetime import date

import pytest

from reporting.board import periods
from reporting.board.content import (
    APPENDIX_YEARS,
    appendix_table,
    build_report_content,
    comparator_names,
)
from reporting.kpis.base import Period, ordered
from reporting.models import Area
from tests.factories import ComparatorFactory, PopulationCountFactory

from .conftest import new_report

pytestmark = pytest.mark.django_db


def row_of(content, code):
    return next(row for row in content["kpis"] if row["code"] == code)


# Periods ------------------------------------------------------------------------------------


def test_census_day_is_the_third_thursday_of_january():
    assert periods.census_day(2025) == date(2025, 1, 16)
    assert periods.census_day(2024) == date(2024, 1, 18)
    assert periods.census_day(2026) == date(2026, 1, 15)


@pytest.mark.parametrize(
    ("period", "before", "label"),
    [
        (
            Period(date(2024, 1, 1), date(2024, 12, 31), date(2025, 1, 16)),
            Period(date(2023, 1, 1), date(2023, 12, 31), date(2024, 1, 16)),
            "2024",
        ),
        (
            Period.financial_year(2024),
            Period(date(2023, 4, 1), date(2024, 3, 31), date(2024, 3, 31)),
            "2024-25",
        ),
        (
            Period.academic_year(2023),
            Period(date(2022, 9, 1), date(2023, 8, 31), date(2023, 8, 31)),
            "2023-24",
        ),
        (  # a quarter: the quarter before
            Period(date(2024, 4, 1), date(2024, 6, 30), date(2024, 6, 30)),
            Period(date(2024, 1, 1), date(2024, 3, 31), date(2024, 3, 31)),
            "Apr 2024 to Jun 2024",
        ),
        (  # February in a leap year: January
            Period(date(2024, 2, 1), date(2024, 2, 29), date(2024, 2, 29)),
            Period(date(2024, 1, 1), date(2024, 1, 31), date(2024, 1, 31)),
            "Feb 2024",
        ),
        (  # odd dates: the same number of days just before
            Period(date(2024, 3, 10), date(2024, 3, 19), date(2024, 3, 19)),
            Period(date(2024, 2, 29), date(2024, 3, 9), date(2024, 3, 9)),
            "10 Mar 2024 to 19 Mar 2024",
        ),
    ],
)
def test_previous_period_and_labels(period, before, label):
    assert periods.previous(period) == before
    assert periods.short_label(period) == label


def test_period_for_each_kind():
    assert periods.period_for(periods.CALENDAR, 2024) == Period(
        date(2024, 1, 1), date(2024, 12, 31), date(2025, 1, 16)
    )
    assert periods.period_for(periods.FINANCIAL, 2024).snapshot == date(2025, 3, 31)
    assert periods.period_for(periods.ACADEMIC, 2024).end == date(2025, 8, 31)
    custom = periods.period_for(periods.CUSTOM, start=date(2024, 5, 1), end=date(2024, 5, 20))
    assert custom.snapshot == date(2024, 5, 20)
    assert periods.long_label(Period.financial_year(2024)) == "the financial year 2024-25"
    assert periods.year_of(Period.financial_year(2024)) == 2024


def test_five_years_back_keeps_the_period_shape():
    shifted = periods.shift_months(Period.financial_year(2024), -48)
    assert shifted == Period.financial_year(2020)
    leap = Period(date(2024, 2, 1), date(2024, 2, 29), date(2024, 2, 29))
    assert periods.shift_months(leap, -12).end == date(2023, 2, 28)


# The KPI table ------------------------------------------------------------------------------


def test_every_kpi_this_period_and_last(stockport, plans, reference):
    report = new_report()
    content = build_report_content(report)
    assert json.loads(json.dumps(content)) == content  # JSON all the way down
    codes = [row["code"] for row in content["kpis"]]
    assert codes == [k.code for k in ordered() if k.code not in ("NEED", "AGE")]
    t20 = row_of(content, "T20X")
    assert (t20["this"], t20["numerator"], t20["denominator"]) == (50.0, 1, 2)
    assert t20["last"] == 100.0  # the 2023 plan, on day 120
    assert t20["trend"]["direction"] == "down" and t20["trend"]["improved"] is False
    assert (t20["target"], t20["tolerance"]) == (60.0, 5.0)
    assert (t20["baseline"], t20["baseline_year"]) == (45.0, 2022)  # carried from 2022
    assert (t20["neighbours"], t20["england"]) == (55.0, 46.4)
    assert t20["named"] == {"Bury": 40.0, "Sefton": 60.0}
    # 50 among Bury 40, Sefton 60, Trafford 70: rank 3 of 4.
    assert t20["quartile"] == 3
    assert t20["rag"] == "red" and t20["rag_label"] == "Red"  # 10 points short, tolerance 5
    assert t20["sentence"] == (
        "The share of new EHC plans issued within 20 weeks (excluding exceptions) fell from 100.0% "
        "in 2023 to 50.0%, "
        "above the England average of 46.4% but below the statistical neighbour average of "
        "55.0% and short of the 60% target."
    )
    new = row_of(content, "NEW")
    assert (new["this"], new["last"], new["target"], new["rag"]) == (2, 1, 3.0, "green")
    assert new["trend"] == {
        "direction": "up",
        "improved": False,
        "arrow": "↑",
        "words": "Up, worse",
    }
    n = row_of(content, "N")
    assert (n["this"], n["last"], n["england"], n["quartile"]) == (3, 1, 1234.0, None)
    assert row_of(content, "REQ")["rag"] == "grey"  # no target
    assert content["period"] == {
        "start": "2024-01-01",
        "end": "2024-12-31",
        "snapshot": "2025-01-16",
        "label": "2024",
        "long_label": "the calendar year 2024",
        "year": 2024,
    }
    assert content["previous"]["snapshot"] == "2024-01-16"
    assert content["council"] == "Stockport Metropolitan Borough Council"


def test_key_messages_most_notable_first(stockport, plans, reference):
    content = build_report_content(new_report())
    messages = content["messages"]
    assert 5 <= len(messages) <= 8
    # T20X fell 50 points and is red: the most notable.
    assert messages[0]["code"] == "T20X"
    assert messages[0]["rag"] == "red"
    assert messages[0]["text"].startswith(
        "The share of new EHC plans issued within 20 weeks (excluding exceptions) fell"
    )
    codes = [message["code"] for message in messages]
    assert len(codes) == len(set(codes))
    assert "NEED" not in codes and "AGE" not in codes


def test_progress_is_reported_after_each_kpi(stockport, plans, reference):
    calls = []
    build_report_content(new_report(), progress=lambda done, total: calls.append((done, total)))
    total = len(ordered()) + 2
    assert calls[0] == (0, total)
    assert calls[-1] == (total, total)
    assert [done for done, _ in calls] == list(range(total + 1))
    assert {t for _, t in calls} == {total}


def test_a_period_with_nothing_in_it(db, settings):
    report = new_report(
        period_start=date(2010, 1, 1), period_end=date(2010, 12, 31), snapshot=date(2011, 1, 20)
    )
    content = build_report_content(report)
    t20 = row_of(content, "T20X")
    assert (t20["this"], t20["last"], t20["rag"], t20["quartile"]) == (None, None, "grey", None)
    assert t20["trend"]["direction"] is None
    assert content["appendix"] == {"years": [], "rows": []}
    assert [chart["key"] for chart in content["charts"]] == ["t20x", "n", "new"]


# Charts -------------------------------------------------------------------------------------


def test_chart_data_over_five_years(stockport, plans, reference):
    charts = {chart["key"]: chart for chart in build_report_content(new_report())["charts"]}
    t20 = charts["t20x"]
    council = "Stockport Metropolitan Borough Council"
    assert t20["kind"] == "line" and t20["unit"] == "%"
    assert t20["series"][council] == [
        ["2020", None],
        ["2021", None],
        ["2022", None],
        ["2023", 100.0],
        ["2024", 50.0],
    ]
    assert t20["series"]["England"][-2:] == [["2023", 50.3], ["2024", 46.4]]
    assert t20["series"]["Statistical neighbours"][2] == ["2022", 58.0]
    assert t20["table"]["columns"][0] == {"label": "Period", "unit": "text"}
    assert t20["table"]["rows"][-1] == ["2024", 50.0, 55.0, 46.4]
    assert charts["n"]["series"][council][-2:] == [["2023", 1], ["2024", 3]]
    assert charts["new"]["kind"] == "bar"
    assert charts["new"]["bars"][-2:] == [["2023", 1], ["2024", 2]]
    need = charts["need"]
    assert need["bars"] == [["Autistic spectrum disorder", 100.0]]
    assert need["table"]["rows"] == [["Autistic spectrum disorder", 3, 100.0]]
    prevalence = charts["prevalence"]
    assert prevalence["highlight"] == "Stockport"
    assert prevalence["title"] == "Pupils with a statement or EHC plan, January 2005"
    assert prevalence["bars"][0] == ["Stockport", 3.3]


def test_no_comparator_series_without_values(plans, db):
    charts = {chart["key"]: chart for chart in build_report_content(new_report())["charts"]}
    assert list(charts["t20x"]["series"]) == ["Demo Borough Council"]


# The appendix -------------------------------------------------------------------------------


def test_appendix_reproduces_stockports_table(stockport):
    table = appendix_table(names=[], up_to=2025)
    assert table["years"] == [2000, 2002, 2003, 2004, 2005]
    names = [row["name"] for row in table["rows"]]
    assert names[0] == "Stockport"  # the council itself first (matched by its LA code)
    assert names[1:] == sorted(names[1:])
    stockport_row = table["rows"][0]
    assert stockport_row["own"] is True
    assert stockport_row["values"] == {
        "2000": 2.5,
        "2002": 2.8,
        "2003": 2.9,
        "2004": 3.1,
        "2005": 3.3,
    }
    assert stockport_row["counts"]["2000"] == [1250, 49460]
    change = {row["name"]: row["change"] for row in table["rows"]}
    assert change["Stockport"] == 0.8  # as published: +0.8
    assert change["Sefton"] == -1.0  # as published: minus 1.0
    assert change["Bury"] == round(100 * (910 / 30890 - 920 / 32300), 1)


def test_appendix_for_chosen_councils_and_years(stockport):
    PopulationCountFactory(la_name="Bury", year=2006, pupils=30000, with_plan=900)
    PopulationCountFactory(la_name="Bury", year=1999, pupils=30000, with_plan=None)
    table = appendix_table(names=["Bury", "Sefton"], up_to=2005)
    assert [row["name"] for row in table["rows"]] == ["Stockport", "Bury", "Sefton"]
    assert table["years"] == [2000, 2002, 2003, 2004, 2005]  # 2006 is after the snapshot
    for year in range(2006, 2012):
        PopulationCountFactory(la_name="Sefton", year=year, pupils=1000, with_plan=30)
    table = appendix_table(names=["Sefton"], up_to=2030)
    assert table["years"] == list(range(2006, 2012))[-APPENDIX_YEARS:]
    sefton = next(row for row in table["rows"] if row["name"] == "Sefton")
    assert sefton["values"]["2011"] == 3.0 and sefton["change"] == 0.0
    # Only councils with a figure in the span are listed.
    assert [row["name"] for row in table["rows"]] == ["Sefton"]
    PopulationCountFactory(la_name="Stockport", la_code="356", year=2009, pupils=1000, with_plan=40)
    stockport_row = appendix_table(names=["Sefton"], up_to=2030)["rows"][0]
    assert stockport_row["name"] == "Stockport" and stockport_row["own"] is True
    assert stockport_row["values"] == {"2009": 4.0} and stockport_row["change"] is None


def test_comparator_names_leave_out_the_council(stockport):
    ComparatorFactory(kpi="T20X", year=2024, area=Area.COUNCIL, area_name="Wigan", value=50)
    ComparatorFactory(
        kpi="T20X", year=2024, area=Area.COUNCIL, area_name=stockport.COUNCIL_NAME, value=50
    )
    names = comparator_names()
    assert "Wigan" in names and "Bury" in names
    assert "Stockport" not in names and stockport.COUNCIL_NAME not in names
    assert names == sorted(names)
