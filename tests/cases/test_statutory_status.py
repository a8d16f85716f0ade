"""Tests for cases.statutory.deadline_status: a deadline's status (on track, due soon, due
today, overdue, met, met late, exempt) and the statuses' labels.
"""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cases.statutory import (
    OPEN_STATUS_ORDER,
    STATUS_CHOICES,
    STATUS_LABELS,
    Status,
    deadline_status,
)

D = date
ALL_STATUSES = {"on_track", "due_soon", "due_today", "overdue", "met", "met_late", "exempt"}

# --- deadline_status ------------------------------------------------------------------------------

DUE = D(2024, 5, 27)

STATUS_EXAMPLES = [
    # (completed, today, exempt, soon_days, expected); due is 2024-05-27.
    pytest.param(None, D(2024, 1, 8), False, 14, "on_track", id="far-ahead"),
    # 2024-05-12 is 15 days before the 27th: soon_days + 1 -> on_track.
    pytest.param(None, D(2024, 5, 12), False, 14, "on_track", id="soon-days-plus-1"),
    # 2024-05-13 is exactly 14 days before -> due_soon.
    pytest.param(None, D(2024, 5, 13), False, 14, "due_soon", id="exactly-soon-days"),
    pytest.param(None, D(2024, 5, 26), False, 14, "due_soon", id="day-before"),
    pytest.param(None, D(2024, 5, 27), False, 14, "due_today", id="due-day"),
    pytest.param(None, D(2024, 5, 28), False, 14, "overdue", id="day-after"),
    pytest.param(None, D(2025, 1, 1), False, 14, "overdue", id="long-overdue"),
    # soon_days = 0: the day before is still on track.
    pytest.param(None, D(2024, 5, 26), False, 0, "on_track", id="soon-0"),
    # soon_days = 30: 2024-04-27 is 30 days before (Apr 27 + 3 = Apr 30, + 27 = May 27).
    pytest.param(None, D(2024, 4, 27), False, 30, "due_soon", id="soon-30-boundary"),
    pytest.param(None, D(2024, 4, 26), False, 30, "on_track", id="soon-30-plus-1"),
    # Completed on the due day is in time; a day later is late, whatever today is.
    pytest.param(D(2024, 5, 27), D(2024, 6, 30), False, 14, "met", id="met-on-due-day"),
    pytest.param(D(2024, 5, 28), D(2024, 6, 30), False, 14, "met_late", id="met-day-late"),
    pytest.param(D(2024, 5, 1), D(2024, 5, 2), False, 14, "met", id="met-early"),
    pytest.param(D(2024, 5, 1), D(2024, 6, 30), False, 14, "met", id="met-not-overdue"),
    # Exempt wins over met, met_late and overdue.
    pytest.param(D(2024, 5, 20), D(2024, 6, 30), True, 14, "exempt", id="exempt-over-met"),
    pytest.param(D(2024, 6, 1), D(2024, 6, 30), True, 14, "exempt", id="exempt-over-late"),
    pytest.param(None, D(2024, 6, 30), True, 14, "exempt", id="exempt-over-overdue"),
    pytest.param(None, D(2024, 1, 8), True, 14, "exempt", id="exempt-open"),
]


@pytest.mark.parametrize(("completed", "today", "exempt", "soon_days", "expected"), STATUS_EXAMPLES)
def test_deadline_status(completed, today, exempt, soon_days, expected):
    status = deadline_status(DUE, completed, today, exempt=exempt, soon_days=soon_days)
    assert status == expected


def test_deadline_status_defaults_to_14_soon_days_and_not_exempt():
    assert deadline_status(DUE, None, D(2024, 5, 13)) == "due_soon"
    assert deadline_status(DUE, None, D(2024, 5, 12)) == "on_track"


def test_deadline_status_accepts_keyword_arguments():
    status = deadline_status(due=DUE, completed=None, today=D(2024, 5, 27), exempt=False)
    assert status == "due_today"


def test_negative_soon_days_is_rejected():
    with pytest.raises(ValueError):
        deadline_status(DUE, None, D(2024, 5, 1), soon_days=-1)


def test_statuses_and_labels():
    assert {str(status) for status in Status} == ALL_STATUSES
    assert set(STATUS_LABELS) == ALL_STATUSES
    assert STATUS_LABELS["on_track"] == "On track"
    assert all(isinstance(label, str) and label for label in STATUS_LABELS.values())
    assert {value for value, _label in STATUS_CHOICES} == ALL_STATUSES
    assert dict(STATUS_CHOICES) == {str(k): v for k, v in STATUS_LABELS.items()}
    assert Status.MET_LATE == "met_late"
    assert [str(s) for s in OPEN_STATUS_ORDER] == ["on_track", "due_soon", "due_today", "overdue"]


# --- Properties -----------------------------------------------------------------------------------

dates = st.dates(min_value=D(1990, 1, 1), max_value=D(2100, 12, 31))


@given(
    dates,
    st.one_of(st.none(), dates),
    dates,
    st.booleans(),
    st.integers(min_value=0, max_value=60),
)
def test_deadline_status_is_always_a_known_status(due, completed, today, exempt, soon_days):
    assert deadline_status(due, completed, today, exempt, soon_days) in ALL_STATUSES


@given(dates, dates, dates, st.integers(min_value=0, max_value=60))
def test_deadline_status_only_moves_forward(due, day_a, day_b, soon_days):
    earlier, later = sorted((day_a, day_b))
    order = ["on_track", "due_soon", "due_today", "overdue"]
    first = deadline_status(due, None, earlier, soon_days=soon_days)
    second = deadline_status(due, None, later, soon_days=soon_days)
    assert order.index(first) <= order.index(second)
