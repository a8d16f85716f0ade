"""axe on every page of a child's record and the service's main pages, in a real Chromium:
no violation of any impact (issue 19). The journeys check the pages they pass through; this
walk reaches those no journey opens (history, contacts, documents, alerts, reports...).

The record's URLs are tests/cases/test_url_walk.py's, built from cases.urls."""

import pytest
from django.urls import reverse

from accounts.roles import HEAD_OF_SERVICE
from tests.cases.test_url_walk import record  # noqa: F401  (a fixture: every record URL)
from tests.factories import UserFactory

from .conftest import axe_violations, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

NOT_A_PAGE = {"document_download"}  # a file, not HTML
SERVICE_PAGES = [
    "home",
    "cases:caseload",
    "cases:children",
    "cases:alerts",
    "cases:child_new",
    "account_security",
    "notification_preferences",
    "placements:settings",
]
READER_PAGES = ["home", "dashboard", "reports", "board:list", "sen2:check"]


def violations_on(page, base_url, paths) -> dict[str, list[str]]:
    found = {}
    for path in paths:
        response = page.goto(f"{base_url}{path}")
        assert response is not None and response.ok, f"{path}: {response and response.status}"
        if wrong := axe_violations(page):
            found[path] = wrong
    return found


def test_a_caseworker_s_pages_have_no_violation(live_server, page, caseworker, record):  # noqa: F811
    sign_in(page, live_server, caseworker.username)
    paths = [url for name, url in record.items() if name not in NOT_A_PAGE]
    paths += [reverse(name) for name in SERVICE_PAGES]
    assert violations_on(page, live_server.url, paths) == {}
    assert page.console_errors == []


def test_a_head_of_service_s_pages_have_no_violation(live_server, page):
    UserFactory(username="hos", role=HEAD_OF_SERVICE)
    sign_in(page, live_server, "hos")
    paths = [reverse(name) for name in READER_PAGES]
    assert violations_on(page, live_server.url, paths) == {}
