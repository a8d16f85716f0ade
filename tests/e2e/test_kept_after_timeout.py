"""Issue 19, point 2, in a real Chromium: a long case note sent after 30 idle minutes is not
lost. The sign-in page says it was kept; after signing in the note form holds it again."""

from datetime import date
from importlib import import_module

import pytest
from django.conf import settings
from django.urls import reverse

from accounts import sessions
from accounts.roles import CASEWORKER
from core import kept_post
from tests.factories import TEST_PASSWORD, ChildFactory, TeamFactory, UserFactory

from .conftest import axe_violations, sign_in
from .test_assessment_journey import fill_date

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

NOTE = "Phoned mum about the taxi to school; she says the driver changes every week. " * 20


def _idle_for_31_minutes(page) -> None:
    """Move the server-side session's last activity back, as 31 idle minutes would."""
    cookie = next(c for c in page.context.cookies() if c["name"] == settings.SESSION_COOKIE_NAME)
    store = import_module(settings.SESSION_ENGINE).SessionStore(session_key=cookie["value"])
    store[sessions.LAST_SEEN] -= 31 * 60
    store[sessions.SIGNED_IN_AT] -= 31 * 60
    store.save()


def test_a_note_sent_after_the_timeout_comes_back_after_signing_in(live_server, page):
    team = TeamFactory(name="North team")
    casey = UserFactory(username="casey", role=CASEWORKER, teams=[team])
    child = ChildFactory(team=team, lead_caseworker=casey)
    sign_in(page, live_server, "casey")
    url = live_server.url + reverse("cases:note_new", args=[child.pk])
    page.goto(url)
    page.get_by_label("Summary").fill("Transport to school")
    fill_date(page, "happened_on", date.today())
    page.get_by_label("Details (optional)").fill(NOTE)

    _idle_for_31_minutes(page)
    page.get_by_role("button", name="Save note").click()
    page.wait_for_url("**/sign-in/**")
    assert page.get_by_test_id("typing-kept").is_visible()
    assert axe_violations(page) == []

    page.get_by_label("Username").fill("casey")
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(url)
    assert page.get_by_label("Details (optional)").input_value() == NOTE
    assert page.get_by_label("Summary").input_value() == "Transport to school"
    assert page.get_by_text(kept_post.RESTORED_MESSAGE).is_visible()
    assert axe_violations(page) == []
    assert not child.notes.exists()

    page.get_by_role("button", name="Save note").click()
    page.wait_for_url("**/chronology/")
    assert child.notes.get().body.strip() == NOTE.strip()
