"""Financial years, named by the calendar year they start in: 2025 is April 2025 - March 2026.

Pure functions, no Django: what a cost line, a summary and the board report all agree on.
"""

from datetime import date

FIRST_MONTH = 4  # April


def financial_year_of(day: date) -> int:
    return day.year if day.month >= FIRST_MONTH else day.year - 1


def financial_year_label(year: int) -> str:
    return f"{year}-{(year + 1) % 100:02d}"


def financial_year_bounds(year: int) -> tuple[date, date]:
    """The first and last day of the year."""
    return date(year, FIRST_MONTH, 1), date(year + 1, FIRST_MONTH - 1, 31)


def financial_year_choices(around: int, *, before: int = 5, after: int = 1) -> list[tuple]:
    return [(y, financial_year_label(y)) for y in range(around + after, around - before - 1, -1)]
