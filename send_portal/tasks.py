"""Service-level tasks: the worker's heartbeat, so /healthz can tell whether jobs are running."""

from celery import shared_task
from django.core.cache import cache
from django.utils import timezone

HEARTBEAT_KEY = "worker:heartbeat"


@shared_task(name="send_portal.heartbeat", ignore_result=True)
def heartbeat(token: str = "") -> str:
    """Record that a worker took a task from the queue (scheduled by beat every minute)."""
    now = timezone.now().isoformat()
    cache.set(HEARTBEAT_KEY, now, timeout=None)
    if token:
        cache.set(f"{HEARTBEAT_KEY}:{token}", now, timeout=600)
    return now
