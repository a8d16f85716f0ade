"""PREV and SUPP against hand-computed fixtures: who is of school age, which census a snapshot
reads, and no value without a census count."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from plans.services import lifecycle
from reporting.kpis import KPIS, Period, compute_all
from reporting.kpis.population import census_year
from tests.factories import ChildFactory, PopulationCountFactory
from tests.plans.ceasing import cease_through_the_steps

pytestmark = pytest.mark.django_db

SNAPSHOT = date(2025, 1, 16)
YEAR_2024 = Period.calendar_year(2024, snapshot=SNAPSHOT)


@pytest.fixture(autouse=True)
def spring_2025(time_machine, settings):
    time_machine.move_to(datetime(2025, 10, 1, 12, tzinfo=ZoneInfo("Europe/London")), tick=False)
    settings.COUNCIL_NAME = "Demo Borough Council"
    settings.LA_CODE = "999"


def with_plan(by, team, born, issued=date(2024, 1, 2)):
    child = ChildFactory(team=team, lead_caseworker=by, date_of_birth=born)
    return lifecycle.record_existing_plan(child=child, by=by, kind="ehc_plan", issued_on=issued)


def census(year, pupils, *, name="Demo Borough Council", code="999", **counts):
    return PopulationCountFactory(la_name=name, la_code=code, year=year, pupils=pupils, **counts)


def test_the_census_year_of_a_snapshot_turns_on_1_september():
    assert census_year(date(2025, 1, 16)) == 2025
    assert census_year(date(2025, 8, 31)) == 2025
    assert census_year(date(2025, 9, 1)) == 2026
    assert census_year(date(2024, 12, 31)) == 2025


def test_prev_counts_year_1_to_year_11_by_age_on_31_august(caseworker, team):
    # The snapshot 16 January 2025 is in 2024/25: ages on 31 August 2024.
    with_plan(caseworker, team, date(2019, 8, 31))  # 5 that day: Year 1, counted
    with_plan(caseworker, team, date(2019, 9, 1))  # 4: Reception, not counted
    with_plan(caseworker, team, date(2008, 9, 1))  # 15: Year 11, counted
    with_plan(caseworker, team, date(2008, 8, 31))  # 16 that day: Year 12, not counted
    with_plan(caseworker, team, date(2012, 2, 29))  # 12: Year 8, counted
    with_plan(caseworker, team, date(2003, 5, 5))  # 21: not counted
    ChildFactory(team=team, date_of_birth=date(2015, 1, 1))  # school age, no plan
    census(2025, 200, with_plan=7, sen_support=26)
    census(2025, 999, name="Wigan", code="359")  # another council: never the denominator
    result = compute_all(YEAR_2024)["PREV"]
    assert (result.numerator, result.denominator) == (3, 200)
    assert result.value == 1.5
    assert result.breakdown == {"census_year": 2025, "census_percent": 3.5}
    supp = compute_all(YEAR_2024)["SUPP"]
    assert (supp.value, supp.numerator, supp.denominator) == (13.0, 26, 200)


def test_a_birthday_during_the_year_changes_nothing(caseworker, team):
    # Born 10 October 2008: 15 on 31 August 2024, 16 on 10 October 2024; still Year 11.
    with_plan(caseworker, team, date(2008, 10, 10))
    # Born 1 January 2020: 4 on 31 August 2024, 5 on 1 January 2025; still Reception.
    with_plan(caseworker, team, date(2020, 1, 1))
    census(2025, 100)
    result = KPIS["PREV"].compute(YEAR_2024)
    assert (result.numerator, result.denominator, result.value) == (1, 100, 1.0)


def test_the_census_boundary_on_31_august(caseworker, team):
    # Born 15 June 2009: 15 on 31 August 2024 (Year 11 in 2024/25), 16 on 31 August 2025.
    with_plan(caseworker, team, date(2009, 6, 15))
    # Born 31 August 2020: 4 on 31 August 2024, 5 on 31 August 2025 (Year 1 in 2025/26).
    with_plan(caseworker, team, date(2020, 8, 31))
    census(2025, 100)
    census(2026, 500)
    last_day = KPIS["PREV"].compute(Period(date(2025, 8, 1), date(2025, 8, 31), date(2025, 8, 31)))
    assert (last_day.numerator, last_day.denominator, last_day.value) == (1, 100, 1.0)
    assert last_day.breakdown["census_year"] == 2025
    first_day = KPIS["PREV"].compute(Period(date(2025, 9, 1), date(2025, 9, 1), date(2025, 9, 1)))
    assert (first_day.numerator, first_day.denominator, first_day.value) == (1, 500, 0.2)
    assert first_day.breakdown["census_year"] == 2026


def test_no_census_count_means_no_value(caseworker, team):
    with_plan(caseworker, team, date(2014, 3, 3))
    census(2024, 100, with_plan=3)  # the wrong year
    result = compute_all(YEAR_2024)["PREV"]
    assert result.value is None and result.denominator is None
    assert result.numerator == 1
    assert result.as_dict() == {"value": None, "breakdown": {"census_year": 2025}}
    supp = compute_all(YEAR_2024)["SUPP"]
    assert (supp.value, supp.denominator) == (None, None)


def test_supp_needs_the_census_figure(caseworker, team):
    census(2025, 100, with_plan=3)  # no SEN support figure
    ChildFactory(team=team, date_of_birth=date(2015, 1, 1), sen_status="sen_support")
    supp = compute_all(YEAR_2024)["SUPP"]
    assert (supp.value, supp.numerator, supp.denominator) == (None, None, None)
    prev = compute_all(YEAR_2024)["PREV"]
    assert (prev.value, prev.numerator, prev.denominator) == (0.0, 0, 100)


def test_the_council_found_by_la_code(caseworker, team):
    with_plan(caseworker, team, date(2014, 3, 3))
    census(2025, 50, name="Borough of Demo (census name)", code="999", sen_support=5)
    assert compute_all(YEAR_2024)["PREV"].value == 2.0
    assert compute_all(YEAR_2024)["SUPP"].value == 10.0


def test_plans_not_maintained_on_the_snapshot_do_not_count(caseworker, team):
    ceased = with_plan(caseworker, team, date(2014, 3, 3))
    cease_through_the_steps(
        plan=ceased,
        by=caseworker,
        reason="2",
        decided_on=date(2024, 10, 1),
        notice_on=date(2024, 10, 3),
        ceases_on=date(2024, 12, 20),
    )
    with_plan(caseworker, team, date(2014, 4, 4), issued=date(2025, 2, 1))  # after the snapshot
    with_plan(caseworker, team, date(2014, 5, 5))
    census(2025, 100)
    result = compute_all(YEAR_2024)["PREV"]
    assert (result.numerator, result.denominator) == (1, 100)
    # On 1 December 2024 the ceased plan was still in force.
    december = KPIS["PREV"].compute(Period(date(2024, 1, 1), date(2024, 12, 1), date(2024, 12, 1)))
    assert december.numerator == 2


def test_prev_is_one_aggregate_query(caseworker, team, django_assert_num_queries):
    for born in (date(2010, 1, 1), date(2012, 1, 1), date(2016, 1, 1)):
        with_plan(caseworker, team, born)
    census(2025, 300)
    with django_assert_num_queries(2):  # the count, and the census row
        result = KPIS["PREV"].compute(YEAR_2024)
    assert result.numerator == 3
