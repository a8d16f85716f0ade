"""Issue 19, point 2, in a real Chromium: the GOV.UK timeout warning opens before the sign-in
runs out; "Stay signed in" keeps it alive; if it has already ended, the dialog says so."""

import pytest
from django.urls import reverse

from accounts.roles import CASEWORKER
from tests.factories import TeamFactory, UserFactory

from .conftest import axe_violations, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def warned_at_once(settings):
    # A 3-minute sign-in warned about 178 seconds before its end: the warning opens at once.
    settings.SESSION_IDLE_MINUTES = 3
    settings.SESSION_WARNING_SECONDS = 178


def _open_page(page, live_server):
    UserFactory(username="casey", role=CASEWORKER, teams=[TeamFactory()])
    sign_in(page, live_server, "casey")
    page.goto(live_server.url + reverse("notification_preferences"))


def test_the_warning_opens_and_stay_signed_in_closes_it(live_server, page, warned_at_once):
    _open_page(page, live_server)
    dialog = page.get_by_role("dialog", name="You're about to be signed out")
    dialog.wait_for()
    assert "minute" in dialog.inner_text()
    assert axe_violations(page) == []

    with page.expect_response("**/account/keep-alive/") as answer:
        dialog.get_by_role("button", name="Stay signed in").click()
    assert 170 <= answer.value.json()["seconds_left"] <= 180
    # Closed, then (this sign-in being so short) open again within the warning time.
    page.get_by_role("dialog").wait_for()
    assert page.console_errors == []


def test_a_sign_in_already_ended_is_said_so(live_server, page, warned_at_once):
    _open_page(page, live_server)
    dialog = page.get_by_role("dialog", name="You're about to be signed out")
    dialog.wait_for()
    page.context.clear_cookies()  # as if the sign-in had ended on the server
    dialog.get_by_role("button", name="Stay signed in").click()
    ended = page.get_by_role("heading", name="You have been signed out")
    ended.wait_for()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Continue").click()
    assert not page.get_by_role("dialog").is_visible()
