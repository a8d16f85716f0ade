"""The sign-in page: Django's, saying why someone was signed out if they were, and paused for a
while after too many failures (accounts.throttle); and the emailed link that lifts the pause."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import NON_FIELD_ERRORS
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from core import kept_post

from .. import sessions, throttle, unlock
from ..forms import SignInForm
from ..lockout import client_ip_address, throttled_response


class SignInView(auth_views.LoginView):
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        reason = self.request.session.pop(sessions.SIGNED_OUT_REASON, None)
        context["signed_out_message"] = sessions.reason_message(reason)
        context["typing_kept"] = kept_post.waiting(self.request.session)
        return context

    def _attempt(self) -> dict:
        return {
            "username": self.request.POST.get("username", ""),
            "address": client_ip_address(self.request),
        }

    def _wait(self):
        return throttle.must_wait(**self._attempt(), unlocked_key=unlock.unlocked_key(self.request))

    def post(self, request, *args, **kwargs):
        # Before the form: a password is not even checked while the wait lasts.
        wait = self._wait()
        if wait:
            return throttled_response(request, wait)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        # Only a wrong username or password counts, not a field left empty or too long.
        if form.has_error(NON_FIELD_ERRORS, "invalid_login"):
            attempt = self._attempt()
            if throttle.record_failure(**attempt):
                unlock.request_unlock_email(attempt["username"])
            wait = self._wait()
            if wait:
                return throttled_response(self.request, wait)
        return super().form_invalid(form)

    def form_valid(self, form):
        throttle.forget_account(form.cleaned_data["username"])
        return super().form_valid(form)


@never_cache
@sensitive_post_parameters()
def unlock_sign_in(request, token):
    """GET only shows a button: mail filters open links to scan them, which must not use it up."""
    if request.method == "POST":
        user = unlock.redeem(token)
        if user is not None:
            response = redirect("login")
            response.set_cookie(
                unlock.COOKIE_NAME,
                unlock.cookie_value(user),
                max_age=settings.SIGNIN_UNLOCK_MINUTES * 60,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
            messages.success(request, "Signing in is unlocked: sign in now.")
            return response
    valid = request.method != "POST" and unlock.token_is_valid(token)
    status = 200 if valid else 404
    return render(request, "registration/unlock.html", {"valid": valid}, status=status)
