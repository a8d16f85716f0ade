"""Production settings refuse two quiet mistakes: emails (names, case links) over plain SMTP,
and a proxy in front of the app whose X-Forwarded-For the sign-in limits were not told about."""

import os
import subprocess
import sys

from accounts.checks import proxy_addresses

from .test_settings import ROOT, _settings

PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "k" * 20 + "-a-long-random-production-secret-value-42",
}


def test_production_refuses_plain_smtp():
    refused = _settings(**PRODUCTION, EMAIL_URL="smtp://mail.example:25")
    assert "use smtp+tls:// or smtps://" in refused["error"]


def test_production_takes_smtp_with_tls():
    for url in ("smtp+tls://mail.example:587", "smtps://mail.example:465"):
        assert _settings(**PRODUCTION, EMAIL_URL=url)["EMAIL_BACKEND"].endswith("smtp.EmailBackend")


def test_plain_smtp_to_a_local_relay_when_explicitly_allowed():
    allowed = _settings(**PRODUCTION, EMAIL_URL="smtp://127.0.0.1:25", EMAIL_ALLOW_PLAINTEXT="true")
    assert allowed["EMAIL_HOST"] == "127.0.0.1"


def test_development_and_no_server_need_nothing():
    assert "error" not in _settings(DEBUG="true", EMAIL_URL="smtp://127.0.0.1:1025")
    assert "error" not in _settings(**PRODUCTION)  # files under var/mail
    assert "error" not in _settings(**PRODUCTION, EMAIL_URL="consolemail://")


def test_behind_a_proxy_without_its_count_is_an_error(settings):
    settings.DEBUG = False
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.TRUSTED_PROXY_COUNT = 0
    assert [error.id for error in proxy_addresses(None)] == ["accounts.E001"]
    settings.TRUSTED_PROXY_COUNT = 1
    assert proxy_addresses(None) == []
    settings.TRUSTED_PROXY_COUNT = 0
    settings.DEBUG = True
    assert proxy_addresses(None) == []


def test_no_proxy_configured_is_no_error(settings):
    settings.DEBUG = False
    settings.SECURE_PROXY_SSL_HEADER = None
    settings.TRUSTED_PROXY_COUNT = 0
    assert proxy_addresses(None) == []


def _deploy_check(**env) -> subprocess.CompletedProcess:
    keep = ("PATH", "HOME", "DATABASE_URL", "REDIS_URL")
    environment = {k: v for k, v in os.environ.items() if k in keep}
    environment.update(PRODUCTION, ALLOWED_HOSTS="send.example.gov.uk", **env)
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=environment,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_deploy_check_refuses_a_proxy_without_its_count():
    refused = _deploy_check(BEHIND_TLS_PROXY="true")
    assert refused.returncode != 0
    assert "accounts.E001" in refused.stderr + refused.stdout
    passed = _deploy_check(BEHIND_TLS_PROXY="true", TRUSTED_PROXY_COUNT="1")
    assert passed.returncode == 0, passed.stdout + passed.stderr
