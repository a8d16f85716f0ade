"""The three CSV imports: good files, every kind of bad line, all or nothing, re-imports, and
Stockport's appendix as population and comparator data."""

from decimal import Decimal

import pytest

from reporting.models import Area, Comparator, PopulationCount, Target
from reporting.reference.importing import (
    ImportRefused,
    import_comparators,
    import_population,
    import_targets,
    template_csv,
)
from reporting.reference.selectors import percent_of

pytestmark = pytest.mark.django_db

POPULATION = (
    "la_name,la_code,year,phase,pupils,with_plan,sen_support\n"
    "Demo Borough Council,999,2024,all,30150,1450,4120\n"
    "Demo Borough Council,999,2025,,30400,1520,4300\n"
    "Demo Borough Council,999,2025,primary,16000,600,\n"
    "Halton,876,2016,All phases,17822,369,2773\n"
)


def refused_lines(importer, text: str | bytes, **kwargs) -> list[str]:
    data = text.encode() if isinstance(text, str) else text
    with pytest.raises(ImportRefused) as refused:
        importer(data=data, **kwargs)
    return refused.value.lines


# --- population ------------------------------------------------------------------------------


def test_a_good_population_file_adds_every_row():
    result = import_population(data=POPULATION.encode())
    assert (result.created, result.updated, result.unchanged) == (4, 0, 0)
    assert result.comparators is None  # no published percentages in this file
    halton = PopulationCount.objects.get(la_name="Halton")
    assert (halton.year, halton.phase, halton.pupils, halton.with_plan, halton.sen_support) == (
        2016,
        "all",
        17822,
        369,
        2773,
    )
    primary = PopulationCount.objects.get(year=2025, phase="primary")
    assert (primary.pupils, primary.with_plan, primary.sen_support) == (16000, 600, None)
    assert PopulationCount.objects.get(year=2025, phase="all").la_code == "999"


def test_reimporting_updates_in_place_and_creates_no_duplicates():
    import_population(data=POPULATION.encode())
    again = import_population(data=POPULATION.encode())
    assert (again.created, again.updated, again.unchanged) == (0, 0, 4)
    changed = POPULATION.replace("Halton,876,2016,All phases,17822", "halton,876,2016,all,17900")
    result = import_population(data=changed.encode())
    assert (result.created, result.updated, result.unchanged) == (0, 1, 3)
    assert PopulationCount.objects.count() == 4
    halton = PopulationCount.objects.get(year=2016)
    assert (halton.la_name, halton.pupils) == ("halton", 17900)


def test_a_bad_population_file_lists_every_bad_line_and_imports_nothing():
    import_population(data=POPULATION.encode())
    before = list(PopulationCount.objects.values_list("la_name", "year", "phase", "pupils"))
    bad = (
        "la_name,la_code,year,phase,pupils,with_plan,sen_support\n"
        "Wigan,359,2025,all,40000,1200,5000\n"  # 2: fine
        ",359,2025,all,40000,,\n"  # 3: no council
        "Wigan,359,1850,all,40000,,\n"  # 4: year out of range
        "Wigan,359,2024,all,-5,,\n"  # 5: negative pupils
        "Wigan,359,2023,all,1000,1200,\n"  # 6: more with a plan than pupils
        "Wigan,359,2022,infant,1000,,\n"  # 7: unknown phase
        "Wigan,35,2021,all,lots,,\n"  # 8: bad LA code and not a number
        "Wigan,359,2025,all,40100,,\n"  # 9: same council, year and phase as line 2
        "Wigan,359,2020,all,1000,600,600\n"  # 10: plan + support over the pupils
        "Wigan,359,2019,all,,,\n"  # 11: no pupils
        "\n"
    )
    lines = refused_lines(import_population, bad)
    assert [line.split(":")[0] for line in lines] == [f"Line {n}" for n in range(3, 12)]
    assert lines[0] == "Line 3: the la_name is missing"
    assert "the year '1850' is not a year from 1990" in lines[1]
    assert lines[2] == "Line 5: the pupils -5 is negative"
    assert lines[3] == "Line 6: with_plan 1200 is more than the 1000 pupils"
    assert "unknown phase 'infant'" in lines[4]
    assert "the la_code '35' is not 3 digits" in lines[5]
    assert "the pupils 'lots' is not a whole number" in lines[5]
    assert lines[6] == "Line 9: Wigan 2025 (all) is also on line 2"
    assert lines[7] == "Line 10: with_plan and sen_support add up to more than the 1000 pupils"
    assert lines[8] == "Line 11: the pupils is missing"
    after = list(PopulationCount.objects.values_list("la_name", "year", "phase", "pupils"))
    assert after == before
    assert not PopulationCount.objects.filter(la_name="Wigan").exists()


def test_missing_columns_are_named():
    lines = refused_lines(import_population, "council,phase,with_plan\nWigan,all,3\n")
    assert lines == [
        "Line 1: the header row has no columns year, pupils "
        "(expected la_name, la_code, year, phase, pupils, with_plan, sen_support)"
    ]
    lines = refused_lines(import_targets, "kpi,year\nT20,2025\n")
    assert lines[0].startswith("Line 1: the header row has no column value (expected kpi,")


@pytest.mark.parametrize(
    "data, message",
    [
        (b"", "The file is empty"),
        (b"  \n", "The file is empty"),
        ("la_name,year,pupils\nSaint-Étienne,2025,100\n".encode("latin-1"), "not UTF-8"),
        (b"la_name,year,pupils\n", "header row but no school population counts"),
        (b"x" * (2 * 1024 * 1024 + 1), "larger than 2 MB"),
    ],
)
def test_files_that_cannot_be_read_are_refused_clearly(data, message):
    lines = refused_lines(import_population, data)
    assert message in lines[0]
    assert not PopulationCount.objects.exists()


def test_a_byte_order_mark_spaced_headers_and_blank_lines_are_fine():
    data = '\ufeffLA name , Year,Total pupils\r\n\r\nWigan,2025,"40,100"\r\n,,\r\n'
    result = import_population(data=data.encode())
    assert result.created == 1
    assert PopulationCount.objects.get().pupils == 40100


# --- Stockport's appendix --------------------------------------------------------------------


def test_stockport_imports_as_population_and_prev_comparators(stockport_bytes):
    result = import_population(data=stockport_bytes, source="Stockport appendix 2")
    assert (result.created, result.updated, result.unchanged) == (55, 0, 0)
    assert (result.comparators.created, result.comparators.updated) == (55, 0)
    assert PopulationCount.objects.count() == 55
    assert PopulationCount.objects.values("la_name").distinct().count() == 11
    prev = Comparator.objects.filter(kpi="PREV", area=Area.COUNCIL)
    assert prev.count() == 55 == Comparator.objects.count()
    stockport_2005 = PopulationCount.objects.get(la_name="Stockport", year=2005)
    assert (stockport_2005.pupils, stockport_2005.with_plan, stockport_2005.phase) == (
        46770,
        1560,
        "all",
    )
    sefton = prev.get(area_name="Sefton", year=2000)
    assert (sefton.value, sefton.source) == (Decimal("3.20"), "Stockport appendix 2")
    # Recomputing the percentage from the (rounded) counts matches 52 of the 55 cells.
    published = {(c.area_name, c.year): c.value for c in prev}
    differ = sorted(
        (count.la_name, count.year)
        for count in PopulationCount.objects.all()
        if percent_of(count.with_plan, count.pupils) != published[(count.la_name, count.year)]
    )
    assert differ == [("Bury", 2004), ("Bury", 2005), ("Trafford", 2002)]
    for name, year in differ:
        count = PopulationCount.objects.get(la_name=name, year=year)
        gap = percent_of(count.with_plan, count.pupils) - published[(name, year)]
        assert abs(gap) == Decimal("0.1")


def test_stockport_reimported_changes_nothing(stockport_bytes):
    import_population(data=stockport_bytes)
    again = import_population(data=stockport_bytes)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 55)
    assert (again.comparators.created, again.comparators.unchanged) == (0, 55)
    assert PopulationCount.objects.count() == 55
    assert Comparator.objects.count() == 55


def test_stockport_without_recording_the_percentages(stockport_bytes):
    result = import_population(data=stockport_bytes, record_percentages=False)
    assert result.created == 55 and result.comparators is None
    assert not Comparator.objects.exists()


def test_stockport_through_the_comparator_import(stockport_bytes):
    result = import_comparators(data=stockport_bytes, source="appendix")
    assert (result.created, result.updated) == (55, 0)
    assert not PopulationCount.objects.exists()
    bury = Comparator.objects.get(kpi="PREV", area="council", area_name="Bury", year=2004)
    assert (bury.value, bury.source) == (Decimal("3.00"), "appendix")
    # The population import then finds the same 55 comparators already there.
    again = import_population(data=stockport_bytes, source="appendix")
    assert (again.comparators.created, again.comparators.unchanged) == (0, 55)
    # Only the source differs: the rows are updated, not duplicated.
    renamed = import_population(data=stockport_bytes, source="Appendix 2")
    assert (renamed.comparators.created, renamed.comparators.updated) == (0, 55)
    assert Comparator.objects.count() == 55


def test_a_published_percentage_over_100_is_refused():
    data = "la_name,year,total_pupils,pupils_with_statements,published_percent\nX,2005,10,1,101\n"
    assert refused_lines(import_population, data) == [
        "Line 2: the published_percent 101 is over 100 (a percentage)"
    ]


# --- comparators -----------------------------------------------------------------------------

COMPARATORS = (
    "kpi,year,area,area_name,value,source\n"
    "T20,2024,england,,46.4,DfE\n"
    "t20,2024,Statistical neighbours,,52.0,\n"
    "T20,2024,council,Halton,61.5,Halton report\n"
    "INMSS,2005,neighbours,,6.8,Stockport\n"
    "INMSS,2005,England,England,3.9,Stockport\n"
    "NEW,2007,region,North West,1850,\n"
)


def test_a_good_comparator_file_adds_every_row():
    result = import_comparators(data=COMPARATORS.encode(), source="upload.csv")
    assert (result.created, result.updated, result.unchanged) == (6, 0, 0)
    rows = {
        (c.kpi, c.year, c.area, c.area_name): (c.value, c.source) for c in Comparator.objects.all()
    }
    assert rows[("T20", 2024, "neighbours", "")] == (Decimal("52.00"), "upload.csv")
    assert rows[("T20", 2024, "council", "Halton")] == (Decimal("61.50"), "Halton report")
    # England is one value: a name typed beside it is dropped.
    assert rows[("INMSS", 2005, "england", "")] == (Decimal("3.90"), "Stockport")
    assert rows[("NEW", 2007, "region", "North West")][0] == Decimal("1850.00")
    again = import_comparators(
        data=COMPARATORS.replace("46.4", "46.5").encode(), source="upload.csv"
    )
    assert (again.created, again.updated, again.unchanged) == (0, 1, 5)
    assert Comparator.objects.get(kpi="T20", area="england").value == Decimal("46.50")


def test_a_bad_comparator_file_lists_every_bad_line_and_imports_nothing():
    bad = (
        "kpi,year,area,area_name,value,source\n"
        "T20,2024,england,,46.4,\n"  # 2: fine
        "T99,2024,england,,46.4,\n"  # 3: unknown KPI
        "T20,2024,county,,46.4,\n"  # 4: unknown area
        "T20,2024,council,,46.4,\n"  # 5: a council needs its name
        "T20,2024,neighbours,,146.4,\n"  # 6: a percentage over 100
        "NEW,2024,neighbours,,146,\n"  # 7: fine: NEW is a count
        "T20,2024,neighbours,,-1,\n"  # 8: negative
        "T20,2024,England,,47,\n"  # 9: England 2024 again
        "T20,2024,england,,,\n"  # 10: no value
        "T20,twenty,england,,1,\n"  # 11: not a year
        ",2024,england,,1,\n"  # 12: no KPI
    )
    lines = refused_lines(import_comparators, bad)
    assert [line.split(":")[0] for line in lines] == [
        f"Line {n}" for n in (3, 4, 5, 6, 8, 9, 10, 11, 12)
    ]
    assert lines[0] == "Line 3: unknown KPI 'T99'"
    assert "unknown area 'county'" in lines[1]
    assert lines[2] == "Line 5: the area_name is missing (a council needs its name)"
    assert lines[3] == "Line 6: the value 146.4 is over 100 (a percentage)"
    assert lines[4] == "Line 8: the value -1 is negative"
    assert lines[5] == "Line 9: T20 2024 for England is also on line 2"
    assert lines[6] == "Line 10: the value is missing"
    assert "the year 'twenty' is not a year" in lines[7]
    assert lines[8] == "Line 12: the kpi is missing"
    assert not Comparator.objects.exists()


def test_a_comparator_file_without_an_area_column_is_refused():
    lines = refused_lines(import_comparators, "kpi,year,value\nT20,2024,46\n")
    assert lines[0].startswith("Line 1: the header row has no column area (expected")


# --- targets ---------------------------------------------------------------------------------

TARGETS = (
    "kpi,year,value,tolerance,baseline,baseline_year,note\n"
    "T20,2025,60,5,46.4,2024,Back to 2021\n"
    "NEW,2008,159,5,167,2007,5% fewer a year\n"
    "AR,2025,85,,,,\n"
)


def test_a_good_target_file_adds_every_target_with_its_history(administrator):
    result = import_targets(data=TARGETS.encode(), by=administrator)
    assert (result.created, result.updated, result.unchanged) == (3, 0, 0)
    t20 = Target.objects.get(kpi="T20")
    assert (t20.year, t20.value, t20.tolerance, t20.baseline, t20.baseline_year) == (
        2025,
        Decimal("60.00"),
        Decimal("5.00"),
        Decimal("46.40"),
        2024,
    )
    assert t20.note == "Back to 2021" and t20.updated_by == administrator
    assert Target.objects.get(kpi="AR").tolerance == Decimal("0.00")
    record = t20.history.get()
    assert (record.history_user, record.history_change_reason) == (
        administrator,
        "Imported from CSV",
    )


def test_reimporting_targets_updates_and_keeps_the_history(administrator, head_of_service):
    import_targets(data=TARGETS.encode(), by=administrator)
    result = import_targets(data=TARGETS.replace("60,5", "62,4").encode(), by=head_of_service)
    assert (result.created, result.updated, result.unchanged) == (0, 1, 2)
    t20 = Target.objects.get(kpi="T20")
    assert (t20.value, t20.tolerance, t20.updated_by) == (
        Decimal("62.00"),
        Decimal("4.00"),
        head_of_service,
    )
    latest = t20.history.first()
    assert latest.history_user == head_of_service
    assert latest.history_change_reason == "Updated from CSV: value, tolerance"
    assert t20.history.count() == 2
    assert Target.objects.count() == 3


def test_a_bad_target_file_lists_every_bad_line_and_imports_nothing():
    bad = (
        "kpi,year,value,tolerance,baseline,baseline_year,note\n"
        "T20,2025,60,-1,,,\n"  # 2: negative tolerance
        "T20,2025,101,,,,\n"  # 3: a percentage over 100
        "T20,2024,60,5,50,2026,\n"  # 4: baseline after the year
        "NEW,2008,159,5,,,\n"  # 5: fine
        "NEW,2008,150,5,,,\n"  # 6: NEW 2008 again
        "XYZ,2025,1,,,,\n"  # 7: unknown KPI
        "T6,2025,90,5,,,\n"  # 8: fine
        f"T6,2026,90,5,,,{'x' * 301}\n"  # 9: note too long
    )
    lines = refused_lines(import_targets, bad)
    assert lines == [
        "Line 2: the tolerance -1 is negative",
        "Line 3: the value 101 is over 100 (a percentage)",
        "Line 4: the baseline_year 2026 is after the year 2024",
        "Line 6: the NEW target for 2008 is also on line 5",
        "Line 7: unknown KPI 'XYZ'",
        "Line 9: the note is longer than 300 characters",
    ]
    assert not Target.objects.exists()


@pytest.mark.parametrize(
    "kind, importer, rows",
    [
        ("population", import_population, 2),
        ("comparators", import_comparators, 3),
        ("targets", import_targets, 2),
    ],
)
def test_each_template_imports_as_it_is(kind, importer, rows):
    header = template_csv(kind).splitlines()[0]
    assert header.startswith({"population": "la_name", "comparators": "kpi"}.get(kind, "kpi"))
    assert importer(data=template_csv(kind).encode()).created == rows
