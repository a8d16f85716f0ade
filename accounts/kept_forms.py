"""Keeping a form sent when the sign-in had already gone (signed out in another tab, or the
session no longer stored), which the session middleware cannot catch: the request arrives
anonymous and nobody knows whose words they are. A small signed cookie set while signed in
names the user's id (nothing else); when a POST is refused with the redirect to sign in, what
was posted is kept for that user (core.kept_post), encrypted so that only they get it back."""

from django.conf import settings
from django.core import signing
from django.shortcuts import resolve_url

from core import kept_post

COOKIE_NAME = "portal_who"
_SALT = "accounts.kept_forms.who"
# Long enough to outlive the longest sign-in and the time what was typed is kept.
_MAX_AGE = settings.SESSION_COOKIE_AGE + kept_post.KEEP_SECONDS


def _who(request):
    try:
        return signing.loads(request.COOKIES.get(COOKIE_NAME, ""), salt=_SALT, max_age=_MAX_AGE)
    except signing.BadSignature:
        return None


def _refused_for_sign_in(response) -> bool:
    login = resolve_url(settings.LOGIN_URL)
    return response.status_code == 302 and response.get("Location", "").startswith(login)


class KeepFormsSentSignedOutMiddleware:
    """After SessionTimeoutMiddleware (which keeps what it signs out itself)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        data = None
        if not user.is_authenticated and request.method == "POST":
            # Read before the view: a view may not read the body and then it is gone.
            data = request.POST
        response = self.get_response(request)
        if user.is_authenticated:
            if _who(request) != user.pk:
                response.set_cookie(
                    COOKIE_NAME,
                    signing.dumps(user.pk, salt=_SALT),
                    max_age=_MAX_AGE,
                    secure=settings.SESSION_COOKIE_SECURE,
                    httponly=True,
                    samesite="Lax",
                )
        elif data is not None and _refused_for_sign_in(response):
            who = _who(request)
            if who is not None:
                kept_post.keep(request.session, user_id=who, path=request.path, data=data)
        return response
