"""Review invitations for a term in a real Chromium (issue 20): from the home page the
caseworker opens the reviews due this term, arranges a meeting in the table, checks the drafted
invitation and sends it; the review's page then shows the letter and the day the family was
told."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.roles import CASEWORKER
from core.formatting import day
from letters.models import Letter
from plans.models import AnnualReview
from tests.factories import ChildFactory, ContactFactory, PlanFactory, TeamFactory, UserFactory

from .conftest import axe_violations, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def reviews_due():
    """Ayo's review is due this term (in 10 days), Bea's not until next year's summer."""
    team = TeamFactory(name="North team")
    casey = UserFactory(username="casey", role=CASEWORKER, teams=[team])
    today = timezone.localdate()
    due = {}
    for name, days in (("Ayo", 10), ("Bea", 300)):
        child = ChildFactory(first_name=name, last_name="Bello", team=team, lead_caseworker=casey)
        ContactFactory(
            child=child, name=f"Parent of {name}", address="1 Mill Lane\nAnytown\nAN1 2BC"
        )
        plan = PlanFactory(child=child)
        due[name] = AnnualReview.objects.create(plan=plan, due_on=today + timedelta(days=days))
    return due


@pytest.mark.usefixtures("council_details", "eager_worker")
def test_a_term_of_review_meetings_arranged_and_their_invitations_sent(
    live_server,
    page,
    reviews_due,
    settings,
    tmp_path,
):
    settings.MEDIA_ROOT = tmp_path
    meeting = timezone.localdate() + timedelta(days=21)
    sign_in(page, live_server, "casey")
    page.get_by_test_id("review-invitations-link").click()

    table = page.get_by_test_id("review-invitations")
    assert "Ayo Bello" in table.inner_text() and "Bea Bello" not in table.inner_text()
    assert axe_violations(page) == []
    page.get_by_label("Date of the meeting for Ayo Bello").fill(meeting.strftime("%d/%m/%Y"))
    page.get_by_label("Time of the meeting for Ayo Bello").fill("10:30")
    page.get_by_label("Place of the meeting for Ayo Bello").fill("Hill Primary School")
    page.get_by_role("button", name="Arrange the meetings and draft the invitations").click()

    assert "1 invitation drafted" in page.locator(".govuk-notification-banner").inner_text()
    assert page.get_by_test_id("letter-status").inner_text() == "Draft"
    page.get_by_role("link", name="Check and send 1 drafted invitation").click()

    assert "Ready" in page.get_by_test_id("invitations-to-send").inner_text()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Send 1 invitation").click()

    letter = Letter.objects.get(review=reviews_due["Ayo"])
    assert letter.status == Letter.Status.TO_PRINT  # no Notify key: printed and posted
    assert f"{meeting:%A} {day(meeting)} at 10:30am" in letter.body
    assert page.get_by_test_id("letter-status").inner_text() == "To print and post"

    page.get_by_role("link", name="Ayo Bello").click()
    assert "Hill Primary School" in page.get_by_test_id("review-meeting").inner_text()
    letters = page.get_by_test_id("step-letters").inner_text()
    assert f"family told {day(timezone.localdate())}" in letters
    assert axe_violations(page) == []
    assert page.console_errors == []
