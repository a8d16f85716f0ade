"""Need, age bands, mediation and tribunal KPIs, worked by hand, with the birthday edges."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from cases.services import assessment
from plans.services import lifecycle
from reporting.kpis import Period, compute_all
from tests.factories import ChildFactory

pytestmark = pytest.mark.django_db

SNAPSHOT = date(2025, 1, 16)
YEAR_2024 = Period.calendar_year(2024, snapshot=SNAPSHOT)


@pytest.fixture(autouse=True)
def spring_2025(time_machine):
    time_machine.move_to(datetime(2025, 3, 1, 12, tzinfo=ZoneInfo("Europe/London")), tick=False)


def with_plan(by, team, born, need="ASD"):
    child = ChildFactory(team=team, lead_caseworker=by, date_of_birth=born, primary_need=need)
    lifecycle.record_existing_plan(child=child, by=by, kind="ehc_plan", issued_on=date(2024, 1, 2))
    return child


def test_age_bands_turn_on_the_birthday(caseworker, team):
    with_plan(caseworker, team, date(2020, 1, 17))  # 4 on the snapshot: under 5
    with_plan(caseworker, team, date(2020, 1, 16))  # 5 that day: 5-10
    with_plan(caseworker, team, date(2014, 1, 17), need="SEMH")  # 10: 5-10
    with_plan(caseworker, team, date(2014, 1, 16), need="SEMH")  # 11: 11-15
    with_plan(caseworker, team, date(2005, 1, 17))  # 19: 16-19
    with_plan(caseworker, team, date(2000, 1, 17))  # 24: 20-25
    ChildFactory(team=team, date_of_birth=date(2015, 1, 1))  # no plan: not counted
    results = compute_all(YEAR_2024)
    assert results["AGE"].value == 6
    assert results["AGE"].breakdown == {
        "under_5": 1,
        "5_10": 2,
        "11_15": 1,
        "16_19": 1,
        "20_25": 1,
    }
    need = results["NEED"].breakdown
    assert need["ASD"] == {"count": 4, "percent": 66.7}
    assert need["SEMH"] == {"count": 2, "percent": 33.3}
    assert need["MLD"] == {"count": 0, "percent": 0.0}


def test_mediation_and_tribunal_appeals(caseworker, child):
    request = assessment.record_request(
        child=child, by=caseworker, regime="ehcp", source="parent", received_on=date(2024, 1, 8)
    )
    assessment.record_assess_decision(
        request=request, by=caseworker, decision="no", decided_on=date(2024, 2, 12)
    )
    for kind, started in (("mediation", date(2024, 3, 1)), ("tribunal", date(2024, 4, 22))):
        assessment.record_disagreement(
            request=request, by=caseworker, kind=kind, about="request", started_on=started
        )
    results = compute_all(YEAR_2024)
    assert results["MED"].value == 1
    assert results["MED"].breakdown == {"request": 1, "assessment": 0, "plan": 0}
    # One appeal against one appealable decision (not to assess) in 2024: 100 per 100.
    assert results["TRIB"].value == 1
    assert results["TRIB"].breakdown["per_100_decisions"] == 100.0
    assert compute_all(Period.calendar_year(2023))["TRIB"].value == 0
