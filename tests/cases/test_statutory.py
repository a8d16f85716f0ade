"""Tests for cases.statutory, the statutory clock.

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

from cases import statutory
from cases.statutory import (
    OPEN_STATUS_ORDER,
    REGIME_EHCP,
    REGIME_STATEMENT,
    STATUS_CHOICES,
    STATUS_LABELS,
    Status,
    academic_year_of,
    add_months,
    add_weeks,
    advice_due,
    amended_plan_due,
    amendment_practice_limit,
    assessment_deadlines,
    consultation_response_due,
    deadline_status,
    draft_comments_due,
    draft_plan_checkpoint,
    earliest_final_after_draft,
    early_years_review_due,
    issue_decision_checkpoint,
    next_review_due,
    phase_transfer_deadline,
    phase_transfer_due,
    post16_move_review_due,
    reassessment_final_plan_due,
    review_decision_due,
    review_invitation_by,
    review_report_due,
    transfer_calendar_year,
    tribunal_appeal_deadline,
    week_of_clock,
    week_starts,
    year_group,
)

D = date
ALL_STATUSES = {"on_track", "due_soon", "due_today", "overdue", "met", "met_late", "exempt"}

# --- Worked examples: (function, args, kwargs, expected) -----------------------------------------

WORKED_EXAMPLES = [
    # The example in the rules: 20 weeks = 140 days from Mon 2024-01-08 -> Mon 2024-05-27.
    pytest.param(add_weeks, (D(2024, 1, 8), 20), {}, D(2024, 5, 27), id="rules-20-weeks"),
    # 6 weeks = 42 days across leap February 2028: Feb 1 + 28 = Feb 29, + 14 = Mar 14.
    pytest.param(add_weeks, (D(2028, 2, 1), 6), {}, D(2028, 3, 14), id="6w-leap-2028"),
    # Same in a common year: Feb 1 + 27 = Feb 28, + 15 = Mar 15.
    pytest.param(add_weeks, (D(2027, 2, 1), 6), {}, D(2027, 3, 15), id="6w-common-2027"),
    # Backwards: 2 weeks before 2024-03-07 is Feb 22.
    pytest.param(add_weeks, (D(2024, 3, 7), -2), {}, D(2024, 2, 22), id="negative-weeks"),
    # Re-assessment 14 weeks = 98 days from 2023-12-20: Dec 31 (+11), Jan 31 (+42),
    # Feb 29 (+71), Mar 27 (+98).
    pytest.param(
        reassessment_final_plan_due, (D(2023, 12, 20),), {}, D(2024, 3, 27), id="reassess-14w"
    ),
    # Advice 6 weeks = 42 days from 2024-12-30: Dec 31 (+1), Jan 31 (+32), Feb 10 (+42).
    pytest.param(advice_due, (D(2024, 12, 30),), {}, D(2025, 2, 10), id="advice-year-end"),
    # Advice from 2024-02-19: Feb 29 (+10), Mar 31 (+41), Apr 1 (+42).
    pytest.param(advice_due, (D(2024, 2, 19),), {}, D(2024, 4, 1), id="advice-leap"),
    # Draft served 1 March is day 1; day 15 is 15 March (the rules' example).
    pytest.param(draft_comments_due, (D(2024, 3, 1),), {}, D(2024, 3, 15), id="draft-1-march"),
    pytest.param(
        earliest_final_after_draft, (D(2024, 3, 1),), {}, D(2024, 3, 16), id="final-16-march"
    ),
    # Served 2024-02-20 (day 1); Feb 29 is day 10, Mar 5 day 15.
    pytest.param(draft_comments_due, (D(2024, 2, 20),), {}, D(2024, 3, 5), id="draft-leap"),
    # Served 2023-02-20 (day 1); Feb 28 is day 9, Mar 6 day 15.
    pytest.param(draft_comments_due, (D(2023, 2, 20),), {}, D(2023, 3, 6), id="draft-common"),
    # Served 2023-12-25 (day 1); Dec 31 is day 7, Jan 8 day 15.
    pytest.param(draft_comments_due, (D(2023, 12, 25),), {}, D(2024, 1, 8), id="draft-year-end"),
    # Consultation: 15 days counted the same way; sent 2025-06-20 (day 1), Jun 30 day 11,
    # Jul 4 day 15.
    pytest.param(
        consultation_response_due, (D(2025, 6, 20),), {}, D(2025, 7, 4), id="consultation"
    ),
    pytest.param(
        consultation_response_due, (D(2024, 3, 1),), {}, D(2024, 3, 15), id="consultation-1-mar"
    ),
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
    # add_months clipping and negatives.
    pytest.param(add_months, (D(2024, 1, 31), 1), {}, D(2024, 2, 29), id="31-jan-leap"),
    pytest.param(add_months, (D(2023, 1, 31), 1), {}, D(2023, 2, 28), id="31-jan-common"),
    pytest.param(add_months, (D(2024, 2, 29), 12), {}, D(2025, 2, 28), id="29-feb-plus-12"),
    pytest.param(add_months, (D(2024, 3, 31), -1), {}, D(2024, 2, 29), id="minus-1-clipped"),
    pytest.param(add_months, (D(2024, 1, 15), -13), {}, D(2022, 12, 15), id="minus-13"),
    pytest.param(add_months, (D(2023, 12, 20), 1), {}, D(2024, 1, 20), id="over-year-end"),
    pytest.param(add_months, (D(2023, 11, 30), 26), {}, D(2026, 1, 30), id="plus-26"),
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
    # Post-16 move at another time: 5 months before 31 Jan 2025 is 31 Aug 2024; before
    # 31 Jul 2025 is 31 Feb, clipped to 28 Feb 2025.
    pytest.param(post16_move_review_due, (D(2025, 1, 31),), {}, D(2024, 8, 31), id="post16-5m"),
    pytest.param(post16_move_review_due, (D(2025, 7, 31),), {}, D(2025, 2, 28), id="post16-clip"),
    # Tribunal: 2 months from the letter, or 1 month from the certificate, whichever later.
    # Letter 31 Dec 2024 + 2 months = 31 Feb -> 28 Feb 2025.
    pytest.param(tribunal_appeal_deadline, (D(2024, 12, 31),), {}, D(2025, 2, 28), id="tribunal"),
    # Certificate 10 Feb 2025 + 1 month = 10 Mar 2025, later than 28 Feb.
    pytest.param(
        tribunal_appeal_deadline,
        (D(2024, 12, 31), D(2025, 2, 10)),
        {},
        D(2025, 3, 10),
        id="tribunal-cert-later",
    ),
    # Certificate 15 Jan 2025 + 1 month = 15 Feb, earlier than 28 Feb: the letter's date wins.
    pytest.param(
        tribunal_appeal_deadline,
        (D(2024, 12, 31), D(2025, 1, 15)),
        {},
        D(2025, 2, 28),
        id="tribunal-letter-later",
    ),
    # Letter 29 Dec 2023 + 2 months = 29 Feb 2024 (exists in a leap year).
    pytest.param(tribunal_appeal_deadline, (D(2023, 12, 29),), {}, D(2024, 2, 29), id="trib-leap"),
    # Working-practice checkpoints from 2024-01-08: week 14 = +98 days: Jan 31 (+23),
    # Feb 29 (+52), Mar 31 (+83), Apr 15 (+98); week 16 = +112 days = Apr 29.
    pytest.param(draft_plan_checkpoint, (D(2024, 1, 8),), {}, D(2024, 4, 15), id="checkpoint-14"),
    pytest.param(
        issue_decision_checkpoint, (D(2024, 1, 8),), {}, D(2024, 4, 29), id="checkpoint-16"
    ),
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


# --- Assessment deadlines by regime ---------------------------------------------------------------

ASSESSMENT_EXAMPLES = [
    # From Mon 2024-01-08: +42 = Feb 19; +112 = Apr 29 (Feb 19 + 10 = Feb 29, + 31 = Mar 31,
    # + 29 = Apr 29); +140 = May 27 (the rules' example).
    pytest.param(
        REGIME_EHCP,
        D(2024, 1, 8),
        {
            "decision_to_assess": D(2024, 2, 19),
            "notice_not_to_issue": D(2024, 4, 29),
            "final_plan": D(2024, 5, 27),
        },
        id="ehcp-rules-example",
    ),
    # Statements from 2024-01-08: 18 weeks = +126 = Apr 29 + 14 = May 13;
    # 26 weeks = +182 = May 27 + 42: May 31 (+4), Jun 30 (+34), Jul 8 (+42).
    pytest.param(
        REGIME_STATEMENT,
        D(2024, 1, 8),
        {
            "decision_to_assess": D(2024, 2, 19),
            "proposed_statement": D(2024, 5, 13),
            "final_statement": D(2024, 7, 8),
        },
        id="statement-2024",
    ),
    # Received 2023-12-20 (year end): +42: Dec 31 (+11), Jan 31 (+42).
    # +112: Jan 31 + 70: Feb 29 (+29), Mar 31 (+60), Apr 10 (+70). +140: Apr 10 + 28 = May 8.
    pytest.param(
        REGIME_EHCP,
        D(2023, 12, 20),
        {
            "decision_to_assess": D(2024, 1, 31),
            "notice_not_to_issue": D(2024, 4, 10),
            "final_plan": D(2024, 5, 8),
        },
        id="ehcp-year-end",
    ),
    # Statement from 2023-12-20: +126 = Apr 10 + 14 = Apr 24; +182 = May 8 + 42:
    # May 31 (+23), Jun 19 (+42).
    pytest.param(
        REGIME_STATEMENT,
        D(2023, 12, 20),
        {
            "decision_to_assess": D(2024, 1, 31),
            "proposed_statement": D(2024, 4, 24),
            "final_statement": D(2024, 6, 19),
        },
        id="statement-year-end",
    ),
    # Received on 29 Feb 2024: +42: Mar 31 (+31), Apr 11 (+42). +112: Apr 30 (+61),
    # May 31 (+92), Jun 20 (+112). +140: Jun 30 (+122), Jul 18 (+140).
    pytest.param(
        REGIME_EHCP,
        D(2024, 2, 29),
        {
            "decision_to_assess": D(2024, 4, 11),
            "notice_not_to_issue": D(2024, 6, 20),
            "final_plan": D(2024, 7, 18),
        },
        id="ehcp-29-feb",
    ),
    # Received 2028-02-01: +42 = Mar 14 (leap Feb). +112: Feb 29 (+28), Mar 31 (+59),
    # Apr 30 (+89), May 23 (+112). +140: May 23 + 28 = Jun 20.
    pytest.param(
        REGIME_EHCP,
        D(2028, 2, 1),
        {
            "decision_to_assess": D(2028, 3, 14),
            "notice_not_to_issue": D(2028, 5, 23),
            "final_plan": D(2028, 6, 20),
        },
        id="ehcp-2028",
    ),
]


@pytest.mark.parametrize(("regime", "received", "expected"), ASSESSMENT_EXAMPLES)
def test_assessment_deadlines(regime, received, expected):
    assert assessment_deadlines(regime, received) == expected


def test_regime_constants_are_the_documented_strings():
    assert (REGIME_EHCP, REGIME_STATEMENT) == ("ehcp", "statement")


@pytest.mark.parametrize("regime", ["", "plan", "EHCP", "statements", None])
def test_unknown_regime_is_rejected(regime):
    with pytest.raises(ValueError, match="regime"):
        assessment_deadlines(regime, D(2024, 1, 8))


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


@given(dates)
def test_assessment_deadlines_are_ordered(received):
    ehcp = assessment_deadlines(REGIME_EHCP, received)
    assert received < ehcp["decision_to_assess"] < ehcp["notice_not_to_issue"]
    assert ehcp["notice_not_to_issue"] < ehcp["final_plan"]
    statement = assessment_deadlines(REGIME_STATEMENT, received)
    assert received < statement["decision_to_assess"] < statement["proposed_statement"]
    assert statement["proposed_statement"] < statement["final_statement"]
    # Working practice sits inside the legal limit: week 14 draft, week 16 decision.
    assert draft_plan_checkpoint(received) < issue_decision_checkpoint(received)
    assert issue_decision_checkpoint(received) < ehcp["final_plan"]


@given(dates)
def test_draft_period_is_fifteen_days_counting_service_day(served):
    assert (draft_comments_due(served) - served).days == 14
    assert (earliest_final_after_draft(served) - served).days == 15
    assert (consultation_response_due(served) - served).days == 14


@given(dates, st.integers(min_value=0, max_value=400))
def test_week_of_clock_counts_from_one(received, offset):
    day = received + timedelta(days=offset)
    week = week_of_clock(received, day)
    assert week >= 1
    # Week n runs from week_starts(n) to received + 7n, and the N-week limit closes week N.
    assert week_starts(received, week) <= day <= received + timedelta(days=7 * week)
    assert week_of_clock(received, add_weeks(received, week)) == week


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


@given(dates, st.one_of(st.none(), dates))
def test_tribunal_deadline_is_never_before_two_months_from_the_letter(letter, certificate):
    deadline = tribunal_appeal_deadline(letter, certificate)
    assert deadline >= add_months(letter, 2)
    if certificate is not None:
        assert deadline >= add_months(certificate, 1)
        assert deadline in (add_months(letter, 2), add_months(certificate, 1))


# --- next_phase_transfer and carried_by: which review must also amend for a transfer ------------

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
