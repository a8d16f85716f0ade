"""The reads the dashboard and the board report use, and the Stockport comparison table."""

from decimal import Decimal

import pytest

from reporting.kpis.population import council_population
from reporting.reference.importing import import_comparators, import_population
from reporting.reference.selectors import (
    comparators_for,
    percent_of,
    population,
    prevalence_table,
    reference_summary,
    targets_for,
)
from tests.factories import ComparatorFactory, PopulationCountFactory, TargetFactory

pytestmark = pytest.mark.django_db

STOCKPORT_FIRST = ["Stockport", "Bury", "Sefton", "Trafford", "Solihull", "Southend-on-Sea"]


def test_targets_for_a_year():
    TargetFactory(kpi="T20", year=2025, value=60, tolerance=5)
    TargetFactory(kpi="AR", year=2025, value=85)
    TargetFactory(kpi="T20", year=2024, value=55)
    targets = targets_for(2025)
    assert sorted(targets) == ["AR", "T20"]
    assert targets["T20"].value == Decimal("60.00") and targets["T20"].tolerance == 5
    assert targets_for(2023) == {}


def test_comparators_for_a_year_with_named_councils():
    import_comparators(
        data=(
            b"kpi,year,area,area_name,value\n"
            b"T20,2024,england,,46.4\n"
            b"T20,2024,neighbours,,52\n"
            b"T20,2024,council,Halton,61.5\n"
            b"T20,2024,council,Wigan,40\n"
            b"T20,2024,council,Bury,45\n"
            b"T20,2024,region,North West,50\n"
            b"T20,2023,england,,50.3\n"
            b"AR,2024,council,Halton,70\n"
        )
    )
    values = comparators_for(year=2024, names=["wigan", "Halton"])
    assert values["T20"] == {
        "neighbours": Decimal("52.00"),
        "england": Decimal("46.40"),
        "regions": {"North West": Decimal("50.00")},
        "councils": {"Wigan": Decimal("40.00"), "Halton": Decimal("61.50")},
    }
    assert list(values["T20"]["councils"]) == ["Wigan", "Halton"]  # in the order asked
    assert values["AR"] == {
        "neighbours": None,
        "england": None,
        "regions": {},
        "councils": {"Halton": Decimal("70.00")},
    }
    # Without names, no named council (England, neighbours and regions only).
    assert comparators_for(year=2024)["T20"]["councils"] == {}
    assert "AR" not in comparators_for(year=2024)
    assert comparators_for(year=2023)["T20"]["england"] == Decimal("50.30")
    assert comparators_for(year=2022) == {}


def test_population_and_the_councils_own_count(settings):
    settings.COUNCIL_NAME = "Demo Borough Council"
    settings.LA_CODE = "999"
    PopulationCountFactory(la_name="Demo Borough Council", year=2025, pupils=30000)
    PopulationCountFactory(la_name="Demo Borough Council", year=2025, phase="primary", pupils=16000)
    PopulationCountFactory(
        la_name="Old name of the council", la_code="999", year=2024, pupils=29000
    )
    assert population(la_name="demo borough council", year=2025).pupils == 30000
    assert population(la_name="Demo Borough Council", year=2023) is None
    assert council_population(2025).pupils == 30000  # by name, phase "all"
    assert council_population(2024).pupils == 29000  # by LA code
    assert council_population(2023) is None


def test_the_stockport_comparison_table(stockport_bytes):
    import_population(data=stockport_bytes)
    table = prevalence_table(names=STOCKPORT_FIRST)
    assert table["years"] == [2000, 2002, 2003, 2004, 2005]
    assert [row["name"] for row in table["rows"]] == STOCKPORT_FIRST
    stockport, bury, sefton, trafford = table["rows"][:4]
    assert [c["percent"] for c in stockport["cells"]] == [
        Decimal(p) for p in ("2.5", "2.8", "2.9", "3.1", "3.3")
    ]
    # The "overall" column of the appendix: Stockport +0.8, Sefton -1.0 percentage points.
    assert stockport["change"] == Decimal("0.8")
    assert sefton["change"] == Decimal("-1.0")
    # The three cells where the rounded counts give a figure 0.1 off the published one.
    assert [c["year"] for c in bury["cells"] if c["differs"]] == [2004, 2005]
    assert [c["year"] for c in trafford["cells"] if c["differs"]] == [2002]
    bury_2004 = bury["cells"][3]
    assert (bury_2004["percent"], bury_2004["published"]) == (Decimal("3.1"), Decimal("3.00"))
    all_cells = [c for row in prevalence_table()["rows"] for c in row["cells"]]
    assert len(all_cells) == 55
    assert sum(1 for c in all_cells if not c["differs"]) == 52


def test_the_table_over_chosen_years_with_a_gap(stockport_bytes):
    import_population(data=stockport_bytes)
    PopulationCountFactory(la_name="Wigan", year=2005, pupils=40000, with_plan=1000)
    table = prevalence_table(names=["Wigan", "Stockport", "Nowhere"], years=[2005, 2000])
    assert table["years"] == [2000, 2005]
    wigan, stockport = table["rows"]  # a council with no counts is left out
    assert wigan["name"] == "Wigan"
    assert wigan["cells"][0] is None
    assert wigan["cells"][1]["percent"] == Decimal("2.5")
    assert wigan["cells"][1]["published"] is None and wigan["cells"][1]["differs"] is False
    assert wigan["change"] is None  # no 2000 figure
    assert stockport["change"] == Decimal("0.8")


def test_the_councils_own_row_comes_first(settings):
    settings.COUNCIL_NAME = "Zeta Council"
    for name in ("Alpha", "Zeta Council"):
        PopulationCountFactory(la_name=name, year=2025, pupils=1000, with_plan=30)
    assert [row["name"] for row in prevalence_table()["rows"]] == ["Zeta Council", "Alpha"]


def test_the_summary_counts_each_kind_by_year(stockport_bytes):
    import_population(data=stockport_bytes)
    TargetFactory(kpi="T20", year=2005, value=60)
    ComparatorFactory(kpi="T20", year=2024, area="england", value=46)
    summary = reference_summary()
    assert summary[0] == {"year": 2024, "population": 0, "comparators": 1, "targets": 0}
    assert summary[1] == {"year": 2005, "population": 11, "comparators": 11, "targets": 1}
    assert [row["year"] for row in summary] == [2024, 2005, 2004, 2003, 2002, 2000]


def test_percentages_round_half_up_as_published_tables_do():
    assert percent_of(1, 400) == Decimal("0.3")  # 0.25: half up, not to even
    assert percent_of(3, 8) == Decimal("37.5")
    assert percent_of(None, 100) is None and percent_of(5, 0) is None
