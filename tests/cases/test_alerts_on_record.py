"""Alerts follow a case's steps as they are recorded, not only the morning scan (issue 19)."""

from datetime import date, datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.db import transaction

from accounts.models import User
from cases.models import Alert, Deadline
from cases.models.assessment import Decision
from cases.services import assessment as assessment_services
from cases.services.deadlines import PlannedDeadline, sync_deadlines

pytestmark = pytest.mark.django_db

TODAY = date(2025, 3, 10)


@pytest.fixture(autouse=True)
def today(time_machine):
    time_machine.move_to(datetime(2025, 3, 10, 12, tzinfo=ZoneInfo("Europe/London")), tick=False)
    return TODAY


def open_alerts(user) -> set[tuple[str, str]]:
    return set(Alert.objects.open_for_owner(user, TODAY).values_list("deadline__kind", "kind"))


def test_recording_a_late_request_raises_overdue_and_recording_the_step_clears_it(
    child, caseworker
):
    request = assessment_services.record_request(
        child=child,
        by=caseworker,
        regime="ehcp",
        source="parent",
        received_on=TODAY - timedelta(weeks=15),
    )
    # No scan has run: the decision (6 weeks) is overdue the moment the request is recorded.
    assert ("decision_to_assess", "overdue") in open_alerts(caseworker)

    assessment_services.record_assess_decision(
        request=request, by=caseworker, decision=Decision.YES, decided_on=TODAY
    )
    alerts = open_alerts(caseworker)
    assert not any(kind == "decision_to_assess" for kind, _ in alerts)
    assert not Alert.objects.filter(deadline__kind="decision_to_assess").exists()  # cleared
    # What the decision opened is raised at once, by the scan's own rule: the decision whether
    # to issue is due at week 16, and the final plan is at risk (no draft by week 14).
    assert ("notice_not_to_issue", "due_7") in alerts
    assert ("final_plan", "at_risk_draft") in alerts


def test_the_alerts_are_written_in_the_transaction_that_writes_the_deadlines(
    child, caseworker, django_capture_on_commit_callbacks
):
    class Undo(Exception):
        pass

    with pytest.raises(Undo), transaction.atomic():
        with django_capture_on_commit_callbacks() as callbacks:
            assessment_services.record_request(
                child=child,
                by=caseworker,
                regime="ehcp",
                source="parent",
                received_on=TODAY - timedelta(weeks=10),
            )
        assert Alert.objects.filter(kind="overdue").count() == 1  # before any commit
        assert not callbacks  # not left to a later task
        raise Undo
    assert not Deadline.objects.exists()
    assert not Alert.objects.exists()  # rolled back with the rows


def test_a_due_date_moved_later_clears_the_thresholds_it_no_longer_stands_at(child, caseworker):
    def plan(due_on: date, completed_on: date | None = None) -> list[PlannedDeadline]:
        return [
            PlannedDeadline("review:1", "review_complete", "Review", due_on, completed_on, False)
        ]

    sync_deadlines(child=child, source="review:1", planned=plan(TODAY - timedelta(days=1)))
    assert open_alerts(caseworker) == {("review_complete", "overdue")}

    sync_deadlines(child=child, source="review:1", planned=plan(TODAY + timedelta(days=5)))
    assert open_alerts(caseworker) == {("review_complete", "due_7")}

    # Acknowledged alerts carry someone's reason: they stay, and drop out when the step is met.
    Alert.objects.update(acknowledged_at=datetime(2025, 3, 10, tzinfo=ZoneInfo("UTC")))
    sync_deadlines(child=child, source="review:1", planned=plan(TODAY + timedelta(days=5), TODAY))
    assert Alert.objects.count() == 1
    assert open_alerts(caseworker) == set()


def test_a_fresh_demo_has_open_alerts_for_a_caseworker_with_overdue_deadlines():
    out = StringIO()
    call_command("seed_demo", children=40, stdout=out)
    assert "alerts raised by the scan" in out.getvalue()
    overdue_owners = set(
        Deadline.objects.overdue(TODAY).exclude(owner=None).values_list("owner", flat=True)
    )
    assert overdue_owners
    for owner in User.objects.filter(pk__in=overdue_owners):
        assert Alert.objects.open_for_owner(owner, TODAY).filter(kind="overdue").exists()
