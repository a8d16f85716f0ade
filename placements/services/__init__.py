"""Every write to placements goes through these keyword-only functions, each one transaction.

A refusal is a ValidationError keyed by the field it is about (see cases.forms.add_service_errors).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db import models

from core.history import record_change

if TYPE_CHECKING:
    from accounts.models import User

# simple_history's change reason column is a CharField(max_length=100).
CHANGE_REASON_LENGTH = 100


def audit(instance: models.Model, *, by: User | None, reason: str) -> None:
    """Tell simple_history who made the next save and why (also outside a request)."""
    record_change(instance, by=by, reason=reason[:CHANGE_REASON_LENGTH])


def check_fields(fields: dict[str, Any], allowed: Iterable[str]) -> None:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"unexpected field(s): {', '.join(sorted(unknown))}")
