"""A sign-in ends after SESSION_IDLE_MINUTES without a request, and after SESSION_COOKIE_AGE
however busy the user is; the sign-in page then says why."""

from datetime import UTC, datetime, timedelta

import pytest
from django.conf import settings
from django.urls import reverse

from ..factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
PAGE = reverse("notification_preferences")


@pytest.fixture
def clock(time_machine):
    time_machine.move_to(START, tick=False)

    def at(minutes: float):
        time_machine.move_to(START + timedelta(minutes=minutes), tick=False)

    return at


def test_the_defaults():
    assert settings.SESSION_IDLE_MINUTES == 30
    assert settings.SESSION_COOKIE_AGE == 8 * 60 * 60


def test_thirty_idle_minutes_sign_the_user_out_and_the_sign_in_page_says_so(
    client, caseworker, clock
):
    client.post(reverse("login"), {"username": "casey", "password": TEST_PASSWORD})
    assert client.get(PAGE).status_code == 200
    clock(29)
    assert client.get(PAGE).status_code == 200
    clock(29 + 29)  # activity at 29 minutes kept the sign-in alive
    assert client.get(PAGE).status_code == 200
    clock(29 + 29 + 30)
    response = client.get(PAGE, follow=True)
    assert response.redirect_chain[0][0].startswith(reverse("login"))
    body = response.content.decode()
    assert "You were signed out because you had not used the service for 30 minutes." in body
    # Said once: a later visit to the sign-in page is a plain one.
    assert "You were signed out" not in client.get(reverse("login")).content.decode()


def test_the_idle_limit_comes_from_the_setting(client, caseworker, clock, settings):
    settings.SESSION_IDLE_MINUTES = 5
    client.force_login(caseworker)
    assert client.get(PAGE).status_code == 200
    clock(4)
    assert client.get(PAGE).status_code == 200
    clock(4 + 5)
    assert client.get(PAGE).status_code == 302


def test_a_busy_user_is_still_signed_out_after_eight_hours(client, team_manager, clock):
    client.force_login(team_manager)
    for minutes in range(0, 8 * 60, 20):
        clock(minutes)
        assert client.get(PAGE).status_code == 200, f"signed out after {minutes} minutes"
    clock(8 * 60)
    response = client.get(PAGE, follow=True)
    assert response.redirect_chain[0][0].startswith(reverse("login"))
    assert "you had been signed in for 8 hours" in response.content.decode()


def test_signing_out_for_inactivity_ends_the_two_factor_step_too(client, team_manager, clock):
    client.force_login(team_manager)
    assert client.get(reverse("dashboard")).status_code == 200
    clock(31)
    client.get(PAGE)
    assert "_auth_user_id" not in client.session
    assert "otp_device_id" not in client.session


def test_an_htmx_request_after_the_timeout_sends_the_whole_page_to_sign_in(
    client, caseworker, clock
):
    client.force_login(caseworker)
    clock(31)
    response = client.get(reverse("cases:caseload"), headers={"HX-Request": "true"})
    assert response["HX-Redirect"] == reverse("login")
