"""Which client a sign-in attempt came from (for django-axes' records and accounts.throttle),
and the page that says signing in is paused."""

import math
from datetime import timedelta

from django.conf import settings
from django.template.defaultfilters import pluralize


def client_ip_address(request) -> str | None:
    """REMOTE_ADDR, or behind TRUSTED_PROXY_COUNT proxies of ours the address the outermost of
    them saw. Each proxy appends to X-Forwarded-For, so only the right-most entries are ours:
    anything to their left came from the client and could be made up."""
    count = settings.TRUSTED_PROXY_COUNT
    if count:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= count:
            return hops[-count]
    return request.META.get("REMOTE_ADDR")


def wait_text(wait: timedelta) -> str:
    seconds = max(1, math.ceil(wait.total_seconds()))
    if seconds < 60:
        return f"{seconds} second{pluralize(seconds)}"
    minutes = math.ceil(seconds / 60)
    return f"{minutes} minute{pluralize(minutes)}"


def throttled_response(request, wait: timedelta):
    """The GOV.UK page for a paused sign-in (429): the same for any username, known or not, and
    whether the password was right or not; it names none."""
    from django.shortcuts import render

    response = render(
        request, "registration/locked_out.html", {"wait": wait_text(wait)}, status=429
    )
    response["Retry-After"] = str(max(1, math.ceil(wait.total_seconds())))
    return response
