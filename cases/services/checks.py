"""The date checks every service that records a statutory step makes, with the messages a
caseworker sees on the field."""

from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone

from core.formatting import day


def not_future(field: str, value: date, today: date | None = None) -> None:
    if value > (today or timezone.localdate()):
        raise ValidationError({field: "The date cannot be in the future"})


def not_before(field: str, value: date, earlier: date | None, what: str) -> None:
    if earlier is not None and value < earlier:
        raise ValidationError({field: f"The date must be on or after {what} ({day(earlier)})"})
