"""No child's personal data in any log: a child is registered through the real form, viewed,
searched for, mistyped, not found, involved in a server error and a refused CSRF post, scanned
for deadlines and emailed about, and put in a bad CSV import, with every logger at DEBUG; no
log record (message, arguments, traceback) holds the name, date of birth, UPN or postcode."""

import logging
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.core import mail
from django.test import Client, override_settings
from django.urls import include, path, reverse

from cases.models import Child
from cases.services.alerts import scan_deadlines
from cases.services.reminders import send_digests
from placements.services.importing import ImportRefused, import_settings
from send_portal.log_filters import DropQueryStrings, RedactDatabaseValues
from tests.cases.test_alerts import make_deadline
from tests.cases.test_child_record import form_data

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
FIRST, LAST = "Zephyrine", "Quillfeather"
UPN = "B801200005001"
# Every way a date of birth, a postcode or a UPN could be printed.
SECRETS = [
    FIRST,
    LAST,
    UPN,
    UPN.lower(),
    "SW1A 1AA",
    "SW1A1AA",
    "sw1a1aa",
    "2014-03-17",
    "17/03/2014",
    "17 March 2014",
    "17 Mar 2014",
    "datetime.date(2014, 3, 17)",
    "2014, 3, 17",
]


def _boom(request):
    raise RuntimeError("a bug in a view")


urlpatterns = [path("boom/", _boom), path("", include("send_portal.urls"))]


# Loggers whose DEBUG records carry data by design (SQL parameters; a template's context), so
# the project's LOGGING holds them above DEBUG whatever LOG_LEVEL says: tested as configured.
CAPPED = {"django.db.backends": logging.WARNING, "django.template": logging.INFO}


@pytest.fixture
def every_log(caplog):
    """caplog at DEBUG on every logger there is, including those that do not propagate, as
    LOG_LEVEL=DEBUG would set them, except the capped ones."""
    caplog.set_level(logging.DEBUG)
    unpropagated = []
    for name in list(logging.root.manager.loggerDict):
        logger = logging.getLogger(name)
        if name not in CAPPED:
            caplog.set_level(logging.DEBUG, logger=name)
        if not logger.propagate:
            logger.addHandler(caplog.handler)
            unpropagated.append(logger)
    yield caplog
    for logger in unpropagated:
        logger.removeHandler(caplog.handler)


def leaks(caplog) -> list[str]:
    found = []
    for record in caplog.records:
        text = " ".join(
            [
                record.getMessage(),
                repr(record.msg),
                repr(record.args),
                caplog.handler.format(record),  # with the traceback, if any
                str(getattr(record, "stack_info", "") or ""),
            ]
        )
        found += [
            f"{record.name}: {secret!r} in {text[:300]!r}" for secret in SECRETS if secret in text
        ]
    return found


def child_form(team, caseworker, **overrides) -> dict:
    values = {
        "first_name": FIRST,
        "last_name": LAST,
        "date_of_birth_0": "17",
        "date_of_birth_1": "3",
        "date_of_birth_2": "2014",
        "upn": UPN,
        "postcode": "sw1a1aa",
    }
    return form_data(team=team, lead=caseworker, **{**values, **overrides})


def test_no_personal_data_reaches_the_logs(
    client, every_log, caseworker, team, administrator, settings
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SITE_URL = "https://send.example.gov.uk/"
    client.force_login(caseworker)

    # Registered through the real form, then viewed, its history read, and searched for.
    assert client.get(reverse("cases:child_new")).status_code == 200
    response = client.post(reverse("cases:child_new"), child_form(team, caseworker))
    assert response.status_code == 302, response.content.decode()[:2000]
    child = Child.objects.get(upn=UPN)
    assert (child.last_name, child.postcode, child.date_of_birth) == (
        LAST,
        "SW1A 1AA",
        date(2014, 3, 17),
    )
    for name in ("cases:child", "cases:history", "cases:chronology"):
        assert client.get(reverse(name, args=[child.pk])).status_code == 200
    for query in (LAST, UPN, "17/03/2014"):
        assert client.get(reverse("cases:children"), {"q": query}).status_code == 200

    # A validation error: the same child again with a mistyped UPN.
    invalid = client.post(
        reverse("cases:child_new"), child_form(team, caseworker, upn=UPN[:-1] + "X")
    )
    assert invalid.status_code == 200 and "govuk-error-summary" in invalid.content.decode()
    edit = client.post(
        reverse("cases:child_edit", args=[child.pk]),
        child_form(team, caseworker, date_of_birth_1="13"),
    )
    assert edit.status_code == 200

    # Not found, and not allowed (CSRF), with the child's details in the request.
    assert client.get(reverse("cases:child", args=[child.pk + 1000])).status_code == 404
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(caseworker)
    assert strict.post(reverse("cases:child_new"), child_form(team, caseworker)).status_code == 403

    # A server error while handling a POST of the child's details: Django's request logger
    # names the path and the exception, never the body.
    with override_settings(ROOT_URLCONF=__name__):
        client.raise_request_exception = False
        crash = client.post("/boom/", child_form(team, caseworker))
        assert crash.status_code == 500
    assert any(r.name == "django.request" and r.levelno == logging.ERROR for r in every_log.records)

    # The morning's deadline scan and the caseworker's digest email (which names the child by
    # first name, initial and case reference only: issue 19).
    today = date.today()
    make_deadline(child, caseworker, due_on=today - timedelta(days=1))
    assert scan_deadlines(today=today).total >= 1
    assert send_digests(today=today).sent == 1
    assert f"{FIRST} {LAST[0]}. (case {child.reference})" in mail.outbox[0].body
    assert LAST not in mail.outbox[0].body

    # A settings import whose bad rows hold the child's details.
    bad_csv = (
        "urn,ukprn,name,type,phase,la_code,open\n"
        f"{UPN},,{FIRST} {LAST},SW1A 1AA,2014-03-17,999,yes\n"
        f"100101,,{LAST} House,not-a-type,17/03/2014,sw1a1aa,maybe\n"
    )
    with pytest.raises(ImportRefused) as refused:
        import_settings(data=bad_csv.encode(), by=administrator)
    assert len(refused.value.lines) >= 2

    assert len(every_log.records) > 5  # the loggers were heard
    assert leaks(every_log) == []


def test_loggers_that_would_log_data_at_debug_stay_above_it_under_log_level_debug():
    code = (
        "import logging, django; django.setup();"
        f"print([logging.getLogger(n).getEffectiveLevel() for n in {list(CAPPED)!r}])"
    )
    env = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME")}
    env.update(DJANGO_SETTINGS_MODULE="send_portal.settings", DEBUG="true", LOG_LEVEL="DEBUG")
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(list(CAPPED.values()))


def test_django_does_not_mail_errors_with_the_request_in_them():
    """Django's default logging mails ADMINS every server error with the POST data and the
    local variables; the project's LOGGING takes that handler away."""
    from django.utils.log import AdminEmailHandler

    handlers = [
        handler
        for logger in [logging.root, *map(logging.getLogger, logging.root.manager.loggerDict)]
        for handler in getattr(logger, "handlers", [])
    ]
    assert not [h for h in handlers if isinstance(h, AdminEmailHandler)]


def test_runserver_request_lines_lose_their_query_strings():
    record = logging.LogRecord(
        "django.server",
        logging.INFO,
        __file__,
        1,
        '"%s" %s %s',
        (f"GET /children/?q={FIRST}+{LAST}&dob=17%2F03%2F2014 HTTP/1.1", "200", "5120"),
        None,
    )
    assert DropQueryStrings().filter(record)
    assert record.getMessage() == '"GET /children/ HTTP/1.1" 200 5120'
    configured = logging.getLogger("django.server").filters
    assert any(isinstance(f, DropQueryStrings) for f in configured)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_gunicorns_access_log_leaves_out_query_strings_and_referrers(tmp_path):
    """The real gunicorn, started from the project root as the image starts it, picks up
    gunicorn.conf.py: a search's query string and its referrer stay out of the access log."""
    port = _free_port()
    log = tmp_path / "access.log"
    env = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME")}
    env.update(DEBUG="true", DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}")
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "send_portal.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--access-logfile",
            str(log),
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        url = f"http://127.0.0.1:{port}/children/?q={FIRST}+{LAST}"
        request = urllib.request.Request(
            url, headers={"Referer": f"http://127.0.0.1:{port}/children/?q={UPN}"}
        )
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(request, timeout=5)
                break
            except urllib.error.HTTPError:
                break  # any answer will do
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.3)
        for _ in range(50):
            if log.exists() and "/children/" in log.read_text():
                break
            time.sleep(0.1)
    finally:
        server.terminate()
        server.wait(timeout=10)
    lines = log.read_text()
    assert '"GET /children/ HTTP/1.1" 302' in lines
    assert FIRST not in lines and LAST not in lines and UPN not in lines


def test_database_errors_reach_the_log_without_their_values(db):
    """PostgreSQL names the values in a constraint error; the console handler's filter takes
    them out of the message and the traceback."""
    from django.db import IntegrityError, connection, transaction

    if connection.vendor != "postgresql":
        pytest.skip("SQLite's errors carry no values")
    console = next(
        h
        for h in logging.getLogger().handlers
        if any(isinstance(f, RedactDatabaseValues) for f in h.filters)
    )
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMP TABLE pupil (upn text UNIQUE, name text NOT NULL)")
        cursor.execute("INSERT INTO pupil VALUES ('A123456789012', 'Amelia Stone')")
        for statement in (
            "INSERT INTO pupil VALUES ('A123456789012', 'Amelia Stone')",
            "INSERT INTO pupil VALUES ('B987654321098', NULL)",
        ):
            try:
                with transaction.atomic():
                    cursor.execute(statement)
            except IntegrityError as error:
                raised = error
            else:
                raise AssertionError("the insert should have failed")
            assert "A123456789012" in str(raised) or "B987654321098" in str(raised)
            try:
                raise raised
            except IntegrityError:
                record = logging.getLogger("django.request").makeRecord(
                    "django.request",
                    logging.ERROR,
                    __file__,
                    1,
                    "Failed: %s",
                    (raised,),
                    sys.exc_info(),
                )
            assert console.filter(record)
            written = console.format(record)
            assert "IntegrityError" in written and "(…)" in written
            for value in ("A123456789012", "B987654321098", "Amelia Stone"):
                assert value not in written
