import pytest
from django.db import OperationalError
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

TOKEN = "a-monitoring-token-from-the-environment"
DETAILS = {"database", "broker", "broker_transport", "worker_last_seen", "took_ms"}


@pytest.fixture(autouse=True)
def monitor_token(settings):
    settings.HEALTHZ_TOKEN = TOKEN


def detailed(client):
    """/healthz as a monitor holding the token asks for it."""
    return client.get(reverse("healthz"), headers={"Authorization": f"Bearer {TOKEN}"})


def test_healthz_reports_database_and_broker(client):
    response = detailed(client)
    assert response.status_code == 200
    body = response.json()
    assert body["database"] == "ok"
    assert body["broker"] == "ok"
    assert body["status"] == "ok"
    assert response["Cache-Control"].startswith("max-age=0")


def test_healthz_is_503_when_the_database_is_unreachable(client, monkeypatch):
    from django.db.backends.utils import CursorWrapper

    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(CursorWrapper, "execute", refuse)
    assert client.get(reverse("healthz")).json() == {"status": "unavailable"}
    response = detailed(client)
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"
    assert response.json()["status"] == "unavailable"


def test_healthz_stays_up_but_degraded_when_the_broker_is_unreachable(client, settings):
    from send_portal.celery import app

    previous = app.conf.broker_url
    app.conf.broker_url = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    try:
        public = client.get(reverse("healthz"))
        response = detailed(client)
    finally:
        app.conf.broker_url = previous
    assert response.status_code == 200
    assert response.json()["broker"] == "unavailable"
    assert response.json()["status"] == "degraded"
    assert (public.status_code, public.json()) == (200, {"status": "degraded"})


@pytest.mark.redis
def test_healthz_reaches_the_real_redis_broker(client, settings):
    assert settings.CELERY_BROKER_URL.startswith("redis://")
    assert detailed(client).json()["broker"] == "ok"


def test_anyone_else_gets_the_status_alone(client, caseworker, head_of_service):
    public = Client().get(reverse("healthz"))
    assert public.status_code == 200
    assert public.json() == {"status": "ok"}
    assert public["Cache-Control"].startswith("max-age=0")
    for user in (caseworker, head_of_service):
        client.force_login(user)
        assert client.get(reverse("healthz")).json() == {"status": "ok"}


@pytest.mark.parametrize("header", ["Bearer wrong", f"Bearer {TOKEN}x", TOKEN, "Bearer "])
def test_a_wrong_token_gets_the_status_alone(client, header):
    response = client.get(reverse("healthz"), headers={"Authorization": header})
    assert response.json() == {"status": "ok"}


def test_no_token_configured_means_no_token_works(client, settings):
    settings.HEALTHZ_TOKEN = ""
    response = client.get(reverse("healthz"), headers={"Authorization": "Bearer "})
    assert response.json() == {"status": "ok"}


def test_an_administrator_sees_the_details(client, administrator):
    client.force_login(administrator)  # with their second factor, as the admin site wants
    assert set(client.get(reverse("healthz")).json()) == DETAILS | {"status"}


def test_an_administrator_without_the_second_factor_does_not(administrator):
    password_only = Client()
    password_only.force_login(administrator)
    assert password_only.get(reverse("healthz")).json() == {"status": "ok"}
