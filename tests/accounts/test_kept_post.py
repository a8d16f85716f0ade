"""Issue 19, point 2: a form sent just after the sign-in ran out is not lost. It is kept,
encrypted, for the user whose sign-in it was, and put back into the form after they sign in
again (two-factor sign-in included); nobody else signing in on that browser gets it."""

from datetime import UTC, datetime, timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.urls import reverse

from accounts import kept_forms, sessions
from accounts.roles import CASEWORKER, TEAM_MANAGER
from core import kept_post
from tests.accounts.otp_helpers import current_code, give_authenticator
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
LONG_NOTE = "Spoke to mum about the transport to school. " * 40


@pytest.fixture
def clock(time_machine):
    time_machine.move_to(START, tick=False)

    def at(minutes: float):
        time_machine.move_to(START + timedelta(minutes=minutes), tick=False)

    return at


def _note(child) -> tuple[str, dict]:
    url = reverse("cases:note_new", args=[child.pk])
    return url, {
        "kind": "note",
        "happened_on_0": "2",
        "happened_on_1": "3",
        "happened_on_2": "2026",
        "summary": "Transport to school",
        "body": LONG_NOTE,
        "csrfmiddlewaretoken": "not kept",
    }


def _sign_in(client, username: str, url: str):
    return client.post(
        reverse("login") + f"?next={url}",
        {"username": username, "password": TEST_PASSWORD},
        follow=True,
    )


def _expired_post(client, caseworker, child, clock):
    url, fields = _note(child)
    client.post(reverse("login"), {"username": caseworker.username, "password": TEST_PASSWORD})
    assert client.get(url).status_code == 200
    clock(31)
    response = client.post(url, fields)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    return url


def test_a_note_sent_after_the_timeout_is_given_back_after_sign_in(
    client, caseworker, child, clock
):
    url = _expired_post(client, caseworker, child, clock)
    sign_in_page = client.get(reverse("login") + f"?next={url}").content.decode()
    assert "You were signed out because you had not used the service" in sign_in_page
    assert 'data-testid="typing-kept"' in sign_in_page
    # Encrypted where it is kept: the words are not readable in the session.
    assert LONG_NOTE[:40] not in str(dict(client.session))

    page = _sign_in(client, caseworker.username, url)
    body = page.content.decode()
    assert page.redirect_chain[-1][0] == url
    assert LONG_NOTE.strip()[:200] in body
    assert 'value="Transport to school"' in body
    assert kept_post.RESTORED_MESSAGE in body
    assert not child.notes.exists()  # shown, not saved: they check it and save
    # Once: the next visit is an empty form.
    assert LONG_NOTE[:40] not in client.get(url).content.decode()


def test_after_two_factor_sign_in_too(client, team, child, clock):
    manager = UserFactory(username="tess", role=TEAM_MANAGER, teams=[team])
    device = give_authenticator(manager)
    url, fields = _note(child)
    client.post(reverse("login"), {"username": "tess", "password": TEST_PASSWORD})
    client.post(reverse("two_factor_verify"), {"code": current_code(device)})
    assert client.get(url).status_code == 200
    clock(31)
    assert client.post(url, fields)["Location"].startswith(reverse("login"))

    verify = _sign_in(client, "tess", url)
    assert verify.redirect_chain[-1][0].startswith(reverse("two_factor_verify"))
    page = client.post(verify.redirect_chain[-1][0], {"code": current_code(device)}, follow=True)
    assert LONG_NOTE.strip()[:200] in page.content.decode()


def test_someone_else_signing_in_on_that_browser_does_not_get_it(
    client, caseworker, team, child, clock
):
    url = _expired_post(client, caseworker, child, clock)
    UserFactory(username="robin", role=CASEWORKER, teams=[team])
    page = _sign_in(client, "robin", url)
    body = page.content.decode()
    assert LONG_NOTE[:40] not in body
    assert kept_post.RESTORED_MESSAGE not in body
    assert kept_post.SESSION_KEY not in client.session
    # Nor the first user, signing in again afterwards: it is gone.
    client.post(reverse("logout"))
    assert LONG_NOTE[:40] not in _sign_in(client, caseworker.username, url).content.decode()


def test_it_is_kept_for_thirty_minutes_only(client, caseworker, child, clock):
    url = _expired_post(client, caseworker, child, clock)
    clock(31 + 31)
    body = _sign_in(client, caseworker.username, url).content.decode()
    assert LONG_NOTE[:40] not in body


def test_passwords_and_the_csrf_token_are_never_kept():
    from django.http import QueryDict

    data = QueryDict("summary=a&new_password1=secret&password=x&csrfmiddlewaretoken=t&n=1&n=2")
    assert kept_post.keepable(data) == {"summary": ["a"], "n": ["1", "2"]}


def test_stay_signed_in_marks_the_user_active(client, caseworker, clock):
    client.post(reverse("login"), {"username": caseworker.username, "password": TEST_PASSWORD})
    clock(29)
    response = client.post(reverse("keep_alive"))
    assert response.json() == {"seconds_left": 30 * 60}
    assert client.session[sessions.LAST_SEEN] == int((START + timedelta(minutes=29)).timestamp())
    clock(29 + 29)
    assert client.get(reverse("notification_preferences")).status_code == 200


def test_every_signed_in_page_carries_the_timeout_warning(client, caseworker, clock):
    client.post(reverse("login"), {"username": caseworker.username, "password": TEST_PASSWORD})
    clock(10)  # a request now is activity: the full 30 minutes are left
    body = client.get(reverse("notification_preferences")).content.decode()
    assert 'id="timeout-warning"' in body
    assert 'data-seconds-left="1800"' in body
    assert 'data-warning-seconds="120"' in body


def _post_with_the_session_gone(client, caseworker, child):
    url, fields = _note(child)
    client.post(reverse("login"), {"username": caseworker.username, "password": TEST_PASSWORD})
    assert client.get(url).status_code == 200
    # Signed out in another tab, or the stored session gone: the browser still has its cookies.
    SessionStore(session_key=client.cookies[settings.SESSION_COOKIE_NAME].value).delete()
    response = client.post(url, fields)
    assert response["Location"].startswith(reverse("login"))
    return url


def test_a_note_sent_with_the_session_already_gone_is_kept_for_whoever_was_signed_in(
    client, caseworker, child
):
    url = _post_with_the_session_gone(client, caseworker, child)
    page = _sign_in(client, caseworker.username, url)
    assert LONG_NOTE.strip()[:200] in page.content.decode()


def test_with_the_session_gone_someone_else_does_not_get_it(client, caseworker, team, child):
    url = _post_with_the_session_gone(client, caseworker, child)
    UserFactory(username="robin", role=CASEWORKER, teams=[team])
    assert LONG_NOTE[:40] not in _sign_in(client, "robin", url).content.decode()


def test_without_the_signed_cookie_nothing_is_kept(client, caseworker, child):
    url, fields = _note(child)
    client.cookies[kept_forms.COOKIE_NAME] = "forged"
    client.post(url, fields)
    assert kept_post.SESSION_KEY not in client.session
