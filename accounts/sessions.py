"""How long a sign-in lasts: signed out after SESSION_IDLE_MINUTES without a request, and after
SESSION_COOKIE_AGE however busy. Times are Unix seconds kept in the session itself."""

from django.conf import settings

SIGNED_IN_AT = "portal_signed_in_at"
LAST_SEEN = "portal_last_seen"
# Left in the new, anonymous session so that the sign-in page can say why.
SIGNED_OUT_REASON = "portal_signed_out_reason"
IDLE = "idle"
TIME_LIMIT = "time_limit"
# Saving the session on every request would write to the database each time; a minute's
# precision on a 30-minute timeout is enough.
TOUCH_EVERY_SECONDS = 60


def start(session, now: float) -> None:
    session[SIGNED_IN_AT] = session[LAST_SEEN] = int(now)


def ended(session, now: float) -> str | None:
    """Why this signed-in session has ended (IDLE or TIME_LIMIT), or None if it has not.

    A clock that has gone backwards (as in tests that travel in time) ends nothing."""
    signed_in_at, last_seen = session.get(SIGNED_IN_AT), session.get(LAST_SEEN)
    if signed_in_at is None or last_seen is None:
        return None
    if now - signed_in_at >= settings.SESSION_COOKIE_AGE:
        return TIME_LIMIT
    if now - last_seen >= settings.SESSION_IDLE_MINUTES * 60:
        return IDLE
    return None


def touch(session, now: float) -> None:
    """Note the user's activity; a session from before this code was deployed starts now."""
    if SIGNED_IN_AT not in session:
        start(session, now)
    elif now - session.get(LAST_SEEN, 0) >= TOUCH_EVERY_SECONDS:
        session[LAST_SEEN] = int(now)


def seconds_left(session, now: float) -> int:
    """How long this sign-in lasts without another request: the sooner of the idle limit and
    the time limit (for the timeout warning)."""
    signed_in_at, last_seen = session.get(SIGNED_IN_AT, now), session.get(LAST_SEEN, now)
    idle_ends = last_seen + settings.SESSION_IDLE_MINUTES * 60
    limit_ends = signed_in_at + settings.SESSION_COOKIE_AGE
    return max(0, int(min(idle_ends, limit_ends) - now))


def keep_alive(session, now: float) -> None:
    """The user chose to stay signed in: they are active now, to the second (touch rounds to
    the minute, which would let the warning come back early)."""
    session[LAST_SEEN] = int(now)


def reason_message(reason: str | None) -> str:
    if reason == IDLE:
        minutes = settings.SESSION_IDLE_MINUTES
        return f"You were signed out because you had not used the service for {minutes} minutes."
    if reason == TIME_LIMIT:
        hours = settings.SESSION_COOKIE_AGE / 3600
        shown = f"{hours:g} hour{'s' if hours != 1 else ''}"
        return f"You were signed out because you had been signed in for {shown}."
    return ""
