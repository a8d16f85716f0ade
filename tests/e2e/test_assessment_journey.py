"""The caseworker's journey in a real Chromium: register a child, record a request, see the
6- and 20-week deadlines, record the decision and advice, record an exception, and watch the
statuses change."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.roles import CASEWORKER
from tests.factories import TEST_PASSWORD, TeamFactory, UserFactory

from .conftest import axe_violations

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def fill_date(page, name: str, day) -> None:
    page.locator(f"input[name={name}_0]").fill(str(day.day))
    page.locator(f"input[name={name}_1]").fill(str(day.month))
    page.locator(f"input[name={name}_2]").fill(str(day.year))


def status(page, kind: str) -> str:
    return page.get_by_test_id(f"status-{kind}").inner_text()


def test_caseworker_registers_a_child_and_runs_the_clock(live_server, page):
    team = TeamFactory(name="North team")
    UserFactory(
        username="casey", first_name="Casey", last_name="Walker", role=CASEWORKER, teams=[team]
    )
    today = timezone.localdate()
    received = today - timedelta(days=50)  # the 6 weeks ran out 8 days ago

    page.goto(f"{live_server.url}/sign-in/")
    page.get_by_label("Username").fill("casey")
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    page.get_by_role("link", name="Register a child").click()
    page.get_by_label("First name").fill("Maisie")
    page.get_by_label("Last name").fill("Hartley")
    fill_date(page, "date_of_birth", today.replace(year=today.year - 9))
    page.get_by_label("Female").check()
    page.get_by_label("Ethnicity").select_option("WBRI")
    page.get_by_label("Unique pupil number (UPN) (optional)").fill("B801200005001")
    page.get_by_label("SEN support").check()
    page.get_by_label("Primary need", exact=True).select_option("SLCN")
    page.get_by_label("Team").select_option(label="North team")
    page.get_by_role("button", name="Register child").click()
    assert page.get_by_test_id("identity-bar").inner_text().startswith("Maisie Hartley")

    page.get_by_role("link", name="Assessment", exact=True).click()
    page.get_by_role("link", name="Record a request for assessment").click()
    page.get_by_label("Parent or carer").check()
    fill_date(page, "received_on", received)
    page.get_by_role("button", name="Record the request").click()

    deadlines = page.get_by_test_id("deadlines").inner_text()
    six_weeks = received + timedelta(weeks=6)
    twenty_weeks = received + timedelta(weeks=20)
    assert f"{six_weeks:%-d %B %Y}" in deadlines and f"{twenty_weeks:%-d %B %Y}" in deadlines
    assert status(page, "decision_to_assess") == "Overdue"
    assert status(page, "final_plan") == "On track"
    assert axe_violations(page) == []

    page.get_by_role("link", name="Record the decision whether to assess").click()
    page.get_by_label("Yes").check()
    fill_date(page, "decided_on", received + timedelta(days=40))
    page.get_by_role("button", name="Record the decision").click()
    assert status(page, "decision_to_assess") == "Met"
    assert page.get_by_test_id("stage").inner_text() == "Assessing"

    page.get_by_role("link", name="Record a request for advice").click()
    page.get_by_label("Educational psychology").check()
    fill_date(page, "requested_on", received + timedelta(days=41))
    page.get_by_role("button", name="Record the advice request").click()
    assert "Educational psychology advice" in page.get_by_test_id("deadlines").inner_text()
    assert status(page, "advice") == "On track"

    page.get_by_role("link", name="Record a time-limit exception").click()
    page.get_by_label("Which time limit does it affect?").select_option("final_plan")
    page.get_by_label("(d) Away from the area for 4 weeks or more").check()
    fill_date(page, "starts_on", received + timedelta(days=45))
    page.get_by_label("What happened").fill("The family is abroad for six weeks.")
    page.get_by_role("button", name="Record the exception").click()
    assert status(page, "final_plan") == "Exception applies"
    assert "The family is abroad for six weeks." in page.locator("main").inner_text()
    assert axe_violations(page) == []
    assert page.console_errors == []
