"""Two-factor sign-in pages: set up an authenticator app, enter a code at sign-in, and the
account security page where a user resets it or takes new backup codes."""

import django_otp
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from .. import two_factor
from ..forms import TwoFactorCodeForm
from ..models import TwoFactorEvent


def _next_url(request) -> str:
    """Where to go once verified: the page the middleware stopped the user on, if it is ours."""
    url = request.POST.get("next") or request.GET.get("next") or ""
    # A path on this site only: redirect() would read a bare word as a URL pattern's name.
    if url.startswith("/") and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return reverse("home")


def _mark_verified(request, device) -> None:
    django_otp.login(request, device)
    # A new session key for the stronger sign-in: one seen before it is worth nothing now.
    request.session.cycle_key()
    request.session[two_factor.ENROLLED_SESSION_KEY] = True


@login_required
def set_up_two_factor(request):
    user = request.user
    if two_factor.is_set_up(user):
        # Replacing an app takes a code from the current one: someone with only the password
        # must not be able to add their own.
        if not user.is_verified():
            return redirect(f"{reverse('two_factor_verify')}?{request.GET.urlencode()}")
        return redirect("account_security")
    device = two_factor.pending_authenticator(user)
    form = TwoFactorCodeForm(request.POST or None, submit_label="Continue")
    if request.method == "POST" and form.is_valid():
        confirmed = two_factor.confirm_authenticator(user=user, token=form.cleaned_data["code"])
        if confirmed is None:
            form.reject()
        else:
            device, codes = confirmed
            _mark_verified(request, device)
            return render(
                request,
                "accounts/backup_codes.html",
                {
                    "codes": codes,
                    "codes_file": two_factor.codes_file(codes),
                    "next_url": _next_url(request),
                    "just_set_up": True,
                },
            )
    context = {
        "form": form,
        "qr_code": two_factor.qr_code_svg(device),
        "secret": two_factor.secret_for_typing(device),
        "required": two_factor.is_required_for(user),
        "next_url": _next_url(request),
    }
    return render(request, "accounts/two_factor_setup.html", context)


@login_required
def verify_two_factor(request):
    user = request.user
    if user.is_verified():
        return redirect(_next_url(request))
    if not two_factor.is_set_up(user):
        return redirect(f"{reverse('two_factor_setup')}?{request.GET.urlencode()}")
    form = TwoFactorCodeForm(request.POST or None, backup_codes_allowed=True)
    if request.method == "POST" and form.is_valid():
        device = two_factor.verify(user, form.cleaned_data["code"])
        if device is None:
            form.reject()
        else:
            _mark_verified(request, device)
            return redirect(_next_url(request))
    return render(
        request, "accounts/two_factor_verify.html", {"form": form, "next_url": _next_url(request)}
    )


@login_required
def account_security(request):
    user = request.user
    context = {
        "authenticator": two_factor.authenticator_for(user),
        "required": two_factor.is_required_for(user),
        "backup_codes_left": two_factor.backup_codes_left(user),
        "events": TwoFactorEvent.objects.filter(user=user).select_related("by")[:10],
    }
    return render(request, "accounts/security.html", context)


@login_required
def reset_two_factor(request):
    """Remove the authenticator app and backup codes, after a page that asks to confirm."""
    user = request.user
    if not two_factor.is_set_up(user):
        return redirect("account_security")
    if not user.is_verified():
        return redirect(f"{reverse('two_factor_verify')}?next={request.path}")
    if request.method == "POST":
        two_factor.remove_two_factor(user)
        request.session[two_factor.ENROLLED_SESSION_KEY] = False
        if two_factor.is_required_for(user):
            messages.success(request, "Two-factor sign-in removed. Set up your new app now.")
            return redirect("two_factor_setup")
        messages.success(request, "Two-factor sign-in is off.")
        return redirect("account_security")
    return render(
        request,
        "accounts/two_factor_reset.html",
        {"required": two_factor.is_required_for(user)},
    )


@login_required
@require_POST
def new_backup_codes(request):
    if not two_factor.is_set_up(request.user):
        return redirect("account_security")
    if not request.user.is_verified():
        return redirect(f"{reverse('two_factor_verify')}?next={reverse('account_security')}")
    codes = two_factor.issue_backup_codes(request.user)
    return render(
        request,
        "accounts/backup_codes.html",
        {
            "codes": codes,
            "codes_file": two_factor.codes_file(codes),
            "next_url": reverse("account_security"),
            "just_set_up": False,
        },
    )
