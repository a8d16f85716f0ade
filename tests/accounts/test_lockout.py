"""Failed sign-ins pause signing in, per account from any address and per address for any
account, with a wait that grows (accounts.throttle); the answers never tell whether a username
exists or a password was right, and the logs never name anyone."""

import logging
import re
from datetime import UTC, datetime, timedelta

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.test import Client
from django.urls import reverse

from accounts.models import SignInThrottle

from ..factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db

SIGN_IN = reverse("login")
START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
LIMIT = 5  # the account's free failures
FIRST_WAIT = timedelta(seconds=30)


@pytest.fixture(autouse=True)
def frozen(time_machine):
    time_machine.move_to(START, tick=False)
    return time_machine


def attempt(client, username, password="wrong-password", **extra):
    return client.post(SIGN_IN, {"username": username, "password": password}, **extra)


def fail(client, username, times):
    return [attempt(client, username).status_code for _ in range(times)]


def at(address: str) -> Client:
    return Client(REMOTE_ADDR=address)


def signed_in(client) -> bool:
    return client.get(reverse("notification_preferences")).status_code == 200


def test_the_defaults():
    assert settings.SIGNIN_ACCOUNT_LIMIT == LIMIT
    assert settings.SIGNIN_ADDRESS_LIMIT == 30
    assert settings.SIGNIN_DELAY == FIRST_WAIT
    assert settings.SIGNIN_DELAY_CAP.total_seconds() == 15 * 60
    # django-axes still records attempts, but its own lock is off: it is per username at one
    # address, which a colleague behind the same NAT could hold shut.
    assert settings.AXES_LOCK_OUT_AT_FAILURE is False
    assert settings.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"


def test_one_failure_short_of_the_limit_still_signs_in(client, caseworker):
    assert fail(client, "casey", LIMIT - 1) == [200] * 4
    assert attempt(client, "casey", TEST_PASSWORD).status_code == 302
    assert signed_in(client)
    # A success starts the account's count again.
    client.post(reverse("logout"))
    assert fail(client, "casey", LIMIT - 1) == [200] * 4
    assert attempt(client, "casey", TEST_PASSWORD).status_code == 302


def test_at_the_limit_even_the_right_password_is_refused_with_the_same_page(client, caseworker):
    assert fail(client, "casey", LIMIT) == [200] * 4 + [429]
    wrong = attempt(client, "casey")
    right = attempt(client, "casey", TEST_PASSWORD)
    assert right.status_code == wrong.status_code == 429
    assert right.content == wrong.content
    body = right.content.decode()
    assert "Wait 30 seconds before you try again" in body
    assert right["Retry-After"] == "30"
    assert "casey" not in body
    assert not signed_in(client)


def test_guessing_one_account_from_twenty_addresses_is_throttled(caseworker):
    statuses = [attempt(at(f"198.51.100.{n}"), "casey").status_code for n in range(1, 21)]
    assert statuses[: LIMIT - 1] == [200] * (LIMIT - 1)
    assert set(statuses[LIMIT - 1 :]) == {429}
    assert attempt(at("203.0.113.50"), "casey", TEST_PASSWORD).status_code == 429
    # Refused tries checked no password and were not counted.
    assert AccessFailureLog.objects.filter(username="casey").count() == LIMIT


def test_another_account_from_the_same_address_is_unaffected(client, caseworker, team_manager):
    fail(client, "casey", LIMIT + 1)
    assert attempt(client, "casey", TEST_PASSWORD).status_code == 429
    assert attempt(client, "morgan", TEST_PASSWORD).status_code == 302


def test_many_usernames_from_one_address_are_throttled_there_only(client, caseworker):
    limit = settings.SIGNIN_ADDRESS_LIMIT
    statuses = [attempt(client, f"guess-{n}").status_code for n in range(limit)]
    assert statuses == [200] * (limit - 1) + [429]
    # Even an account with no failures of its own waits, from that address ...
    assert attempt(client, "casey", TEST_PASSWORD).status_code == 429
    # ... and only there.
    assert attempt(at("203.0.113.7"), "casey", TEST_PASSWORD).status_code == 302


def test_the_wait_grows_with_each_failure_and_is_capped(client, caseworker, frozen):
    fail(client, "casey", LIMIT)
    waits = []
    now = START
    for _ in range(8):
        wait = int(attempt(client, "casey")["Retry-After"])  # refused: not counted
        waits.append(wait)
        now += timedelta(seconds=wait)
        frozen.move_to(now, tick=False)
        assert attempt(client, "casey").status_code == 429  # a counted failure once it is over
    assert waits == [30, 60, 120, 240, 480, 900, 900, 900]


def test_a_try_during_the_wait_does_not_lengthen_it(client, caseworker, frozen):
    fail(client, "casey", LIMIT)
    for seconds in (5, 10, 20, 29):
        frozen.move_to(START + timedelta(seconds=seconds), tick=False)
        assert attempt(client, "casey", TEST_PASSWORD).status_code == 429
    frozen.move_to(START + FIRST_WAIT, tick=False)
    assert attempt(client, "casey", TEST_PASSWORD).status_code == 302


def test_the_real_user_signs_in_once_the_wait_is_over(caseworker, frozen):
    attacker = at("198.51.100.9")
    fail(attacker, "casey", LIMIT)  # wait 30 s
    frozen.move_to(START + timedelta(seconds=30), tick=False)
    fail(attacker, "casey", 1)  # wait 60 s
    frozen.move_to(START + timedelta(seconds=90), tick=False)
    fail(attacker, "casey", 1)  # wait 120 s, until START + 210 s
    user = at("203.0.113.20")
    frozen.move_to(START + timedelta(seconds=209), tick=False)
    assert attempt(user, "casey", TEST_PASSWORD).status_code == 429
    frozen.move_to(START + timedelta(seconds=210), tick=False)
    assert attempt(user, "casey", TEST_PASSWORD).status_code == 302
    assert signed_in(user)
    assert not SignInThrottle.objects.filter(kind="account").exists()  # the run ended


def test_a_run_is_forgotten_an_hour_after_its_last_failure(client, caseworker, frozen):
    fail(client, "casey", LIMIT + 3)
    frozen.move_to(START + timedelta(hours=1), tick=False)
    assert fail(client, "casey", LIMIT - 1) == [200] * 4
    assert attempt(client, "casey", TEST_PASSWORD).status_code == 302


def test_a_field_left_empty_is_not_a_failure(client, caseworker):
    for _ in range(LIMIT * 2):
        assert client.post(SIGN_IN, {"username": "casey", "password": ""}).status_code == 200
    assert attempt(client, "casey", TEST_PASSWORD).status_code == 302


def test_nothing_stored_names_the_account_or_the_address(client, caseworker):
    fail(client, "casey", 2)
    keys = list(SignInThrottle.objects.values_list("key", flat=True))
    assert len(keys) == 2
    assert not any("casey" in key or "127.0.0.1" in key for key in keys)


def test_unknown_username_and_wrong_password_get_the_same_answer(client, caseworker):
    def page(username):
        body = attempt(client, username).content.decode()
        body = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", body)
        return body.replace(f'value="{username}"', 'value="?"')

    assert page("casey") == page("nobody-of-that-name")
    # ... and at the limit, the same paused page.
    fail(client, "casey", LIMIT - 2)
    fail(client, "nobody-of-that-name", LIMIT - 2)
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
    fail(client, "casey", LIMIT)
    record = AccessAttempt.objects.get(username="casey")
    assert record.failures_since_start == LIMIT
    assert "wrong-password" not in record.post_data
    assert AccessLog.objects.filter(username="casey").count() == 1  # the success
    assert AccessFailureLog.objects.filter(username="casey").count() == 7


def test_the_logs_name_nobody_and_carry_no_password(client, caseworker, caplog):
    with caplog.at_level(logging.DEBUG):
        fail(client, "casey", LIMIT + 1)
        attempt(client, "casey", TEST_PASSWORD)
    text = caplog.text
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


def test_behind_our_proxy_addresses_are_throttled_apart(client, caseworker, settings):
    settings.TRUSTED_PROXY_COUNT = 1

    def via_proxy(address, username, password="wrong-password"):
        return attempt(client, username, password, HTTP_X_FORWARDED_FOR=address)

    for n in range(settings.SIGNIN_ADDRESS_LIMIT):
        via_proxy("198.51.100.1", f"guess-{n}")
    assert via_proxy("198.51.100.1", "casey", TEST_PASSWORD).status_code == 429
    assert via_proxy("198.51.100.2", "casey", TEST_PASSWORD).status_code == 302
