"""Tests for cases.statutory, the statutory clock: adding weeks and months, the week of the
clock and academic years (the other topics are in the test_statutory_*.py beside this one).

Every expected date below was worked out by hand from docs/domain/statutory.md, not copied
from the implementation. The working is in the comment on each row. Conventions from the rules:

* N weeks from a date ends on date + 7N days (20 weeks from 2024-01-08 ends on 2024-05-27).
* "15 days beginning with" a day counts that day as day 1 (served 1 March -> 15 March).
* "Within N months of" ends on the same day of the month, clipped to the month's end (29 Feb ->
  28 Feb); "the period of N months starting with" a day ends the day before (s44(1)).
* reg 18 "before 15 February": the last day in time is 14 February (30 March for post-16).
* Year group: age on 31 August before the academic year, minus 4 (Reception = 0).

Month lengths used in the working: Jan 31, Feb 28 (29 in 2024 and 2028), Mar 31, Apr 30,
May 31, Jun 30, Jul 31, Aug 31, Sep 30, Oct 31, Nov 30, Dec 31.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cases.statutory import (
    academic_year_of,
    add_months,
    add_weeks,
    week_of_clock,
    week_starts,
)

D = date

# --- Worked examples: (function, args, kwargs, expected) ------------------------------------------

WORKED_EXAMPLES = [
    # The example in the rules: 20 weeks = 140 days from Mon 2024-01-08 -> Mon 2024-05-27.
    pytest.param(add_weeks, (D(2024, 1, 8), 20), {}, D(2024, 5, 27), id="rules-20-weeks"),
    # 6 weeks = 42 days across leap February 2028: Feb 1 + 28 = Feb 29, + 14 = Mar 14.
    pytest.param(add_weeks, (D(2028, 2, 1), 6), {}, D(2028, 3, 14), id="6w-leap-2028"),
    # Same in a common year: Feb 1 + 27 = Feb 28, + 15 = Mar 15.
    pytest.param(add_weeks, (D(2027, 2, 1), 6), {}, D(2027, 3, 15), id="6w-common-2027"),
    # Backwards: 2 weeks before 2024-03-07 is Feb 22.
    pytest.param(add_weeks, (D(2024, 3, 7), -2), {}, D(2024, 2, 22), id="negative-weeks"),
    # add_months clipping and negatives.
    pytest.param(add_months, (D(2024, 1, 31), 1), {}, D(2024, 2, 29), id="31-jan-leap"),
    pytest.param(add_months, (D(2023, 1, 31), 1), {}, D(2023, 2, 28), id="31-jan-common"),
    pytest.param(add_months, (D(2024, 2, 29), 12), {}, D(2025, 2, 28), id="29-feb-plus-12"),
    pytest.param(add_months, (D(2024, 3, 31), -1), {}, D(2024, 2, 29), id="minus-1-clipped"),
    pytest.param(add_months, (D(2024, 1, 15), -13), {}, D(2022, 12, 15), id="minus-13"),
    pytest.param(add_months, (D(2023, 12, 20), 1), {}, D(2024, 1, 20), id="over-year-end"),
    pytest.param(add_months, (D(2023, 11, 30), 26), {}, D(2026, 1, 30), id="plus-26"),
    # Week of the clock: an N-week limit (received + 7N) is the last day of week N.
    pytest.param(week_of_clock, (D(2024, 1, 8), D(2024, 1, 8)), {}, 1, id="week-1-received"),
    pytest.param(week_of_clock, (D(2024, 1, 8), D(2024, 1, 15)), {}, 1, id="week-1-last-day"),
    pytest.param(week_of_clock, (D(2024, 1, 8), D(2024, 1, 16)), {}, 2, id="week-2-first-day"),
    # 2024-02-19 is +42 days: the 6-week limit day closes week 6.
    pytest.param(week_of_clock, (D(2024, 1, 8), D(2024, 2, 19)), {}, 6, id="week-6-limit"),
    pytest.param(week_of_clock, (D(2024, 1, 8), D(2024, 2, 20)), {}, 7, id="week-7"),
    # 2024-05-27 (+140, the 20-week limit) is the last day of week 20; the day after is week 21.
    pytest.param(week_of_clock, (D(2024, 1, 8), D(2024, 5, 27)), {}, 20, id="week-20-limit"),
    pytest.param(week_of_clock, (D(2024, 1, 8), D(2024, 5, 28)), {}, 21, id="week-21"),
    pytest.param(week_of_clock, (D(2024, 1, 8), D(2024, 1, 7)), {}, 0, id="day-before"),
    # Academic years run September to August, named by the starting calendar year.
    pytest.param(academic_year_of, (D(2021, 3, 1),), {}, 2020, id="ay-march"),
    pytest.param(academic_year_of, (D(2021, 9, 1),), {}, 2021, id="ay-1-sep"),
    pytest.param(academic_year_of, (D(2021, 8, 31),), {}, 2020, id="ay-31-aug"),
    pytest.param(academic_year_of, (D(2024, 2, 29),), {}, 2023, id="ay-29-feb"),
    pytest.param(academic_year_of, (D(2023, 12, 20),), {}, 2023, id="ay-december"),
]


@pytest.mark.parametrize(("func", "args", "kwargs", "expected"), WORKED_EXAMPLES)
def test_worked_examples(func, args, kwargs, expected):
    assert func(*args, **kwargs) == expected


# --- Properties -----------------------------------------------------------------------------------

dates = st.dates(min_value=D(1990, 1, 1), max_value=D(2100, 12, 31))
weeks = st.integers(min_value=-520, max_value=520)
months_st = st.integers(min_value=-240, max_value=240)


@given(dates, weeks)
def test_add_weeks_is_seven_days_a_week(start, n):
    assert (add_weeks(start, n) - start).days == 7 * n


@given(dates, months_st)
def test_add_months_arithmetic(start, n):
    result = add_months(start, n)
    month_count = lambda d: d.year * 12 + d.month  # noqa: E731
    assert month_count(result) - month_count(start) == n
    assert result.day <= start.day
    last_day = calendar.monthrange(result.year, result.month)[1]
    # Either the same day of the month, or clipped to the last day of a shorter month.
    assert result.day == start.day or (result.day == last_day and start.day > last_day)


@given(dates, months_st)
def test_add_months_round_trip(start, n):
    back = add_months(add_months(start, n), -n)
    if start.day <= 28:
        # Every month has a 28th, so nothing is clipped either way.
        assert back == start
    else:
        assert (back.year, back.month) == (start.year, start.month)
        assert back.day <= start.day


@given(dates, st.integers(min_value=0, max_value=400))
def test_week_of_clock_counts_from_one(received, offset):
    day = received + timedelta(days=offset)
    week = week_of_clock(received, day)
    assert week >= 1
    # Week n runs from week_starts(n) to received + 7n, and the N-week limit closes week N.
    assert week_starts(received, week) <= day <= received + timedelta(days=7 * week)
    assert week_of_clock(received, add_weeks(received, week)) == week
