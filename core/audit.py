"""Who made a change and why, for django-simple-history, and the one way services apply edits."""

from collections.abc import Iterable
from typing import Any

from django.db import models

# simple_history's change reason column is a CharField(max_length=100).
CHANGE_REASON_LENGTH = 100


def audit(instance: models.Model, *, by: Any, reason: str = "") -> None:
    """Tell simple_history who makes the next save of `instance` and why (outside a request
    too: a command, an import, the worker). A reason longer than the column is cut, never an
    error at save time."""
    instance._history_user = by  # type: ignore[attr-defined]
    if reason:
        length = _reason_length(type(instance))
        instance._change_reason = reason[:length] if length else reason  # type: ignore[attr-defined]


def _reason_length(model: type[models.Model]) -> int | None:
    """The history's reason column width: 100 by default; None where a model keeps its
    reasons whole in a TextField (an alert's acknowledgement)."""
    history = getattr(model, "history", None)
    if history is None:
        return CHANGE_REASON_LENGTH
    return history.model._meta.get_field("history_change_reason").max_length


def check_fields(fields: dict[str, Any], allowed: Iterable[str]) -> None:
    """A service's keyword fields are only those it takes: a caller's typo is a bug, not data."""
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"unexpected field(s): {', '.join(sorted(unknown))}")


def apply_changes(instance: models.Model, fields: dict[str, Any]) -> list[str]:
    """Set on `instance` the values in `fields` that differ from what it holds; returns the
    names of those that changed (empty: nothing to save, nothing to audit)."""
    changed = [name for name, value in fields.items() if getattr(instance, name) != value]
    for name in changed:
        setattr(instance, name, fields[name])
    return changed
