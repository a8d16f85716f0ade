"""`manage.py import_reference` and the demo council's reference data."""

from datetime import date, datetime
from decimal import Decimal
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import ManagementUtility, call_command
from django.core.management.base import CommandError
from django.db import connections

from plans.services import lifecycle
from reporting.kpis import KPIS, Period
from reporting.models import Area, Comparator, PopulationCount, Target
from reporting.reference.demo import seed_reference
from tests.factories import ChildFactory

pytestmark = pytest.mark.django_db


def test_the_command_imports_stockport_and_prints_the_counts(tmp_path, stockport_bytes):
    path = tmp_path / "stockport.csv"
    path.write_bytes(stockport_bytes)
    out = StringIO()
    call_command("import_reference", "population", str(path), stdout=out)
    assert (
        "Imported population from " in out.getvalue()
        and "55 added, 0 updated, 0 unchanged; published percentages as PREV comparators: "
        "55 added, 0 updated, 0 unchanged"
        in out.getvalue()
    )
    assert PopulationCount.objects.count() == 55
    assert Comparator.objects.get(area_name="Sutton", year=2005).source == (
        "Imported from stockport.csv"
    )
    out = StringIO()
    call_command("import_reference", "comparators", str(path), stdout=out)
    assert "0 added, 0 updated, 55 unchanged" in out.getvalue()


def test_the_command_can_leave_the_percentages_out(tmp_path, stockport_bytes):
    path = tmp_path / "stockport.csv"
    path.write_bytes(stockport_bytes)
    call_command("import_reference", "population", str(path), "--no-percentages", stdout=StringIO())
    assert PopulationCount.objects.count() == 55
    assert not Comparator.objects.exists()


def test_the_command_lists_every_bad_line_and_fails(tmp_path):
    path = tmp_path / "targets.csv"
    path.write_text("kpi,year,value,tolerance\nT20,2025,60,5\nT20,2025,61,5\nZZ,2025,1,-1\n")
    err = StringIO()
    with pytest.raises(CommandError, match="Nothing imported: 2 problem"):
        call_command("import_reference", "targets", str(path), stderr=err)
    assert err.getvalue().splitlines() == [
        "Line 3: the T20 target for 2025 is also on line 2",
        "Line 4: unknown KPI 'ZZ'; the tolerance -1 is negative",
    ]
    assert not Target.objects.exists()
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_reference", "targets", str(tmp_path / "missing.csv"))


def test_the_command_exits_with_status_1_on_a_bad_file(tmp_path, capsys, monkeypatch):
    # run_from_argv closes the database connections when it ends: keep the test's open.
    monkeypatch.setattr(connections, "close_all", lambda: None)
    path = tmp_path / "population.csv"
    path.write_text("la_name,year,pupils\nWigan,2025,-1\n")
    utility = ManagementUtility(["manage.py", "import_reference", "population", str(path)])
    with pytest.raises(SystemExit) as exit_:
        utility.execute()
    assert exit_.value.code == 1
    assert "Line 2: the pupils -1 is negative" in capsys.readouterr().err
    assert not PopulationCount.objects.exists()


@pytest.fixture
def autumn_2026(time_machine, settings):
    time_machine.move_to(datetime(2026, 11, 2, 12, tzinfo=ZoneInfo("Europe/London")), tick=False)
    settings.COUNCIL_NAME = "Demo Borough Council"
    settings.LA_CODE = "999"


def test_the_demo_reference_data_is_loaded_once(autumn_2026, caseworker, team, administrator):
    for born in (date(2012, 1, 1), date(2014, 6, 1), date(2016, 3, 1)):
        child = ChildFactory(team=team, lead_caseworker=caseworker, date_of_birth=born)
        lifecycle.record_existing_plan(
            child=child, by=caseworker, kind="ehc_plan", issued_on=date(2023, 1, 2)
        )
    added = seed_reference(by=administrator)
    # 6 census years of the demo council + Stockport's 55 counts.
    assert added["population"] == 6 + 55
    council = PopulationCount.objects.filter(la_name="Demo Borough Council").order_by("year")
    assert [c.year for c in council] == [2022, 2023, 2024, 2025, 2026, 2027]
    latest = council.last()
    # 3 school-age children with a plan are 4.5% of the pupils: 3 / 0.045 = 67, to 1000 at least.
    assert (latest.pupils, latest.with_plan, latest.la_code) == (1000, 3, "999")
    assert all(c.with_plan <= c.pupils and c.sen_support < c.pupils for c in council)
    england = Comparator.objects.get(kpi="T20X", year=2024, area=Area.ENGLAND)
    assert england.value == Decimal("46.40") and england.source.startswith("DfE")
    for code in ("T20", "T20X", "PREV", "INMSS", "OOA", "AR"):
        assert Comparator.objects.filter(kpi=code, area=Area.ENGLAND).count() == 6, code
        assert Comparator.objects.filter(kpi=code, area=Area.STATISTICAL_NEIGHBOURS).count() == 6
        assert Target.objects.filter(kpi=code, year__in=[2025, 2026]).count() == 2, code
    assert Comparator.objects.filter(kpi="PREV", area=Area.COUNCIL).count() == 55
    prev_target = Target.objects.get(kpi="PREV", year=2026)
    assert (prev_target.value, prev_target.tolerance) == (Decimal("4.50"), Decimal("0.30"))
    assert prev_target.history.get().history_user == administrator
    # The demo census makes PREV computable for the current academic year.
    prev = KPIS["PREV"].compute(Period.calendar_year(2026, snapshot=date(2026, 11, 2)))
    assert (prev.numerator, prev.denominator, prev.value) == (3, 1000, 0.3)
    counts = (PopulationCount.objects.count(), Comparator.objects.count(), Target.objects.count())
    prev_target.value = 4
    prev_target.save()
    again = seed_reference(by=administrator)
    assert again == {"population": 0, "comparators": 0, "targets": 0}
    assert counts == (
        PopulationCount.objects.count(),
        Comparator.objects.count(),
        Target.objects.count(),
    )
    assert Target.objects.get(kpi="PREV", year=2026).value == 4  # a changed target is kept


def test_the_demo_council_without_children_gets_a_mid_sized_census(autumn_2026):
    seed_reference()
    latest = PopulationCount.objects.get(la_name="Demo Borough Council", year=2027)
    assert (latest.pupils, latest.with_plan) == (30000, 1350)
