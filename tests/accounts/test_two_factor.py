"""Two-factor sign-in: required of managers, heads of service and administrators, who set up an
authenticator app at their first sign-in and enter a code at each; optional for caseworkers."""

import re

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.test import Client, RequestFactory
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import two_factor
from accounts.admin_site import PortalAdminSite
from accounts.models import TwoFactorEvent
from accounts.roles import (
    ADMINISTRATOR,
    DATA_PROTECTION_OFFICER,
    HEAD_OF_SERVICE,
    ROLES,
    TEAM_MANAGER,
)

from ..factories import TEST_PASSWORD, UserFactory
from .otp_helpers import current_code, give_authenticator

pytestmark = pytest.mark.django_db

SETUP = reverse("two_factor_setup")
VERIFY = reverse("two_factor_verify")


def sign_in(user) -> Client:
    """A browser that has signed in with the password only, through the sign-in page."""
    browser = Client()
    response = browser.post(
        reverse("login"), {"username": user.username, "password": TEST_PASSWORD}
    )
    assert response.status_code == 302, "the password was refused"
    return browser


def test_the_required_roles_are_real_roles_and_caseworkers_are_not_among_them():
    assert set(settings.TWO_FACTOR_ROLES) == {
        TEAM_MANAGER,
        HEAD_OF_SERVICE,
        ADMINISTRATOR,
        DATA_PROTECTION_OFFICER,
    }
    assert set(settings.TWO_FACTOR_ROLES) <= set(ROLES)


def test_who_must_use_it(caseworker, team_manager, head_of_service, administrator):
    assert two_factor.is_required_for(team_manager)
    assert two_factor.is_required_for(head_of_service)
    assert two_factor.is_required_for(administrator)
    assert two_factor.is_required_for(UserFactory(username="root", is_superuser=True))
    assert not two_factor.is_required_for(caseworker)


@pytest.mark.parametrize(
    "url", ["/", "/caseload/", "/children/", "/dashboard/", "/account/security/", "/admin/"]
)
def test_a_manager_without_an_app_is_sent_to_set_up_from_every_page(team_manager, url):
    browser = sign_in(team_manager)
    response = browser.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(f"{SETUP}?next=")
    assert browser.get(response["Location"]).status_code == 200


def test_htmx_requests_are_sent_to_set_up_as_a_whole_page(team_manager):
    browser = sign_in(team_manager)
    response = browser.get("/caseload/", headers={"HX-Request": "true"})
    assert response["HX-Redirect"].startswith(f"{SETUP}?next=")


def test_sign_out_health_and_static_files_work_before_the_second_step(team_manager):
    browser = sign_in(team_manager)
    assert browser.get(reverse("healthz")).status_code in (200, 503)
    assert browser.get(f"{settings.STATIC_URL}js/portal.js").status_code != 302
    response = browser.post(reverse("logout"))
    assert response["Location"] == reverse("login")
    assert browser.get("/")["Location"].startswith(reverse("login"))


def test_setting_up_shows_a_qr_code_and_the_key_then_takes_a_code_from_the_app(team_manager):
    browser = sign_in(team_manager)
    page = browser.get(f"{SETUP}?next=/dashboard/").content.decode()
    assert re.search(r"<svg[^>]+role=\"img\"", page), "the QR code is inline SVG"
    assert "otpauth" not in page, "the set-up link is only in the QR code"
    device = TOTPDevice.objects.get(user=team_manager, confirmed=False)
    shown = re.search(r'data-testid="secret"><code>([A-Z2-7 ]+)</code>', page).group(1)
    assert shown.replace(" ", "") == two_factor.secret_for_typing(device).replace(" ", "")
    # Reloading the page keeps the same key: the QR code already scanned still works.
    browser.get(SETUP)
    assert TOTPDevice.objects.filter(user=team_manager).count() == 1

    wrong = browser.post(f"{SETUP}?next=/dashboard/", {"code": "000000"})
    assert wrong.status_code == 200
    assert "The code is not right" in wrong.content.decode()
    assert not two_factor.is_set_up(team_manager)

    device.throttle_reset()  # django-otp makes the user wait a second after a wrong code
    done = browser.post(f"{SETUP}?next=/dashboard/", {"code": current_code(device)})
    body = done.content.decode()
    assert done.status_code == 200
    assert "Two-factor sign-in is set up" in body
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", body)
    assert len(codes) == two_factor.BACKUP_CODE_COUNT
    assert 'href="/dashboard/"' in body  # continue to where they were going
    assert two_factor.is_set_up(team_manager)
    assert browser.get("/dashboard/").status_code == 200
    assert list(TwoFactorEvent.objects.filter(user=team_manager).values_list("kind", "by")) == [
        (TwoFactorEvent.Kind.BACKUP_CODES, None),
        (TwoFactorEvent.Kind.SET_UP, None),
    ]


def test_a_manager_with_an_app_must_enter_a_code_at_each_sign_in(team_manager):
    device = give_authenticator(team_manager)
    browser = sign_in(team_manager)
    response = browser.get("/dashboard/")
    assert response["Location"] == f"{VERIFY}?next=%2Fdashboard%2F"
    assert browser.get(SETUP)["Location"].startswith(VERIFY)  # no second app without a code

    wrong = browser.post(response["Location"], {"code": "123456"})
    assert wrong.status_code == 200
    assert "The code is not right" in wrong.content.decode()
    assert browser.get("/dashboard/")["Location"].startswith(VERIFY)

    device.throttle_reset()
    right = browser.post(response["Location"], {"code": current_code(device)})
    assert right["Location"] == "/dashboard/"
    assert browser.get("/dashboard/").status_code == 200
    assert browser.get("/caseload/").status_code == 200

    # The next sign-in asks again.
    again = sign_in(team_manager)
    assert again.get("/")["Location"].startswith(VERIFY)


def test_a_code_works_once_and_the_next_address_must_be_ours(head_of_service):
    device = give_authenticator(head_of_service)
    code = current_code(device)
    first = sign_in(head_of_service)
    assert first.post(f"{VERIFY}?next=https://evil.example/", {"code": code})["Location"] == "/"
    second = sign_in(head_of_service)
    replay = second.post(VERIFY, {"code": code})
    assert replay.status_code == 200  # the same code again is refused
    assert "The code is not right" in replay.content.decode()


def test_a_backup_code_signs_in_once(team_manager):
    give_authenticator(team_manager)
    codes = two_factor.issue_backup_codes(team_manager)
    browser = sign_in(team_manager)
    assert browser.post(VERIFY, {"code": codes[0].upper()})["Location"] == "/"
    assert browser.get("/caseload/").status_code == 200
    assert two_factor.backup_codes_left(team_manager) == len(codes) - 1
    again = sign_in(team_manager)
    assert again.post(VERIFY, {"code": codes[0]}).status_code == 200  # used up


def test_a_caseworker_is_not_forced_but_may_opt_in(caseworker):
    browser = sign_in(caseworker)
    assert browser.get("/caseload/").status_code == 200
    page = browser.get(reverse("account_security")).content.decode()
    assert "Not set up" in page

    browser.get(SETUP)
    device = TOTPDevice.objects.get(user=caseworker)
    assert browser.post(SETUP, {"code": current_code(device)}).status_code == 200
    assert browser.get("/caseload/").status_code == 200

    # Having opted in, the caseworker enters a code at every sign-in too.
    later = sign_in(caseworker)
    assert later.get("/caseload/")["Location"].startswith(VERIFY)


def test_the_admin_site_needs_a_verified_second_factor(administrator):
    device = give_authenticator(administrator)
    browser = sign_in(administrator)
    assert browser.get("/admin/")["Location"].startswith(f"{VERIFY}?next=%2Fadmin%2F")
    device.throttle_reset()
    browser.post(VERIFY, {"code": current_code(device)})
    assert browser.get("/admin/").status_code == 200

    # The admin site itself refuses an unverified request, whatever the middleware does.
    request = RequestFactory().get("/admin/")
    request.user = administrator
    administrator.otp_device = None
    administrator.is_verified = lambda: False
    assert not PortalAdminSite().has_permission(request)
    administrator.otp_device = device
    administrator.is_verified = lambda: True
    assert PortalAdminSite().has_permission(request)


def test_the_admin_site_sends_everyone_to_the_service_sign_in(client, caseworker):
    anonymous = client.get("/admin/", follow=True)
    assert anonymous.redirect_chain[-1][0].startswith(reverse("login"))
    assert anonymous.request["QUERY_STRING"] == "next=%2Fadmin%2F"
    client.force_login(caseworker)
    assert client.get("/admin/", follow=True).status_code == 403
    request = RequestFactory().get("/admin/")
    request.user = AnonymousUser()
    assert not PortalAdminSite().has_permission(request)


def test_the_test_client_fixture_signs_managers_in_with_both_steps(client, team_manager):
    client.force_login(team_manager)
    assert client.get("/dashboard/").status_code == 200


def test_resetting_asks_first_then_removes_the_app_and_codes(client, team_manager):
    client.force_login(team_manager)
    two_factor.issue_backup_codes(team_manager)
    page = client.get(reverse("account_security")).content.decode()
    assert "Set up on" in page
    assert 'data-testid="backup-codes-left">10<' in page
    confirm = client.get(reverse("two_factor_reset")).content.decode()
    assert "Are you sure you want to reset two-factor sign-in?" in confirm
    assert two_factor.is_set_up(team_manager)

    response = client.post(reverse("two_factor_reset"))
    assert response["Location"] == SETUP  # a manager sets up a new app at once
    assert not TOTPDevice.objects.filter(user=team_manager).exists()
    assert not StaticDevice.objects.filter(user=team_manager).exists()
    assert TwoFactorEvent.objects.filter(
        user=team_manager, kind=TwoFactorEvent.Kind.REMOVED
    ).exists()
    assert client.get("/dashboard/")["Location"].startswith(SETUP)


def test_new_backup_codes_replace_the_old(client, team_manager):
    client.force_login(team_manager)
    old = two_factor.issue_backup_codes(team_manager)
    assert client.get(reverse("backup_codes")).status_code == 405
    body = client.post(reverse("backup_codes")).content.decode()
    new = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", body)
    assert len(new) == 10
    assert not set(old) & set(new)
    assert two_factor.verify(team_manager, old[0]) is None


def test_an_administrator_removing_a_device_is_recorded(client, administrator, team_manager):
    device = give_authenticator(team_manager)
    client.force_login(administrator)
    url = reverse("admin:otp_totp_totpdevice_delete", args=[device.pk])
    assert client.post(url, {"post": "yes"}).status_code == 302
    event = TwoFactorEvent.objects.get(user=team_manager, kind=TwoFactorEvent.Kind.REMOVED)
    assert event.by == administrator
    assert client.get(reverse("admin:accounts_twofactorevent_changelist")).status_code == 200


def test_the_reset_command_removes_a_lost_phone(team_manager):
    from django.core.management import call_command

    give_authenticator(team_manager)
    call_command("reset_two_factor", "morgan")
    assert not two_factor.is_set_up(team_manager)
    browser = sign_in(team_manager)
    assert browser.get("/")["Location"].startswith(SETUP)


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("/children/", "/children/"),
        ("مرحبا بالعالم", "/"),  # a bare word: redirect() would look it up as a view's name
        ("home", "/"),
        ("https://evil.example/", "/"),
        ("//evil.example/", "/"),
        ("", "/"),
    ],
)
def test_only_a_path_on_this_site_is_followed_after_verifying(rf, given, expected):
    from accounts.views.two_factor import _next_url

    request = rf.post("/sign-in/two-factor/", {"next": given})
    assert _next_url(request) == expected
