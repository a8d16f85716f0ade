"""Two-factor helpers for tests: a confirmed authenticator app for a user, the code it shows
now, and a test client whose force_login also completes the two-factor step."""

import time

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import two_factor
from accounts.models import User
from tests.factories import TOTPDeviceFactory


def give_authenticator(user) -> TOTPDevice:
    """The user's confirmed authenticator app, created if they have none."""
    return two_factor.authenticator_for(user) or TOTPDeviceFactory(user=user)


def current_code(device: TOTPDevice, at: float | None = None) -> str:
    """The 6 digits the user's app shows now (or at a given Unix time)."""
    device.refresh_from_db()
    clock = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    clock.time = time.time() if at is None else at
    return f"{clock.token():0{device.digits}d}"


class VerifyingClient(Client):
    """force_login signs in as the sign-in page and the two-factor step together would: a user
    who needs two-factor sign-in gets an authenticator app and a verified session."""

    def force_login(self, user, backend=None):
        super().force_login(user, backend)
        fresh = User.objects.get(pk=user.pk)  # leaves the caller's object's caches alone
        if not (two_factor.is_required_for(fresh) or two_factor.is_set_up(fresh)):
            return
        device = give_authenticator(fresh)
        session = self.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session[two_factor.ENROLLED_SESSION_KEY] = True
        session.save()
