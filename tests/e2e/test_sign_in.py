"""A caseworker signs in with a real Chromium and reaches the home page; axe checks both."""

import pytest

from accounts.roles import CASEWORKER
from tests.factories import TEST_PASSWORD, ChildFactory, TeamFactory, UserFactory

from .conftest import axe_violations

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def casey():
    team = TeamFactory(name="North team")
    user = UserFactory(
        username="casey", first_name="Casey", last_name="Walker", role=CASEWORKER, teams=[team]
    )
    ChildFactory.create_batch(3, team=team, lead_caseworker=user)
    return user


def test_caseworker_signs_in_and_reaches_home(live_server, page, casey):
    page.goto(f"{live_server.url}/")
    assert page.url.startswith(f"{live_server.url}/sign-in/")
    assert axe_violations(page) == []

    page.get_by_label("Username").fill("casey")
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    page.wait_for_url(f"{live_server.url}/")
    assert page.get_by_role("heading", level=1).inner_text() == "Welcome, Casey"
    assert page.get_by_test_id("signed-in-user").inner_text() == "Casey Walker"
    assert page.get_by_test_id("my-cases").inner_text() == "3"
    nav = page.get_by_role("navigation", name="Primary navigation")
    assert nav.get_by_role("link").all_inner_texts() == [
        "Caseload",
        "Alerts",
        "Children",
        "Schools and settings",
    ]
    assert axe_violations(page) == []
    # The GOV.UK and MOJ scripts loaded and initialised: the page says JavaScript is on.
    assert "govuk-frontend-supported" in page.locator("body").get_attribute("class")
    assert page.console_errors == []


def test_wrong_password_shows_the_error_summary_and_keeps_the_username(live_server, page, casey):
    page.goto(f"{live_server.url}/sign-in/")
    page.get_by_label("Username").fill("casey")
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()

    summary = page.locator(".govuk-error-summary")
    assert "There is a problem" in summary.inner_text()
    assert page.get_by_label("Username").input_value() == "casey"
    assert axe_violations(page) == []
