"""Security headers on every page, a Content Security Policy with no inline script or style,
and templates that need none: behaviour lives in static/js, looks in static/ CSS."""

import json
import os
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from django.urls import reverse

from reporting.board.content import build_report_content
from reporting.models import BoardReport
from tests.factories import BoardReportFactory

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "templates"

# Emails (templates/emails/, registration/*_email.html) carry their styles inline because mail
# clients drop linked CSS; they are sent, never served under the site's CSP. The board paper is
# one self-contained page (its download widens style-src for itself alone, tested below); a
# letter's page is drawn by WeasyPrint into its PDF and never served.
INLINE_STYLE_ALLOWED = {"reporting/board/paper.html", "letters/letter_pdf.html"}


def policy(response) -> dict[str, list[str]]:
    header = response.headers["Content-Security-Policy"]
    directives = (part.strip().split() for part in header.split(";") if part.strip())
    return {name: values for name, *values in directives}


def assert_security_headers(response) -> None:
    headers = response.headers
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in headers["Permissions-Policy"]
    assert "geolocation=()" in headers["Permissions-Policy"]
    csp = policy(response)
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"]
    assert csp["style-src"] == ["'self'"]
    assert csp["img-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'self'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["form-action"] == ["'self'"]
    header = headers["Content-Security-Policy"]
    assert "unsafe-inline" not in header and "unsafe-eval" not in header


@pytest.mark.django_db
def test_the_sign_in_page_sends_every_security_header(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert_security_headers(response)


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["home", "cases:caseload", "cases:children"])
def test_a_signed_in_page_sends_every_security_header(client, caseworker, name):
    client.force_login(caseworker)
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert_security_headers(response)


@pytest.mark.django_db
def test_error_pages_send_the_headers_too(client, caseworker):
    client.force_login(caseworker)
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert_security_headers(response)


@pytest.mark.django_db
def test_the_dashboard_charts_need_no_inline_style(client, head_of_service):
    client.force_login(head_of_service)
    response = client.get(reverse("dashboard"))
    body = response.content.decode()
    assert body.count('class="portal-chart"') >= 1
    assert "style=" not in body and "<style" not in body
    assert_security_headers(response)


@pytest.fixture
def ready_report(head_of_service, settings, tmp_path):
    from reporting.board.files import store_files

    settings.MEDIA_ROOT = tmp_path / "media"
    report = BoardReport(
        title="SEND performance 2024",
        report_to="Scrutiny Committee",
        reporting_officer="Harper Lee",
        period_start=date(2024, 1, 1),
        period_end=date(2024, 12, 31),
        snapshot=date(2025, 1, 16),
        requested_by=head_of_service,
    )
    report.content = build_report_content(report)
    report.status = BoardReport.Status.READY
    report.steps = report.progress = 1
    report.save()
    store_files(report.pk)  # what the worker does before a report is ready
    return report


def test_the_board_report_page_needs_no_inline_script_or_style(
    client, head_of_service, ready_report
):
    client.force_login(head_of_service)
    response = client.get(reverse("board:detail", args=[ready_report.pk]))
    body = response.content.decode()
    assert "<svg" in body  # its charts are on the page
    assert "style=" not in body and "<style" not in body
    assert re.search(r"<script(?![^>]*\ssrc=)", body) is None
    assert_security_headers(response)


def test_a_board_report_being_built_polls_from_a_static_script(client, head_of_service):
    report = BoardReportFactory(
        title="Queued",
        report_to="Committee",
        reporting_officer="Harper Lee",
        period_start=date(2024, 1, 1),
        period_end=date(2024, 12, 31),
        snapshot=date(2025, 1, 16),
        status=BoardReport.Status.RUNNING,
        progress=3,
        steps=9,
    )
    client.force_login(head_of_service)
    body = client.get(reverse("board:detail", args=[report.pk])).content.decode()
    status_url = reverse("board:status", args=[report.pk])
    assert f'data-board-progress data-status-url="{status_url}"' in body
    assert "js/board-progress.js" in body
    assert "style=" not in body and "<script>" not in body
    assert (ROOT / "static/js/board-progress.js").exists()


def test_the_self_contained_html_paper_may_style_itself_but_runs_no_script(
    client, head_of_service, ready_report
):
    client.force_login(head_of_service)
    response = client.get(reverse("board:download", args=[ready_report.pk, "html"]))
    assert response.status_code == 200
    csp = policy(response)
    assert csp["style-src"] == ["'self'", "'unsafe-inline'"]
    assert csp["script-src"] == ["'self'"]
    assert "sandbox" in csp  # no allow-scripts: nothing on it can run
    pdf = client.get(reverse("board:download", args=[ready_report.pk, "csv"]))
    assert policy(pdf)["style-src"] == ["'self'"]


def _templates():
    return sorted(path for path in TEMPLATES.rglob("*") if path.suffix in (".html", ".txt"))


INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\ssrc=)[^>]*>|<script\b[^>]*>\s*[^<\s]", re.I)
EVENT_HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I | re.S)
SCRIPT_URL = re.compile(r"""(?:href|src|action)\s*=\s*["']?\s*javascript:""", re.I)
STYLE = re.compile(r"<[a-z][^>]*\sstyle\s*=|<style\b", re.I | re.S)


def test_the_scan_finds_what_it_looks_for():
    """The patterns below must catch the things they forbid, or the scan proves nothing."""
    assert INLINE_SCRIPT.search("<script>alert(1)</script>")
    assert INLINE_SCRIPT.search('<script type="module">import x</script>')
    assert INLINE_SCRIPT.search('<script src="/a.js">alert(1)</script>')
    assert not INLINE_SCRIPT.search('<script type="module" src="{% static \'a.js\' %}"></script>')
    assert EVENT_HANDLER.search('<button class="x"\n onclick="go()">')
    assert not EVENT_HANDLER.search('<p class="govuk-body">Click on="this"</p> and online=')
    assert SCRIPT_URL.search('<a href="javascript:void(0)">')
    assert STYLE.search('<progress style="width: 100%">')


def test_no_template_has_inline_script_or_event_handlers():
    found = []
    for path in _templates():
        text = path.read_text(encoding="utf-8")
        for pattern in (INLINE_SCRIPT, EVENT_HANDLER, SCRIPT_URL):
            found += [
                f"{path.relative_to(TEMPLATES)}: {m.group(0)!r}" for m in pattern.finditer(text)
            ]
    assert found == []
    assert len(_templates()) > 50  # the scan saw the templates


def test_no_page_template_has_inline_style():
    found = []
    for path in _templates():
        name = path.relative_to(TEMPLATES).as_posix()
        if name in INLINE_STYLE_ALLOWED or name.startswith("emails/") or "_email." in name:
            continue
        found += [f"{name}: {m.group(0)!r}" for m in STYLE.finditer(path.read_text("utf-8"))]
    assert found == []


PRODUCTION = """
import json
import django
django.setup()
from django.test import Client, override_settings

# collectstatic has not run for the manifest storage: plain static storage, for the page alone.
override_settings(
    STORAGES={
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
).enable()
client = Client()
plain = client.get("/sign-in/")
page = client.get("/sign-in/", secure=True)
from django.conf import settings
print(json.dumps({
    "plain": [plain.status_code, plain.headers.get("Location", "")],
    "status": page.status_code,
    "headers": dict(page.headers),
    "csrf_cookie": {k: str(v) for k, v in page.cookies["csrftoken"].items()},
    "session_cookie_secure": settings.SESSION_COOKIE_SECURE,
    "session_cookie_httponly": settings.SESSION_COOKIE_HTTPONLY,
}))
"""


def test_production_settings_add_hsts_https_and_secure_cookies():
    """Under production settings (DEBUG off), in a fresh interpreter: plain HTTP is sent to
    HTTPS, the HTTPS page carries HSTS, and cookies go over HTTPS only."""
    env = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME")}
    env.update(
        DJANGO_SETTINGS_MODULE="send_portal.settings",
        DEBUG="false",
        SECRET_KEY="p" * 20 + "-a-long-random-production-secret-value-7",
        ALLOWED_HOSTS="testserver",
    )
    result = subprocess.run(
        [sys.executable, "-c", PRODUCTION],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["plain"] == [301, "https://testserver/sign-in/"]
    assert seen["status"] == 200
    headers = seen["headers"]
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert headers["X-Frame-Options"] == "DENY"
    assert "'unsafe-inline'" not in headers["Content-Security-Policy"]
    assert seen["csrf_cookie"]["secure"] == "True"
    assert seen["csrf_cookie"]["httponly"] == "True"
    assert seen["csrf_cookie"]["samesite"] == "Lax"
    assert seen["session_cookie_secure"] is True
    assert seen["session_cookie_httponly"] is True
