"""Issue 19: a correct code typed right after a wrong one is accepted; guessing is still slow."""

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import throttle, two_factor

pytestmark = pytest.mark.django_db


def _codes(device):
    right = f"{totp(device.bin_key):06d}"
    return right, ("000000" if right != "000000" else "111111")


def test_a_right_code_straight_after_a_typo_is_accepted(caseworker):
    device = TOTPDevice.objects.create(user=caseworker, confirmed=True)
    right, wrong = _codes(device)
    assert two_factor.verify(caseworker, wrong) is None
    assert two_factor.verify(caseworker, wrong) is None
    assert two_factor.verify(caseworker, right) == device  # no wait after two typos
    assert throttle.account_run(caseworker.username) is None  # the run ends on success


def test_past_the_limit_even_the_right_code_waits(caseworker, settings, time_machine):
    time_machine.move_to("2026-12-06 10:00:00", tick=False)
    device = TOTPDevice.objects.create(user=caseworker, confirmed=True)
    right, wrong = _codes(device)
    for _ in range(settings.SIGNIN_ACCOUNT_LIMIT):
        assert two_factor.verify(caseworker, wrong) is None
    assert throttle.must_wait(username=caseworker.username, address=None) > throttle.NO_WAIT
    assert two_factor.verify(caseworker, right) is None  # refused unseen: guessing is slow
    time_machine.shift(settings.SIGNIN_DELAY)
    right, _ = _codes(device)
    assert two_factor.verify(caseworker, right) == device
