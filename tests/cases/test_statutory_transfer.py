"""Tests for cases.statutory: year groups and phase transfers (reg 18 deadlines, the next
transfer and which annual review carries it).

Every expected date below was worked out by hand from docs/domain/statutory.md, not copied
from the implementation; the conventions of the rules are in test_statutory_clock.py.
"""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cases import statutory
from cases.statutory import (
    academic_year_of,
    phase_transfer_deadline,
    phase_transfer_due,
    transfer_calendar_year,
    year_group,
)

D = date

# --- Worked examples: (function, args, kwargs, expected) ------------------------------------------

WORKED_EXAMPLES = [
    # Phase transfer (reg 18): "before" 15 February of the transfer year (last day 14 Feb),
    # "before" 31 March to a post-16 institution (last day 30 March).
    pytest.param(phase_transfer_deadline, (2027, False), {}, D(2027, 2, 14), id="pt-15-feb"),
    pytest.param(phase_transfer_deadline, (2027, True), {}, D(2027, 3, 30), id="pt-31-mar"),
    pytest.param(phase_transfer_deadline, (2028, False), {}, D(2028, 2, 14), id="pt-2028"),
    # Born 2015-10-10: Year 7 in September 2027 -> by 14 Feb 2027.
    pytest.param(phase_transfer_due, (D(2015, 10, 10), 7), {}, D(2027, 2, 14), id="pt-y7"),
    # ... Year 12 in September 2032 at a college -> by 30 Mar 2032.
    pytest.param(
        phase_transfer_due, (D(2015, 10, 10), 12), {"to_post16": True}, D(2032, 3, 30), id="y12"
    ),
    # ... Reception in September 2020 -> by 14 Feb 2020.
    pytest.param(phase_transfer_due, (D(2015, 10, 10), 0), {}, D(2020, 2, 14), id="pt-reception"),
    # Taught a year ahead reaches Year 7 a year early (Sept 2026); a year behind, a year late.
    pytest.param(
        phase_transfer_due,
        (D(2015, 10, 10), 7),
        {"year_group_offset": 1},
        D(2026, 2, 14),
        id="pt-year-ahead",
    ),
    pytest.param(
        phase_transfer_due,
        (D(2015, 10, 10), 7),
        {"year_group_offset": -1},
        D(2028, 2, 14),
        id="pt-year-behind",
    ),
    # Born 31 Aug 2015 is 11 on 31 Aug 2026 -> Year 7 in 2026/27 (youngest in the year).
    pytest.param(phase_transfer_due, (D(2015, 8, 31), 7), {}, D(2026, 2, 14), id="pt-31-aug"),
    # Born 1 Sep 2015 is only 10 on 31 Aug 2026, 11 on 31 Aug 2027 (oldest in the year).
    pytest.param(phase_transfer_due, (D(2015, 9, 1), 7), {}, D(2027, 2, 14), id="pt-1-sep"),
    # Born 29 Feb 2016: 4 on 31 Aug 2020 -> Reception 2020, Year 3 in 2023.
    pytest.param(transfer_calendar_year, (D(2016, 2, 29), 3), {}, 2023, id="tcy-29-feb"),
]


@pytest.mark.parametrize(("func", "args", "kwargs", "expected"), WORKED_EXAMPLES)
def test_worked_examples(func, args, kwargs, expected):
    assert func(*args, **kwargs) == expected


# --- Year groups ----------------------------------------------------------------------------------

YEAR_GROUP_EXAMPLES = [
    # The rules' worked example, born 10 Oct 2015: 4 on 31 Aug 2020 -> Reception (0) in 2020,
    # 11 on 31 Aug 2027 -> Year 7, 16 on 31 Aug 2032 -> Year 12.
    pytest.param(D(2015, 10, 10), 2020, 0, 0, id="example-reception"),
    pytest.param(D(2015, 10, 10), 2027, 0, 7, id="example-year-7"),
    pytest.param(D(2015, 10, 10), 2032, 0, 12, id="example-year-12"),
    # 3 on 31 Aug 2019 -> nursery, -1.
    pytest.param(D(2015, 10, 10), 2019, 0, -1, id="example-nursery"),
    # Born 31 Aug 2015: turns 5 on 31 Aug 2020 -> Year 1 (youngest of that year).
    pytest.param(D(2015, 8, 31), 2020, 0, 1, id="31-aug-youngest"),
    pytest.param(D(2015, 8, 31), 2019, 0, 0, id="31-aug-reception"),
    # Born 1 Sep 2015: still 4 on 31 Aug 2020 -> Reception (oldest of that year).
    pytest.param(D(2015, 9, 1), 2020, 0, 0, id="1-sep-oldest"),
    # Born 29 Feb 2016: 4 on 31 Aug 2020 -> Reception; 11 on 31 Aug 2027 -> Year 7.
    pytest.param(D(2016, 2, 29), 2020, 0, 0, id="29-feb-reception"),
    pytest.param(D(2016, 2, 29), 2027, 0, 7, id="29-feb-year-7"),
    # Born 1 Nov 2019: 2 on 31 Aug 2022 -> -2; 3 on 31 Aug 2023 -> -1 (nursery).
    pytest.param(D(2019, 11, 1), 2022, 0, -2, id="under-3"),
    pytest.param(D(2019, 11, 1), 2023, 0, -1, id="nursery"),
    # Taught a year behind: chronological Year 7 recorded as Year 6.
    pytest.param(D(2015, 10, 10), 2027, -1, 6, id="offset-behind"),
]


@pytest.mark.parametrize(("dob", "academic_year", "offset", "expected"), YEAR_GROUP_EXAMPLES)
def test_year_group(dob, academic_year, offset, expected):
    assert year_group(dob, academic_year, year_group_offset=offset) == expected


def test_year_group_default_offset_is_chronological():
    assert year_group(D(2015, 10, 10), 2027) == 7


# --- Properties -----------------------------------------------------------------------------------


@given(
    st.dates(min_value=D(1995, 1, 1), max_value=D(2030, 12, 31)),
    st.integers(min_value=1995, max_value=2060),
)
def test_year_group_rises_by_one_each_academic_year(dob, academic_year):
    assert year_group(dob, academic_year + 1) == year_group(dob, academic_year) + 1


@given(st.dates(min_value=D(1995, 1, 1), max_value=D(2030, 12, 31)))
def test_children_born_in_the_same_academic_year_start_reception_together(dob):
    # Born in academic year X (Sept X to Aug X+1) -> aged 4 on 31 Aug X+5 -> Reception in X+5.
    assert year_group(dob, academic_year_of(dob) + 5) == 0


@given(
    st.dates(min_value=D(2000, 1, 1), max_value=D(2030, 12, 31)),
    st.integers(min_value=-2, max_value=13),
    st.booleans(),
    st.integers(min_value=-2, max_value=2),
)
def test_phase_transfer_falls_in_the_year_the_child_moves(dob, to_group, to_post16, offset):
    due = phase_transfer_due(dob, to_group, to_post16=to_post16, year_group_offset=offset)
    assert (due.month, due.day) == ((3, 30) if to_post16 else (2, 14))
    # The child is in to_group in the academic year starting that September, not the one before.
    assert year_group(dob, due.year, year_group_offset=offset) == to_group
    assert year_group(dob, due.year - 1, year_group_offset=offset) == to_group - 1


# --- next_phase_transfer and carried_by: which review must also amend for a transfer --------------

BORN = D(2015, 10, 10)  # Reception Sept 2020, Year 7 Sept 2027, Year 12 Sept 2032
Kind = statutory.TransferKind


@pytest.mark.parametrize(
    ("on", "kwargs", "expected"),
    [
        # No setting known: Reception, Year 7, Year 12 in turn.
        pytest.param(D(2019, 6, 1), {}, (Kind.EARLY_YEARS_TO_SCHOOL, 2020, False), id="reception"),
        pytest.param(D(2026, 6, 1), {}, (Kind.PRIMARY_TO_SECONDARY, 2027, False), id="year-7"),
        pytest.param(D(2027, 9, 1), {}, (Kind.SECONDARY_TO_POST16, 2032, False), id="year-12"),
        pytest.param(
            D(2031, 6, 1),
            {"to_post16_institution": True},
            (Kind.SECONDARY_TO_POST16, 2032, True),
            id="college",
        ),
        # An infant school (to Year 2): into Year 3 in September 2023.
        pytest.param(
            D(2022, 6, 1), {"setting_last_year": 2}, (Kind.INFANT_TO_JUNIOR, 2023, False), id="inf"
        ),
        # A 4-9 first school (to Year 4): into a middle school for Year 5, September 2025.
        pytest.param(
            D(2024, 6, 1), {"setting_last_year": 4}, (Kind.PRIMARY_TO_MIDDLE, 2025, False), id="1st"
        ),
        # A 9-13 middle school (to Year 8): into secondary for Year 9, September 2029.
        pytest.param(
            D(2028, 6, 1),
            {"setting_last_year": 8},
            (Kind.MIDDLE_TO_SECONDARY, 2029, False),
            id="middle",
        ),
        # An 11-18 school: leaving after Year 13 is to a post-16 institution (31 March).
        pytest.param(
            D(2030, 6, 1),
            {"setting_last_year": 13},
            (Kind.SECONDARY_TO_POST16, 2034, True),
            id="sixth-form-leaver",
        ),
        # Taught a year behind: Year 7 a year later.
        pytest.param(
            D(2027, 6, 1),
            {"year_group_offset": -1},
            (Kind.PRIMARY_TO_SECONDARY, 2028, False),
            id="year-behind",
        ),
    ],
)
def test_next_phase_transfer(on, kwargs, expected):
    transfer = statutory.next_phase_transfer(BORN, on, **kwargs)
    assert (transfer.kind, transfer.year, transfer.to_post16_institution) == expected


def test_no_transfer_once_past_the_settings_last_year():
    assert statutory.next_phase_transfer(BORN, D(2034, 9, 1), setting_last_year=13) is None


def test_a_setting_the_child_is_past_falls_back_to_the_usual_pattern():
    # Recorded at an infant school (to Year 2) while in Year 5 (2025/26): Year 7 in 2027.
    found = statutory.next_phase_transfer(BORN, D(2025, 10, 1), setting_last_year=2)
    assert (found.kind, found.year) == (Kind.PRIMARY_TO_SECONDARY, 2027)


@pytest.mark.parametrize(
    ("start", "due", "carried"),
    [
        # Year 7 in September 2027: deadline 14 Feb 2027; the window opens 1 Sep 2026.
        pytest.param(D(2026, 2, 2), D(2027, 2, 1), True, id="due-1-feb-of-the-year"),
        pytest.param(D(2025, 10, 1), D(2026, 9, 30), True, id="due-in-the-autumn-before"),
        pytest.param(D(2025, 9, 1), D(2026, 8, 31), False, id="due-the-day-before-the-window"),
        pytest.param(D(2025, 9, 2), D(2026, 9, 1), True, id="due-the-day-the-window-opens"),
        # Due in June 2027, after the deadline: carries it, so must be held early.
        pytest.param(D(2026, 6, 20), D(2027, 6, 19), True, id="due-after-the-deadline"),
        # Counted from after the deadline: the duty was another review's.
        pytest.param(D(2027, 2, 15), D(2028, 2, 14), False, id="started-after-the-deadline"),
        pytest.param(D(2027, 2, 13), D(2028, 2, 12), True, id="started-the-day-before"),
        # A plan made in the autumn before the move: its first review straddles the move.
        pytest.param(D(2026, 11, 1), D(2027, 10, 31), True, id="made-in-the-autumn-before"),
    ],
)
def test_which_review_carries_a_phase_transfer(start, due, carried):
    transfer = statutory.PhaseTransfer(Kind.PRIMARY_TO_SECONDARY, 2027)
    assert transfer.deadline == D(2027, 2, 14)
    assert transfer.carried_by(start, due) is carried


@given(born=st.dates(D(2000, 1, 1), D(2025, 12, 31)), on=st.dates(D(2005, 1, 1), D(2045, 1, 1)))
def test_the_next_transfer_is_after_the_day_and_before_15_feb_or_31_mar(born, on):
    found = statutory.next_phase_transfer(born, on, to_post16_institution=True)
    if found is not None:
        assert found.moves_on > on
        assert (found.deadline.month, found.deadline.day) in ((2, 14), (3, 30))
        assert found.deadline.year == found.year
