"""A team manager's first sign-in in a real Chromium: set up an authenticator app from the QR
code page, keep the backup codes, and reach the caseload; axe checks each new page."""

import re

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.roles import TEAM_MANAGER
from tests.accounts.otp_helpers import current_code
from tests.factories import TEST_PASSWORD, TeamFactory, UserFactory

from .conftest import axe_violations

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_manager_sets_up_two_factor_at_first_sign_in(live_server, page):
    team = TeamFactory(name="North team")
    UserFactory(username="morgan", first_name="Morgan", role=TEAM_MANAGER, teams=[team])

    page.goto(f"{live_server.url}/caseload/")
    page.get_by_label("Username").fill("morgan")
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    page.wait_for_url(re.compile(r".*/sign-in/two-factor/set-up/\?next=%2Fcaseload%2F$"))
    assert page.get_by_role("img", name="QR code to scan with your authenticator app").is_visible()
    # Nothing in the header would work before the second step but signing out.
    assert page.get_by_role("navigation", name="Primary navigation").count() == 0
    assert page.get_by_role("link", name="Account security").count() == 0
    assert page.get_by_role("button", name="Sign out").is_visible()
    assert axe_violations(page) == []
    device = TOTPDevice.objects.get(user__username="morgan")

    page.get_by_label("Code", exact=True).fill("000000")
    page.get_by_role("button", name="Continue").click()
    assert "The code is not right" in page.locator(".govuk-error-summary").inner_text()
    assert axe_violations(page) == []

    device.throttle_reset()
    page.get_by_label("Code", exact=True).fill(current_code(device))
    page.get_by_role("button", name="Continue").click()
    assert page.get_by_role("heading", name="Two-factor sign-in is set up").is_visible()
    assert len(page.get_by_test_id("backup-codes").locator("li").all()) == 10
    assert axe_violations(page) == []

    page.get_by_role("link", name="Continue").click()
    page.wait_for_url(f"{live_server.url}/caseload/")
    page.get_by_role("link", name="Account security").click()
    assert "Set up on" in page.get_by_test_id("two-factor-status").inner_text()
    assert axe_violations(page) == []
    assert page.console_errors == []
