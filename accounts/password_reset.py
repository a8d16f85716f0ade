"""Password reset emails. The reset page only queues the address it was given; the worker
looks it up here, so the page answers the same, and as fast, whether or not an account has
that address."""

import logging
from urllib.parse import urlsplit

from celery import shared_task
from django.conf import settings
from django.db import transaction

from .forms import PasswordResetRequestForm

logger = logging.getLogger(__name__)


def send_reset_links(email: str) -> int:
    """Email a reset link to each active account with this address; returns how many."""
    form = PasswordResetRequestForm({"email": email})
    if not form.is_valid():
        return 0
    sent = sum(1 for _ in form.get_users(form.cleaned_data["email"]))
    if sent:
        site = urlsplit(settings.SITE_URL)
        form.save(
            domain_override=site.netloc,
            use_https=site.scheme == "https",
            subject_template_name="registration/password_reset_subject.txt",
            email_template_name="registration/password_reset_email.txt",
            html_email_template_name="registration/password_reset_email.html",
            extra_email_context={
                "SERVICE_NAME": settings.SERVICE_NAME,
                "COUNCIL_NAME": settings.COUNCIL_NAME,
                "valid_minutes": settings.PASSWORD_RESET_TIMEOUT // 60,
            },
        )
    logger.info("Password reset requested: %d account(s) emailed", sent)
    return sent


def request_reset(email: str) -> None:
    """Queue the reset email once the request's transaction commits. Without a queue, send it
    now: an email that never comes is worse than a slower answer."""

    def send():
        try:
            send_password_reset.delay(email)
        except Exception:  # the broker is down or misconfigured: kombu raises many kinds
            logger.exception("Could not queue a password reset email; sending it now")
            send_reset_links(email)

    transaction.on_commit(send)


@shared_task(name="accounts.send_password_reset", ignore_result=True)
def send_password_reset(email: str) -> int:
    return send_reset_links(email)
