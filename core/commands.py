"""What management commands share: reading their arguments the one way."""

from datetime import date

from django.core.management.base import CommandError


def day(value: str) -> date:
    """A date given on the command line as YYYY-MM-DD; CommandError names it otherwise."""
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"{value!r} is not a date as YYYY-MM-DD") from error
