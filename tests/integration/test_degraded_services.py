"""The web while a service it depends on is down: a clean page, never a traceback; nothing lost.

- PostgreSQL unreachable (the default connection pointed at a port nothing listens on, or on
  SQLite at a file in a folder that does not exist): every page answers 503 with the "service is
  unavailable" page and a Retry-After header (send_portal/errors.py). Other errors stay 500.
- Redis down (the cache and the Celery broker at a port nothing listens on): signing in, the
  caseload, a child's page and adding a note all work; /healthz says "degraded"; a board report
  asked for says at once that it could not be queued.

bench/faults.py does the same against real services (PostgreSQL restarted, Redis stopped and
started, the worker killed); tests/integration/test_reminder_faults.py covers the worker killed.
"""

import copy
import json
import os
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from datetime import date

import pytest
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.test import Client, RequestFactory
from django.urls import reverse

from cases.models import CaseNote
from core import public_ids
from reporting.models import BoardReport
from send_portal.errors import server_error

from ..factories import TEST_PASSWORD


def closed_port() -> int:
    """A port nothing listens on: bound for a moment by the OS, then let go."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def database_unreachable(tmp_path):
    """The default connection swapped for one that cannot connect; the real one is untouched."""
    original = connections[DEFAULT_DB_ALIAS]
    unreachable = copy.deepcopy(original.settings_dict)
    if original.vendor == "postgresql":
        unreachable.update(HOST="127.0.0.1", PORT=str(closed_port()))
    else:
        unreachable["NAME"] = str(tmp_path / "no-such-folder" / "db.sqlite3")
    broken = original.__class__(unreachable, alias=DEFAULT_DB_ALIAS)
    connections[DEFAULT_DB_ALIAS] = broken
    try:
        yield
    finally:
        broken.close()
        connections[DEFAULT_DB_ALIAS] = original


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/caseload/"),
        ("get", "/children/{child}/"),
        ("get", "/sign-in/"),
        ("post", "/children/{child}/chronology/notes/new/"),
    ],
)
def test_database_unreachable_every_page_answers_a_clean_503(
    method, path, django_db_blocker, tmp_path
):
    browser = Client(raise_request_exception=False)
    # A signed-in browser: its session has to be read from the database first.
    browser.cookies[settings.SESSION_COOKIE_NAME] = "x" * 32
    path = path.format(child=public_ids.encode(1))  # a child's URL, as links write it
    with django_db_blocker.unblock(), database_unreachable(tmp_path):
        response = getattr(browser, method)(path)
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    page = response.content.decode()
    assert "Sorry, the service is unavailable" in page
    assert "Traceback" not in page
    assert "OperationalError" not in page


def test_any_other_error_is_still_a_500():
    try:
        raise RuntimeError("a bug")
    except RuntimeError:
        response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in response.content.decode()
    assert not response.has_header("Retry-After")


@contextmanager
def redis_at(settings, url: str):
    """The cache and the broker on ``url``, with the timeouts settings.py gives every Redis
    client (REDIS_TIMEOUTS) and its publish retry policy."""
    from send_portal.celery import app

    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "OPTIONS": dict(settings.REDIS_TIMEOUTS),
        }
    }
    previous = (app.conf.broker_url, app.conf.broker_transport_options)

    def use(broker_url, options):
        app.conf.broker_url = broker_url
        app.conf.broker_transport_options = options
        # The app keeps a connection pool for the broker it first used: start a new one.
        app._pool = None
        app.amqp._producer_pool = None

    use(url, dict(settings.REDIS_TIMEOUTS))
    try:
        yield
    finally:
        use(*previous)


@pytest.fixture
def redis_down(settings):
    """The cache and the broker on a Redis that is not there."""
    with redis_at(settings, f"redis://127.0.0.1:{closed_port()}/0"):
        yield


@pytest.fixture
def redis_hung(settings):
    """A Redis that stops answering (SIGSTOP): the port takes connections, nothing replies."""
    with socket.socket() as hung:
        hung.bind(("127.0.0.1", 0))
        hung.listen(64)  # the kernel completes the handshakes; nobody ever reads or writes
        with redis_at(settings, f"redis://127.0.0.1:{hung.getsockname()[1]}/0"):
            yield


@pytest.mark.django_db
def test_redis_down_case_work_goes_on(redis_down, caseworker, child):
    browser = Client()
    signed_in = browser.post(
        reverse("login"), {"username": caseworker.username, "password": TEST_PASSWORD}
    )
    assert signed_in.status_code == 302, "signing in needs Redis"
    assert browser.get(reverse("cases:caseload")).status_code == 200
    assert browser.get(reverse("cases:child", args=[child.pk])).status_code == 200
    today = date.today()
    saved = browser.post(
        reverse("cases:note_new", args=[child.pk]),
        {
            "kind": "phone",
            "happened_on_0": today.day,
            "happened_on_1": today.month,
            "happened_on_2": today.year,
            "summary": "Called the school while Redis was down",
        },
    )
    assert saved.status_code == 302
    assert CaseNote.objects.filter(child=child, summary__startswith="Called the school").exists()
    health = browser.get(reverse("healthz"))  # the status is public
    assert health.status_code == 200
    assert health.json()["status"] == "degraded"


@pytest.mark.django_db
def test_redis_down_a_board_report_says_it_could_not_be_queued(
    redis_down, client, head_of_service, django_capture_on_commit_callbacks
):
    client.force_login(head_of_service)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("board:new"),
            {
                "period_kind": "calendar",
                "year": date.today().year - 1,
                "title": "SEND performance",
                "report_to": "Scrutiny Committee",
                "reporting_officer": "Harper Lewis",
            },
        )
    report = BoardReport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("board:detail", args=[report.pk])
    assert report.status == BoardReport.Status.FAILED
    assert "could not be queued" in report.error
    assert client.get(response["Location"]).status_code == 200


HUNG_REDIS_BUDGET = 5  # seconds: gunicorn's timeout is 60; each Redis client gives up in 1-2


@pytest.mark.django_db
def test_redis_hung_pages_answer_within_seconds_and_degrade(
    redis_hung, client, head_of_service, child, django_capture_on_commit_callbacks, settings
):
    client.force_login(head_of_service)
    settings.HEALTHZ_TOKEN = "monitor"  # the broker's own status is a detail
    started = time.monotonic()
    health = client.get(reverse("healthz"), headers={"Authorization": "Bearer monitor"})
    took = time.monotonic() - started
    assert health.status_code == 200 and health.json()["broker"] == "unavailable"
    assert took < HUNG_REDIS_BUDGET, f"/healthz took {took:.1f}s on a hung Redis"

    assert client.get(reverse("cases:child", args=[child.pk])).status_code == 200
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("board:new"),
            {
                "period_kind": "calendar",
                "year": date.today().year - 1,
                "title": "SEND performance",
                "report_to": "Scrutiny Committee",
                "reporting_officer": "Harper Lewis",
            },
        )
    took = time.monotonic() - started
    assert response.status_code == 302
    assert took < HUNG_REDIS_BUDGET, f"queueing a board report took {took:.1f}s"
    report = BoardReport.objects.get()
    assert report.status == BoardReport.Status.FAILED and "could not be queued" in report.error


def test_every_redis_client_is_configured_with_timeouts():
    """Under a Redis URL, settings give the cache and the broker the timeouts (read in a fresh
    interpreter, as the settings module is evaluated once per process)."""
    script = (
        "import os, json; os.environ['DJANGO_SETTINGS_MODULE'] = 'send_portal.settings';"
        "from django.conf import settings as s;"
        "print(json.dumps([s.CACHES['default']['OPTIONS'], s.CELERY_BROKER_TRANSPORT_OPTIONS]))"
    )
    env = {**os.environ, "DEBUG": "true", "REDIS_URL": "redis://127.0.0.1:6399/0"}
    env.pop("CACHE_URL", None)
    env.pop("CELERY_BROKER_URL", None)
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, check=True
    )
    cache_options, broker_options = json.loads(done.stdout)
    for options in (cache_options, broker_options):
        assert 0 < options["socket_connect_timeout"] <= 2
        assert 0 < options["socket_timeout"] <= 2


@pytest.mark.django_db
def test_a_statement_running_past_the_timeout_is_cancelled_by_the_server(settings):
    """PostgreSQL cancels a statement that runs longer than DB_STATEMENT_TIMEOUT_MS (30 s by
    default), and the cancellation is an OperationalError: the error page answers 503."""
    from django.db import OperationalError, connection

    if connection.vendor != "postgresql":
        pytest.skip("statement_timeout is PostgreSQL's")
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == "30s"
        cursor.execute("SET LOCAL statement_timeout = 200")
        with pytest.raises(OperationalError, match="statement timeout"):
            cursor.execute("SELECT pg_sleep(2)")
