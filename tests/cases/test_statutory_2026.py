"""Worked examples for the rules corrected or added in December 2026 (issue 15), written from the
text of the Act and the Regulations; each expected date is worked by hand in its comment.

* CFA 2014 s44(1): "the period of 12 months starting with" a day (that day is day 1).
* SI 2014/1530 reg 15(4): "within 6 weeks of the date of the transfer"; reg 15(5): "before the
  expiry of the later of" 12 months beginning with the last review and 3 months beginning with
  the transfer.
* reg 18(1): "before" 15 February / 31 March; reg 2(1): the six kinds of phase transfer.
* reg 22(4): a decision not to amend within the 8 weeks; reg 25(1): 15 days to decide whether
  to re-assess; reg 27(2): 14 weeks from that notice.
* regs 29-30 and s45: who may lose a plan, and when it really ceases.
* Education Act 1996 s8: compulsory school age from the prescribed day after the 5th birthday.
"""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cases import statutory
from cases.statutory import TransferKind

D = date


# --- Counting "N months starting with" ------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (D(2024, 3, 10), 12, D(2025, 3, 9)),  # the rules' example
        (D(2024, 3, 9), 12, D(2025, 3, 8)),  # the day before
        (D(2024, 3, 11), 12, D(2025, 3, 10)),  # the day after
        (D(2024, 2, 29), 12, D(2025, 2, 28)),  # no 29 Feb 2025: ends with February
        (D(2023, 3, 1), 12, D(2024, 2, 29)),  # the day before 1 Mar 2024, a leap day
        (D(2024, 3, 1), 12, D(2025, 2, 28)),
        (D(2024, 8, 31), 6, D(2025, 2, 28)),  # no 31 Feb: ends with February
        (D(2024, 1, 1), 12, D(2024, 12, 31)),
        (D(2026, 4, 1), 3, D(2026, 6, 30)),  # 3 months beginning with 1 April
        (D(2026, 3, 31), 3, D(2026, 6, 30)),  # no 31 June: ends with June
    ],
)
def test_months_starting_with(start, months, expected):
    assert statutory.months_starting_with(start, months) == expected


@given(st.dates(D(1990, 1, 1), D(2090, 12, 31)), st.integers(1, 24))
def test_a_period_starting_with_a_day_ends_before_the_next_one_starts(start, months):
    end = statutory.months_starting_with(start, months)
    following = end + timedelta(days=1)
    # The next period starts on the same day `months` on, or on the 1st after a short month.
    assert following in (
        statutory.add_months(start, months),
        statutory.add_months(start, months) + timedelta(days=1),
    )
    assert end < statutory.add_months(start, months) or following.day == 1


def test_months_starting_with_needs_a_month():
    with pytest.raises(ValueError):
        statutory.months_starting_with(D(2024, 1, 1), 0)


# --- Reviews: s44(1), under-5s --------------------------------------------------------------------


def test_a_review_decided_on_the_due_day_starts_the_next_from_that_day():
    # Made 10 March 2024 -> reviewed by 9 March 2025. Decision sent 9 March 2025 -> next review by
    # 8 March 2026.
    first = statutory.next_review_due(D(2024, 3, 10))
    assert first == D(2025, 3, 9)
    assert statutory.next_review_due(first) == D(2026, 3, 8)


@pytest.mark.parametrize(
    ("born", "expected"),
    [
        (D(2021, 10, 10), D(2021 + 5, 12, 31)),  # 5 on 10 Oct 2026 -> 31 Dec 2026
        (D(2021, 3, 31), D(2026, 3, 31)),  # 5 on a prescribed day: that day
        (D(2021, 4, 1), D(2026, 8, 31)),  # the day after one: the next
        (D(2021, 8, 31), D(2026, 8, 31)),
        (D(2021, 9, 1), D(2026, 12, 31)),
        (D(2021, 12, 31), D(2026, 12, 31)),
        (D(2022, 1, 1), D(2027, 3, 31)),
        (D(2020, 2, 29), D(2025, 3, 31)),  # 5 on 1 March 2025 (no 29 Feb)
    ],
)
def test_compulsory_school_age(born, expected):
    assert statutory.compulsory_school_age_from(born) == expected


def test_the_under_fives_default_to_six_months_until_school_age():
    born = D(2021, 10, 10)  # compulsory school age from 31 Dec 2026
    assert statutory.default_review_interval(born, D(2026, 12, 30)) == 6
    assert statutory.default_review_interval(born, D(2026, 12, 31)) == 12
    assert statutory.review_interval(born, D(2024, 1, 1)) == 6
    assert statutory.review_interval(born, D(2024, 1, 1), chosen=3) == 3
    assert statutory.review_interval(born, D(2028, 1, 1), chosen=12) == 12
    with pytest.raises(ValueError):
        statutory.review_interval(born, D(2024, 1, 1), chosen=13)
    # Six months starting with 10 January 2026: by 9 July 2026.
    assert statutory.next_review_due(D(2026, 1, 10), 6) == D(2026, 7, 9)


# --- A plan transferred in: reg 15 ----------------------------------------------------------------


def test_the_family_is_told_within_six_weeks_of_the_transfer():
    # 2 March 2026 + 42 days: Mar 31 (+29), Apr 13 (+42).
    assert statutory.transfer_in_notice_due(D(2026, 3, 2)) == D(2026, 4, 13)
    assert statutory.transfer_in_notice_due(D(2025, 12, 30)) == D(2026, 2, 10)


@pytest.mark.parametrize(
    ("transferred", "last_reviewed", "expected"),
    [
        # 12 months from 10 May 2025 end 9 May 2026; 3 months from 1 April 2026 end 30 June.
        pytest.param(D(2026, 4, 1), D(2025, 5, 10), D(2026, 6, 30), id="3-months-later"),
        # 3 months from 1 January 2026 end 31 March; 12 months end 9 May: the later.
        pytest.param(D(2026, 1, 1), D(2025, 5, 10), D(2026, 5, 9), id="12-months-later"),
        # Just before the 12-month point (transfer 8 May 2026): 3 months end 7 August.
        pytest.param(D(2026, 5, 8), D(2025, 5, 10), D(2026, 8, 7), id="just-before-12m"),
        # Just after it (transfer 10 May 2026, a plan already overdue elsewhere): still 3
        # months from the transfer, 9 August, never "overdue on arrival".
        pytest.param(D(2026, 5, 10), D(2025, 5, 10), D(2026, 8, 9), id="just-after-12m"),
        # 3 months equal to the 12: 9 Feb 2026 + 3 -> 8 May; 12 months from 9 May 2025 -> 8 May.
        pytest.param(D(2026, 2, 9), D(2025, 5, 9), D(2026, 5, 8), id="both-the-same-day"),
        # Last reviewed 29 Feb 2024, transferred 1 Dec 2024: 28 Feb 2025 vs 28 Feb 2025.
        pytest.param(D(2024, 12, 1), D(2024, 2, 29), D(2025, 2, 28), id="leap-day"),
    ],
)
def test_the_first_review_after_a_transfer_in(transferred, last_reviewed, expected):
    assert statutory.transfer_in_review_due(transferred, last_reviewed) == expected


# --- Phase transfer: regs 2 and 18 ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("year", "post16", "last_day"),
    [
        (2027, False, D(2027, 2, 14)),  # "before 15 February": 14 February is the last day
        (2028, False, D(2028, 2, 14)),  # a leap year changes nothing
        (2027, True, D(2027, 3, 30)),  # "before 31 March": 30 March
    ],
)
def test_before_the_date_means_by_the_day_before(year, post16, last_day):
    deadline = statutory.phase_transfer_deadline(year, post16)
    assert deadline == last_day
    # An amended plan issued on 15 February (31 March) is late; on the 14th (30th) in time.
    assert statutory.deadline_status(deadline, deadline, deadline) == statutory.Status.MET
    late = deadline + timedelta(days=1)
    assert statutory.deadline_status(deadline, late, late) == statutory.Status.MET_LATE


@pytest.mark.parametrize(
    ("ages", "nursery", "years", "kind"),
    [
        ((4, 11), False, (0, 6), TransferKind.PRIMARY_TO_SECONDARY),
        ((3, 11), False, (-1, 6), TransferKind.PRIMARY_TO_SECONDARY),
        ((4, 7), False, (0, 2), TransferKind.INFANT_TO_JUNIOR),
        ((7, 11), False, (3, 6), TransferKind.PRIMARY_TO_SECONDARY),
        ((4, 9), False, (0, 4), TransferKind.PRIMARY_TO_MIDDLE),
        ((9, 13), False, (5, 8), TransferKind.MIDDLE_TO_SECONDARY),
        ((8, 12), False, (4, 7), TransferKind.MIDDLE_TO_SECONDARY),
        ((13, 18), False, (9, 13), TransferKind.SECONDARY_TO_POST16),
        ((11, 16), False, (7, 11), TransferKind.SECONDARY_TO_POST16),
        ((2, 19), False, (-2, 14), TransferKind.SECONDARY_TO_POST16),
        ((2, 5), True, (-2, -1), TransferKind.EARLY_YEARS_TO_SCHOOL),
    ],
)
def test_a_settings_age_range_gives_its_year_groups_and_the_move_out(ages, nursery, years, kind):
    first, last = statutory.setting_year_groups(*ages, early_years_only=nursery)
    assert (first, last) == years
    assert statutory.transfer_kind_leaving(last) == kind


def test_a_middle_school_child_moves_into_year_9():
    # Born 1 Dec 2016: Year 5 in 2026/27 at a 9-13 middle school (to Year 8), so the move is into
    # Year 9 in September 2030, reviewed and amended by 14 February 2030.
    born = D(2016, 12, 1)
    assert statutory.year_group(born, 2026) == 5
    transfer = statutory.next_phase_transfer(born, D(2026, 12, 6), setting_last_year=8)
    assert transfer.kind == TransferKind.MIDDLE_TO_SECONDARY
    assert transfer.year == 2030
    assert transfer.deadline == D(2030, 2, 14)
    # The review due 1 February 2030 carries it; the one due 1 February 2029 does not.
    assert transfer.carried_by(D(2029, 2, 2), D(2030, 2, 1))
    assert not transfer.carried_by(D(2028, 2, 2), D(2029, 2, 1))


def test_an_out_of_year_child_moves_with_their_class():
    # Born 20 Aug 2015 (youngest in the year), taught a year behind: Year 7 in September 2027,
    # not 2026.
    born = D(2015, 8, 20)
    chronological = statutory.next_phase_transfer(born, D(2025, 10, 1))
    behind = statutory.next_phase_transfer(born, D(2025, 10, 1), year_group_offset=-1)
    assert (chronological.year, behind.year) == (2026, 2027)
    assert behind.deadline == D(2027, 2, 14)


# --- Amendment and re-assessment: regs 22, 25, 27 -------------------------------------------------


def test_the_decision_not_to_amend_is_due_in_the_same_8_weeks():
    # Proposals 3 March 2026 + 56 days: Mar 31 (+28), Apr 28 (+56).
    assert statutory.decision_not_to_amend_due(D(2026, 3, 3)) == D(2026, 4, 28)
    assert statutory.amended_plan_due(D(2026, 3, 3)) == D(2026, 4, 28)


def test_reassessment_limits():
    # reg 25(1): within 15 days of receiving the request: 1 March -> 16 March.
    assert statutory.reassessment_decision_due(D(2026, 3, 1)) == D(2026, 3, 16)
    # Across a month end: 20 Feb 2026 + 15 = 7 March (28-day February).
    assert statutory.reassessment_decision_due(D(2026, 2, 20)) == D(2026, 3, 7)
    # reg 27(2): 14 weeks (98 days) from the notice: 16 March -> Mar 31 (+15), Apr 30 (+45),
    # May 31 (+76), Jun 22 (+98).
    assert statutory.reassessment_final_plan_due(D(2026, 3, 16)) == D(2026, 6, 22)


# --- Ceasing: s45, regs 29-30 ---------------------------------------------------------------------

BORN_2011 = D(2011, 5, 20)  # 15 in 2026, 18 on 20 May 2029


@pytest.mark.parametrize("reason", ["3", "4", "6", "9", "1"])
def test_under_18_a_plan_cannot_cease_for_other_reasons(reason):
    error = statutory.cease_reason_error(reason, BORN_2011, D(2026, 12, 6))
    assert error is not None
    assert "under 18" in error


@pytest.mark.parametrize("reason", ["2", "5", "7", "8"])
def test_under_18_no_longer_necessary_or_no_longer_responsible(reason):
    assert statutory.cease_reason_error(reason, BORN_2011, D(2026, 12, 6)) is None


def test_the_18th_birthday_is_the_edge():
    assert statutory.cease_reason_error("6", BORN_2011, D(2029, 5, 19)) is not None
    assert statutory.cease_reason_error("6", BORN_2011, D(2029, 5, 20)) is None
    assert statutory.cease_reason_error("4", BORN_2011, D(2029, 5, 20)) is None


def test_reached_maximum_age_only_from_25():
    assert statutory.cease_reason_error("1", D(2001, 5, 20), D(2026, 5, 19)) is not None
    assert statutory.cease_reason_error("1", D(2001, 5, 20), D(2026, 5, 20)) is None


def test_over_18_the_outcomes_must_be_considered_unless_no_longer_responsible():
    assert not statutory.needs_outcomes_considered(BORN_2011, D(2029, 5, 19), "2")
    assert statutory.needs_outcomes_considered(BORN_2011, D(2029, 5, 20), "2")
    assert statutory.needs_outcomes_considered(BORN_2011, D(2030, 1, 1), "6")
    assert not statutory.needs_outcomes_considered(BORN_2011, D(2030, 1, 1), "5")


def test_a_plan_ceases_only_once_no_appeal_can_be_brought_or_is_pending():
    notice = D(2026, 3, 10)
    # Appeal window: 2 months from the letter, to 10 May 2026; the plan ceases from 11 May.
    assert statutory.plan_ceases_on(notice, D(2026, 4, 1)) == D(2026, 5, 11)
    # An intended date later than that stands.
    assert statutory.plan_ceases_on(notice, D(2026, 7, 31)) == D(2026, 7, 31)
    # A mediation certificate on 1 May: 1 month from it, 1 June, is later; ceases 2 June.
    assert statutory.plan_ceases_on(
        notice, D(2026, 4, 1), mediation_certificate=D(2026, 5, 1)
    ) == D(2026, 6, 2)
    # An appeal registered: not known until it is decided; then from the day after.
    assert statutory.plan_ceases_on(notice, D(2026, 4, 1), appeal_registered=True) is None
    assert statutory.plan_ceases_on(
        notice, D(2026, 4, 1), appeal_registered=True, appeal_decided=D(2026, 11, 3)
    ) == D(2026, 11, 4)
