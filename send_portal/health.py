"""/healthz: whether this instance can reach its database and its job broker.

Anyone (a load balancer, a container health check) gets the status alone. The details (which
broker, when the worker last ran) map the service for an attacker, so only an administrator
signed in with their second factor, or a monitor with HEALTHZ_TOKEN, sees them."""

import hmac
import time

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


def database_status() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        return "unavailable"
    return "ok"


def worker_last_seen() -> str | None:
    from django.core.cache import cache

    from send_portal.tasks import HEARTBEAT_KEY

    try:
        return cache.get(HEARTBEAT_KEY)
    except Exception:
        return None


def broker_status() -> str:
    from send_portal.celery import app

    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception:
        return "unavailable"
    return "ok"


def may_see_details(request) -> bool:
    token = settings.HEALTHZ_TOKEN
    given = request.headers.get("Authorization", "")
    if token and hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
        return True
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.is_administrator:
        return False
    # Administrators sign in with a second factor: a password alone is not enough here either.
    is_verified = getattr(user, "is_verified", None)
    return bool(is_verified and is_verified())


@never_cache
@require_GET
def healthz(request):
    started = time.monotonic()
    checks = {"database": database_status(), "broker": broker_status()}
    healthy = checks["database"] == "ok"
    body = {
        # The web can still serve case work without the broker, so only the database is fatal.
        "status": "ok"
        if all(v == "ok" for v in checks.values())
        else ("degraded" if healthy else "unavailable"),
        **checks,
        "broker_transport": settings.CELERY_BROKER_URL.split("://", 1)[0],
        "worker_last_seen": worker_last_seen(),
        "took_ms": round((time.monotonic() - started) * 1000),
    }
    if not may_see_details(request):
        body = {"status": body["status"]}
    return JsonResponse(body, status=200 if healthy else 503)
