"""Repeated failed sign-ins lock that username out from that address for a while (django-axes);
the answers never tell whether a username exists, and the logs never name anyone."""

import logging
import re
from datetime import UTC, datetime, timedelta

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from ..factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db

SIGN_IN = reverse("login")
START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def attempt(client, username, password="wrong-password", **extra):
    return client.post(SIGN_IN, {"username": username, "password": password}, **extra)


def fail(client, username, times):
    return [attempt(client, username).status_code for _ in range(times)]


def signed_in(client) -> bool:
    return client.get(reverse("notification_preferences")).status_code == 200


def test_the_defaults_are_five_failures_and_thirty_minutes():
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_COOLOFF_TIME.total_seconds() == 30 * 60
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]
    assert settings.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"
    assert settings.MIDDLEWARE[-1] == "axes.middleware.AxesMiddleware"


def test_one_failure_short_of_the_limit_still_signs_in(client, caseworker):
    assert fail(client, "casey", settings.AXES_FAILURE_LIMIT - 1) == [200] * 4
    response = attempt(client, "casey", TEST_PASSWORD)
    assert response.status_code == 302
    assert signed_in(client)
    # A success starts the count again.
    client.post(reverse("logout"))
    assert fail(client, "casey", settings.AXES_FAILURE_LIMIT - 1) == [200] * 4
    assert attempt(client, "casey", TEST_PASSWORD).status_code == 302


def test_the_limit_locks_out_even_the_right_password(client, caseworker):
    statuses = fail(client, "casey", settings.AXES_FAILURE_LIMIT)
    assert statuses == [200, 200, 200, 200, 429]
    locked = attempt(client, "casey", TEST_PASSWORD)
    body = locked.content.decode()
    assert locked.status_code == 429
    assert "Sign-in locked for 30 minutes" in body
    assert "govuk-heading-l" in body
    assert "casey" not in body
    assert not signed_in(client)


def test_the_lockout_is_for_that_username_from_that_address(client, caseworker, team_manager):
    fail(client, "casey", settings.AXES_FAILURE_LIMIT)
    assert attempt(client, "morgan", TEST_PASSWORD).status_code == 302  # another user
    elsewhere = Client(REMOTE_ADDR="10.1.2.3")
    assert attempt(elsewhere, "casey", TEST_PASSWORD).status_code == 302  # another address


def test_the_lockout_lifts_after_the_cool_off(client, caseworker, time_machine):
    time_machine.move_to(START, tick=False)
    fail(client, "casey", settings.AXES_FAILURE_LIMIT)
    time_machine.move_to(START + timedelta(minutes=29), tick=False)
    assert attempt(client, "casey", TEST_PASSWORD).status_code == 429
    # A try while locked out starts the 30 minutes again (axes' default): wait them out.
    time_machine.move_to(START + timedelta(minutes=29 + 31), tick=False)
    assert attempt(client, "casey", TEST_PASSWORD).status_code == 302


def test_an_administrator_can_lift_a_lockout(client, caseworker):
    fail(client, "casey", settings.AXES_FAILURE_LIMIT)
    call_command("axes_reset_username", "casey")
    assert attempt(client, "casey", TEST_PASSWORD).status_code == 302


def test_unknown_username_and_wrong_password_get_the_same_answer(client, caseworker):
    def page(username):
        body = attempt(client, username).content.decode()
        body = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", body)
        return body.replace(f'value="{username}"', 'value="?"')

    assert page("casey") == page("nobody-of-that-name")
    # ... and at the limit, the same lockout page.
    fail(client, "casey", settings.AXES_FAILURE_LIMIT - 2)
    fail(client, "nobody-of-that-name", settings.AXES_FAILURE_LIMIT - 2)
    known, unknown = attempt(client, "casey"), attempt(client, "nobody-of-that-name")
    assert (known.status_code, unknown.status_code) == (429, 429)
    assert known.content == unknown.content


def test_unknown_username_costs_a_password_hash_like_a_known_one(client, caseworker, monkeypatch):
    """Timing: an unknown username still runs the slow password hasher once, as a known one
    does, so the response takes as long (Django's ModelBackend hashes a dummy password)."""
    hashed = []
    real_encode = PBKDF2PasswordHasher.encode

    def counting_encode(self, password, salt, iterations=None):
        hashed.append(password)
        return real_encode(self, password, salt, iterations)

    monkeypatch.setattr(PBKDF2PasswordHasher, "encode", counting_encode)
    attempt(client, "casey")
    known = len(hashed)
    attempt(client, "nobody-of-that-name")
    assert known == 1
    assert len(hashed) - known == 1


def test_attempts_are_recorded_without_the_password(client, caseworker):
    fail(client, "casey", 2)
    attempt(client, "casey", TEST_PASSWORD)
    client.post(reverse("logout"))
    fail(client, "casey", settings.AXES_FAILURE_LIMIT)
    record = AccessAttempt.objects.get(username="casey")
    assert record.failures_since_start == settings.AXES_FAILURE_LIMIT
    assert "wrong-password" not in record.post_data
    assert AccessLog.objects.filter(username="casey").count() == 1  # the success
    assert AccessFailureLog.objects.filter(username="casey").count() == 7
    assert AccessFailureLog.objects.filter(username="casey", locked_out=True).count() == 1


def test_the_logs_name_nobody_and_carry_no_password(client, caseworker, caplog):
    with caplog.at_level(logging.DEBUG):
        fail(client, "casey", settings.AXES_FAILURE_LIMIT)
        attempt(client, "casey", TEST_PASSWORD)
    text = caplog.text
    assert "Locking out" in text  # axes did log the lockout
    assert "casey" not in text
    assert "wrong-password" not in text
    assert TEST_PASSWORD not in text
    assert "127.0.0.1" not in text


def test_behind_our_proxy_the_client_address_is_the_one_the_proxy_saw(rf, settings):
    from accounts.lockout import client_ip_address

    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9")
    assert client_ip_address(request) == "10.0.0.1"  # no proxy trusted: the connection
    settings.TRUSTED_PROXY_COUNT = 1
    # The left-most entry came from the client and could be made up; ours is the right-most.
    assert client_ip_address(request) == "203.0.113.9"
    assert client_ip_address(rf.get("/", REMOTE_ADDR="10.0.0.1")) == "10.0.0.1"
