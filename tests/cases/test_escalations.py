"""Team managers' escalations and heads of service's weekly summaries: who, what, once."""

import smtplib
from datetime import date, timedelta
from io import StringIO

import pytest
import time_machine
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from time_machine import travel

from accounts.roles import CASEWORKER, HEAD_OF_SERVICE, TEAM_MANAGER
from cases.models import Deadline, ReminderLog
from cases.services import assessment as assessment_services
from cases.services.alerts import scan_deadlines
from cases.services.reminders import (
    Figures,
    send_escalations,
    send_reminders,
    send_weekly_summaries,
    service_figures,
)
from cases.tasks import daily_deadline_scan

from ..factories import ChildFactory, TeamFactory, UserFactory
from .test_alerts import make_deadline

pytestmark = pytest.mark.django_db

MONDAY = date(2024, 4, 22)
TUESDAY = MONDAY + timedelta(days=1)
LAST_MONDAY = MONDAY - timedelta(days=7)
RECEIVED = date(2024, 1, 8)  # draft plan checkpoint 15 April: at risk from the 16th


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = "https://send.example.gov.uk/"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def north(team, caseworker, child):
    """North team: Casey's late EHC request for Amelia and an overdue step of Sam's for Ben.

    Amelia's request (received 8 January) has its decision to assess overdue since 19 February
    and its final plan at risk (no draft by week 14); a deadline of Casey's due next week and a
    completed one are not escalated. South team has only a deadline due soon.
    """
    caseworker.first_name, caseworker.last_name = "Casey", "Jones"
    caseworker.save()
    request = assessment_services.record_request(
        child=child, by=caseworker, regime="ehcp", source="parent", received_on=RECEIVED
    )
    sam = UserFactory(
        username="sam", first_name="Sam", last_name="Able", role=CASEWORKER, teams=[team]
    )
    ben = ChildFactory(team=team, lead_caseworker=sam, first_name="Ben", last_name="Ash")
    late = make_deadline(ben, sam, due_on=MONDAY - timedelta(days=3))
    make_deadline(child, caseworker, due_on=MONDAY + timedelta(days=5))  # due soon: not escalated
    make_deadline(ben, sam, due_on=MONDAY - timedelta(days=9), completed_on=MONDAY)
    make_deadline(ben, sam, due_on=MONDAY - timedelta(days=9), exempt=True)
    south = TeamFactory(name="South team")
    olly = UserFactory(username="olly", role=CASEWORKER, teams=[south])
    make_deadline(ChildFactory(team=south, lead_caseworker=olly), olly, due_on=TUESDAY)
    south_manager = UserFactory(username="mo", role=TEAM_MANAGER, teams=[south])
    scan_deadlines(today=MONDAY)
    return {"request": request, "sam": sam, "ben": ben, "late": late, "south": south_manager}


def test_a_team_manager_gets_their_teams_overdue_and_at_risk_work_by_caseworker(
    north, team_manager, child
):
    result = send_escalations(today=MONDAY)
    assert (result.sent, result.skipped["nothing_due"]) == (1, 1)  # Mo's team: nothing late
    assert [m.to for m in mail.outbox] == [[team_manager.email]]
    message = mail.outbox[0]
    assert message.subject == (
        "SEND Portal: 2 overdue, 1 at risk of missing 20 weeks in your teams' cases"
    )
    body = message.body
    assert "Deadlines in your teams (North team) on Monday 22 April 2024: 2 overdue" in body
    # By caseworker, in name order; each item with the child and a direct link.
    assert body.index("Casey Jones: 2 items") < body.index("Sam Able: 1 item")
    amelia = f"Amelia S. (case {child.reference})"  # never the full name (issue 19)
    assert (
        f"- {amelia}: Decide whether to assess, due 19 February 2024 (overdue by 63 days)" in body
    )
    assert f"- {amelia}: Issue the final EHC plan, due 27 May 2024" in body
    assert "Stone" not in body
    assert "20 weeks at risk: no draft plan by week 14" in body
    ben = f"Ben A. (case {north['ben'].reference})"
    assert f"- {ben}: Health advice, due 19 April 2024 (overdue by 3 days)" in body
    request_url = "https://send.example.gov.uk" + reverse(
        "cases:request", args=[child.pk, north["request"].pk]
    )
    assert request_url in body
    assert "due 27 April 2024" not in body  # Casey's step due next week is not late
    assert body.count("Health advice") == 1  # the completed and the exempt ones are not listed
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert f'href="https://send.example.gov.uk{north["ben"].get_absolute_url()}"' in html
    assert "Overdue by 3 days" in html
    assert ReminderLog.objects.get(recipient=team_manager, kind="manager_escalation").sent_at


def test_acknowledging_an_alert_does_not_hide_it_from_the_manager(north, team_manager):
    north["late"].alerts.update(acknowledged_at=timezone.now())
    send_escalations(today=MONDAY)
    assert f"Ben A. (case {north['ben'].reference}): Health advice" in mail.outbox[0].body


def test_a_manager_with_nothing_late_in_their_teams_gets_nothing(team, team_manager, child):
    make_deadline(child, None, due_on=MONDAY + timedelta(days=2))
    scan_deadlines(today=MONDAY)
    result = send_escalations(today=MONDAY)
    assert (result.sent, result.skipped["nothing_due"]) == (1 - 1, 1)
    assert mail.outbox == []
    assert not ReminderLog.objects.exists()


def test_an_unassigned_deadline_is_listed_last(north, team_manager, child):
    make_deadline(child, None, due_on=MONDAY - timedelta(days=1))
    send_escalations(today=MONDAY)
    body = mail.outbox[0].body
    assert body.index("Sam Able:") < body.index("No caseworker: 1 item")


def test_the_escalation_is_sent_once_across_two_runs(north, team_manager):
    assert send_escalations(today=MONDAY).sent == 1
    second = send_escalations(today=MONDAY)
    assert (second.sent, second.skipped["already_sent_or_claimed"]) == (0, 1)
    assert len(mail.outbox) == 1


@pytest.mark.parametrize(
    ("frequency", "day", "sent"),
    [("daily", TUESDAY, 1), ("weekly", TUESDAY, 0), ("weekly", MONDAY, 1), ("off", MONDAY, 0)],
)
def test_the_escalation_honours_the_managers_preference(north, team_manager, frequency, day, sent):
    team_manager.digest_frequency = frequency
    team_manager.save()
    assert send_escalations(today=day).sent == sent
    assert len(mail.outbox) == sent


# Weekly summary ------------------------------------------------------------------------------


@pytest.fixture
def service(child, caseworker):
    """Deadlines whose standing differs between last Monday (15 April) and this (22nd)."""

    def add(due, completed=None, **fields):
        return make_deadline(child, caseworker, due_on=due, completed_on=completed, **fields)

    add(date(2024, 4, 20))  # overdue now; due soon last week
    add(date(2024, 4, 22))  # due today now; due soon last week
    add(date(2024, 4, 10), date(2024, 4, 18))  # done now; overdue last week
    add(date(2024, 4, 30))  # due soon now; 15 days away last week
    add(date(2024, 4, 15), date(2024, 4, 15))  # done now; due today last week (done that day)
    add(date(2024, 4, 1), exempt=True)  # a time limit exception: never counted as open
    plan = Deadline.Kind.FINAL_PLAN
    add(date(2024, 4, 20), date(2024, 4, 19), kind=plan)  # issued this week, in time
    add(date(2024, 4, 10), date(2024, 4, 16), kind=plan)  # issued this week, late
    add(date(2024, 4, 12), date(2024, 4, 10), kind=plan)  # issued the week before, in time
    # An EHC request received 8 January: decision to assess overdue since 19 February, notice
    # not to issue due 29 April, final plan at risk from 16 April (not yet last Monday).
    # Recorded the day it arrived: recording raises the alerts that stand on that day.
    with travel(RECEIVED, tick=False):
        assessment_services.record_request(
            child=child, by=caseworker, regime="ehcp", source="parent", received_on=RECEIVED
        )
    scan_deadlines(today=MONDAY)


def test_the_service_figures_now_and_as_they_stood_a_week_before(service):
    assert service_figures(MONDAY) == Figures(
        on=MONDAY, overdue=2, due_today=1, due_soon=2, at_risk=1, issued=2, issued_in_time=1
    )
    assert service_figures(LAST_MONDAY) == Figures(
        on=LAST_MONDAY, overdue=3, due_today=1, due_soon=4, at_risk=0, issued=1, issued_in_time=1
    )


def test_the_summary_goes_to_heads_of_service_on_mondays(service, head_of_service, caseworker):
    UserFactory(username="away", role=HEAD_OF_SERVICE, digest_frequency="off")
    UserFactory(username="weekly", role=HEAD_OF_SERVICE, digest_frequency="weekly")
    assert send_weekly_summaries(today=TUESDAY).sent == 0
    assert mail.outbox == []
    assert send_weekly_summaries(today=MONDAY).sent == 2
    assert sorted(m.to[0] for m in mail.outbox) == [
        head_of_service.email,
        "weekly@example.invalid",
    ]
    message = next(m for m in mail.outbox if m.to == [head_of_service.email])
    assert message.subject == "SEND Portal: weekly summary for 22 April 2024, 2 overdue"
    body = message.body
    for line in [
        "- Overdue: 2 (last week 3, -1)",
        "- Due today: 1 (last week 1, no change)",
        "- Due in the next 14 days: 2 (last week 4, -2)",
        "- 20 weeks at risk: 1 (last week 0, +1)",
        "- Final plans issued in the last 7 days: 2 (last week 1, +1)",
        "- of which within 20 weeks: 1 (last week 1, no change)",
        "50% of the final plans issued in the last 7 days were within 20 weeks.",
        "https://send.example.gov.uk/dashboard/",
    ]:
        assert line in body
    html, _ = message.alternatives[0]
    assert '<th scope="row"' in html and "<strong>2</strong>" in html
    assert not ReminderLog.objects.filter(recipient=caseworker).exists()


def test_no_summary_when_the_service_has_nothing_at_all(head_of_service):
    result = send_weekly_summaries(today=MONDAY)
    assert (result.sent, result.skipped["nothing_due"]) == (0, 1)
    assert mail.outbox == []


def test_the_summary_is_sent_once_across_two_runs(service, head_of_service):
    assert send_weekly_summaries(today=MONDAY).sent == 1
    assert send_weekly_summaries(today=MONDAY).sent == 0
    assert len(mail.outbox) == 1


# Failures, the task and the command ----------------------------------------------------------


@pytest.mark.parametrize(
    ("send", "data", "recipient", "kind"),
    [
        (send_escalations, "north", "team_manager", "manager_escalation"),
        (send_weekly_summaries, "service", "head_of_service", "weekly_summary"),
    ],
)
def test_a_failing_send_is_recorded_and_the_retry_sends_it_once(
    send, data, recipient, kind, request, monkeypatch
):
    request.getfixturevalue(data)
    user = request.getfixturevalue(recipient)

    def drop(self, fail_silently=False):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")

    with monkeypatch.context() as patched:
        patched.setattr(EmailMultiAlternatives, "send", drop)
        with pytest.raises(smtplib.SMTPServerDisconnected):
            send(today=MONDAY)
    log = ReminderLog.objects.get(recipient=user, kind=kind, for_date=MONDAY)
    assert (log.sent_at, log.claimed_at, log.attempts) == (None, None, 1)
    assert log.last_error == "SMTPServerDisconnected: Connection unexpectedly closed"
    assert send(today=MONDAY).sent == 1
    assert send(today=MONDAY).sent == 0
    log.refresh_from_db()
    assert (log.attempts, log.last_error) == (2, "")
    assert log.sent_at is not None
    assert [m.to for m in mail.outbox] == [[user.email]]


def test_a_refused_digest_does_not_stop_the_escalation(north, team_manager, monkeypatch):
    real_send = EmailMultiAlternatives.send

    def refuse_caseworkers(self, fail_silently=False):
        if self.to != [team_manager.email]:
            raise smtplib.SMTPRecipientsRefused({self.to[0]: (550, b"no such user")})
        return real_send(self, fail_silently)

    monkeypatch.setattr(EmailMultiAlternatives, "send", refuse_caseworkers)
    results = send_reminders(today=MONDAY)
    assert isinstance(results["caseworker_digest"].error, smtplib.SMTPRecipientsRefused)
    assert results["manager_escalation"].sent == 1
    assert [m.to for m in mail.outbox] == [[team_manager.email]]


def test_the_task_sends_all_three_on_a_monday_and_no_summary_on_tuesday(
    north, team_manager, head_of_service
):
    with time_machine.travel("2024-04-23 06:30 +01:00", tick=False):
        result = daily_deadline_scan()
    assert result["date"] == "2024-04-23"
    assert result["emails_sent"] == {
        "caseworker_digest": 3,  # Casey, Sam and Olly in South team
        "manager_escalation": 1,
        "weekly_summary": 0,
    }
    mail.outbox.clear()
    with time_machine.travel("2024-04-29 06:30 +01:00", tick=False):
        result = daily_deadline_scan()
    assert result["emails_sent"]["weekly_summary"] == 1
    with time_machine.travel("2024-04-29 07:30 +01:00", tick=False):
        again = daily_deadline_scan()
    assert again["emails_sent"] == {
        "caseworker_digest": 0,
        "manager_escalation": 0,
        "weekly_summary": 0,
    }
    assert ReminderLog.objects.filter(for_date=date(2024, 4, 29), sent_at__isnull=False).count()


def test_the_command_prints_counts_per_kind(north, team_manager, head_of_service):
    out = StringIO()
    call_command("scan_deadlines", "--date", MONDAY.isoformat(), stdout=out)
    text = out.getvalue()
    assert "Caseworker's daily digest: 3 sent, 0 failed; skipped: none." in text
    assert "Escalation to a team manager: 1 sent, 0 failed; skipped: nothing_due 1." in text
    assert "Weekly summary: 1 sent, 0 failed; skipped: none." in text
    out = StringIO()
    call_command("scan_deadlines", "--date", MONDAY.isoformat(), stdout=out)
    assert "Escalation to a team manager: 0 sent" in out.getvalue()
