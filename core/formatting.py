"""How amounts read wherever the service shows them: pages, plans, emails and letters."""

from decimal import Decimal, InvalidOperation
from typing import Any


def money(value: Any) -> str:
    """£12,345.00 (-£10.50 below zero); an empty value is £0.00, so a table of totals never
    has gaps; something that is not an amount is an empty string."""
    try:
        amount = Decimal(str(value)) if value not in (None, "") else Decimal(0)
    except (InvalidOperation, TypeError, ValueError):
        return ""
    sign = "-" if amount < 0 else ""
    return f"{sign}£{abs(amount):,.2f}"
