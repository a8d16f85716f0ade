"""KPIs against hand-computed cases: day 140 and 141, an exception, a period crossing the year
end, a withdrawn request, a plan transferred in, a ceased plan."""

import json
from datetime import date, datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from cases.services import assessment
from plans.services import lifecycle
from reporting.kpis import Period, compute_all
from reporting.kpis.timeliness import t20, tlate
from tests.factories import ChildFactory
from tests.plans.ceasing import cease_through_the_steps

pytestmark = pytest.mark.django_db

YEAR_2024 = Period.calendar_year(2024, snapshot=date(2025, 1, 16))


@pytest.fixture(autouse=True)
def spring_2025(time_machine):
    time_machine.move_to(datetime(2025, 3, 1, 12, tzinfo=ZoneInfo("Europe/London")), tick=False)


def issued_after(days: int, *, by, team, received: date, exception=False, plan=True):
    """A request received on `received` whose final EHC plan was issued `days` later."""
    child = ChildFactory(team=team, lead_caseworker=by)
    request = assessment.record_request(
        child=child, by=by, regime="ehcp", source="parent", received_on=received
    )
    if exception:
        assessment.record_exception(
            request=request,
            by=by,
            step="final_plan",
            reason="c",
            starts_on=received + timedelta(days=20),
            ends_on=None,
            note="Family bereavement",
        )
    assessment.record_assess_decision(
        request=request, by=by, decision="yes", decided_on=received + timedelta(days=30)
    )
    assessment.record_issue_decision(
        request=request, by=by, decision="yes", decided_on=received + timedelta(days=90)
    )
    assessment.record_draft_sent(request=request, by=by, sent_on=received + timedelta(days=100))
    issued = received + timedelta(days=days)
    if plan:
        draft = lifecycle.start_plan_from_request(request=request, by=by)
        lifecycle.issue_plan(plan=draft, by=by, issued_on=issued, content_held=False)
        draft.refresh_from_db()
        return draft
    return assessment.record_final_issued(request=request, by=by, issued_on=issued)


@pytest.fixture
def council(caseworker, team):
    plans = {
        "day_140": issued_after(140, by=caseworker, team=team, received=date(2024, 1, 8)),
        "day_141": issued_after(141, by=caseworker, team=team, received=date(2024, 1, 8)),
        # Received in 2023, issued in 2024 on day 161, with an exception to the 20 weeks.
        "exception": issued_after(
            161, by=caseworker, team=team, received=date(2023, 10, 2), exception=True
        ),
        # Issued in 2023: outside the period, but still maintained on the snapshot.
        "in_2023": issued_after(120, by=caseworker, team=team, received=date(2023, 3, 1)),
    }
    withdrawn = assessment.record_request(
        child=ChildFactory(team=team),
        by=caseworker,
        regime="ehcp",
        source="school",
        received_on=date(2024, 2, 1),
    )
    assessment.close_request(
        request=withdrawn,
        by=caseworker,
        closure="withdrawn",
        closed_on=date(2024, 2, 20),
        reason="Family moved away",
    )
    plans["transferred"] = lifecycle.record_transfer_in(
        child=ChildFactory(team=team),
        by=caseworker,
        kind="ehc_plan",
        transferred_from_la="330",
        issued_on=date(2022, 5, 1),
        responsible_from=date(2024, 9, 1),
    )
    cease_through_the_steps(
        plan=plans["in_2023"],
        by=caseworker,
        reason="2",
        decided_on=date(2024, 10, 1),
        notice_on=date(2024, 10, 3),
        ceases_on=date(2024, 12, 20),
    )
    return plans


def test_timeliness_counts_day_140_in_time_and_day_141_late(council):
    results = compute_all(YEAR_2024)
    # Issued in 2024: day 140 (in time), day 141 (late), day 161 (late, with an exception).
    assert (results["T20"].numerator, results["T20"].denominator) == (1, 3)
    assert results["T20"].value == 33.3
    assert (results["T20X"].numerator, results["T20X"].denominator) == (1, 2)
    assert results["T20X"].value == 50.0
    assert results["TLATE"].value == 2
    assert results["TLATE"].breakdown == {"over_20_to_52_weeks": 2, "over_52_weeks": 0}
    # (140 + 141 + 161) / 3 / 7 = 21.05 weeks; excluding the exception (140 + 141) / 2 / 7.
    assert results["TAVG"].value == 21.0
    assert results["TAVG"].breakdown["excluding_exceptions"] == 20.1
    # Every decision to assess was made on day 30: 7 February 2024 for the two January requests,
    # in 2023 for the other two.
    assert (results["T6"].numerator, results["T6"].denominator) == (2, 2)


def test_caseload_and_flow(council):
    results = compute_all(YEAR_2024)
    # On 16 January 2025: the three 2024 plans and the one transferred in; the 2023 plan ceased.
    assert results["N"].value == 4
    assert results["NEW"].value == 3  # the transferred-in plan is not new
    assert results["REQ"].value == 3  # two received 8 Jan 2024, one withdrawn
    assert results["REQ"].breakdown["withdrawn"] == 1
    assert results["CEASE"].value == 1
    assert results["CEASE"].breakdown["by_reason"] == {"2": 1}
    assert results["CEASE"].breakdown["ceased_per_new"] == round(1 / 3, 2)


def test_a_period_crossing_the_year_end(council):
    # October 2023 to March 2024 holds one final plan: the exception plan, issued 11 March 2024
    # (received 2 October 2023, day 161). The 2023 plan was issued on 29 June 2023.
    winter = Period(date(2023, 10, 1), date(2024, 3, 31), snapshot=date(2024, 3, 31))
    result = t20(winter)
    assert (result.numerator, result.denominator) == (0, 1)
    # Maintained on 31 March 2024: the 2023 plan and the exception plan; not the plan
    # transferred in, though issued in 2022, because this council became responsible in
    # September 2024.
    assert compute_all(winter)["N"].value == 2


def test_no_plans_gives_no_percentage():
    assert t20(YEAR_2024).value is None


def test_the_command_prints_every_kpi_as_json_and_csv(council):
    out = StringIO()
    call_command(
        "kpis", "--from", "2024-01-01", "--to", "2024-12-31", "--snapshot", "2025-01-16", stdout=out
    )
    data = json.loads(out.getvalue())
    assert data["T20"] == {"value": 33.3, "numerator": 1, "denominator": 3}
    assert data["N"]["value"] == 4
    out = StringIO()
    call_command(
        "kpis",
        "--from",
        "2024-01-01",
        "--to",
        "2024-12-31",
        "--snapshot",
        "2025-01-16",
        "--format",
        "csv",
        stdout=out,
    )
    lines = out.getvalue().splitlines()
    assert lines[0] == "code,title,unit,value,numerator,denominator"
    assert any(line.startswith("T20X,") and line.endswith(",50.0,1,2") for line in lines)


def test_the_command_takes_a_year_as_dfe_counts_it(council):
    """--year 2024 is the period above with the census day after it (16 January 2025, the third
    Thursday); --sen2-year 2025 is the same year as the 2025 return reports it."""
    by_dates = StringIO()
    call_command(
        "kpis", "--from", "2024-01-01", "--to", "2024-12-31", "--snapshot", "2025-01-16",
        stdout=by_dates,
    )  # fmt: skip
    for args in (["--year", "2024"], ["--sen2-year", "2025"]):
        out = StringIO()
        call_command("kpis", *args, stdout=out)
        assert json.loads(out.getvalue()) == json.loads(by_dates.getvalue())
    with pytest.raises(CommandError, match="not both"):
        call_command("kpis", "--year", "2024", "--sen2-year", "2025")
    with pytest.raises(CommandError, match="--from, --to and --snapshot"):
        call_command("kpis", "--from", "2024-01-01")


def test_plans_over_52_weeks_are_counted_in_weeks_as_dfe_bands_them(caseworker, team):
    # 52 weeks = 364 days: issued on day 364 is in the 20-52 week band, day 365 over 52 weeks
    # (a count in years of 365 days would put both in the lower band).
    for days in (141, 364, 365, 400):
        issued_after(days, by=caseworker, team=team, received=date(2023, 6, 1), plan=False)
    result = tlate(YEAR_2024)
    assert result.value == 3  # day 141 was issued in 2023, outside the period
    assert result.breakdown == {"over_20_to_52_weeks": 1, "over_52_weeks": 2}


def test_a_calendar_year_is_counted_on_the_next_census_day():
    # The SEN2 reference date: the third Thursday of January (16 January 2025).
    assert Period.calendar_year(2024).snapshot == date(2025, 1, 16)
    assert Period.calendar_year(2025).snapshot == date(2026, 1, 15)
