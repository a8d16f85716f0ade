import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _settings(**env) -> dict:
    """Import the settings in a fresh interpreter with exactly this environment."""
    code = (
        "import json, send_portal.settings as s;"
        "print(json.dumps({k: str(getattr(s, k, None)) for k in "
        "['DEBUG','SECRET_KEY','EMAIL_BACKEND','EMAIL_FILE_PATH','CELERY_BROKER_URL',"
        "'TIME_ZONE','LANGUAGE_CODE','COUNCIL_NAME','DATABASES','CACHES','EMAIL_HOST']}))"
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
    if result.returncode:
        return {"error": result.stderr}
    import json

    return json.loads(result.stdout)


def test_defaults_need_no_services():
    s = _settings(DEBUG="true")
    assert "sqlite3" in s["DATABASES"]
    assert s["CELERY_BROKER_URL"] == "filesystem://"
    assert s["EMAIL_BACKEND"].endswith("filebased.EmailBackend")
    assert s["EMAIL_FILE_PATH"].endswith("var/mail")
    assert s["TIME_ZONE"] == "Europe/London"
    assert s["LANGUAGE_CODE"] == "en-gb"


def test_production_refuses_to_start_without_a_secret_key():
    assert "Set SECRET_KEY" in _settings(DEBUG="false")["error"]


def test_services_come_from_the_environment():
    s = _settings(
        SECRET_KEY="x" * 50,
        DATABASE_URL="postgres://u:p@db:5432/send",
        REDIS_URL="redis://cache:6379/1",
        EMAIL_URL="smtp://mail.example:2525",
        COUNCIL_NAME="Example Council",
    )
    assert "'NAME': 'send'" in s["DATABASES"] and "'HOST': 'db'" in s["DATABASES"]
    assert s["CELERY_BROKER_URL"] == "redis://cache:6379/1"
    assert "redis://cache:6379/1" in s["CACHES"]
    assert s["EMAIL_BACKEND"].endswith("smtp.EmailBackend")
    assert s["EMAIL_HOST"] == "mail.example"
    assert s["COUNCIL_NAME"] == "Example Council"


def test_deploy_checks_pass_under_production_settings():
    env = {
        k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "DATABASE_URL", "REDIS_URL")
    }
    env.update(
        DEBUG="false",
        SECRET_KEY="k" * 20 + "-a-long-random-production-secret-value-42",
        ALLOWED_HOSTS="send.example.gov.uk",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
