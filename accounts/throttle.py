"""Sign-in throttling, per account and per address, with a delay that grows.

Two runs of failures are counted for each failed sign-in: the account's (whatever address the
attempts come from, so guessing from many addresses gains nothing) and the address's (whatever
usernames it tries, so spraying many accounts from one place gains nothing). Past its limit a
run makes each further attempt wait: the first wait is SIGNIN_DELAY, each failure after it
doubles it, up to SIGNIN_DELAY_CAP. An attempt during a wait is refused before any password is
checked, so a right password then gets the same answer as a wrong one, and it is not counted:
it neither lengthens the wait nor lets an attacker turn the delay into a lock they hold open.
A run is forgotten SIGNIN_FORGET_AFTER after its last failure; a sign-in ends the account's run
(not the address's, which an attacker with an account of their own could otherwise reset).
The account's owner can end its run at once with the emailed unlock link (accounts.unlock).

Concurrent attempts that all pass the check before any of them is recorded each get their
guess: a handful at most, as each also holds a slow password hash.
"""

import hashlib
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from .models import SignInThrottle

Kind = SignInThrottle.Kind
NO_WAIT = timedelta(0)


def account_key(username: str) -> str:
    # Case-folded: "Casey" and "casey" share one run whatever the backend makes of the case.
    return hashlib.sha256(f"account:{username.casefold()}".encode()).hexdigest()


def address_key(address: str) -> str:
    return hashlib.sha256(f"address:{address}".encode()).hexdigest()


def _limit(kind: str) -> int:
    return settings.SIGNIN_ACCOUNT_LIMIT if kind == Kind.ACCOUNT else settings.SIGNIN_ADDRESS_LIMIT


def delay_after(failures: int, limit: int) -> timedelta:
    """The wait after the last of `failures` failures in a run, for a run with this limit."""
    if failures < limit:
        return NO_WAIT
    doublings = failures - limit
    cap = settings.SIGNIN_DELAY_CAP
    if doublings >= 32:  # long past the cap; and 2**n of a huge n would be slow to build
        return cap
    return min(settings.SIGNIN_DELAY * 2**doublings, cap)


def _current(row: SignInThrottle | None, now) -> SignInThrottle | None:
    if row is None or now - row.last_failure_at >= settings.SIGNIN_FORGET_AFTER:
        return None
    return row


def _wait(row: SignInThrottle | None, now) -> timedelta:
    row = _current(row, now)
    if row is None:
        return NO_WAIT
    return max(row.last_failure_at + delay_after(row.failures, _limit(row.kind)) - now, NO_WAIT)


def _keys(username: str, address: str | None) -> dict[str, str]:
    keys: dict[str, str] = {Kind.ACCOUNT: account_key(username)}
    if address:
        keys[Kind.ADDRESS] = address_key(address)
    return keys


def must_wait(*, username: str, address: str | None, unlocked_key: str | None = None) -> timedelta:
    """How long this username from this address must wait before its next try (0: try now).
    `unlocked_key` is the account this browser was unlocked for by email: its own run does
    not hold it back (the address's still does)."""
    now = timezone.now()
    keys = _keys(username, address)
    if unlocked_key == keys[Kind.ACCOUNT]:
        del keys[Kind.ACCOUNT]
    if not keys:
        return NO_WAIT
    query = Q()
    for kind, key in keys.items():
        query |= Q(kind=kind, key=key)
    return max((_wait(row, now) for row in SignInThrottle.objects.filter(query)), default=NO_WAIT)


def _count_failure(kind: str, key: str, now) -> SignInThrottle:
    with transaction.atomic():
        row = SignInThrottle.objects.select_for_update().filter(kind=kind, key=key).first()
        if row is None:
            try:
                with transaction.atomic():
                    return SignInThrottle.objects.create(
                        kind=kind, key=key, failures=1, started_at=now, last_failure_at=now
                    )
            except IntegrityError:  # another request's first failure came first
                row = SignInThrottle.objects.select_for_update().get(kind=kind, key=key)
        if _current(row, now) is None:
            row.failures, row.started_at, row.unlock_sent_at = 1, now, None
        else:
            row.failures += 1
        row.last_failure_at = now
        row.save()
        return row


def record_failure(*, username: str, address: str | None) -> bool:
    """Count a failed sign-in against the account and the address. True when the account's
    owner should now be sent an unlock link: its run has just reached the limit, or the link
    sent for this run has expired while the run goes on."""
    now = timezone.now()
    # Forgotten runs are deleted as new ones come, so the table holds only recent attempts.
    SignInThrottle.objects.filter(last_failure_at__lt=now - settings.SIGNIN_FORGET_AFTER).delete()
    account = None
    for kind, key in _keys(username, address).items():
        row = _count_failure(kind, key, now)
        if kind == Kind.ACCOUNT:
            account = row
    assert account is not None  # _keys always has the account's
    lifetime = timedelta(minutes=settings.SIGNIN_UNLOCK_MINUTES)
    due = account.failures >= settings.SIGNIN_ACCOUNT_LIMIT and (
        account.unlock_sent_at is None or now - account.unlock_sent_at >= lifetime
    )
    if due:
        # Conditional, so that of two failures racing past the limit only one sends the email.
        due = bool(
            SignInThrottle.objects.filter(
                pk=account.pk, unlock_sent_at=account.unlock_sent_at
            ).update(unlock_sent_at=now)
        )
    return due


def forget_account(username: str) -> None:
    """End the account's run: it signed in, or its owner proved they read its email."""
    SignInThrottle.objects.filter(kind=Kind.ACCOUNT, key=account_key(username)).delete()


def account_run(username: str) -> SignInThrottle | None:
    """The account's current run of failures, if it has one."""
    row = SignInThrottle.objects.filter(kind=Kind.ACCOUNT, key=account_key(username)).first()
    return _current(row, timezone.now())
