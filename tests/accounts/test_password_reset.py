"""Forgotten password: the page answers the same for any address, known or not, and only an
account's own address gets a link, which sets a new password that follows the rules."""

import re

import pytest
from django.conf import settings
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.password_reset import send_reset_links

from ..factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

RESET = reverse("password_reset")
NEW_PASSWORD = "a-long-and-unusual-passphrase-2026"


@pytest.fixture
def worker_in_process():
    """Run queued tasks here and now, as a worker would."""
    from send_portal.celery import app

    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = False


def ask(client, email):
    with CaptureQueriesContext(connection) as queries:
        response = client.post(RESET, {"email": email}, follow=True)
    return response, len(queries)


def plain(response) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def test_the_page_is_a_govuk_form_linked_from_sign_in(client):
    assert 'href="/password-reset/"' in client.get(reverse("login")).content.decode()
    page = client.get(RESET).content.decode()
    assert "Reset your password" in page
    assert 'type="email"' in page
    assert "govuk-button" in page


def test_known_and_unknown_addresses_get_the_same_answer(client, caseworker):
    known, known_queries = ask(client, caseworker.email)
    unknown, unknown_queries = ask(client, "nobody@example.invalid")
    assert known.redirect_chain == unknown.redirect_chain == [(reverse("password_reset_done"), 302)]
    assert plain(known) == plain(unknown)
    assert "If the address you entered belongs to an account" in plain(known)
    # The request does no lookup at all (the worker does it), so it takes as long either way.
    assert known_queries == unknown_queries


def test_an_email_goes_only_to_a_known_address(
    client, caseworker, worker_in_process, django_capture_on_commit_callbacks
):
    # The page queues the email once its transaction commits.
    with django_capture_on_commit_callbacks(execute=True):
        ask(client, "nobody@example.invalid")
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        ask(client, caseworker.email.upper())
    assert [message.to for message in mail.outbox] == [[caseworker.email]]
    message = mail.outbox[0]
    assert message.subject == f"{settings.SERVICE_NAME}: reset your password"
    assert "casey" in message.body
    assert message.alternatives[0][1] == "text/html"


def test_no_email_for_an_account_that_is_switched_off(caseworker):
    caseworker.is_active = False
    caseworker.save()
    assert send_reset_links(caseworker.email) == 0
    assert mail.outbox == []


def test_the_link_sets_a_new_password_that_follows_the_rules(client, caseworker):
    assert send_reset_links(caseworker.email) == 1
    link = re.search(r"https?://[^/\s]+(/password-reset/\S+/)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    assert "Set a new password" in form_page.content.decode()
    form_url = form_page.redirect_chain[-1][0]

    weak = client.post(form_url, {"new_password1": "short", "new_password2": "short"})
    assert "at least 12 characters" in weak.content.decode()
    done = client.post(
        form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}, follow=True
    )
    assert "Password set" in done.content.decode()
    caseworker.refresh_from_db()
    assert caseworker.check_password(NEW_PASSWORD)

    # The link works once.
    again = client.get(link, follow=True).content.decode()
    assert "This link does not work" in again


def test_a_new_password_lifts_a_sign_in_lockout(client, caseworker):
    for _ in range(settings.SIGNIN_ACCOUNT_LIMIT):
        client.post(reverse("login"), {"username": "casey", "password": "wrong"})
    send_reset_links(caseworker.email)
    link = re.search(r"(/password-reset/\S+/)", mail.outbox[0].body).group(1)
    form_url = client.get(link, follow=True).redirect_chain[-1][0]
    client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    response = client.post(reverse("login"), {"username": "casey", "password": NEW_PASSWORD})
    assert response.status_code == 302


def test_two_factor_still_applies_after_a_reset(client, team_manager):
    send_reset_links(team_manager.email)
    link = re.search(r"(/password-reset/\S+/)", mail.outbox[0].body).group(1)
    form_url = client.get(link, follow=True).redirect_chain[-1][0]
    client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    client.post(reverse("login"), {"username": "morgan", "password": NEW_PASSWORD})
    assert client.get("/dashboard/")["Location"].startswith(reverse("two_factor_setup"))


def test_an_unchanged_password_still_works_after_a_request(client, caseworker):
    UserFactory(username="other", email=caseworker.email.replace("casey", "other"))
    send_reset_links(caseworker.email)
    assert (
        client.post(reverse("login"), {"username": "casey", "password": TEST_PASSWORD}).status_code
        == 302
    )
