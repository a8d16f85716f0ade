"""Tests for cases.statutory: the time limits of an assessment (by regime), advice, the draft
and consultation periods, re-assessment, the working-practice checkpoints and tribunal appeals.

Every expected date below was worked out by hand from docs/domain/statutory.md, not copied
from the implementation; the conventions of the rules are in test_statutory_clock.py.
"""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cases.statutory import (
    REGIME_EHCP,
    REGIME_STATEMENT,
    add_months,
    advice_due,
    assessment_deadlines,
    consultation_response_due,
    draft_comments_due,
    draft_plan_checkpoint,
    earliest_final_after_draft,
    issue_decision_checkpoint,
    reassessment_final_plan_due,
    served_by_post,
    tribunal_appeal_deadline,
)
from cases.statutory.counting import business_days_after, is_business_day

D = date

# --- Worked examples: (function, args, kwargs, expected) ------------------------------------------


def test_business_days_are_weekdays_that_are_not_bank_holidays_in_england():
    assert is_business_day(D(2026, 12, 4)) and not is_business_day(D(2026, 12, 5))
    assert not is_business_day(D(2026, 8, 31))  # late summer bank holiday (England)
    assert is_business_day(D(2026, 8, 3))  # the Scottish summer holiday is not England's
    assert not is_business_day(D(2027, 12, 28))  # Boxing Day, observed
    with pytest.raises(ValueError):
        business_days_after(D(2026, 12, 4), 0)


WORKED_EXAMPLES = [
    # Re-assessment 14 weeks = 98 days from 2023-12-20: Dec 31 (+11), Jan 31 (+42),
    # Feb 29 (+71), Mar 27 (+98).
    pytest.param(
        reassessment_final_plan_due, (D(2023, 12, 20),), {}, D(2024, 3, 27), id="reassess-14w"
    ),
    # Advice 6 weeks = 42 days from 2024-12-30: Dec 31 (+1), Jan 31 (+32), Feb 10 (+42).
    pytest.param(advice_due, (D(2024, 12, 30),), {}, D(2025, 2, 10), id="advice-year-end"),
    # Advice from 2024-02-19: Feb 29 (+10), Mar 31 (+41), Apr 1 (+42).
    pytest.param(advice_due, (D(2024, 2, 19),), {}, D(2024, 4, 1), id="advice-leap"),
    # Service by first class post (Interpretation Act 1978 s7, read as CPR 6.26): the second
    # day after posting if a business day, else the next business day.
    # Posted Tuesday 1 December 2026: Thursday 3 December.
    pytest.param(served_by_post, (D(2026, 12, 1),), {}, D(2026, 12, 3), id="posted-tuesday"),
    # Posted Friday 4 December 2026: Sunday 6th is not a business day, Monday 7th.
    pytest.param(served_by_post, (D(2026, 12, 4),), {}, D(2026, 12, 7), id="posted-friday"),
    # Posted Thursday 24 December 2026: Sat 26, Sun 27, Mon 28 (Boxing Day, observed): Tue 29.
    pytest.param(served_by_post, (D(2026, 12, 24),), {}, D(2026, 12, 29), id="posted-christmas"),
    # Posted Wednesday 1 April 2026: Friday 3 April is Good Friday, Monday 6th Easter Monday.
    pytest.param(served_by_post, (D(2026, 4, 1),), {}, D(2026, 4, 7), id="posted-easter"),
    # Two business days after Thursday 24 December 2026: Tuesday 29th and Wednesday 30th.
    pytest.param(business_days_after, (D(2026, 12, 24), 2), {}, D(2026, 12, 30), id="bd-xmas"),
    pytest.param(business_days_after, (D(2026, 12, 18), 2), {}, D(2026, 12, 22), id="bd-friday"),
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


# --- Properties -----------------------------------------------------------------------------------

dates = st.dates(min_value=D(1990, 1, 1), max_value=D(2100, 12, 31))


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


@given(dates, st.one_of(st.none(), dates))
def test_tribunal_deadline_is_never_before_two_months_from_the_letter(letter, certificate):
    deadline = tribunal_appeal_deadline(letter, certificate)
    assert deadline >= add_months(letter, 2)
    if certificate is not None:
        assert deadline >= add_months(certificate, 1)
        assert deadline in (add_months(letter, 2), add_months(certificate, 1))
