"""Reviewing a plan: when each review falls due (CFA 2014 s44(1); SI 2014/1530 reg 15 for a plan
transferred in), the review's own steps (regs 20-22) and the under-5s (Code 9.178)."""

from __future__ import annotations

from datetime import date

from .assessment import REGIME_EHCP, REGIME_STATEMENT, REGIMES
from .counting import add_months, add_weeks, months_starting_with

REVIEW_INTERVAL_MONTHS = 12  # "at least every 12 months"
MIN_REVIEW_INTERVAL_MONTHS = 1
MAX_REVIEW_INTERVAL_MONTHS = 12  # more often is allowed, less often is not
EARLY_YEARS_REVIEW_MONTHS = 6  # Code 9.178: consider every 3-6 months for under-5s
REVIEW_INVITATION_NOTICE_WEEKS = 2  # reg 20(3): at least 2 weeks' notice of the meeting
REVIEW_REPORT_WEEKS = 2  # reg 20(7) / 21(7): report within 2 weeks of the meeting
REVIEW_DECISION_WEEKS = 4  # reg 20(10) / 21(8): decide and notify within 4 weeks of the meeting
AMENDED_PLAN_WEEKS = 8  # reg 22(3), and reg 22(4) for a decision not to amend
AMENDMENT_PRACTICE_WEEKS = 12  # in practice: amended plan within 12 weeks of the meeting

TRANSFER_IN_NOTICE_WEEKS = 6  # reg 15(4): tell the family within 6 weeks of the transfer
TRANSFER_IN_REVIEW_MONTHS = 3  # reg 15(5)(b): at least 3 months from the transfer to review

# Compulsory school age begins on the first prescribed day on or after the fifth birthday
# (Education Act 1996 s8(2); the Education (Start of Compulsory School Age) Order 1998).
COMPULSORY_SCHOOL_AGE = 5
PRESCRIBED_DAYS = ((3, 31), (8, 31), (12, 31))


def _check_interval(interval_months: int) -> None:
    if not MIN_REVIEW_INTERVAL_MONTHS <= interval_months <= MAX_REVIEW_INTERVAL_MONTHS:
        raise ValueError(
            f"review interval must be {MIN_REVIEW_INTERVAL_MONTHS} to "
            f"{MAX_REVIEW_INTERVAL_MONTHS} months, not {interval_months}"
        )


def next_review_due(
    previous: date, interval_months: int = REVIEW_INTERVAL_MONTHS, regime: str = REGIME_EHCP
) -> date:
    """Return the last day of the next review, counted from ``previous``: the day the plan was
    first made, or the day it was last reviewed.

    * An EHC plan (CFA 2014 s44(1)): "in the period of 12 months starting with" that day, which
      is day 1: made 10 March 2024, reviewed by 9 March 2025; made 29 February 2024, by
      28 February 2025. A review is done on the day the council notifies its decision after the
      meeting (SI 2014/1530 reg 20(10)), so ``previous`` is that day, not the meeting's.
    * A statement (SI 2001/3455 reg 2, "annual review"): "within 12 months of" making it or of
      the previous review: the same day a year later (29 February -> 28 February).

    ``interval_months`` may be shorter, e.g. for the under-5s (Code 9.178), never longer than
    the statutory 12 months; outside 1..12 raises ``ValueError``.
    """
    _check_interval(interval_months)
    if regime == REGIME_EHCP:
        return months_starting_with(previous, interval_months)
    if regime == REGIME_STATEMENT:
        return add_months(previous, interval_months)
    raise ValueError(f"unknown regime {regime!r}; expected one of {', '.join(REGIMES)}")


def fifth_birthday(date_of_birth: date) -> date:
    """The day a child turns 5, as the under-5s' review prompt falls due (Code 9.178); a 29
    February birthday gives 28 February."""
    return add_months(date_of_birth, 12 * COMPULSORY_SCHOOL_AGE)


def compulsory_school_age_from(date_of_birth: date) -> date:
    """Return the day a child becomes of compulsory school age: the fifth birthday if it is a
    prescribed day (31 March, 31 August, 31 December), otherwise the next prescribed day after it
    (Education Act 1996 s8(2)). Born 10 October 2021: 31 December 2026. Born 31 March 2021:
    31 March 2026. Born 29 February 2020: fifth birthday taken as 1 March 2025, so 31 March 2025.
    """
    fifth = fifth_birthday(date_of_birth)
    if (date_of_birth.month, date_of_birth.day) == (2, 29):
        fifth = date(fifth.year, 3, 1)
    for month, day in PRESCRIBED_DAYS:
        prescribed = date(fifth.year, month, day)
        if prescribed >= fifth:
            return prescribed
    raise AssertionError("31 December ends every year")  # pragma: no cover


def default_review_interval(date_of_birth: date, on: date) -> int:
    """Return the review interval in months a plan takes by default on ``on``: 6 for a child not
    yet of compulsory school age (Code 9.178: consider every 3 to 6 months for the under-5s),
    otherwise the statutory 12 (CFA 2014 s44(1))."""
    if on < compulsory_school_age_from(date_of_birth):
        return EARLY_YEARS_REVIEW_MONTHS
    return REVIEW_INTERVAL_MONTHS


def review_interval(date_of_birth: date, on: date, chosen: int | None = None) -> int:
    """Return the interval for a review counted from ``on``: the one a caseworker chose for the
    plan (with a reason kept in its history), else :func:`default_review_interval`."""
    if chosen is None:
        return default_review_interval(date_of_birth, on)
    _check_interval(chosen)
    return chosen


def early_years_review_due(previous: date, months: int = EARLY_YEARS_REVIEW_MONTHS) -> date:
    """Return the next review date for a child under 5, for whom Code 9.178 says to consider a
    review every 3 to 6 months (default 6). Any interval of 1..12 months is accepted, as for
    :func:`next_review_due`, because the Code's range is guidance."""
    return next_review_due(previous, interval_months=months)


# --- A plan transferred in from another council (SI 2014/1530 reg 15) ----------------------------


def transfer_in_notice_due(transferred: date) -> date:
    """Return the last day to tell the family the plan has been transferred, whether the new
    council proposes to assess and when it will review the plan: "within 6 weeks of the date of
    the transfer" (SI 2014/1530 reg 15(4)): transferred 2 March 2026, by 13 April 2026."""
    return add_weeks(transferred, TRANSFER_IN_NOTICE_WEEKS)


def transfer_in_review_due(transferred: date, last_reviewed: date) -> date:
    """Return the last day for the new council's first review of a plan transferred in: "before
    the expiry of the later of" the period of 12 months beginning with the day the plan was made
    or last reviewed, and the period of 3 months beginning with the date of the transfer
    (SI 2014/1530 reg 15(5)).

    Last reviewed 10 May 2025, transferred 1 April 2026: 12 months end 9 May 2026, 3 months end
    30 June 2026, so review by 30 June 2026. Transferred 1 January 2026 instead: 3 months end
    31 March, 12 months 9 May: review by 9 May 2026.
    """
    return max(
        months_starting_with(last_reviewed, REVIEW_INTERVAL_MONTHS),
        months_starting_with(transferred, TRANSFER_IN_REVIEW_MONTHS),
    )


# --- The review's own steps (SI 2014/1530 regs 20-22) ---------------------------------------------


def review_invitation_by(meeting: date) -> date:
    """Return the last day to send invitations to a review meeting: at least 2 weeks before it
    (SI 2014/1530 regs 20(3), 21(3))."""
    return add_weeks(meeting, -REVIEW_INVITATION_NOTICE_WEEKS)


def review_report_due(meeting: date) -> date:
    """Return the limit for the report of a review meeting: 2 weeks after it
    (SI 2014/1530 regs 20(7), 21(7))."""
    return add_weeks(meeting, REVIEW_REPORT_WEEKS)


def review_decision_due(meeting: date) -> date:
    """Return the limit for deciding to maintain, amend or cease the plan and notifying the
    family: 4 weeks after the review meeting (SI 2014/1530 regs 20(10), 21(8)); since R (L, M & P)
    v Devon CC [2022] EWHC 493 (Admin) the proposed amendments go with this decision. The
    review is complete on the day this decision is notified."""
    return add_weeks(meeting, REVIEW_DECISION_WEEKS)


def amended_plan_due(proposals_sent: date) -> date:
    """Return the limit for the final amended plan: 8 weeks from sending the proposed
    amendments (SI 2014/1530 reg 22(3)): proposals sent 3 March 2026, amended plan by 28 April
    2026."""
    return add_weeks(proposals_sent, AMENDED_PLAN_WEEKS)


def decision_not_to_amend_due(proposals_sent: date) -> date:
    """Return the limit for telling the family that, after their representations, the council
    will not amend the plan after all: the same 8 weeks from the proposed amendments
    (SI 2014/1530 reg 22(4)), with their right of appeal."""
    return add_weeks(proposals_sent, AMENDED_PLAN_WEEKS)


def amendment_practice_limit(meeting: date) -> date:
    """Return 12 weeks after the review meeting: the 4-week decision plus the 8 weeks of
    SI 2014/1530 reg 22, which is how councils measure amendments in practice. Used to flag, not
    a statutory limit in itself."""
    return add_weeks(meeting, AMENDMENT_PRACTICE_WEEKS)
