"""Settings choose Notify for email only when a Notify key is set and EMAIL_URL is not; without
a key, email goes through Django's backends as before."""

import json
import os
import subprocess
import sys

from tests.project.test_settings import ROOT

PRODUCTION = {"DEBUG": "false", "SECRET_KEY": "k" * 20 + "-a-long-random-production-secret-42"}
KEY = "live-26785a09-ab16-4eb0-8407-a37497a57506-3d844edf-8d35-48ac-975b-e847b4f122b0"
TEMPLATE = "f33517ff-2a88-4f6e-b855-c550268ce08a"


def _settings(**env) -> dict:
    """The Notify and email settings, imported in a fresh interpreter with only this env."""
    code = (
        "import json, send_portal.settings as s;"
        "print(json.dumps({k: getattr(s, k, None) for k in "
        "['EMAIL_BACKEND','NOTIFY_API_KEY','NOTIFY_BASE_URL','NOTIFY_TEMPLATES']}))"
    )
    clean = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME")}
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**clean, **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    return {"error": result.stderr} if result.returncode else json.loads(result.stdout)


def test_without_a_key_email_stays_with_django():
    s = _settings(DEBUG="true")
    assert s["NOTIFY_API_KEY"] == ""
    assert s["NOTIFY_BASE_URL"] == "https://api.notifications.service.gov.uk"
    assert s["EMAIL_BACKEND"] == "django.core.mail.backends.filebased.EmailBackend"
    s = _settings(DEBUG="true", EMAIL_URL="consolemail://")
    assert s["EMAIL_BACKEND"] == "django.core.mail.backends.console.EmailBackend"


def test_a_key_sends_email_through_notify_with_the_templates_given():
    s = _settings(
        **PRODUCTION,
        NOTIFY_API_KEY=KEY,
        NOTIFY_EMAIL_TEMPLATE_ID=TEMPLATE,
        NOTIFY_TEMPLATE_IDS="reminder_digest=9d751e0e-f929-4891-82a1-a3e1c3c18ee3,unlock=x",
    )
    assert s["EMAIL_BACKEND"] == "letters.notify_email.EmailBackend"
    assert s["NOTIFY_TEMPLATES"] == {
        "email": TEMPLATE,
        "reminder_digest": "9d751e0e-f929-4891-82a1-a3e1c3c18ee3",
        "unlock": "x",
    }


def test_a_mail_server_named_in_email_url_still_takes_email():
    """And then Notify needs no email template (the key may be there for letters alone)."""
    s = _settings(**PRODUCTION, NOTIFY_API_KEY=KEY, EMAIL_URL="smtps://mail.example:465")
    assert s["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"


def test_email_through_notify_needs_its_template():
    refused = _settings(**PRODUCTION, NOTIFY_API_KEY=KEY)
    assert "set NOTIFY_EMAIL_TEMPLATE_ID" in refused["error"]


def test_a_key_that_is_not_a_notify_key_is_refused_without_being_shown():
    for key in ("3d844edf-8d35-48ac-975b-e847b4f122b0", KEY[:-1], KEY.upper(), "live-" + "x" * 73):
        refused = _settings(**PRODUCTION, NOTIFY_API_KEY=key, NOTIFY_EMAIL_TEMPLATE_ID=TEMPLATE)
        assert "NOTIFY_API_KEY is not a GOV.UK Notify API key" in refused["error"]
        assert key not in refused["error"]


def test_production_talks_to_notify_over_tls_only():
    notify = {"NOTIFY_API_KEY": KEY, "NOTIFY_EMAIL_TEMPLATE_ID": TEMPLATE}
    refused = _settings(**PRODUCTION, **notify, NOTIFY_BASE_URL="http://notify.example")
    assert "NOTIFY_BASE_URL must be an https:// address" in refused["error"]
    local = _settings(DEBUG="true", **notify, NOTIFY_BASE_URL="http://127.0.0.1:9999")
    assert local["NOTIFY_BASE_URL"] == "http://127.0.0.1:9999"  # a fake, while developing
