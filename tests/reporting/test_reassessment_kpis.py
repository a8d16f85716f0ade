"""RA14 (re-assessments completed within 14 weeks) against hand-computed cases, and proof that
re-assessments move none of the figures about requests for assessment, nor the SEN2 return."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from cases.models.assessment import Decision
from cases.services import assessment, reassessment
from plans.models import Plan, PlanVersion
from plans.services.reassessment import issue_reassessed_plan
from plans.services.versions import freeze_version
from reporting.board import render
from reporting.board.content import build_report_content
from reporting.kpis import KPIS, Period, compute_all
from reporting.kpis.base import ordered
from reporting.sen2.export import select_return
from tests.factories import ChildFactory, PlanFactory
from tests.plans.content import complete_content
from tests.reporting.board.conftest import new_report

pytestmark = pytest.mark.django_db

YEAR_2024 = Period.calendar_year(2024, snapshot=date(2025, 1, 16))
# Every figure that counts requests for assessment or what follows from one.
INITIAL_ONLY = (
    *("T20", "T20X", "TAVG", "TLATE", "T6", "T16", "TADV", "B43A", "B43B", "S26"),
    *("REQ", "NEW", "N", "TRIB", "MED"),
)


@pytest.fixture(autouse=True)
def spring_2025(time_machine):
    time_machine.move_to(datetime(2025, 3, 1, 12, tzinfo=ZoneInfo("Europe/London")), tick=False)


@pytest.fixture
def initial(caseworker, team):
    """One assessment in 2024 (no plan record needed for the request figures): decided on day
    30, advice in time, final plan on day 140."""
    received = date(2024, 1, 8)
    request = assessment.record_request(
        child=ChildFactory(team=team, lead_caseworker=caseworker),
        by=caseworker,
        regime="ehcp",
        source="parent",
        received_on=received,
    )
    assessment.record_assess_decision(
        request=request, by=caseworker, decision="yes", decided_on=received + timedelta(30)
    )
    advice = assessment.request_advice(
        request=request, by=caseworker, body="ep", requested_on=received + timedelta(31)
    )
    assessment.record_advice_received(
        advice=advice, by=caseworker, received_on=received + timedelta(60)
    )
    assessment.record_issue_decision(
        request=request, by=caseworker, decision="yes", decided_on=received + timedelta(90)
    )
    assessment.record_draft_sent(request=request, by=caseworker, sent_on=received + timedelta(100))
    return assessment.record_final_issued(
        request=request, by=caseworker, issued_on=received + timedelta(140)
    )


def _requested(by, team, received, decided, decision=Decision.YES):
    request = reassessment.record_reassessment_request(
        child=ChildFactory(team=team, lead_caseworker=by),
        by=by,
        source="parent",
        received_on=received,
    )
    return assessment.record_assess_decision(
        request=request, by=by, decision=decision, decided_on=decided
    )


def _issued(request, by, issued):
    assessment.record_draft_sent(request=request, by=by, sent_on=issued - timedelta(days=20))
    return reassessment.record_reassessed_plan_issued(request=request, by=by, issued_on=issued)


@pytest.fixture
def reassessments(caseworker, team):
    by = caseworker
    # A: decided 15 March 2024, plan due 21 June; issued 21 June, in time, through the plans app
    # (the child's plan's next version).
    a = _requested(by, team, date(2024, 3, 1), date(2024, 3, 15))
    plan = PlanFactory(
        child=a.child,
        kind=Plan.Kind.EHC_PLAN,
        status=Plan.Status.FINAL,
        origin=Plan.Origin.ASSESSMENT,  # as if issued after an assessment long ago
        issued_on=date(2020, 5, 1),
    )
    complete_content(plan)  # a plan issued with what reg 12 requires
    freeze_version(plan=plan, by=by, issued_on=plan.issued_on, reason=PlanVersion.Reason.ISSUED)
    assessment.record_draft_sent(request=a, by=by, sent_on=date(2024, 6, 1))
    issue_reassessed_plan(plan=plan, by=by, issued_on=date(2024, 6, 21))
    # B: decided 16 April 2024, plan due 23 July; issued 24 July, a day late.
    b = _requested(by, team, date(2024, 4, 1), date(2024, 4, 16))
    _issued(b, by, date(2024, 7, 24))
    # C: the council's own decision on 1 May 2024 (s44(3)), due 7 August; told the family on
    # 1 August that the plan will not be amended: in time.
    c = reassessment.record_council_reassessment(
        child=ChildFactory(team=team, lead_caseworker=by), by=by, decided_on=date(2024, 5, 1)
    )
    reassessment.record_not_amending(request=c, by=by, notified_on=date(2024, 8, 1))
    # D: refused on 10 February 2024: no 14 weeks at all.
    _requested(by, team, date(2024, 2, 1), date(2024, 2, 10), decision=Decision.NO)
    # E: decided 10 June 2024, due 16 September; late on 1 October, with an exception; its
    # advice was late too.
    e = _requested(by, team, date(2024, 6, 3), date(2024, 6, 10))
    advice = assessment.request_advice(
        request=e, by=by, body="health", requested_on=date(2024, 6, 12)
    )
    assessment.record_advice_received(advice=advice, by=by, received_on=date(2024, 9, 1))
    assessment.record_exception(
        request=e,
        by=by,
        step="reassessed_plan",
        reason="c",
        starts_on=date(2024, 7, 1),
        ends_on=None,
        note="Family bereavement",
    )
    _issued(e, by, date(2024, 10, 1))
    # F: decided 1 December 2024, still open at the year end.
    _requested(by, team, date(2024, 11, 20), date(2024, 12, 1))
    return plan


def test_ra14_counts_completed_reassessments_in_time(reassessments):
    result = KPIS["RA14"].compute(YEAR_2024)
    # Completed in 2024: A (in time), B (late), C (notice, in time), E (late, exception).
    assert (result.numerator, result.denominator, result.value) == (2, 4, 50.0)
    assert result.breakdown == {"excluding_exceptions": 66.7}
    assert KPIS["RA14"].compute(Period.calendar_year(2023)).value is None


def test_ra14_is_registered_and_ordered_with_the_timeliness_kpis():
    codes = [indicator.code for indicator in ordered()]
    assert codes.index("T16") + 1 == codes.index("RA14")
    assert (KPIS["RA14"].unit, KPIS["RA14"].better) == ("%", "higher")


def test_reassessments_move_none_of_the_assessment_figures(initial, caseworker, team):
    before = {code: result.as_dict() for code, result in compute_all(YEAR_2024).items()}
    assert before["REQ"]["value"] == 1 and before["TADV"]["denominator"] == 1
    assert before["T6"]["denominator"] == 1 and before["T20"]["denominator"] == 1
    # The re-assessments are made after the first figures, so the fixture is called here.
    from_request = _requested(caseworker, team, date(2024, 3, 1), date(2024, 3, 15))
    advice = assessment.request_advice(
        request=from_request, by=caseworker, body="ep", requested_on=date(2024, 3, 20)
    )
    assessment.record_advice_received(advice=advice, by=caseworker, received_on=date(2024, 6, 1))
    _issued(from_request, caseworker, date(2024, 6, 21))
    _requested(caseworker, team, date(2024, 2, 1), date(2024, 2, 10), decision=Decision.NO)
    after = {code: result.as_dict() for code, result in compute_all(YEAR_2024).items()}
    for code in INITIAL_ONLY:
        assert after[code] == before[code], code
    assert after["RA14"] != before["RA14"]


def test_reassessments_are_not_in_the_sen2_return(initial, reassessments):
    sen2 = select_return(date(2025, 1, 16), "999")
    returned = [e.request for p in sen2.persons for e in p.entries if e.request is not None]
    assert [r.pk for r in returned] == [initial.pk]
    assert sen2.counts["requests"] == 1


def test_the_board_report_shows_ra14(reassessments, team):
    report = new_report()
    report.content = build_report_content(report)
    row = next(row for row in report.content["kpis"] if row["code"] == "RA14")
    assert (row["this"], row["numerator"], row["denominator"]) == (50.0, 2, 4)
    html = render.paper_html(report)
    assert "Re-assessments completed within 14 weeks" in html
