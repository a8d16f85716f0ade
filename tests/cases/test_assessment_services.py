"""The assessment services: every step recorded once, in order, with its Deadline rows."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from cases.codes import SenStatus
from cases.models import CaseEvent, Deadline
from cases.models.assessment import AdviceRequest, Closure, Decision, Stage, TimeLimitException
from cases.services import assessment as services

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def today(time_machine):
    time_machine.move_to(datetime(2024, 7, 1, 12, tzinfo=ZoneInfo("Europe/London")), tick=False)


RECEIVED = date(2024, 1, 8)  # docs/domain/statutory.md's example: 20 weeks end on 27 May 2024


def deadlines(request) -> dict[str, tuple]:
    return {
        f"{d.kind}:{d.source}": (d.due_on, d.completed_on, d.exempt)
        for d in Deadline.objects.filter(request=request)
    }


@pytest.fixture
def ehcp(child, caseworker):
    return services.record_request(
        child=child, by=caseworker, regime="ehcp", source="parent", received_on=RECEIVED
    )


def _assess(request, by, on=date(2024, 2, 12)):
    return services.record_assess_decision(
        request=request, by=by, decision=Decision.YES, decided_on=on
    )


def test_a_new_ehcp_request_has_the_6_16_and_20_week_deadlines(ehcp, caseworker):
    source = f"request:{ehcp.pk}"
    assert deadlines(ehcp) == {
        f"decision_to_assess:{source}": (date(2024, 2, 19), None, False),
        f"notice_not_to_issue:{source}": (date(2024, 4, 29), None, False),
        f"final_plan:{source}": (date(2024, 5, 27), None, False),
    }
    assert set(Deadline.objects.values_list("owner", flat=True)) == {caseworker.pk}
    assert ehcp.stage == Stage.DECIDING
    assert CaseEvent.objects.get(request=ehcp).title == "Request for assessment received"


def test_a_statement_request_has_the_6_18_and_26_week_deadlines(child, caseworker):
    request = services.record_request(
        child=child, by=caseworker, regime="statement", source="school", received_on=RECEIVED
    )
    source = f"request:{request.pk}"
    assert deadlines(request) == {
        f"decision_to_assess:{source}": (date(2024, 2, 19), None, False),
        f"proposed_statement:{source}": (date(2024, 5, 13), None, False),
        f"final_statement:{source}": (date(2024, 7, 8), None, False),
    }


def test_deciding_not_to_assess_ends_the_clock(ehcp, caseworker):
    services.record_assess_decision(
        request=ehcp, by=caseworker, decision=Decision.NO, decided_on=date(2024, 2, 19)
    )
    ehcp.refresh_from_db()
    assert ehcp.stage == Stage.NOT_ASSESSING
    assert deadlines(ehcp) == {
        f"decision_to_assess:request:{ehcp.pk}": (date(2024, 2, 19), date(2024, 2, 19), False)
    }
    assert Deadline.objects.get(request=ehcp).status(date(2024, 7, 1)) == "met"


def test_each_advice_request_gets_its_own_six_weeks(ehcp, caseworker):
    _assess(ehcp, caseworker)
    ep = services.request_advice(
        request=ehcp, by=caseworker, body="ep", requested_on=date(2024, 2, 13)
    )
    health = services.request_advice(
        request=ehcp, by=caseworker, body="health", requested_on=date(2024, 2, 14)
    )
    services.record_advice_received(advice=ep, by=caseworker, received_on=date(2024, 3, 27))
    rows = deadlines(ehcp)
    assert rows[f"advice:advice:{ep.pk}"] == (date(2024, 3, 26), date(2024, 3, 27), False)
    assert rows[f"advice:advice:{health.pk}"] == (date(2024, 3, 27), None, False)
    late = Deadline.objects.get(source=f"advice:{ep.pk}")
    assert late.status(date(2024, 7, 1)) == "met_late"
    assert late.label == "Educational psychology advice"


def test_the_whole_journey_to_a_final_plan_in_time(ehcp, caseworker, child):
    _assess(ehcp, caseworker)
    services.record_issue_decision(
        request=ehcp, by=caseworker, decision=Decision.YES, decided_on=date(2024, 4, 1)
    )
    services.record_draft_sent(request=ehcp, by=caseworker, sent_on=date(2024, 4, 15))
    services.record_final_issued(request=ehcp, by=caseworker, issued_on=date(2024, 5, 27))
    ehcp.refresh_from_db()
    child.refresh_from_db()
    assert ehcp.stage == Stage.ISSUED
    assert child.sen_status == SenStatus.EHC_PLAN
    final = Deadline.objects.get(request=ehcp, kind="final_plan")
    assert (final.completed_on, final.status(date(2024, 7, 1))) == (date(2024, 5, 27), "met")
    assert Deadline.objects.open().filter(request=ehcp).count() == 0
    issued = CaseEvent.objects.get(request=ehcp, title="Final EHC plan issued")
    assert "20.0 weeks" in issued.detail and "in time" in issued.detail


def test_final_plan_a_day_late_is_met_late(ehcp, caseworker):
    _assess(ehcp, caseworker)
    services.record_issue_decision(
        request=ehcp, by=caseworker, decision=Decision.YES, decided_on=date(2024, 4, 1)
    )
    services.record_draft_sent(request=ehcp, by=caseworker, sent_on=date(2024, 4, 15))
    services.record_final_issued(request=ehcp, by=caseworker, issued_on=date(2024, 5, 28))
    final = Deadline.objects.get(request=ehcp, kind="final_plan")
    assert final.status(date(2024, 7, 1)) == "met_late"


def test_the_family_has_15_days_on_the_draft(ehcp, caseworker):
    _assess(ehcp, caseworker)
    services.record_issue_decision(
        request=ehcp, by=caseworker, decision=Decision.YES, decided_on=date(2024, 2, 20)
    )
    services.record_draft_sent(request=ehcp, by=caseworker, sent_on=date(2024, 3, 1))
    with pytest.raises(ValidationError, match="from 16 March 2024"):
        services.record_final_issued(request=ehcp, by=caseworker, issued_on=date(2024, 3, 15))
    services.record_final_issued(request=ehcp, by=caseworker, issued_on=date(2024, 3, 16))


def test_deciding_not_to_issue_removes_the_20_week_deadline(ehcp, caseworker):
    _assess(ehcp, caseworker)
    services.record_issue_decision(
        request=ehcp, by=caseworker, decision=Decision.NO, decided_on=date(2024, 4, 29)
    )
    kinds = set(Deadline.objects.filter(request=ehcp).values_list("kind", flat=True))
    assert kinds == {"decision_to_assess", "notice_not_to_issue"}
    notice = Deadline.objects.get(request=ehcp, kind="notice_not_to_issue")
    assert notice.status(date(2024, 7, 1)) == "met"  # on the last day of the 16 weeks


def test_a_note_in_lieu_meets_the_18_week_limit(child, caseworker):
    request = services.record_request(
        child=child, by=caseworker, regime="statement", source="parent", received_on=RECEIVED
    )
    _assess(request, caseworker)
    services.record_issue_decision(
        request=request, by=caseworker, decision=Decision.NO, decided_on=date(2024, 5, 1)
    )
    proposed = Deadline.objects.get(request=request, kind="proposed_statement")
    assert proposed.completed_on == date(2024, 5, 1)
    assert not Deadline.objects.filter(request=request, kind="final_statement").exists()


def test_an_exception_makes_its_step_exempt(ehcp, caseworker):
    _assess(ehcp, caseworker)
    services.record_exception(
        request=ehcp,
        by=caseworker,
        step="final_plan",
        reason="d",
        starts_on=date(2024, 3, 1),
        ends_on=date(2024, 4, 5),
        note="Family abroad for 5 weeks",
    )
    final = Deadline.objects.get(request=ehcp, kind="final_plan")
    assert final.exempt and final.status(date(2024, 7, 1)) == "exempt"
    assert not Deadline.objects.get(request=ehcp, kind="notice_not_to_issue").exempt


def test_advice_exceptions_follow_reg_8_2(ehcp, caseworker):
    _assess(ehcp, caseworker)
    ep = services.request_advice(
        request=ehcp, by=caseworker, body="ep", requested_on=date(2024, 2, 13)
    )
    with pytest.raises(ValidationError, match=r"reg 8\(2\)"):
        services.record_exception(
            request=ehcp,
            by=caseworker,
            step="advice",
            advice=ep,
            reason="a",
            starts_on=date(2024, 2, 20),
            ends_on=None,
            note="School closed",
        )
    services.record_exception(
        request=ehcp,
        by=caseworker,
        step="advice",
        advice=ep,
        reason="missed",
        starts_on=date(2024, 2, 20),
        ends_on=None,
        note="Missed the EP appointment",
    )
    assert Deadline.objects.get(source=f"advice:{ep.pk}").exempt
    with pytest.raises(ValidationError, match="advice only"):
        services.record_exception(
            request=ehcp,
            by=caseworker,
            step="final_plan",
            reason="missed",
            starts_on=date(2024, 2, 20),
            ends_on=None,
            note="x",
        )


@pytest.mark.parametrize(
    ("record", "message"),
    [
        (
            lambda r, u: services.record_assess_decision(
                request=r, by=u, decision="yes", decided_on=date(2024, 1, 7)
            ),
            "on or after",
        ),
        (
            lambda r, u: services.record_assess_decision(
                request=r, by=u, decision="yes", decided_on=date(2024, 7, 2)
            ),
            "future",
        ),
        (
            lambda r, u: services.record_issue_decision(
                request=r, by=u, decision="yes", decided_on=date(2024, 3, 1)
            ),
            "decision to assess",
        ),
        (
            lambda r, u: services.record_draft_sent(request=r, by=u, sent_on=date(2024, 3, 1)),
            "decision to issue",
        ),
        (
            lambda r, u: services.record_final_issued(request=r, by=u, issued_on=date(2024, 3, 1)),
            "was sent first",
        ),
        (
            lambda r, u: services.request_advice(
                request=r, by=u, body="ep", requested_on=date(2024, 3, 1)
            ),
            "decision to assess",
        ),
        (
            lambda r, u: services.close_request(
                request=r, by=u, closure="withdrawn", closed_on=date(2024, 3, 1), reason=" "
            ),
            "Say why",
        ),
    ],
)
def test_impossible_sequences_are_refused_and_nothing_is_saved(ehcp, caseworker, record, message):
    before = (Deadline.objects.count(), CaseEvent.objects.count(), AdviceRequest.objects.count())
    with pytest.raises(ValidationError, match=message):
        record(ehcp, caseworker)
    ehcp.refresh_from_db()
    assert ehcp.stage == Stage.DECIDING and not ehcp.assess_decision
    after = (Deadline.objects.count(), CaseEvent.objects.count(), AdviceRequest.objects.count())
    assert after == before


def test_withdrawal_drops_open_deadlines_and_keeps_met_ones(ehcp, caseworker):
    _assess(ehcp, caseworker)
    services.close_request(
        request=ehcp,
        by=caseworker,
        closure=Closure.WITHDRAWN,
        closed_on=date(2024, 3, 1),
        reason="The family moved away",
    )
    assert list(Deadline.objects.filter(request=ehcp).values_list("kind", flat=True)) == [
        "decision_to_assess"
    ]
    with pytest.raises(ValidationError, match="withdrawn"):
        services.request_advice(
            request=ehcp, by=caseworker, body="ep", requested_on=date(2024, 3, 2)
        )


def test_only_one_open_request_per_child(ehcp, child, caseworker):
    with pytest.raises(ValidationError, match="already has an open request"):
        services.record_request(
            child=child,
            by=caseworker,
            regime="ehcp",
            source="parent",
            received_on=date(2024, 2, 1),
        )


def test_resyncing_never_duplicates_rows(ehcp, caseworker):
    from cases.services.deadlines import sync_request_deadlines

    _assess(ehcp, caseworker)
    ehcp.refresh_from_db()
    first = deadlines(ehcp)
    sync_request_deadlines(ehcp)
    sync_request_deadlines(ehcp)
    assert deadlines(ehcp) == first
    assert Deadline.objects.filter(request=ehcp).count() == 3


def test_every_step_is_audited_with_its_user(ehcp, caseworker):
    _assess(ehcp, caseworker)
    latest = ehcp.history.first()
    assert latest.history_user == caseworker
    assert latest.assess_decision == "yes"
    assert TimeLimitException.history.count() == 0


def test_the_steps_offered_follow_what_is_recorded(ehcp, caseworker):
    def offered():
        ehcp.refresh_from_db()
        return ehcp.next_steps()

    assert offered() == {"decision", "exception", "close"}
    _assess(ehcp, caseworker)
    assert offered() == {
        "advice",
        "consultation",
        "issue-decision",
        "exception",
        "close",
        "disagreement",
    }
    services.record_issue_decision(
        request=ehcp, by=caseworker, decision=Decision.YES, decided_on=date(2024, 4, 1)
    )
    assert "draft-sent" in offered() and "issue-decision" not in offered()
    services.record_draft_sent(request=ehcp, by=caseworker, sent_on=date(2024, 4, 15))
    assert "final-issued" in offered() and "draft-sent" not in offered()
    services.record_final_issued(request=ehcp, by=caseworker, issued_on=date(2024, 5, 27))
    assert offered() == {"disagreement"}


def test_a_decision_not_to_assess_leaves_only_disagreement(ehcp, caseworker):
    services.record_assess_decision(
        request=ehcp, by=caseworker, decision=Decision.NO, decided_on=date(2024, 2, 19)
    )
    ehcp.refresh_from_db()
    assert ehcp.next_steps() == {"disagreement"}
