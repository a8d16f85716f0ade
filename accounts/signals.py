"""Receivers: a sign-in starts the session clock, and two-factor devices removed anywhere
(the account security page, the admin site, a command) leave an audit record."""

import time

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django_otp.plugins.otp_totp.models import TOTPDevice

from core import kept_post

from . import sessions, two_factor
from .models import TwoFactorEvent


@receiver(user_logged_in, dispatch_uid="accounts.session_started")
def session_started(sender, request, user, **kwargs):
    session = getattr(request, "session", None)
    if session is None:
        return
    sessions.start(session, time.time())
    # Typed before someone else's sign-in ran out on this browser: not for this user.
    kept_post.drop_unless_for(session, user.pk)
    session[two_factor.ENROLLED_SESSION_KEY] = two_factor.is_set_up(user)


@receiver(post_save, sender=TOTPDevice, dispatch_uid="accounts.authenticator_added")
def authenticator_added(sender, instance, created, raw=False, **kwargs):
    # A device confirmed by set-up is recorded there; this catches one added already confirmed
    # (by an administrator in the admin site).
    if created and instance.confirmed and not raw:
        TwoFactorEvent.objects.create(
            user_id=instance.user_id,
            kind=TwoFactorEvent.Kind.SET_UP,
            by=two_factor.acting_user(instance.user),
        )


@receiver(post_delete, sender=TOTPDevice, dispatch_uid="accounts.authenticator_removed")
def authenticator_removed(sender, instance, origin=None, **kwargs):
    # Deleting the user deletes their devices and their records together: nothing to keep.
    if not instance.confirmed or isinstance(origin, get_user_model()):
        return
    TwoFactorEvent.objects.create(
        user_id=instance.user_id,
        kind=TwoFactorEvent.Kind.REMOVED,
        by=two_factor.acting_user(instance.user),
    )
