"""Free-text search for a child, as people type it in the header box: a name, a UPN, an NHS
number or a ULN, a date of birth written as the site shows it ("17 Jul 2018", "17 July 2018")
or as forms take it (17/07/2018, 17 7 2018, 2018-07-17), or names and a date together."""

import re
from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Q

# A whole UPN in its shape only (identifiers.py checks its check letter where it is entered).
UPN_SHAPE = re.compile(r"^[A-Za-z]\d{11}[A-Za-z0-9]$")
# An NHS number or a ULN: ten digits, often written 3-3-4 with spaces or dashes.
_TEN_DIGITS = re.compile(r"^\d{3}[ -]?\d{3}[ -]?\d{4}$")
_MONTHS = {
    **{datetime(2000, m, 1).strftime("%b").lower(): m for m in range(1, 13)},
    **{datetime(2000, m, 1).strftime("%B").lower(): m for m in range(1, 13)},
    "sept": 9,
}
# Dates inside the text, in the order tried: day month-name year; day month year with
# slashes, dots, dashes or spaces; ISO.
_DATE_PATTERNS = (
    (re.compile(r"\b(\d{1,2})\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})\b"), ("d", "name", "y")),
    (re.compile(r"\b(\d{1,2})[/.\- ](\d{1,2})[/.\- ](\d{4})\b"), ("d", "m", "y")),
    (re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b"), ("y", "m", "d")),
)


@dataclass(frozen=True)
class SearchTerms:
    words: tuple[str, ...]
    dates: tuple[date, ...]


def _as_date(parts: dict[str, str]) -> date | None:
    month = _MONTHS.get(parts["name"].lower()) if "name" in parts else int(parts["m"])
    if month is None:
        return None
    try:
        return date(int(parts["y"]), month, int(parts["d"]))
    except ValueError:
        return None


def split_search(text: str) -> SearchTerms:
    """The dates written anywhere in `text`, and the other words."""
    rest, dates = " ".join(text.split()), []
    for pattern, order in _DATE_PATTERNS:
        for match in list(pattern.finditer(rest)):
            day = _as_date(dict(zip(order, match.groups(), strict=True)))
            if day is not None:
                dates.append(day)
                rest = rest.replace(match.group(0), " ", 1)
    return SearchTerms(words=tuple(rest.split()), dates=tuple(dates))


def parse_date(text: str) -> date | None:
    """`text` as a single date, or None."""
    terms = split_search(text)
    return terms.dates[0] if len(terms.dates) == 1 and not terms.words else None


def child_search_filter(text: str) -> Q:
    text = " ".join(text.split())
    if not text:
        return Q()
    if UPN_SHAPE.match(text):
        return Q(upn=text.upper())
    if _TEN_DIGITS.match(text):
        digits = re.sub(r"\D", "", text)
        return Q(nhs_number=digits) | Q(uln=digits)
    terms = split_search(text)
    query = Q()
    for born in terms.dates:
        query &= Q(date_of_birth=born)
    for word in terms.words:
        query &= (
            Q(first_name__istartswith=word)
            | Q(last_name__istartswith=word)
            | Q(preferred_name__istartswith=word)
        )
    return query
