"""Two-factor sign-in: who must use it, setting up an authenticator app (TOTP), backup codes,
verifying a code, and removing it all. Views and the middleware call these; nothing else
touches django-otp's devices."""

import re
import xml.etree.ElementTree as ET
from urllib.parse import quote

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.db import transaction
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import throttle
from .models import TwoFactorEvent, User
from .unlock import request_unlock_email

APP_DEVICE_NAME = "Authenticator app"
BACKUP_DEVICE_NAME = "Backup codes"
BACKUP_CODE_COUNT = 10
SVG = "http://www.w3.org/2000/svg"
# Set on sign-in and on set-up: whether this user has an authenticator app, so that a
# caseworker who has not opted in costs no device query on each request.
ENROLLED_SESSION_KEY = "portal_two_factor_enrolled"


def is_required_for(user: User) -> bool:
    """Managers, heads of service, administrators and anyone who can open the admin site."""
    return user.is_staff or user.is_superuser or user.has_role(*settings.TWO_FACTOR_ROLES)


def is_pending(request) -> bool:
    """Whether this signed-in user must still set up two-factor sign-in or type a code before
    they can use any page: the middleware sends them back until they have, and the navigation
    offers them nothing else meanwhile (only signing out)."""
    user = request.user
    if not user.is_authenticated or user.is_verified():
        return False
    return request.session.get(ENROLLED_SESSION_KEY, False) or is_required_for(user)


def authenticator_for(user: User) -> TOTPDevice | None:
    """The user's confirmed authenticator app, if they have set one up."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def is_set_up(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def backup_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def pending_authenticator(user: User) -> TOTPDevice:
    """The not yet confirmed device a set-up page shows: the same one on every visit until the
    user confirms it, so a reload does not invalidate the QR code already scanned."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)
    return device


@transaction.atomic
def confirm_authenticator(*, user: User, token: str) -> tuple[TOTPDevice, list[str]] | None:
    """Confirm the pending device with a code from the app; issue backup codes with it.

    Returns the device and the new backup codes, or None if the code is not right."""
    device = (
        TOTPDevice.objects.select_for_update()
        .filter(user=user, confirmed=False)
        .order_by("-pk")
        .first()
    )
    if device is None or not device.verify_token(_normalise(token)):
        return None
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    _record(user, TwoFactorEvent.Kind.SET_UP)
    return device, issue_backup_codes(user)


@transaction.atomic
def issue_backup_codes(user: User) -> list[str]:
    """Replace the user's backup codes with new ones; each works once, instead of the app."""
    device, _ = StaticDevice.objects.get_or_create(
        user=user, name=BACKUP_DEVICE_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    _record(user, TwoFactorEvent.Kind.BACKUP_CODES)
    return codes


def verify(user: User, token: str) -> Device | None:
    """The device that accepts this code (the app's 6 digits, or a backup code), or None.

    Wrong codes count against the account as wrong passwords do (accounts.throttle): the first
    few cost nothing, so a code typed right after a typo is accepted; past the limit each try
    waits longer, so guessing is slow. (django-otp's own throttle, which refused even the right
    code for a second after one wrong one, is off: OTP_*_THROTTLE_FACTOR = 0.) A backup code is
    used up when accepted."""
    token = _normalise(token)
    if not token:
        return None
    if throttle.must_wait(username=user.username, address=None) > throttle.NO_WAIT:
        return None
    model = TOTPDevice if token.isdigit() else StaticDevice
    with transaction.atomic():
        for device in model.objects.devices_for_user(user, confirmed=True).select_for_update():
            if device.verify_token(token):
                throttle.forget_account(user.username)
                return device
    if throttle.record_failure(username=user.username, address=None):
        request_unlock_email(user.username)
    return None


@transaction.atomic
def remove_two_factor(user: User) -> None:
    """Delete the user's authenticator app and backup codes (recorded by accounts.signals)."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()


def qr_code_svg(device: TOTPDevice) -> str:
    """The device's set-up link as an inline SVG QR code, made here rather than by a service
    elsewhere: the secret never leaves the server except to this user's browser."""
    image = qrcode.make(
        device.config_url,
        image_factory=qrcode.image.svg.SvgPathImage,
        error_correction=qrcode.constants.ERROR_CORRECT_M,
    )
    svg = ET.fromstring(image.to_string(encoding="unicode"))  # noqa: S314 - our own SVG
    svg.set("width", "200")
    svg.set("height", "200")
    svg.set("role", "img")
    svg.set("aria-label", "QR code to scan with your authenticator app")
    svg.set("class", "portal-qr-code")
    # A white quiet zone whatever the page behind it: scanners need the contrast.
    background = ET.Element(f"{{{SVG}}}rect", {"width": "100%", "height": "100%", "fill": "#fff"})
    svg.insert(0, background)
    ET.register_namespace("", SVG)
    return ET.tostring(svg, encoding="unicode")


def secret_for_typing(device: TOTPDevice) -> str:
    """The secret in base32, in groups of four, for an app that cannot scan the code."""
    from base64 import b32encode

    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def _normalise(token: str) -> str:
    # People type codes with spaces or hyphens ("123 456", "abcd-efgh"); devices want neither.
    return re.sub(r"[\s-]", "", token or "").lower()


def _record(user: User, kind: str) -> None:
    TwoFactorEvent.objects.create(user=user, kind=kind, by=acting_user(user))


def acting_user(user: User) -> User | None:
    """Who is making the change, if it is someone other than the user: read from the request
    simple-history's middleware keeps for its own audit records."""
    from simple_history.models import HistoricalRecords

    request = getattr(HistoricalRecords.context, "request", None)
    actor = getattr(request, "user", None)
    if actor is None or not actor.is_authenticated or actor.pk == user.pk:
        return None
    return actor


def codes_file(codes: list[str]) -> str:
    """The backup codes as a text file for the page's download link (a data: URL: the codes
    are shown once and never kept anywhere a later request could fetch them)."""
    lines = [
        f"{settings.SERVICE_NAME}: backup codes for two-factor sign-in",
        "Each works once.",
        "",
    ]
    text = "\n".join([*lines, *codes, ""])
    return "data:text/plain;charset=utf-8," + quote(text)
