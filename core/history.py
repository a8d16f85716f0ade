"""Who made a change, and why, for django-simple-history's history rows."""

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import models


def record_change(
    instance: models.Model, *, by: AbstractBaseUser | None, reason: str | None = None
) -> None:
    """Tell simple_history who makes the next save or delete of `instance` (also outside a
    request) and, given a reason, why. It reads these attributes off the instance; they are
    not model fields, so the type checker does not know them.
    """
    instance._history_user = by  # type: ignore[attr-defined]  # read by simple_history
    if reason is not None:
        instance._change_reason = reason  # type: ignore[attr-defined]  # read by simple_history
