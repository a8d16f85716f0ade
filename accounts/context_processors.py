"""What the timeout warning (templates/includes/timeout_warning.html) needs to know."""

import time

from django.conf import settings

from . import sessions


def session_timeout(request) -> dict:
    user = getattr(request, "user", None)
    session = getattr(request, "session", None)
    if user is None or session is None or not user.is_authenticated:
        return {}
    return {
        "session_seconds_left": sessions.seconds_left(session, time.time()),
        "session_warning_seconds": settings.SESSION_WARNING_SECONDS,
        "session_idle_minutes": settings.SESSION_IDLE_MINUTES,
    }
