"""How amounts and dates read wherever the service shows them: pages, plans, emails and
letters."""

from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils import timezone


def money(value: Any) -> str:
    """£12,345.00 (-£10.50 below zero); an empty value is £0.00, so a table of totals never
    has gaps; something that is not an amount is an empty string."""
    try:
        amount = Decimal(str(value)) if value not in (None, "") else Decimal(0)
    except (InvalidOperation, TypeError, ValueError):
        return ""
    sign = "-" if amount < 0 else ""
    return f"{sign}£{abs(amount):,.2f}"


# Dates and times, the GOV.UK way (its style guide's "Dates" and "Times"): "4 December 2026",
# "4 December 2026 at 2:05pm", "midday". Pages use the same rule through the `|date` filter
# (DATE_FORMAT in send_portal/formats) and the `|date_time` filter (core/templatetags/dates.py).
# Files for machines (CSV, SEN2 XML, JSON) keep ISO 8601 dates, and Ofsted's Annex A its own
# DD/MM/YYYY: they are read by programs and templates that expect exactly those.


def day(value: date | None) -> str:
    """4 December 2026 (no leading zero, the month in full); nothing for no date."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{value.day} {value:%B %Y}"


def clock(value: datetime | time) -> str:
    """2:05pm, 2pm, midday; 12:30am after midnight. GOV.UK avoids "midnight" as ambiguous
    (the start or the end of a day?), so 00:00 reads 12am."""
    if isinstance(value, datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    if (value.hour, value.minute) == (12, 0):
        return "midday"
    hour = value.hour % 12 or 12
    minutes = f":{value.minute:02d}" if value.minute else ""
    return f"{hour}{minutes}{'am' if value.hour < 12 else 'pm'}"


def date_time(value: datetime | None) -> str:
    """4 December 2026 at 2:05pm, in the council's time zone; nothing for no moment."""
    if value is None:
        return ""
    return f"{day(value)} at {clock(value)}"
