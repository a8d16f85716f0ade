"""Per-request sign-in rules: sessions end when idle or too old, and those who need two-factor
sign-in reach no page until they have set it up and entered a code."""

import time
from functools import cached_property
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse
from django_htmx.http import HttpResponseClientRedirect

from core import kept_post

from . import sessions, two_factor


def _redirect(request, url):
    # An htmx request would swap the target page into a fragment: send the browser there.
    # (django-htmx's middleware runs after this one, so read the header itself.)
    if request.headers.get("HX-Request") == "true":
        return HttpResponseClientRedirect(url)
    return redirect(url)


class SessionTimeoutMiddleware:
    """Sign out a session that has been idle too long or open too long.

    The request then carries on as anonymous, so a page that needs sign-in sends the user to
    the sign-in page, which reads the reason left in the new session and explains. A form posted
    just then is kept (core.kept_post) and put back into the form after the sign-in."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = time.time()
            reason = sessions.ended(request.session, now)
            if reason:
                user_id = request.user.pk
                logout(request)
                request.session[sessions.SIGNED_OUT_REASON] = reason
                if request.headers.get("HX-Request") == "true":
                    return _redirect(request, reverse("login"))
                if request.method == "POST" and kept_post.keep(
                    request.session, user_id=user_id, path=request.path, data=request.POST
                ):
                    # A form sent as the sign-in ran out: keep what was typed for after the
                    # sign-in, and go there now (the view would refuse the anonymous POST).
                    return redirect_to_login(request.path)
            else:
                sessions.touch(request.session, now)
        return self.get_response(request)


class TwoFactorMiddleware:
    """Send a signed-in user who must use two-factor sign-in (their role requires it, or they
    opted in) to set it up or to enter a code, before any page but those few that must work
    without it. Must come after django-otp's OTPMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    @cached_property
    def open_paths(self) -> tuple[str, ...]:
        return (
            reverse("logout"),
            reverse("two_factor_setup"),
            reverse("two_factor_verify"),
            reverse("healthz"),
        )

    def __call__(self, request):
        if not self._is_open(request.path) and two_factor.is_pending(request):
            enrolled = request.session.get(two_factor.ENROLLED_SESSION_KEY, False)
            target = reverse("two_factor_verify" if enrolled else "two_factor_setup")
            return _redirect(request, f"{target}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)

    def _is_open(self, path: str) -> bool:
        # STATIC_URL is "static/" (relative) or a full path; the request path always has a "/".
        return path in self.open_paths or path.startswith("/" + settings.STATIC_URL.lstrip("/"))
