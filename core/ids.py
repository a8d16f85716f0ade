"""Record keys as posted in forms and query strings: whole numbers a database key can hold.

In a URL's path a record is named by its public id (core.public_ids); checkboxes and choices
on a form, and filters in a query string, carry the key itself. Either way, what is not a key
is no record: a 404 or a form error, never a 500 (int("²") raises; SQLite overflows beyond 18
digits)."""

from collections.abc import Iterable

# A signed 64-bit key has at most 19 digits; 18 always fit (SQLite raises OverflowError beyond).
MAX_ID_DIGITS = 18


def parse_id(value: str | None) -> int | None:
    """The key in `value`, or None when it is not one (ASCII digits, at most 18 of them)."""
    if value is None or not (value.isascii() and value.isdigit()) or len(value) > MAX_ID_DIGITS:
        return None
    return int(value)


def parse_ids(values: Iterable[str]) -> set[int]:
    """The values that are ids: ASCII digits only ("²" is a digit to str.isdigit() but not to
    int()), short enough for the database. Anything else is dropped, never an error."""
    return {key for key in map(parse_id, values) if key is not None}
