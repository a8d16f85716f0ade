"""The retention rule (docs/domain/statutory.md "Retention and access": date of birth + 31
years) as pure date arithmetic, on its edge dates."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from records.retention import (
    RETENTION_YEARS,
    is_past_retention,
    latest_birth_date_past_retention,
    retention_date,
)


@pytest.mark.parametrize(
    ("born", "kept_until"),
    [
        (date(2000, 1, 15), date(2031, 1, 15)),
        (date(1994, 12, 31), date(2025, 12, 31)),
        (date(1995, 1, 1), date(2026, 1, 1)),
        # 29 February: 2031 has none, so the later candidate, 1 March.
        (date(2000, 2, 29), date(2031, 3, 1)),
        (date(1996, 2, 29), date(2027, 3, 1)),
        # ...and 2024 has one.
        (date(1993, 2, 28), date(2024, 2, 28)),
        (date(1993, 3, 1), date(2024, 3, 1)),
    ],
)
def test_retention_date_is_the_31st_birthday(born, kept_until):
    assert RETENTION_YEARS == 31
    assert retention_date(born) == kept_until


def test_leap_day_birth_into_a_leap_year_keeps_29_february():
    # 1992 + 32 = 2024, a leap year: with a 32-year schedule the birthday exists.
    assert retention_date(date(1992, 2, 29), years=32) == date(2024, 2, 29)


def test_past_retention_only_from_the_day_after():
    born = date(2000, 1, 15)
    assert not is_past_retention(born, date(2031, 1, 14))
    assert not is_past_retention(born, date(2031, 1, 15))
    assert is_past_retention(born, date(2031, 1, 16))


def test_leap_day_birth_is_kept_through_1_march():
    born = date(2000, 2, 29)
    assert not is_past_retention(born, date(2031, 2, 28))
    assert not is_past_retention(born, date(2031, 3, 1))
    assert is_past_retention(born, date(2031, 3, 2))


@pytest.mark.parametrize(
    ("today", "years", "cutoff"),
    [
        (date(2031, 1, 16), 31, date(2000, 1, 15)),
        (date(2031, 3, 2), 31, date(2000, 3, 1)),  # 29 February 2000 is past too
        (date(2031, 3, 1), 31, date(2000, 2, 28)),  # ...but not yet on 1 March
        (date(2024, 2, 29), 31, date(1993, 2, 28)),
        (date(2024, 3, 1), 32, date(1992, 2, 29)),  # kept until 29 February 2024
        (date(2024, 2, 29), 32, date(1992, 2, 28)),
        (date(2031, 1, 1), 31, date(1999, 12, 31)),
    ],
)
def test_latest_birth_date_past_retention(today, years, cutoff):
    assert latest_birth_date_past_retention(today, years) == cutoff


@given(
    today=st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)),
    offset=st.integers(min_value=-400, max_value=400),
    years=st.sampled_from([31, 32, 35]),
)
def test_the_cutoff_agrees_with_the_rule_for_every_birth_date(today, offset, years):
    cutoff = latest_birth_date_past_retention(today, years)
    born = cutoff + timedelta(days=offset)
    assert (born <= cutoff) == is_past_retention(born, today, years)
