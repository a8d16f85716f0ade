"""The emailed link that lets an account's owner past its sign-in throttle at once.

When an account's run of failures reaches the limit, the sign-in page queues the username it
was given; the worker looks it up here (so the page answers the same, and as fast, whether or
not the account exists) and emails a signed link. The link names the run it was sent for: using
it ends that run, so it works once, and it expires after SIGNIN_UNLOCK_MINUTES. It also gives
that browser a signed cookie under which the account's own run (still counted, as an attacker
may go on guessing) does not hold it back for as long again; the address's limit still does.
"""

import logging

from celery import shared_task
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse

from . import throttle

logger = logging.getLogger(__name__)

LINK_SALT = "accounts.unlock.link"
COOKIE_SALT = "accounts.unlock.cookie"
COOKIE_NAME = "signin_unlocked"


def _max_age() -> int:
    return settings.SIGNIN_UNLOCK_MINUTES * 60


def _run_stamp(run) -> int:
    return int(run.started_at.timestamp() * 1_000_000)


def make_token(user, run) -> str:
    return signing.dumps({"u": user.pk, "r": _run_stamp(run)}, salt=LINK_SALT, compress=True)


def _user_for(token: str):
    try:
        data = signing.loads(token, salt=LINK_SALT, max_age=_max_age())
    except signing.BadSignature:  # tampered with, or expired (SignatureExpired)
        return None, None
    user = get_user_model().objects.filter(pk=data.get("u"), is_active=True).first()
    if user is None:
        return None, None
    run = throttle.account_run(user.get_username())
    if run is None or _run_stamp(run) != data.get("r"):
        return None, None  # used already (the run ended), or a later run
    return user, run


def token_is_valid(token: str) -> bool:
    return _user_for(token)[0] is not None


def redeem(token: str):
    """End the run the link was sent for; returns its user, or None if the link does not work."""
    user, run = _user_for(token)
    if user is None:
        return None
    # Conditional on the run it was sent for, so two clicks at once cannot both succeed.
    if not type(run).objects.filter(pk=run.pk, started_at=run.started_at).delete()[0]:
        return None
    logger.info("Sign-in unlocked by email link: user %s", user.pk)
    return user


def cookie_value(user) -> str:
    return signing.dumps(throttle.account_key(user.get_username()), salt=COOKIE_SALT)


def unlocked_key(request) -> str | None:
    """The account key this browser was unlocked for, if its cookie is good and fresh."""
    value = request.COOKIES.get(COOKIE_NAME)
    if not value:
        return None
    try:
        return signing.loads(value, salt=COOKIE_SALT, max_age=_max_age())
    except signing.BadSignature:
        return None


def send_unlock_links(username: str) -> int:
    """Email an unlock link to each active account with this username whose run is at its
    limit; returns how many."""
    users = get_user_model().objects.filter(username__iexact=username, is_active=True)
    sent = 0
    for user in users.exclude(email=""):
        run = throttle.account_run(user.get_username())
        if run is None or run.failures < settings.SIGNIN_ACCOUNT_LIMIT:
            continue
        link = settings.SITE_URL.rstrip("/") + reverse(
            "sign_in_unlock", args=[make_token(user, run)]
        )
        context = {
            "user": user,
            "link": link,
            "valid_minutes": settings.SIGNIN_UNLOCK_MINUTES,
            "SERVICE_NAME": settings.SERVICE_NAME,
            "COUNCIL_NAME": settings.COUNCIL_NAME,
        }
        subject = render_to_string("registration/unlock_subject.txt", context).strip()
        message = EmailMultiAlternatives(
            subject, render_to_string("registration/unlock_email.txt", context), to=[user.email]
        )
        message.attach_alternative(
            render_to_string("registration/unlock_email.html", context), "text/html"
        )
        message.send()
        sent += 1
    logger.info("Sign-in throttled: %d account(s) emailed an unlock link", sent)
    return sent


def request_unlock_email(username: str) -> None:
    """Queue the unlock email once the transaction commits; without a queue, send it now."""

    def send():
        try:
            send_sign_in_unlock.delay(username)
        except Exception:  # the broker is down or misconfigured: kombu raises many kinds
            logger.exception("Could not queue a sign-in unlock email; sending it now")
            send_unlock_links(username)

    transaction.on_commit(send)


@shared_task(name="accounts.send_sign_in_unlock", ignore_result=True)
def send_sign_in_unlock(username: str) -> int:
    return send_unlock_links(username)
