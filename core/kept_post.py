"""What someone typed into a form when their sign-in had run out: kept, encrypted, for them
alone and for a short while, then put back into the same form once they have signed in again.

The session middleware (accounts) calls `keep` with the user the expired sign-in belonged to;
the form's view gets it back through core.forms.posted, on the first GET of the same address by
the same user. It lives in the (new, anonymous) session, which Django carries over a sign-in, and
is encrypted with a key derived from the user's id, so nobody else signing in on that browser
can read it, and it cannot be read after KEEP_SECONDS. Passwords, the CSRF token and files are
never kept. Nothing here logs what was typed.
"""

from __future__ import annotations

import base64
import json
from typing import Any

from cryptography.fernet import Fernet, InvalidToken
from django.contrib.sessions.backends.base import SessionBase
from django.http import HttpRequest, QueryDict
from django.utils.crypto import salted_hmac

SESSION_KEY = "portal_kept_post"
KEEP_SECONDS = 30 * 60
# A form's answers, not an upload: anything bigger is not kept (the session is a database row).
MAX_BYTES = 256 * 1024
RESTORED_MESSAGE = "We kept what you typed before you were signed out: check it and save"
_NEVER_KEPT = ("csrfmiddlewaretoken",)


def _fernet(user_id: Any) -> Fernet:
    # One key per user: another user's sign-in cannot decrypt it, whatever the session holds.
    secret = salted_hmac("core.kept_post", str(user_id), algorithm="sha256").digest()
    return Fernet(base64.urlsafe_b64encode(secret))


def keepable(data: QueryDict) -> dict[str, list[str]]:
    """The fields worth keeping: never the CSRF token or anything that looks like a password."""
    return {
        name: data.getlist(name)
        for name in data
        if name not in _NEVER_KEPT and "password" not in name.lower()
    }


def keep(session: SessionBase, *, user_id: Any, path: str, data: QueryDict) -> bool:
    """Keep `data` posted to `path` for `user_id`; False if there was nothing to keep."""
    fields = keepable(data)
    payload = json.dumps({"path": path, "fields": fields}).encode()
    if not fields or len(payload) > MAX_BYTES:
        return False
    session[SESSION_KEY] = {"path": path, "token": _fernet(user_id).encrypt(payload).decode()}
    return True


def waiting(session: SessionBase) -> bool:
    """Whether something typed is being kept (for the sign-in page to say so)."""
    return SESSION_KEY in session


def take(request: HttpRequest) -> QueryDict | None:
    """What the signed-in user typed at this address before being signed out, once; None if
    nothing was kept for them here. Kept data that is theirs but stale, or not theirs, is
    dropped."""
    session = getattr(request, "session", None)
    user = getattr(request, "user", None)
    if session is None or user is None or not user.is_authenticated:
        return None
    kept = session.get(SESSION_KEY)
    if not isinstance(kept, dict) or kept.get("path") != request.path:
        return None
    del session[SESSION_KEY]
    try:
        payload = json.loads(_fernet(user.pk).decrypt(str(kept["token"]), ttl=KEEP_SECONDS))
    except (InvalidToken, KeyError, ValueError):
        return None  # someone else's, or too old
    if payload.get("path") != request.path:
        return None
    data = QueryDict(mutable=True)
    for name, values in payload["fields"].items():
        data.setlist(name, [str(value) for value in values])
    return data


def drop_unless_for(session: SessionBase, user_id: Any) -> None:
    """On sign-in: forget what was kept for anyone else (it could never be read anyway)."""
    kept = session.get(SESSION_KEY)
    if not isinstance(kept, dict):
        return
    try:
        _fernet(user_id).decrypt(str(kept.get("token", "")), ttl=KEEP_SECONDS)
    except InvalidToken:
        del session[SESSION_KEY]
