"""System checks for sign-in security settings that Django cannot see are wrong on its own."""

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security)
def proxy_addresses(app_configs, **kwargs):
    """Behind a proxy (BEHIND_TLS_PROXY) every request comes from the proxy's address unless
    TRUSTED_PROXY_COUNT says how many X-Forwarded-For entries are ours: then one person's
    failed sign-ins would pause signing in for the whole council, and the per-address limit
    would count nobody apart. Errors stop `migrate`, `check` and runserver from starting."""
    if settings.DEBUG or not getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        return []
    if settings.TRUSTED_PROXY_COUNT > 0:
        return []
    return [
        Error(
            "BEHIND_TLS_PROXY is set but TRUSTED_PROXY_COUNT is 0: every client would have the "
            "proxy's address.",
            hint="Set TRUSTED_PROXY_COUNT to the number of proxies of yours that append to "
            "X-Forwarded-For in front of the app (usually 1).",
            id="accounts.E001",
        )
    ]
