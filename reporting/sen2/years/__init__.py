"""SEN2 collection years: each year's code lists, header values and schema.

`for_year(2025)` or `for_reference_date(day)` gives the rules of a return; a file read in (the
importer) picks its year by its header with `for_header(root)`. The collection year is the
reference date's year (the 2025 return: reference date 16 January 2025, activity in 2024).
"""

from __future__ import annotations

from datetime import date

from .base import BASE, Change, Sen2Year
from .y2025 import YEAR_2025
from .y2026 import YEAR_2026

YEARS: dict[int, Sen2Year] = {rules.year: rules for rules in (BASE, YEAR_2025, YEAR_2026)}

__all__ = [
    "YEARS",
    "Change",
    "Sen2Year",
    "UnsupportedYear",
    "for_header",
    "for_reference_date",
    "for_year",
    "supported",
]


class UnsupportedYear(LookupError):
    def __init__(self, year):
        self.year = year
        super().__init__(
            f"SEN2 {year} is not supported: choose a reference date in "
            f"{', '.join(map(str, supported()[:-1]))} or {supported()[-1]}"
        )


def supported() -> list[int]:
    return sorted(YEARS)


def for_year(year: int | str) -> Sen2Year:
    try:
        return YEARS[int(year)]
    except (KeyError, TypeError, ValueError):
        raise UnsupportedYear(year) from None


def for_reference_date(day: date) -> Sen2Year:
    return for_year(day.year)


def for_header(root) -> Sen2Year:
    """The year of a parsed SEN2 file (an ElementTree root): its Header/CollectionDetails/Year,
    or the year of its ReferenceDate where Year is missing."""
    year = (root.findtext("Header/CollectionDetails/Year") or "").strip()
    if not year:
        year = (root.findtext("Header/CollectionDetails/ReferenceDate") or "").strip()[:4]
    return for_year(year)


def first_year_with_need(code: str) -> int | None:
    """The first supported collection year whose need-type list holds ``code`` (DS: 2025)."""
    found = [year for year in supported() if for_year(year).accepts_need(code)]
    return min(found) if found else None
