"""Record ids as posted in forms and query strings: whole numbers a database key can hold."""

from collections.abc import Iterable

# A signed 64-bit key has at most 19 digits; 18 always fit (SQLite raises OverflowError beyond).
MAX_ID_DIGITS = 18


def parse_ids(values: Iterable[str]) -> set[int]:
    """The values that are ids: ASCII digits only ("²" is a digit to str.isdigit() but not to
    int()), short enough for the database. Anything else is dropped, never an error."""
    return {
        int(value)
        for value in values
        if value.isascii() and value.isdigit() and len(value) <= MAX_ID_DIGITS
    }
