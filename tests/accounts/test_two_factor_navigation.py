"""While two-factor sign-in is being set up (or its code typed), the header offers only what
works then: signing out. Every other link would only send the user back (issue 19, item 13)."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from ..factories import TEST_PASSWORD
from .otp_helpers import current_code, give_authenticator

pytestmark = pytest.mark.django_db

SETUP = reverse("two_factor_setup")
VERIFY = reverse("two_factor_verify")


def links(page: str) -> set[str]:
    return set(re.findall(r'<a [^>]*href="([^"#]+)"', page))


def sign_in_with_password(client: Client, user) -> None:
    answer = client.post(reverse("login"), {"username": user.username, "password": TEST_PASSWORD})
    assert answer.status_code == 302


@pytest.mark.parametrize("has_app", [False, True], ids=["setting-up", "typing-the-code"])
def test_the_header_offers_only_signing_out_before_the_second_step(team_manager, has_app):
    if has_app:
        give_authenticator(team_manager)
    browser = Client()
    sign_in_with_password(browser, team_manager)
    page = browser.get(VERIFY if has_app else SETUP).content.decode()

    assert links(page) == {"/"}, "only the service's name, as on every page"
    assert f'action="{reverse("logout")}"' in page, "signing out stays"
    for hidden in ("Caseload", "Alerts", "Dashboard", "Email settings", "Account security"):
        assert f">{hidden}<" not in page
    assert 'id="header-search"' not in page


def test_the_whole_navigation_is_back_once_the_code_is_confirmed(team_manager):
    browser = Client()
    sign_in_with_password(browser, team_manager)
    browser.get(SETUP)
    device = team_manager.totpdevice_set.get(confirmed=False)
    done = browser.post(SETUP, {"code": current_code(device)}).content.decode()

    assert "Two-factor sign-in is set up" in done
    for shown in (reverse("cases:caseload"), reverse("dashboard"), reverse("account_security")):
        assert shown in links(done)
