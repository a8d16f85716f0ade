"""Issue 4's journey in a real Chromium: a caseworker issues the final EHC plan from an
assessment, names a setting and records its cost, then holds an annual review that amends the
plan; the child's page shows the new version, the next review date and the changed deadlines."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.roles import CASEWORKER
from cases.services import assessment
from cases.statutory import next_review_due
from tests.factories import TEST_PASSWORD, ChildFactory, SettingFactory, TeamFactory, UserFactory

from .conftest import axe_violations
from .test_assessment_journey import fill_date

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_caseworker_issues_a_plan_places_the_child_and_amends_the_plan_at_review(live_server, page):
    team = TeamFactory(name="North team")
    casey = UserFactory(
        username="casey", first_name="Casey", last_name="Walker", role=CASEWORKER, teams=[team]
    )
    today = timezone.localdate()
    child = ChildFactory(
        first_name="Maisie",
        last_name="Hartley",
        date_of_birth=today.replace(year=today.year - 12, month=1, day=1),
        team=team,
        lead_caseworker=casey,
        sen_status="sen_support",
    )
    received = today - timedelta(days=400)
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
    SettingFactory(
        name="Brookfield Special School",
        urn="123456",
        setting_type="maintained_special",
        la_code="999",
        in_area=True,
    )
    issued = received + timedelta(days=125)
    meeting = today - timedelta(days=30)
    proposals = today - timedelta(days=25)
    amended = today - timedelta(days=5)

    page.goto(f"{live_server.url}/sign-in/")
    page.get_by_label("Username").fill("casey")
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(live_server.url + reverse("cases:child", args=[child.pk]))

    # Draft the plan from the assessment and issue it.
    page.get_by_role("link", name="Plans", exact=True).click()
    page.get_by_role("link", name="Start the draft EHC plan").click()
    page.get_by_role("button", name="Start the plan").click()
    # Drafting starts at the plan's sections.
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
    page.get_by_role("link", name="Issue the final plan").click()
    fill_date(page, "issued_on", issued)
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Issue the final plan").click()
    assert page.get_by_test_id("plan-status").inner_text() == "Final"
    assert axe_violations(page) == []

    # Name the setting and record its cost.
    page.get_by_role("link", name="Placements", exact=True).click()
    page.get_by_role("link", name="Add a placement").click()
    page.get_by_label("School, college or other setting").select_option(
        label="Brookfield Special School"
    )
    page.get_by_label("Plan (optional)").select_option(index=1)
    fill_date(page, "entry_on", issued)
    page.get_by_label("Named in section I of the plan").check()
    page.get_by_role("button", name="Add placement").click()
    page.goto(live_server.url + reverse("placements:placements", args=[child.pk]))
    page.get_by_role("link", name="Brookfield Special School").first.click()
    page.get_by_role("link", name="Add a cost").click()
    page.get_by_label("Financial year").select_option(index=0)
    page.get_by_label("Place or annual fee").check()
    page.get_by_label("Education", exact=True).check()
    page.get_by_label("Amount for the year, in pounds").fill("23500")
    page.get_by_role("button", name="Add cost").click()
    assert "£23,500.00" in page.locator("main").inner_text()

    # The annual review: meeting, decision to amend, the amendment, the amended plan.
    page.get_by_role("link", name="Plans", exact=True).click()
    page.get_by_role("link", name="EHC plan").first.click()
    page.get_by_test_id("reviews").get_by_role("link").first.click()
    page.get_by_role("link", name="Record the meeting").click()
    fill_date(page, "meeting_on", meeting)
    page.get_by_label("Progress: Reads aloud to the class").select_option("achieved")
    page.get_by_role("button", name="Record the meeting").click()
    assert "Report of the review meeting" in page.get_by_test_id("review-deadlines").inner_text()
    page.get_by_role("link", name="Record the decision").click()
    page.get_by_label("Amend the plan").check()
    fill_date(page, "decision_on", proposals)
    fill_date(page, "proposals_sent_on", proposals)
    page.get_by_role("button", name="Record the decision").click()
    deadlines = page.get_by_test_id("review-deadlines").inner_text()
    assert "Issue the amended plan" in deadlines
    assert f"{proposals + timedelta(weeks=8):%-d %B %Y}" in deadlines

    page.get_by_role("link", name="plan", exact=True).click()
    page.get_by_role("link", name="Add an outcome").click()
    page.get_by_label("Preparing for adulthood").check()
    page.get_by_label("Outcome", exact=True).fill("Travels to school independently")
    page.get_by_role("button", name="Save outcome").click()
    page.get_by_test_id("reviews").get_by_role("link").last.click()
    page.get_by_role("link", name="Issue the amended plan").click()
    fill_date(page, "issued_on", amended)
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Issue the amended plan").click()

    # The child's page: the new version, the next review, the changed deadlines.
    page.get_by_role("link", name="Overview").click()
    panel = page.get_by_test_id("plan-panel").inner_text()
    assert f"version 2 issued {amended:%-d %B %Y}" in panel
    # The review was complete when its decision was sent; the next counts from that day.
    next_review = next_review_due(proposals)
    assert page.get_by_test_id("next-review").inner_text().startswith(f"{next_review:%-d %B %Y}")
    assert "Complete the annual review" in page.get_by_test_id("next-deadlines").inner_text()
    assert "Brookfield Special School" in page.locator("main").inner_text()

    page.get_by_role("link", name="Plans", exact=True).click()
    page.get_by_role("link", name="EHC plan").first.click()
    page.get_by_role("link", name="All versions and comparison").click()
    page.get_by_role("button", name="Compare").click()
    page.wait_for_url("**/compare/?*")
    assert page.get_by_text("Travels to school independently").count() >= 1
    assert axe_violations(page) == []
    assert page.console_errors == []
