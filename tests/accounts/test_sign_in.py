import pytest
from django.urls import reverse
from django.utils.html import escape

from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


def test_sign_in_page_uses_the_portal_layout(client):
    response = client.get(reverse("login"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Sign in" in body
    assert "Demo Borough Council" in body  # the council's name, from settings
    assert 'class="govuk-skip-link"' in body
    assert "govuk-crest" not in body  # not a GOV.UK service: no crown


def test_caseworker_signs_in_and_reaches_home(client, caseworker):
    response = client.post(
        reverse("login"), {"username": "casey", "password": TEST_PASSWORD}, follow=True
    )
    body = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("home")
    assert escape(f"Welcome, {caseworker.first_name}") in body
    assert escape(caseworker) in body  # signed-in user in the header
    assert ">Caseload<" in body


@pytest.mark.parametrize("username", ["casey", "nobody-of-that-name"])
def test_wrong_password_shows_error_summary_without_revealing_accounts(
    client, caseworker, username
):
    response = client.post(reverse("login"), {"username": username, "password": "wrong"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in body
    assert "There is a problem" in body
    assert "Enter a correct username and password" in body
    assert f'value="{username}"' in body  # what was typed is kept


def test_sign_out_is_a_post_and_ends_the_session(client, caseworker):
    client.force_login(caseworker)
    assert client.get(reverse("logout")).status_code == 405
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 302


def test_password_change_enforces_the_rules_and_keeps_the_user_signed_in(client, caseworker):
    client.force_login(caseworker)
    url = reverse("password_change")
    weak = client.post(
        url, {"old_password": TEST_PASSWORD, "new_password1": "short", "new_password2": "short"}
    )
    assert "at least 12 characters" in weak.content.decode()
    new = "a-much-longer-passphrase-2026"
    done = client.post(
        url, {"old_password": TEST_PASSWORD, "new_password1": new, "new_password2": new}
    )
    assert done.status_code == 302
    caseworker.refresh_from_db()
    assert caseworker.check_password(new)
    assert client.get(reverse("home")).status_code == 200


def test_anonymous_visitor_is_sent_to_sign_in(client):
    response = client.get(reverse("cases:caseload"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
