"""Shared fixtures: users in each role (as healthchecks' hc/test.py does), services, skips."""

import os
import shutil
from collections import Counter

import pytest

from accounts.roles import (
    ADMINISTRATOR,
    CASEWORKER,
    DATA_PROTECTION_OFFICER,
    HEAD_OF_SERVICE,
    TEAM_MANAGER,
)

from .factories import ChildFactory, TeamFactory, UserFactory
from .hostile.tally import summary

# The fake GOV.UK Notify: its `fake_notify` fixture, and no real Notify key in any test.
pytest_plugins = ["tests.letters.fake_notify"]

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
_skipped_for: dict[str, int] = {}
HOSTILE_FROM_WORKERS: Counter = Counter()


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path_factory):
    """What the code keeps on disk (uploads, board report downloads, plan PDFs) goes to the
    run's own folder, never to the checkout's var/media."""
    settings.MEDIA_ROOT = tmp_path_factory.getbasetemp() / "media"


@pytest.fixture(autouse=True)
def _plan_pdfs_in_process(monkeypatch):
    """A plan PDF a download queues is rendered at once, as a worker would, instead of being
    sent to the broker (tests/plans/test_version_pdf.py catches the queueing itself)."""
    from plans.tasks import render_plan_pdf

    monkeypatch.setattr(render_plan_pdf, "delay", render_plan_pdf)


def redis_url() -> str:
    return os.environ.get("REDIS_URL", "")


def chromium_path() -> str | None:
    return CHROMIUM if os.path.exists(CHROMIUM) else shutil.which("chromium")


def pytest_collection_modifyitems(config, items):
    no_redis = pytest.mark.skip(reason="needs Redis: set REDIS_URL to run it")
    no_browser = pytest.mark.skip(reason=f"needs Chromium: none at {CHROMIUM}")
    for item in items:
        if "redis" in item.keywords and not redis_url():
            item.add_marker(no_redis)
            _skipped_for["Redis (REDIS_URL not set)"] = (
                _skipped_for.get("Redis (REDIS_URL not set)", 0) + 1
            )
        if "e2e" in item.keywords and not chromium_path():
            item.add_marker(no_browser)
            _skipped_for["Chromium (not installed)"] = (
                _skipped_for.get("Chromium (not installed)", 0) + 1
            )


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):
    """An xdist worker finished: add up its hostile-input tally (tests/hostile)."""
    HOSTILE_FROM_WORKERS.update(getattr(node, "workeroutput", {}).get("hostile_tally", {}))


def pytest_terminal_summary(terminalreporter):
    if HOSTILE_FROM_WORKERS["tried"]:
        terminalreporter.write_line(summary(HOSTILE_FROM_WORKERS))
    from django.conf import settings

    db = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    terminalreporter.write_line(
        f"SEND Portal tests ran on {db}; broker {settings.CELERY_BROKER_URL.split('://')[0]}."
    )
    for what, count in _skipped_for.items():
        terminalreporter.write_line(f"Skipped {count} test(s) that need {what}.")


@pytest.fixture
def client():
    """pytest-django's client, but force_login also completes two-factor sign-in for users who
    need it (tests.accounts.otp_helpers), so that pages behind it stay reachable in tests."""
    from .accounts.otp_helpers import VerifyingClient

    return VerifyingClient()


@pytest.fixture
def admin_client(client, admin_user):
    """pytest-django's admin_client, through the same two-factor-completing client."""
    client.force_login(admin_user)
    return client


@pytest.fixture
def team(db):
    return TeamFactory(name="North team")


@pytest.fixture
def other_team(db):
    return TeamFactory(name="South team")


@pytest.fixture
def caseworker(team):
    return UserFactory(username="casey", role=CASEWORKER, teams=[team])


@pytest.fixture
def outsider(other_team):
    """A caseworker in another team: may not open the first team's cases."""
    return UserFactory(username="olly", role=CASEWORKER, teams=[other_team])


@pytest.fixture
def team_manager(team):
    return UserFactory(username="morgan", role=TEAM_MANAGER, teams=[team])


@pytest.fixture
def head_of_service(db):
    return UserFactory(username="harper", role=HEAD_OF_SERVICE)


@pytest.fixture
def administrator(db):
    return UserFactory(username="admin", role=ADMINISTRATOR, is_staff=True)


@pytest.fixture
def data_protection_officer(db):
    return UserFactory(username="dee", role=DATA_PROTECTION_OFFICER)


@pytest.fixture
def child(team, caseworker):
    return ChildFactory(
        team=team, lead_caseworker=caseworker, first_name="Amelia", last_name="Stone"
    )
