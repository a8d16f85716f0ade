"""/healthz: whether this instance can reach its database and its job broker."""

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
    return JsonResponse(body, status=200 if healthy else 503)
