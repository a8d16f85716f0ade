"""Counting time (docs/domain/statutory.md "Counting time"): each way the law counts a period,
in one place.

* "N weeks from/of" a date: the limit ends on ``date + 7 * N`` days (:func:`add_weeks`).
* "N days of" a date: ends on ``date + N`` days (:func:`add_days`), the same convention.
* "N days beginning with" a day: that day is day 1 (:func:`add_days_beginning_with`).
* "within N months of" a date: the same day of the month N months on, clipped to the month's
  end (:func:`add_months`): 29 February 2024 + 12 -> 28 February 2025.
* "the period of N months starting with" (or "beginning with") a day: that day is day 1, so the
  period ends the day before the same day N months on (:func:`months_starting_with`): 10 March
  2024 + 12 -> 9 March 2025.

Weeks and months are calendar weeks and months: school holidays do not stop a clock.
* "the Nth business day after" a day: Monday to Friday, not a bank holiday in England
  (:func:`business_days_after`); only where a rule counts them, as deemed service by post does.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from functools import cache

import holidays


def add_weeks(start: date, weeks: int) -> date:
    """Return the last day of a limit of ``weeks`` weeks from ``start``.

    The product's single convention (docs/domain/statutory.md "Counting time"): the limit ends on
    ``start + 7 * weeks`` days, and a step done on or before that day is in time. Negative
    ``weeks`` count backwards ("at least 2 weeks before").
    """
    return start + timedelta(weeks=weeks)


def add_days(start: date, days: int) -> date:
    """Return the last day of a limit of ``days`` days of ``start`` ("within 15 days of
    receiving"), counted as :func:`add_weeks` counts: ``start + days``."""
    return start + timedelta(days=days)


def add_days_beginning_with(start: date, days: int) -> date:
    """Return the last day of a period of ``days`` days "beginning with" ``start``.

    "Beginning with" makes ``start`` day 1 (SI 2014/1530 reg 13(1)), so 15 days from 1 March
    run to the end of 15 March.
    """
    if days < 1:
        raise ValueError(f"a period beginning with a day is at least 1 day long, not {days}")
    return start + timedelta(days=days - 1)


def _month_on(start: date, months: int) -> tuple[int, int, int]:
    month_index = start.year * 12 + (start.month - 1) + months
    year, month_zero_based = divmod(month_index, 12)
    month = month_zero_based + 1
    return year, month, calendar.monthrange(year, month)[1]


def add_months(start: date, months: int) -> date:
    """Return the same day of the month ``months`` months after ``start`` (negative: before).

    Where that month is shorter the date is clipped to its last day, as docs/domain/statutory.md
    reads "within 12 months of": 29 February 2024 + 12 -> 28 February 2025; 31 January + 1 -> 28/29
    February.
    """
    year, month, last_day = _month_on(start, months)
    return date(year, month, min(start.day, last_day))


def months_starting_with(start: date, months: int) -> date:
    """Return the last day of "the period of ``months`` months starting with" ``start``.

    CFA 2014 s44(1) and SI 2014/1530 reg 15(5) count ``start`` as day 1, so the period ends the
    day before the same day ``months`` months on: 10 March 2024 + 12 -> 9 March 2025; 1 March
    2023 + 12 -> 29 February 2024. Where that month has no such day (29 February, or the 31st)
    the next period would start on the first of the following month, so this one ends on the
    last day of the month: 29 February 2024 + 12 -> 28 February 2025; 31 August + 6 -> 28 or 29
    February.
    """
    if months < 1:
        raise ValueError(
            f"a period of months starting with a day is at least 1 month, not {months}"
        )
    year, month, last_day = _month_on(start, months)
    if start.day > last_day:
        return date(year, month, last_day)
    return date(year, month, start.day) - timedelta(days=1)


def week_of_clock(received: date, day: date) -> int:
    """Return the week of the clock that ``day`` falls in, counted as the limits count.

    Under the :func:`add_weeks` convention an N-week limit ends on ``received + 7N`` days, so
    that day is the last day of week N: week N covers ``received + 7(N - 1) + 1`` to
    ``received + 7N``. The day of receipt itself belongs to week 1 (which therefore has eight
    days). So "by week 20" and "within 20 weeks" mean the same day, as a caseworker reads them.
    Days before ``received`` give 0 or less rather than raising, so earlier events can be placed.
    """
    days = (day - received).days
    return 1 if days == 0 else -(-days // 7)


def week_starts(received: date, week: int) -> date:
    """The first day of ``week`` of the clock (see :func:`week_of_clock`)."""
    return received if week == 1 else received + timedelta(days=7 * (week - 1) + 1)


@cache
def _bank_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.UK(subdiv="ENG", years=year))


def is_business_day(day: date) -> bool:
    """Monday to Friday and not a bank holiday in England (the `holidays` package's list)."""
    return day.weekday() < 5 and day not in _bank_holidays(day.year)


def business_days_after(start: date, days: int) -> date:
    """Return the ``days``-th business day after ``start``: Friday 18 December 2026 + 2 is
    Tuesday 22 December; Thursday 24 December + 2 is Wednesday 30 December (25, 26 and 28
    December are bank holidays)."""
    if days < 1:
        raise ValueError(f"count at least 1 business day, not {days}")
    day = start
    for _ in range(days):
        day += timedelta(days=1)
        while not is_business_day(day):
            day += timedelta(days=1)
    return day
