"""The home page is the caseworker's work: what is overdue, due today and due this week across
their children, each line linking to the form that records its step; their open alerts; what
others recorded on their cases lately. A team manager sees their teams' version with their
dashboard's headlines; a head of service lands on the dashboard (issue 19)."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.roles import CASEWORKER
from cases.home import MINE, TEAM, due_lists, recent_changes
from cases.models import Deadline
from cases.models.assessment import Decision
from cases.services import assessment as assessment_services

from ..factories import (
    AnnualReviewFactory,
    CaseEventFactory,
    ChildFactory,
    DeadlineFactory,
    PlanFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
TODAY = date(2025, 3, 10)


@pytest.fixture(autouse=True)
def today(time_machine):
    time_machine.move_to(datetime(2025, 3, 10, 12, tzinfo=LONDON), tick=False)
    return TODAY


def lines(user, scope=MINE) -> dict[str, list[tuple[str, str]]]:
    return {
        due.key: [(line.child_name, line.deadline.label) for line in due.lines]
        for due in due_lists(user, scope=scope, today=TODAY)
    }


def test_a_caseworker_sees_their_steps_by_when_they_fall_due(
    caseworker, child, team, other_team, outsider
):
    DeadlineFactory(child=child, owner=caseworker, due_on=TODAY - timedelta(days=3), label="A")
    DeadlineFactory(child=child, owner=caseworker, due_on=TODAY, label="B")
    DeadlineFactory(child=child, owner=caseworker, due_on=TODAY + timedelta(days=7), label="C")
    DeadlineFactory(child=child, owner=caseworker, due_on=TODAY + timedelta(days=8), label="later")
    DeadlineFactory(child=child, owner=caseworker, due_on=TODAY - timedelta(1), completed_on=TODAY)
    DeadlineFactory(child=child, owner=caseworker, due_on=TODAY - timedelta(1), exempt=True)
    # A colleague's case in the same team, and a step of another team's case they own: not hers.
    sam = UserFactory(username="sam", role=CASEWORKER, teams=[team])
    theirs = ChildFactory(team=team, lead_caseworker=sam, first_name="Ben", last_name="Ash")
    DeadlineFactory(child=theirs, owner=sam, due_on=TODAY, label="Sam's")
    away = ChildFactory(team=other_team, lead_caseworker=outsider)
    DeadlineFactory(child=away, owner=caseworker, due_on=TODAY, label="Not visible")
    # A step she still owns on a case led by someone else: hers until it is handed on.
    DeadlineFactory(child=theirs, owner=caseworker, due_on=TODAY, label="Still mine")

    assert lines(caseworker) == {
        "overdue": [("Amelia Stone", "A")],
        "today": [("Amelia Stone", "B"), ("Ben Ash", "Still mine")],
        "week": [("Amelia Stone", "C")],
    }
    # The team's version (a team manager's) has the colleague's too, and still nothing unseen.
    assert ("Ben Ash", "Sam's") in lines(caseworker, TEAM)["today"]
    assert ("Not visible") not in str(lines(caseworker, TEAM))


def test_each_line_links_to_the_form_that_records_its_step(caseworker, child, team):
    request = assessment_services.record_request(
        child=child,
        by=caseworker,
        regime="ehcp",
        source="parent",
        received_on=TODAY - timedelta(weeks=7),
    )
    other = ChildFactory(team=team, lead_caseworker=caseworker)
    assessing = assessment_services.record_request(
        child=other,
        by=caseworker,
        regime="ehcp",
        source="parent",
        received_on=TODAY - timedelta(weeks=12),
    )
    assessment_services.record_assess_decision(
        request=assessing, by=caseworker, decision=Decision.YES, decided_on=TODAY - timedelta(50)
    )
    advice = assessment_services.request_advice(
        request=assessing, by=caseworker, body="health", requested_on=TODAY - timedelta(days=45)
    )
    plan = PlanFactory(child=child)
    review = AnnualReviewFactory(plan=plan, due_on=TODAY + timedelta(days=2))
    DeadlineFactory(
        child=child,
        owner=caseworker,
        source=f"review:{review.pk}",
        kind=Deadline.Kind.REVIEW_COMPLETE,
        due_on=review.due_on,
    )
    links = {
        line.deadline.kind: line.url
        for due in due_lists(caseworker, scope=MINE, today=TODAY)
        for line in due.lines
    }
    assert links["decision_to_assess"] == reverse(
        "cases:request_step", args=[child.pk, request.pk, "decision"]
    )
    assert links["advice"] == reverse(
        "cases:request_item_step", args=[other.pk, assessing.pk, "advice-received", advice.pk]
    )
    assert links["review_complete"] == reverse(
        "plans:review_step", args=[child.pk, plan.pk, review.pk, "decision"]
    )


def test_the_page_lists_them_and_says_when_a_list_is_empty(client, caseworker, child):
    DeadlineFactory(child=child, owner=caseworker, due_on=TODAY - timedelta(days=3))
    client.force_login(caseworker)
    html = client.get(reverse("home")).content.decode()
    assert 'data-testid="due-overdue"' in html
    assert "Decide whether to assess" in html and 'data-testid="step-link"' in html
    assert "govuk-tag--red" in html
    assert "Nothing due today." in html
    assert "Nothing else due in the next 7 days." in html
    assert "You have no open alerts." in html  # a factory row raises none; the services do
    assert "No changes by others on your cases in the last 14 days." in html


def test_a_caseworker_with_nothing_due_is_told_so(client, caseworker):
    client.force_login(caseworker)
    html = client.get(reverse("home")).content.decode()
    assert "Nothing overdue." in html


def test_open_alerts_raised_by_recording_a_late_request_show_at_once(client, caseworker, child):
    assessment_services.record_request(
        child=child,
        by=caseworker,
        regime="ehcp",
        source="parent",
        received_on=TODAY - timedelta(weeks=8),
    )
    client.force_login(caseworker)
    html = client.get(reverse("home")).content.decode()
    assert 'data-testid="home-alerts"' in html
    assert "Overdue, Decide whether to assess" in html


def test_recent_changes_are_others_on_my_cases_in_the_last_14_days(caseworker, child, team):
    sam = UserFactory(username="sam", role=CASEWORKER, teams=[team])
    now = datetime(2025, 3, 10, 12, tzinfo=LONDON)
    CaseEventFactory(child=child, recorded_by=sam, title="By Sam", recorded_at=now)
    CaseEventFactory(child=child, recorded_by=caseworker, title="By me", recorded_at=now)
    old = now - timedelta(days=15)
    CaseEventFactory(child=child, recorded_by=sam, title="Long ago", recorded_at=old)
    not_mine = ChildFactory(team=team, lead_caseworker=sam)
    CaseEventFactory(child=not_mine, recorded_by=sam, title="Sam's case", recorded_at=now)
    assert [e.title for e in recent_changes(caseworker, scope=MINE, now=now)] == ["By Sam"]
    assert {e.title for e in recent_changes(caseworker, scope=TEAM, now=now)} == {
        "By Sam",
        "Sam's case",
    }


def test_a_team_manager_sees_the_teams_work_and_the_headlines(client, team_manager, child):
    DeadlineFactory(child=child, owner=child.lead_caseworker, due_on=TODAY)
    client.force_login(team_manager)
    html = client.get(reverse("home")).content.decode()
    assert "Due across your teams" in html
    assert "Amelia Stone" in html
    assert "Headlines" in html and 'data-testid="tile-' in html


def test_a_head_of_service_lands_on_the_dashboard(client, head_of_service):
    client.force_login(head_of_service)
    assert client.get(reverse("home")).url == reverse("dashboard")


def _home_queries(client, user) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("home")).status_code == 200
    return len(queries.captured_queries)


def test_the_home_page_costs_the_same_queries_for_200_children(client, caseworker, team):
    def children(n: int, first: int) -> None:
        for i in range(first, first + n):
            kid = ChildFactory(team=team, lead_caseworker=caseworker)
            plan = PlanFactory(child=kid)
            review = AnnualReviewFactory(plan=plan, due_on=TODAY + timedelta(days=i % 8))
            DeadlineFactory(child=kid, owner=caseworker, due_on=TODAY - timedelta(days=1 + i % 9))
            DeadlineFactory(
                child=kid,
                owner=caseworker,
                source=f"review:{review.pk}",
                kind=Deadline.Kind.REVIEW_COMPLETE,
                due_on=review.due_on,
            )
            CaseEventFactory(child=kid, recorded_by=None)

    children(2, 0)
    client.force_login(caseworker)
    client.get(reverse("home"))  # warm up anything cached per process
    few = _home_queries(client, caseworker)
    children(198, 2)
    many = _home_queries(client, caseworker)
    assert many == few
    assert many <= 20


def test_the_digest_email_links_each_step_to_its_form_too(caseworker, child, settings):
    from django.core import mail

    from cases.services.reminders import send_digests

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SITE_URL = "https://send.example.gov.uk/"
    request = assessment_services.record_request(
        child=child,
        by=caseworker,
        regime="ehcp",
        source="parent",
        received_on=TODAY - timedelta(weeks=7),
    )
    send_digests(today=TODAY)
    form = reverse("cases:request_step", args=[child.pk, request.pk, "decision"])
    assert f"https://send.example.gov.uk{form}" in mail.outbox[0].body
