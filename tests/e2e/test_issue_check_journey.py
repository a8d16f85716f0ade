"""Issue 19's journey in a real Chromium: an empty draft EHC plan cannot be issued (its gaps are
listed, each linked to where it is written); the caseworker fills them, checks the answers and
the appeal window, and issues the plan."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.roles import CASEWORKER
from cases import statutory
from cases.services import assessment
from tests.factories import TEST_PASSWORD, ChildFactory, TeamFactory, UserFactory

from .conftest import axe_violations
from .test_assessment_journey import fill_date

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_an_empty_plan_is_completed_checked_and_issued(live_server, page):
    team = TeamFactory(name="North team")
    casey = UserFactory(username="casey", role=CASEWORKER, teams=[team])
    today = timezone.localdate()
    child = ChildFactory(
        first_name="Maisie",
        last_name="Hartley",
        date_of_birth=today.replace(year=today.year - 12, month=1, day=1),
        team=team,
        lead_caseworker=casey,
        sen_status="sen_support",
    )
    received = today - timedelta(days=140)
    request = assessment.record_request(
        child=child, by=casey, regime="ehcp", source="parent", received_on=received
    )
    assessment.record_assess_decision(
        request=request, by=casey, decision="yes", decided_on=received + timedelta(days=35)
    )
    assessment.record_issue_decision(
        request=request, by=casey, decision="yes", decided_on=received + timedelta(days=90)
    )
    assessment.record_draft_sent(request=request, by=casey, sent_on=received + timedelta(days=100))
    issued = received + timedelta(days=125)

    page.goto(f"{live_server.url}/sign-in/")
    page.get_by_label("Username").fill("casey")
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(live_server.url + reverse("plans:plans", args=[child.pk]))
    page.get_by_role("link", name="Start the draft EHC plan").click()
    page.get_by_role("button", name="Start the plan").click()
    assert page.get_by_label("B: special educational needs").is_visible()

    # Issuing the empty draft: the gaps are listed and there is nothing to confirm.
    page.get_by_role("link", name="Cancel").click()
    page.get_by_role("link", name="Issue the final plan").click()
    fill_date(page, "issued_on", issued)
    page.get_by_role("button", name="Continue").click()
    gaps = page.get_by_test_id("gaps")
    assert gaps.get_by_role("link").count() == 5
    assert page.get_by_role("button", name="Issue the final plan").count() == 0
    assert axe_violations(page) == []

    # Each gap leads to where it is written.
    gaps.get_by_role("link", name="Section B: describe the special educational needs").click()
    page.get_by_label("B: special educational needs").fill("Speech, language and communication.")
    page.get_by_label("I: placement").fill("A maintained special school.")
    page.get_by_label("K: advice and information").fill("Advice from the EP and the SALT service.")
    page.get_by_role("button", name="Save sections").click()
    page.get_by_role("link", name="Add an outcome").click()
    page.get_by_label("Education").check()
    page.get_by_label("Outcome", exact=True).fill("Reads aloud to the class")
    page.get_by_role("button", name="Save outcome").click()
    page.get_by_role("link", name="Add provision").click()
    page.get_by_label("What is provided").fill("Speech and language therapy")
    page.get_by_label("Who provides it").fill("NHS SALT service")
    page.get_by_label("How often").fill("Weekly, 30 minutes")
    page.get_by_label("Health", exact=True).check()
    page.get_by_role("button", name="Save provision").click()

    # Check your answers: the content, the appeal window, the first review; then issue.
    page.get_by_role("link", name="Issue the final plan").click()
    fill_date(page, "issued_on", issued)
    page.get_by_role("button", name="Continue").click()
    assert page.get_by_test_id("gaps").count() == 0
    content = page.get_by_test_id("plan-content").inner_text()
    assert "Speech, language and communication." in content and "1 outcome" in content
    consequences = page.get_by_test_id("consequences").inner_text()
    closes = statutory.tribunal_appeal_deadline(issued)
    assert f"from {issued:%-d %B %Y} until {closes:%-d %B %Y}" in consequences
    review = statutory.next_review_due(issued)
    assert f"due by {review:%-d %B %Y}" in consequences
    assert axe_violations(page) == []
    page.get_by_role("button", name="Issue the final plan").click()
    assert page.get_by_test_id("plan-status").inner_text() == "Final"
