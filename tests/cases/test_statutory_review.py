"""Tests for cases.statutory: annual reviews (the next review, the early years', the meeting's
follow-ups, amendments, a post-16 move) and the review interval's bounds.

Every expected date below was worked out by hand from docs/domain/statutory.md, not copied
from the implementation; the conventions of the rules are in test_statutory_clock.py.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cases.statutory import (
    REGIME_STATEMENT,
    add_months,
    amended_plan_due,
    amendment_practice_limit,
    early_years_review_due,
    next_review_due,
    post16_move_review_due,
    review_decision_due,
    review_invitation_by,
    review_report_due,
)

D = date

# --- Worked examples: (function, args, kwargs, expected) ------------------------------------------

WORKED_EXAMPLES = [
    # s44(1): "the period of 12 months starting with" the day: that day is day 1, so the period
    # ends the day before the same day a year on. 29 Feb has no match in 2025: the next period
    # would start on 1 Mar, so this one ends on 28 Feb.
    pytest.param(next_review_due, (D(2024, 2, 29),), {}, D(2025, 2, 28), id="review-29-feb"),
    pytest.param(next_review_due, (D(2028, 2, 29),), {}, D(2029, 2, 28), id="review-29-feb-2028"),
    # 28 Feb 2027 -> the day before 28 Feb 2028 is 27 Feb 2028.
    pytest.param(next_review_due, (D(2027, 2, 28),), {}, D(2028, 2, 27), id="review-into-leap"),
    # 1 Mar 2023 -> the day before 1 Mar 2024 is 29 Feb 2024 (a leap year).
    pytest.param(next_review_due, (D(2023, 3, 1),), {}, D(2024, 2, 29), id="review-1-mar-leap"),
    pytest.param(next_review_due, (D(2023, 3, 15),), {}, D(2024, 3, 14), id="review-plain"),
    # The rules' example: made 10 March 2024, reviewed by 9 March 2025.
    pytest.param(next_review_due, (D(2024, 3, 10),), {}, D(2025, 3, 9), id="review-10-march"),
    # A statement: "within 12 months of" the last review, the same day a year later.
    pytest.param(
        next_review_due,
        (D(2013, 3, 10),),
        {"regime": REGIME_STATEMENT},
        D(2014, 3, 10),
        id="statement-review",
    ),
    # 4 months from 31 Oct 2023 -> 31 Feb 2024, clipped to 29 Feb.
    pytest.param(
        next_review_due, (D(2023, 10, 31),), {"interval_months": 4}, D(2024, 2, 29), id="review-4m"
    ),
    # Under-5s, default 6 months: 31 Aug 2024 -> 31 Feb 2025, clipped to 28 Feb.
    pytest.param(early_years_review_due, (D(2024, 8, 31),), {}, D(2025, 2, 28), id="early-6m"),
    # 3 months: 31 Aug -> 31 Nov, clipped to 30 Nov.
    pytest.param(
        early_years_review_due, (D(2024, 8, 31),), {"months": 3}, D(2024, 11, 30), id="early-3m"
    ),
    # Annual review follow-ups from a meeting on Fri 2024-12-20.
    # Invitations at least 2 weeks before: Dec 20 - 14 = Dec 6.
    pytest.param(review_invitation_by, (D(2024, 12, 20),), {}, D(2024, 12, 6), id="invite"),
    # Report 2 weeks: Dec 20 + 14 = Jan 3.
    pytest.param(review_report_due, (D(2024, 12, 20),), {}, D(2025, 1, 3), id="report"),
    # Decision 4 weeks: Dec 20 + 28 = Jan 17.
    pytest.param(review_decision_due, (D(2024, 12, 20),), {}, D(2025, 1, 17), id="decision"),
    # Amended plan 8 weeks = 56 days from proposals on Jan 17: Jan 31 (+14), Feb 28 (+42),
    # Mar 14 (+56).
    pytest.param(amended_plan_due, (D(2025, 1, 17),), {}, D(2025, 3, 14), id="amended-8w"),
    # Practice limit 12 weeks = 84 days from Dec 20: Dec 31 (+11), Jan 31 (+42), Feb 28 (+70),
    # Mar 14 (+84); equal to the 4 + 8 weeks above.
    pytest.param(amendment_practice_limit, (D(2024, 12, 20),), {}, D(2025, 3, 14), id="amend-12w"),
    # Post-16 move at another time: 5 months before 31 Jan 2025 is 31 Aug 2024; before
    # 31 Jul 2025 is 31 Feb, clipped to 28 Feb 2025.
    pytest.param(post16_move_review_due, (D(2025, 1, 31),), {}, D(2024, 8, 31), id="post16-5m"),
    pytest.param(post16_move_review_due, (D(2025, 7, 31),), {}, D(2025, 2, 28), id="post16-clip"),
]


@pytest.mark.parametrize(("func", "args", "kwargs", "expected"), WORKED_EXAMPLES)
def test_worked_examples(func, args, kwargs, expected):
    assert func(*args, **kwargs) == expected


# --- Validation -----------------------------------------------------------------------------------


@pytest.mark.parametrize("months", [0, 13, -1])
def test_review_interval_outside_1_to_12_is_rejected(months):
    with pytest.raises(ValueError):
        next_review_due(D(2024, 1, 1), interval_months=months)


@pytest.mark.parametrize(("months", "expected"), [(1, D(2024, 1, 31)), (12, D(2024, 12, 31))])
def test_review_interval_bounds_are_allowed(months, expected):
    assert next_review_due(D(2024, 1, 1), interval_months=months) == expected


# --- Properties -----------------------------------------------------------------------------------

dates = st.dates(min_value=D(1990, 1, 1), max_value=D(2100, 12, 31))


@given(dates)
def test_twelve_months_is_the_same_day_next_year_except_29_feb(start):
    result = add_months(start, 12)
    if (start.month, start.day) == (2, 29):
        assert result == D(start.year + 1, 2, 28)
    else:
        assert result == start.replace(year=start.year + 1)
    assert next_review_due(start, regime=REGIME_STATEMENT) == result


@given(dates)
def test_twelve_months_starting_with_a_day_end_the_day_before_it_comes_round(start):
    due = next_review_due(start)
    if (start.month, start.day) == (2, 29):
        assert due == D(start.year + 1, 2, 28)
    else:
        assert due == start.replace(year=start.year + 1) - timedelta(days=1)
    # A year of days counting the first: 365 or 366 days, never more.
    assert 364 <= (due - start).days <= 365
