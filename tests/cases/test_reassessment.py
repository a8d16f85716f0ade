"""Re-assessment of an EHC plan (CFA 2014 s44(2)-(3); SI 2014/1530 regs 23-27): its steps, their
Deadline rows on the edge days, and what it does not have (an assessment's 6, 16, 20 weeks)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from cases import statutory
from cases.codes import SenStatus
from cases.models import AssessmentRequest, CaseEvent, Deadline
from cases.models.assessment import Closure, Decision, Kind, Stage, TimeLimitException
from cases.services import assessment, reassessment

pytestmark = pytest.mark.django_db

RECEIVED = date(2026, 3, 1)  # the 15 days of reg 25(1) end on 16 March 2026
NOTIFIED = date(2026, 3, 16)  # the 14 weeks of reg 27(2) end on 22 June 2026
REASSESSMENT_KINDS = {
    Deadline.Kind.REASSESS_DECISION,
    Deadline.Kind.ADVICE,
    Deadline.Kind.REASSESSED_PLAN,
}


@pytest.fixture(autouse=True)
def today(time_machine):
    time_machine.move_to(datetime(2026, 7, 15, 12, tzinfo=ZoneInfo("Europe/London")), tick=False)


def rows(request) -> dict[str, tuple]:
    return {
        d.kind: (d.due_on, d.completed_on, d.exempt)
        for d in Deadline.objects.filter(request=request).exclude(kind=Deadline.Kind.ADVICE)
    }


def status(request, kind) -> str:
    return Deadline.objects.get(request=request, kind=kind).status(date(2026, 7, 15))


@pytest.fixture
def requested(child, caseworker):
    return reassessment.record_reassessment_request(
        child=child, by=caseworker, source="parent", received_on=RECEIVED
    )


def _decide(request, by, on=NOTIFIED, decision=Decision.YES):
    return assessment.record_assess_decision(
        request=request, by=by, decision=decision, decided_on=on
    )


@pytest.fixture
def reassessing(requested, caseworker):
    return _decide(requested, caseworker)


# --- the rules -----------------------------------------------------------------------------------


def test_the_worked_examples_of_the_rules():
    assert statutory.reassessment_decision_due(date(2026, 3, 1)) == date(2026, 3, 16)
    assert statutory.reassessment_final_plan_due(date(2026, 3, 16)) == date(2026, 6, 22)


@pytest.mark.parametrize(
    ("received", "may_refuse"),
    [(date(2026, 2, 27), True), (date(2026, 2, 28), False), (date(2026, 3, 1), False)],
)
def test_reg_24_six_months_from_the_last_assessment(received, may_refuse):
    # Assessment ended 31 August 2025: six months have elapsed on 28 February 2026.
    assert statutory.reassessment_may_be_refused(received, date(2025, 8, 31)) is may_refuse


# --- the request and the decision ---------------------------------------------------------------


def test_a_request_to_reassess_has_only_the_15_day_decision(requested, caseworker):
    assert requested.kind == Kind.REASSESSMENT and requested.is_reassessment
    assert rows(requested) == {Deadline.Kind.REASSESS_DECISION: (date(2026, 3, 16), None, False)}
    assert requested.stage == Stage.DECIDING
    assert requested.stage_label == "Deciding whether to re-assess"
    assert Deadline.objects.get(request=requested).owner == caseworker
    event = CaseEvent.objects.get(request=requested)
    assert event.title == "Request to re-assess received"
    assert "The decision is due by 16 March 2026." in event.detail


@pytest.mark.parametrize(
    ("decided", "expected"),
    [(date(2026, 3, 15), "met"), (date(2026, 3, 16), "met"), (date(2026, 3, 17), "met_late")],
)
def test_the_decision_is_in_time_up_to_the_15th_day(requested, caseworker, decided, expected):
    _decide(requested, caseworker, on=decided)
    assert status(requested, Deadline.Kind.REASSESS_DECISION) == expected


def test_deciding_to_reassess_starts_the_14_weeks(reassessing):
    assert rows(reassessing) == {
        Deadline.Kind.REASSESS_DECISION: (date(2026, 3, 16), NOTIFIED, False),
        Deadline.Kind.REASSESSED_PLAN: (date(2026, 6, 22), None, False),
    }
    assert reassessing.stage == Stage.ASSESSING
    assert reassessing.stage_label == "Re-assessing"
    event = CaseEvent.objects.filter(request=reassessing).latest("pk")
    assert event.title == "Decided to re-assess"
    assert "due by 22 June 2026" in event.detail


def test_refusing_to_reassess_closes_the_request(requested, caseworker):
    _decide(requested, caseworker, on=date(2026, 3, 10), decision=Decision.NO)
    requested.refresh_from_db()
    assert requested.stage == Stage.NOT_ASSESSING and not requested.is_open
    assert requested.stage_label == "Decided not to re-assess"
    assert rows(requested) == {
        Deadline.Kind.REASSESS_DECISION: (date(2026, 3, 16), date(2026, 3, 10), False)
    }
    assert requested.next_steps() == {"disagreement"}
    with pytest.raises(ValidationError):
        reassessment.record_not_amending(request=requested, by=None, notified_on=date(2026, 3, 20))
    assert "right of appeal" in CaseEvent.objects.filter(request=requested).latest("pk").detail


def test_the_council_deciding_itself_has_no_decision_row(child, caseworker):
    request = reassessment.record_council_reassessment(
        child=child, by=caseworker, decided_on=NOTIFIED
    )
    assert rows(request) == {Deadline.Kind.REASSESSED_PLAN: (date(2026, 6, 22), None, False)}
    assert request.started_by_council and request.stage == Stage.ASSESSING
    assert "decision" not in request.next_steps()
    with pytest.raises(ValidationError, match="no request to decide"):
        _decide(request, caseworker, decision=Decision.NO)
    title = CaseEvent.objects.get(request=request).title
    assert title == "The council decided to re-assess (s44(3))"


# --- who may ask, and for whom -------------------------------------------------------------------


def test_only_a_child_with_an_ehc_plan_is_reassessed(child, caseworker):
    child.sen_status = SenStatus.SEN_SUPPORT
    child.save()
    with pytest.raises(ValidationError, match="no EHC plan recorded"):
        reassessment.record_reassessment_request(
            child=child, by=caseworker, source="parent", received_on=RECEIVED
        )
    with pytest.raises(ValidationError, match="no EHC plan recorded"):
        reassessment.record_council_reassessment(child=child, by=caseworker, decided_on=RECEIVED)
    assert not AssessmentRequest.objects.exists()


@pytest.mark.parametrize("source", ["health", "council", "became_responsible"])
def test_a_request_comes_from_the_family_or_the_school(child, caseworker, source):
    with pytest.raises(ValidationError) as error:
        reassessment.record_reassessment_request(
            child=child, by=caseworker, source=source, received_on=RECEIVED
        )
    assert "source" in error.value.message_dict


def test_one_open_request_at_a_time(requested, child, caseworker):
    with pytest.raises(ValidationError, match="already has an open request"):
        reassessment.record_council_reassessment(child=child, by=caseworker, decided_on=NOTIFIED)


@pytest.mark.parametrize(
    ("received", "warned"), [(date(2026, 2, 27), True), (date(2026, 2, 28), False)]
)
def test_reg_24_is_said_on_the_decision_not_enforced(child, caseworker, received, warned):
    earlier = assessment.record_request(
        child=child, by=caseworker, regime="ehcp", source="parent", received_on=date(2025, 4, 7)
    )
    _decide(earlier, caseworker, on=date(2025, 5, 12))
    assessment.record_issue_decision(
        request=earlier, by=caseworker, decision=Decision.YES, decided_on=date(2025, 7, 1)
    )
    assessment.record_draft_sent(request=earlier, by=caseworker, sent_on=date(2025, 8, 1))
    assessment.record_final_issued(request=earlier, by=caseworker, issued_on=date(2025, 8, 31))
    request = reassessment.record_reassessment_request(
        child=child, by=caseworker, source="school", received_on=received
    )
    note = reassessment.refusal_note(request)
    assert ("may refuse it" in note and "31 August 2025" in note) is warned
    assert (note == "") is not warned
    _decide(request, caseworker, on=received)  # never blocked
    request.refresh_from_db()
    assert request.assess_decision == Decision.YES


# --- completing the 14 weeks ---------------------------------------------------------------------


def _draft(request, by, on=date(2026, 6, 1)):
    return assessment.record_draft_sent(request=request, by=by, sent_on=on)


@pytest.mark.parametrize(
    ("issued", "expected"), [(date(2026, 6, 22), "met"), (date(2026, 6, 23), "met_late")]
)
def test_the_plan_issued_after_reassessment_completes_the_14_weeks(
    reassessing, caseworker, issued, expected
):
    _draft(reassessing, caseworker)
    request = reassessment.record_reassessed_plan_issued(
        request=reassessing, by=caseworker, issued_on=issued
    )
    assert request.final_issued_on == issued and request.stage == Stage.ISSUED
    assert status(request, Deadline.Kind.REASSESSED_PLAN) == expected
    event = CaseEvent.objects.filter(request=request).latest("pk")
    assert event.title == "EHC plan issued after re-assessment"
    assert event.detail.startswith("In time" if expected == "met" else "Late")


def test_the_family_has_15_days_on_the_draft(reassessing, caseworker):
    _draft(reassessing, caseworker, on=date(2026, 6, 10))  # comments until 24 June
    with pytest.raises(ValidationError, match="from 25 June 2026"):
        reassessment.record_reassessed_plan_issued(
            request=reassessing, by=caseworker, issued_on=date(2026, 6, 24)
        )
    reassessment.record_reassessed_plan_issued(
        request=reassessing, by=caseworker, issued_on=date(2026, 6, 25)
    )


def test_no_plan_is_issued_without_a_draft(reassessing, caseworker):
    with pytest.raises(ValidationError, match="draft EHC plan was sent first"):
        reassessment.record_reassessed_plan_issued(
            request=reassessing, by=caseworker, issued_on=date(2026, 6, 22)
        )


def test_the_notice_not_to_amend_completes_the_14_weeks(reassessing, caseworker):
    _draft(reassessing, caseworker)
    request = reassessment.record_not_amending(
        request=reassessing, by=caseworker, notified_on=date(2026, 6, 22)
    )
    assert rows(request)[Deadline.Kind.REASSESSED_PLAN] == (
        date(2026, 6, 22),
        date(2026, 6, 22),
        False,
    )
    assert status(request, Deadline.Kind.REASSESSED_PLAN) == "met"
    assert request.stage == Stage.NOT_ISSUING and not request.is_open
    assert request.stage_label == "Decided not to amend or replace the plan"
    assert request.issue_decision == Decision.NO and request.final_issued_on is None
    with pytest.raises(ValidationError, match="will not be amended or replaced"):
        reassessment.record_reassessed_plan_issued(
            request=request, by=caseworker, issued_on=date(2026, 6, 23)
        )


def test_the_notice_not_to_amend_needs_the_decision_to_reassess(requested, caseworker):
    with pytest.raises(ValidationError, match="decision to re-assess first"):
        reassessment.record_not_amending(
            request=requested, by=caseworker, notified_on=date(2026, 3, 20)
        )


def test_an_initial_request_has_no_reassessment_steps(child, caseworker):
    request = assessment.record_request(
        child=child, by=caseworker, regime="ehcp", source="parent", received_on=RECEIVED
    )
    _decide(request, caseworker)
    with pytest.raises(ValidationError, match="belongs to a re-assessment"):
        reassessment.record_not_amending(
            request=request, by=caseworker, notified_on=date(2026, 3, 20)
        )


# --- advice, exceptions, withdrawal, and what a re-assessment never has --------------------------


def test_advice_exceptions_and_the_whole_way_have_no_assessment_rows(reassessing, caseworker):
    advice = assessment.request_advice(
        request=reassessing, by=caseworker, body="ep", requested_on=date(2026, 3, 20)
    )
    assert Deadline.objects.get(source=f"advice:{advice.pk}").due_on == date(2026, 5, 1)
    title = CaseEvent.objects.filter(request=reassessing).latest("pk").title
    assert title == "Re-assessment: Educational psychology advice requested"
    with pytest.raises(ValidationError) as error:
        assessment.record_exception(
            request=reassessing,
            by=caseworker,
            step=TimeLimitException.Step.FINAL_PLAN,
            reason="d",
            starts_on=date(2026, 4, 1),
            ends_on=None,
            note="Abroad",
        )
    assert "step" in error.value.message_dict
    assessment.record_exception(
        request=reassessing,
        by=caseworker,
        step=TimeLimitException.Step.REASSESSED_PLAN,
        reason="d",
        starts_on=date(2026, 4, 1),
        ends_on=date(2026, 5, 15),
        note="The family is abroad for six weeks.",
    )
    assert rows(reassessing)[Deadline.Kind.REASSESSED_PLAN] == (date(2026, 6, 22), None, True)
    assert status(reassessing, Deadline.Kind.REASSESSED_PLAN) == "exempt"
    _draft(reassessing, caseworker)
    reassessment.record_reassessed_plan_issued(
        request=reassessing, by=caseworker, issued_on=date(2026, 7, 1)
    )
    kinds = set(Deadline.objects.filter(request=reassessing).values_list("kind", flat=True))
    assert kinds == REASSESSMENT_KINDS


def test_withdrawing_drops_the_open_steps(reassessing, caseworker):
    assessment.close_request(
        request=reassessing,
        by=caseworker,
        closure=Closure.WITHDRAWN,
        closed_on=date(2026, 4, 1),
        reason="The family withdrew the request",
    )
    assert rows(reassessing) == {
        Deadline.Kind.REASSESS_DECISION: (date(2026, 3, 16), NOTIFIED, False)
    }
    title = CaseEvent.objects.filter(request=reassessing).latest("pk").title
    assert title == "Re-assessment: Request withdrawn"


def test_the_steps_offered_follow_the_reassessment(requested, caseworker):
    assert requested.next_steps() == {"decision", "exception", "close"}
    request = _decide(requested, caseworker)
    assert request.next_steps() == {
        "advice",
        "consultation",
        "draft-sent",
        "not-amending",
        "exception",
        "close",
        "disagreement",
    }
    request = _draft(request, caseworker)
    assert "draft-sent" not in request.next_steps()
    assert "final-issued" not in request.next_steps()  # issued from the plan page


def test_the_assessments_own_steps_are_refused_on_a_reassessment(reassessing, caseworker):
    with pytest.raises(ValidationError, match="no decision whether to issue"):
        assessment.record_issue_decision(
            request=reassessing, by=caseworker, decision=Decision.YES, decided_on=NOTIFIED
        )
    _draft(reassessing, caseworker)
    with pytest.raises(ValidationError, match="from the child's EHC plan page"):
        assessment.record_final_issued(
            request=reassessing, by=caseworker, issued_on=date(2026, 6, 22)
        )
    reassessing.refresh_from_db()
    assert not reassessing.issue_decision and reassessing.final_issued_on is None
