"""Every write to placements goes through these keyword-only functions, each one transaction.

A refusal is a ValidationError keyed by the field it is about (see cases.forms.add_service_errors).
"""

# simple_history's change reason column is a CharField(max_length=100).
CHANGE_REASON_LENGTH = 100


def audit(instance, *, by, reason: str) -> None:
    """Tell simple_history who made the next save and why (also outside a request)."""
    instance._history_user = by
    instance._change_reason = reason[:CHANGE_REASON_LENGTH]


def check_fields(fields: dict, allowed) -> None:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"unexpected field(s): {', '.join(sorted(unknown))}")
