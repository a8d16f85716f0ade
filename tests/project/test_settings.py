import ast
import os
import re
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
        EMAIL_URL="smtp+tls://mail.example:2525",
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


def test_production_refuses_an_empty_secret_key_and_uses_the_one_given():
    assert "Set SECRET_KEY" in _settings(DEBUG="false", SECRET_KEY="")["error"]
    given = "from-the-environment-" + "s" * 40
    assert _settings(DEBUG="false", SECRET_KEY=given)["SECRET_KEY"] == given


# A credential-like name, a URL with a password in it, or a long random-looking token.
_CREDENTIAL_NAME = re.compile(r"SECRET|PASSW|TOKEN|API_?KEY|PRIVATE|CREDENTIAL|DSN", re.I)
_URL_WITH_PASSWORD = re.compile(r"://[^/\s:@]+:[^/\s@]+@")
_TOKEN = re.compile(r"^(?=.*\d)(?=.*[A-Za-z])[A-Za-z0-9_\-+/=]{32,}$")


def _str(node) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _findings(tree) -> list[str]:
    """Literal values given to credential-like names (NAME = "...", env.str(..., default="..."),
    {"PASSWORD": "..."}), and any string holding a URL with a password or a random token."""
    found = []

    def given(name: str, value) -> None:
        text = _str(value)
        if text is None and isinstance(value, ast.Call):
            text = next((_str(k.value) for k in value.keywords if k.arg == "default"), None)
        if _CREDENTIAL_NAME.search(name) and text and not text.startswith("django-insecure-"):
            found.append(f"{name} = {text!r}")

    for node in ast.walk(tree):
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    given(target.id, node.value)
        elif isinstance(node, ast.Dict):
            for key, value in zip(node.keys, node.values, strict=True):
                if key is not None and _str(key):
                    given(_str(key), value)
        elif (text := _str(node)) and (_URL_WITH_PASSWORD.search(text) or _TOKEN.match(text)):
            found.append(repr(text))
    return found


def test_no_credential_sits_in_the_settings():
    """Secrets come from the environment only. The one literal allowed is the development key,
    marked django-insecure- (Django's deploy check flags it) and used only while DEBUG."""
    source = (ROOT / "send_portal/settings.py").read_text()
    assert _findings(ast.parse(source)) == []
    assert 'default=_DEV_SECRET_KEY if DEBUG else ""' in source


def test_the_credential_scan_would_catch_one():
    planted = ast.parse(
        'SECRET_KEY = "hunter2"\n'
        'EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="s3cret")\n'
        'CACHES = {"default": {"LOCATION": "redis://user:pa55@cache:6379/0"}}\n'
        'DATABASES = {"default": {"PASSWORD": "letmein"}}\n'
        'X = "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7"\n'
    )
    found = _findings(planted)
    assert "SECRET_KEY = 'hunter2'" in found
    assert "EMAIL_HOST_PASSWORD = 's3cret'" in found
    assert "PASSWORD = 'letmein'" in found
    assert any("pa55@" in item for item in found)
    assert any("a1B2" in item for item in found)
    assert _findings(ast.parse('SECRET_KEY = env.str("SECRET_KEY", default="")')) == []
