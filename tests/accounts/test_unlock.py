"""When an account's sign-in is paused, its owner is emailed a link that lets them in at once:
signed, working once, for an hour, and only for the account it was sent for."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from accounts.models import SignInThrottle

from ..factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db

SIGN_IN = reverse("login")
START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
LIMIT = 5


@pytest.fixture(autouse=True)
def frozen(time_machine):
    time_machine.move_to(START, tick=False)
    return time_machine


@pytest.fixture(autouse=True)
def worker_in_process():
    """Run queued tasks here and now, as a worker would."""
    from send_portal.celery import app

    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = False


def attempt(client, username, password="wrong-password"):
    return client.post(SIGN_IN, {"username": username, "password": password})


@pytest.fixture
def pause(django_capture_on_commit_callbacks):
    """Fail as an attacker would until the account is paused, its email sent as it would be."""

    def fail_to_the_limit(username, address="198.51.100.9"):
        attacker = Client(REMOTE_ADDR=address)
        with django_capture_on_commit_callbacks(execute=True):
            for _ in range(LIMIT):
                attempt(attacker, username)
        return attacker

    return fail_to_the_limit


def unlock_path(message) -> str:
    return re.search(r"https?://[^/\s]+(/sign-in/unlock/\S+/)", message.body).group(1)


def test_reaching_the_limit_emails_the_owner_a_link_once(
    caseworker, django_capture_on_commit_callbacks
):
    attacker = Client(REMOTE_ADDR="198.51.100.9")
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(LIMIT - 1):
            attempt(attacker, "casey")
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        attempt(attacker, "casey")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [caseworker.email]
    assert "unlock" in message.subject.lower()
    assert "It works once, for 60 minutes" in message.body
    assert unlock_path(message) in message.alternatives[0][0]
    # Further failures in the same run send nothing more while the link still works.
    frozen_later = Client(REMOTE_ADDR="198.51.100.10")
    with django_capture_on_commit_callbacks(execute=True):
        attempt(frozen_later, "casey")
    assert len(mail.outbox) == 1


def test_an_unknown_username_sends_nothing_and_looks_the_same(client, caseworker, pause):
    pause("nobody-of-that-name")
    assert mail.outbox == []


def test_the_link_lets_the_owner_in_while_the_attack_goes_on(caseworker, pause):
    attacker = pause("casey")
    path = unlock_path(mail.outbox[0])
    owner = Client(REMOTE_ADDR="203.0.113.20")
    assert attempt(owner, "casey", TEST_PASSWORD).status_code == 429
    # Opening the link (as a mail filter would) uses nothing up: it shows a button.
    page = owner.get(path)
    assert page.status_code == 200 and "Unlock signing in" in page.content.decode()
    unlocked = owner.post(path)
    assert unlocked.status_code == 302 and unlocked["Location"] == SIGN_IN
    # The attacker goes on failing (their own run starts again and is paused again) ...
    for _ in range(LIMIT + 2):
        attempt(attacker, "casey")
    assert attempt(attacker, "casey", TEST_PASSWORD).status_code == 429
    # ... but the owner's browser is let in.
    assert attempt(owner, "casey", TEST_PASSWORD).status_code == 302


def test_the_link_works_once(caseworker, pause):
    pause("casey")
    path = unlock_path(mail.outbox[0])
    owner = Client()
    assert owner.post(path).status_code == 302
    again = owner.post(path)
    assert again.status_code == 404
    assert "This link does not work" in again.content.decode()
    assert Client().get(path).status_code == 404


def test_the_link_expires_after_an_hour(caseworker, settings, frozen, pause):
    settings.SIGNIN_FORGET_AFTER = timedelta(days=1)  # the run itself outlives the link
    pause("casey")
    path = unlock_path(mail.outbox[0])
    frozen.move_to(START + timedelta(minutes=60, seconds=1), tick=False)
    assert Client().post(path).status_code == 404
    assert SignInThrottle.objects.filter(kind="account").exists()  # nothing was lifted


def test_a_tampered_link_does_not_work(caseworker, pause):
    pause("casey")
    path = unlock_path(mail.outbox[0])
    assert Client().post(path[:-3] + "xx/").status_code == 404


def test_the_unlock_cookie_is_for_that_account_only(caseworker, team_manager, pause):
    pause("casey")
    pause("morgan", address="198.51.100.11")
    owner = Client(REMOTE_ADDR="203.0.113.20")
    casey_link = next(unlock_path(m) for m in mail.outbox if m.to == [caseworker.email])
    owner.post(casey_link)
    assert attempt(owner, "morgan", TEST_PASSWORD).status_code == 429


def test_a_new_run_sends_a_new_link(caseworker, frozen, pause):
    pause("casey")
    frozen.move_to(START + timedelta(hours=2), tick=False)
    pause("casey")
    assert len(mail.outbox) == 2
    assert unlock_path(mail.outbox[0]) != unlock_path(mail.outbox[1])
    assert Client().post(unlock_path(mail.outbox[0])).status_code == 404  # the old run's


def test_the_unlock_command_lifts_a_pause(client, caseworker, pause):
    pause("casey")
    call_command("unlock_sign_in", "casey")
    assert attempt(client, "casey", TEST_PASSWORD).status_code == 302
