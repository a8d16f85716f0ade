"""The daily deadline scan: thresholds on their edge days, at-risk plans, idempotent batches."""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command

from cases.models import Alert, Deadline
from cases.models.assessment import Decision
from cases.services import assessment as assessment_services
from cases.services.alerts import at_risk_kinds, scan_deadlines, threshold_kind

from ..factories import ChildFactory, DeadlineFactory

pytestmark = pytest.mark.django_db

DUE = date(2024, 6, 14)
RECEIVED = date(2024, 1, 8)  # final plan due 27 May 2024; week 14 ends 15 April, week 16 29 April


def make_deadline(child, owner, due_on=DUE, **fields):
    """A deadline for health advice: a thin name for DeadlineFactory, which the reminder,
    escalation and worker tests use too."""
    fields.setdefault("kind", Deadline.Kind.ADVICE)
    return DeadlineFactory(child=child, owner=owner, due_on=due_on, label="Health advice", **fields)


def kinds(deadline) -> set[str]:
    return set(Alert.objects.filter(deadline=deadline).values_list("kind", flat=True))


@pytest.mark.parametrize(
    ("days_before", "expected"),
    [
        (30, None),
        (15, None),
        (14, "due_14"),
        (8, "due_14"),
        (7, "due_7"),
        (1, "due_7"),
        (0, "due_today"),
        (-1, "overdue"),
        (-100, "overdue"),
    ],
)
def test_threshold_on_each_edge_day(days_before, expected):
    assert threshold_kind(DUE, DUE - timedelta(days=days_before)) == expected


def test_at_risk_from_the_day_after_each_checkpoint():
    def risks(today, draft=None, decision=""):
        return at_risk_kinds(
            received_on=RECEIVED, draft_sent_on=draft, issue_decision=decision, today=today
        )

    assert risks(date(2024, 4, 15)) == []  # the last day of week 14 is still in time
    assert risks(date(2024, 4, 16)) == ["at_risk_draft"]
    assert risks(date(2024, 4, 29)) == ["at_risk_draft"]
    assert risks(date(2024, 4, 30)) == ["at_risk_draft", "at_risk_decision"]
    assert risks(date(2024, 4, 30), draft=date(2024, 4, 20), decision="yes") == []


def test_a_deadline_alerts_once_at_each_threshold_it_is_seen_at(child, caseworker):
    deadline = make_deadline(child, caseworker)
    for days_before, new in [(15, set()), (14, {"due_14"}), (13, set()), (7, {"due_7"})]:
        before = kinds(deadline)
        scan_deadlines(today=DUE - timedelta(days=days_before))
        assert kinds(deadline) - before == new
    scan_deadlines(today=DUE)
    scan_deadlines(today=DUE + timedelta(days=1))
    assert kinds(deadline) == {"due_14", "due_7", "due_today", "overdue"}
    alert = Alert.objects.get(deadline=deadline, kind="overdue")
    assert (alert.raised_on, alert.owner) == (DUE + timedelta(days=1), caseworker)


def test_a_deadline_first_seen_late_gets_only_where_it_stands(child, caseworker):
    deadline = make_deadline(child, caseworker)
    scan_deadlines(today=DUE - timedelta(days=3))
    assert kinds(deadline) == {"due_7"}


def test_exempt_and_completed_deadlines_never_alert(child, caseworker):
    make_deadline(child, caseworker, exempt=True)
    make_deadline(child, caseworker, completed_on=DUE - timedelta(days=20))
    for today in (DUE - timedelta(days=14), DUE, DUE + timedelta(days=30)):
        assert scan_deadlines(today=today).total == 0
    assert not Alert.objects.exists()


def test_running_twice_raises_nothing_new(child, caseworker):
    make_deadline(child, caseworker)
    make_deadline(child, caseworker, due_on=DUE - timedelta(days=10))
    first = scan_deadlines(today=DUE)
    second = scan_deadlines(today=DUE)
    assert dict(first.raised) == {"due_today": 1, "overdue": 1}
    assert first.scanned == second.scanned == 2
    assert second.total == 0
    assert Alert.objects.count() == 2


def test_small_batches_give_the_same_result(child, caseworker, django_assert_max_num_queries):
    for days in range(-3, 17, 2):  # 10 deadlines, some past the 14-day horizon
        make_deadline(child, caseworker, due_on=DUE + timedelta(days=days))
    whole = scan_deadlines(today=DUE, batch_size=2000)
    rows = set(Alert.objects.values_list("deadline_id", "kind"))
    Alert.objects.all().delete()
    with django_assert_max_num_queries(4 * 3 + 1):  # read, look, insert per batch; a last read
        batched = scan_deadlines(today=DUE, batch_size=3)
    assert set(Alert.objects.values_list("deadline_id", "kind")) == rows
    assert dict(batched.raised) == dict(whole.raised)
    assert dict(whole.raised) == {"overdue": 2, "due_7": 4, "due_14": 3}
    assert batched.scanned == whole.scanned == 9  # the one beyond 14 days is not read


def test_a_late_ehcp_request_puts_its_final_plan_at_risk(child, caseworker, time_machine):
    # Recorded the day it arrived: recording a step raises what stands on the day it is
    # recorded (refresh_alerts), and this test follows the scan from then on.
    time_machine.move_to(RECEIVED, tick=False)
    request = assessment_services.record_request(
        child=child, by=caseworker, regime="ehcp", source="parent", received_on=RECEIVED
    )
    final_plan = Deadline.objects.get(request=request, kind=Deadline.Kind.FINAL_PLAN)
    scan_deadlines(today=date(2024, 4, 15))
    assert kinds(final_plan) == set()
    scan_deadlines(today=date(2024, 4, 16))
    assert kinds(final_plan) == {"at_risk_draft"}
    result = scan_deadlines(today=date(2024, 4, 30))
    assert kinds(final_plan) == {"at_risk_draft", "at_risk_decision"}
    assert result.raised["at_risk_decision"] == 1


def test_a_request_on_time_or_under_the_old_regime_is_not_at_risk(child, caseworker):
    on_time = assessment_services.record_request(
        child=child, by=caseworker, regime="ehcp", source="parent", received_on=RECEIVED
    )
    assessment_services.record_assess_decision(
        request=on_time, by=caseworker, decision=Decision.YES, decided_on=date(2024, 2, 12)
    )
    assessment_services.record_issue_decision(
        request=on_time, by=caseworker, decision=Decision.YES, decided_on=date(2024, 4, 1)
    )
    assessment_services.record_draft_sent(request=on_time, by=caseworker, sent_on=date(2024, 4, 8))
    other = ChildFactory(team=child.team, lead_caseworker=caseworker)
    assessment_services.record_request(
        child=other, by=caseworker, regime="statement", source="parent", received_on=RECEIVED
    )
    scan_deadlines(today=date(2024, 5, 1))
    assert not Alert.objects.filter(kind__startswith="at_risk").exists()


def test_the_command_prints_the_counts(child, caseworker):
    make_deadline(child, caseworker)
    out = StringIO()
    call_command("scan_deadlines", "--date", DUE.isoformat(), "--no-email", stdout=out)
    text = out.getvalue()
    assert "Scanned 1 open deadlines for 2024-06-14." in text
    assert "due_today: 1 new" in text
    assert "New alerts: 1." in text
    assert "Digests not sent" in text
    out = StringIO()
    call_command("scan_deadlines", "--date", DUE.isoformat(), "--no-email", stdout=out)
    assert "New alerts: 0." in out.getvalue()
