"""A caseworker in a real Chromium records a request to re-assess a child's EHC plan, sees the
15-day decision date, records the decision, and sees the 14 weeks to the plan after it."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.roles import CASEWORKER
from tests.factories import TEST_PASSWORD, ChildFactory, TeamFactory, UserFactory

from .conftest import axe_violations
from .test_assessment_journey import fill_date, status

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_caseworker_records_a_reassessment_and_its_decision(live_server, page):
    team = TeamFactory(name="North team")
    casey = UserFactory(
        username="casey", first_name="Casey", last_name="Walker", role=CASEWORKER, teams=[team]
    )
    child = ChildFactory(team=team, lead_caseworker=casey, first_name="Maisie", last_name="Hartley")
    today = timezone.localdate()
    received = today - timedelta(days=10)
    decision_due = received + timedelta(days=15)  # reg 25(1)
    notified = today - timedelta(days=2)
    plan_due = notified + timedelta(weeks=14)  # reg 27(2)

    page.goto(f"{live_server.url}/sign-in/")
    page.get_by_label("Username").fill("casey")
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(live_server.url + reverse("cases:child", args=[child.pk]))

    page.get_by_role("link", name="Assessment", exact=True).click()
    page.get_by_role("link", name="Record a request to re-assess").click()
    page.get_by_label("Parent or carer").check()
    fill_date(page, "received_on", received)
    page.get_by_role("button", name="Record the re-assessment").click()

    assert page.get_by_test_id("kind").inner_text() == "Re-assessment of the EHC plan"
    assert page.get_by_test_id("stage").inner_text() == "Deciding whether to re-assess"
    deadlines = page.get_by_test_id("deadlines").inner_text()
    assert "Decide whether to re-assess" in deadlines
    assert f"{decision_due:%-d %B %Y}" in deadlines
    assert "Decide whether to assess" not in deadlines
    assert status(page, "reassess_decision") == "Due soon"
    assert axe_violations(page) == []

    page.get_by_role("link", name="Record the decision whether to re-assess").click()
    page.get_by_label("Yes").check()
    fill_date(page, "decided_on", notified)
    page.get_by_role("button", name="Record the decision").click()

    deadlines = page.get_by_test_id("deadlines").inner_text()
    assert "Issue the plan after re-assessment" in deadlines
    assert f"{plan_due:%-d %B %Y}" in deadlines
    assert status(page, "reassess_decision") == "Met"
    assert status(page, "reassessed_plan") == "On track"
    assert page.get_by_test_id("stage").inner_text() == "Re-assessing"
    assert axe_violations(page) == []
    assert page.console_errors == []
