"""The statutory clock: time limits for SEND casework in England.

Dates go in, dates and statuses come out; nothing here touches the database, so the rules can be
read, and tested, next to the law they implement.

Sources (texts on legislation.gov.uk; the product's summary is in shared/domain/STATUTORY.md):

* Children and Families Act 2014 (CFA), s36 (requests for assessment) and s24 (responsibility).
* The Special Educational Needs and Disability Regulations 2014, SI 2014/1530 ("SEND Regs"):
  reg 5 (decision to assess), reg 8 (advice), reg 10 (notice not to issue a plan, exceptions),
  reg 13 (draft and final plan), reg 18 (phase transfer), regs 20-22 (review and amendment),
  reg 27 (re-assessment).
* The Education (Special Educational Needs) (England) (Consolidation) Regulations 2001,
  SI 2001/3455, reg 12, with the SEN Code of Practice 2001 (the statement timetable).
* The SEND Code of Practice: 0 to 25 years (2015) ("the Code"): 9.83 (consulting schools),
  9.178 (reviews for the under-5s); it is guidance, not law.
* Appeals: First-tier Tribunal (SEND) time limits as summarised in STATUTORY.md "Disagreement".

Counting time (STATUTORY.md "Counting time"): weeks are calendar weeks and school holidays do
not stop the clock. A limit of N weeks from a date ends on ``date + 7 * N`` days and a step done
on or before that day is in time; :func:`add_weeks` is the only place that convention lives.
Periods of "N days beginning with" a day count that day as day 1. "N months" from a date ends
on the same day of the month, clipped to the month's end (:func:`add_months`).

Exceptions (SEND Regs reg 10(4), reg 8(2)) are recorded by caseworkers, not computed here; they
reach this module only as the ``exempt`` flag of :func:`deadline_status`.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from enum import StrEnum

# --- Regimes ------------------------------------------------------------------------------------

REGIME_EHCP = "ehcp"
"""EHC needs assessment and plan, CFA 2014 and SI 2014/1530."""
REGIME_STATEMENT = "statement"
"""Statutory assessment and statement, Education Act 1996 and SI 2001/3455."""
REGIMES = (REGIME_EHCP, REGIME_STATEMENT)

# --- EHC needs assessment and plan (SI 2014/1530) ------------------------------------------------

DECISION_TO_ASSESS_WEEKS = 6  # reg 5(1)
ADVICE_WEEKS = 6  # reg 8(1)
NOTICE_NOT_TO_ISSUE_WEEKS = 16  # reg 10(1)
FINAL_PLAN_WEEKS = 20  # reg 13(2)
REASSESSMENT_FINAL_PLAN_WEEKS = 14  # reg 27(2)
DRAFT_COMMENTS_DAYS = 15  # reg 13(1): "at least 15 days, beginning with the day ... served"
CONSULTATION_RESPONSE_DAYS = 15  # Code 9.83 (guidance)

# Published working practice, not law: used only to warn that the 20 weeks are at risk.
DRAFT_PLAN_CHECKPOINT_WEEKS = 14
ISSUE_DECISION_CHECKPOINT_WEEKS = 16

# --- Statements (SI 2001/3455 reg 12, SEN Code of Practice 2001) ---------------------------------

STATEMENT_DECISION_TO_ASSESS_WEEKS = 6
STATEMENT_PROPOSED_WEEKS = 18  # 6 to decide + 10 to assess + 2 to draft
STATEMENT_FINAL_WEEKS = 26  # 18 + 8 to finalise

# --- Annual review (CFA 2014 s44; SI 2014/1530 regs 20-22; Code 9.178) ----------------------------

REVIEW_INTERVAL_MONTHS = 12  # "at least every 12 months"
MIN_REVIEW_INTERVAL_MONTHS = 1
MAX_REVIEW_INTERVAL_MONTHS = 12  # more often is allowed, less often is not
EARLY_YEARS_REVIEW_MONTHS = 6  # Code 9.178: consider every 3-6 months for under-5s
REVIEW_INVITATION_NOTICE_WEEKS = 2  # invitations at least 2 weeks before the meeting
REVIEW_REPORT_WEEKS = 2  # report of the meeting (regs 20/21)
REVIEW_DECISION_WEEKS = 4  # maintain / amend / cease
AMENDED_PLAN_WEEKS = 8  # reg 22: final amended plan after the proposals are sent
AMENDMENT_PRACTICE_WEEKS = 12  # in practice: amended plan within 12 weeks of the meeting

# --- Phase transfer (SI 2014/1530 reg 18) ---------------------------------------------------------

PHASE_TRANSFER_MONTH, PHASE_TRANSFER_DAY = 2, 15  # 15 February of the calendar year of transfer
POST16_TRANSFER_MONTH, POST16_TRANSFER_DAY = 3, 31  # 31 March: secondary school -> post-16
POST16_MOVE_NOTICE_MONTHS = 5  # between post-16 institutions: at least 5 months before the move

# --- Year groups ----------------------------------------------------------------------------------

# Year groups follow age on 31 August: aged 4 then -> Reception that academic year.
AGE_DATE_MONTH, AGE_DATE_DAY = 8, 31
ACADEMIC_YEAR_START_MONTH = 9  # the school year runs September to August
RECEPTION_AGE = 4
RECEPTION_YEAR_GROUP = 0  # Reception is stored as 0 so that Year n is n (nursery is -1)

# --- Tribunal (First-tier Tribunal (SEND)) --------------------------------------------------------

APPEAL_FROM_DECISION_MONTHS = 2
APPEAL_FROM_MEDIATION_CERTIFICATE_MONTHS = 1

# --- Status of a deadline -------------------------------------------------------------------------

DEFAULT_SOON_DAYS = 14


class Status(StrEnum):
    """Where a step stands against its time limit; values are the strings stored and shown."""

    ON_TRACK = "on_track"
    DUE_SOON = "due_soon"
    DUE_TODAY = "due_today"
    OVERDUE = "overdue"
    MET = "met"
    MET_LATE = "met_late"
    EXEMPT = "exempt"


STATUS_LABELS: dict[str, str] = {
    Status.ON_TRACK.value: "On track",
    Status.DUE_SOON.value: "Due soon",
    Status.DUE_TODAY.value: "Due today",
    Status.OVERDUE.value: "Overdue",
    Status.MET.value: "Met",
    Status.MET_LATE.value: "Met late",
    Status.EXEMPT.value: "Exception applies",
}
"""Labels for the UI, keyed by status value."""

STATUS_CHOICES: tuple[tuple[str, str], ...] = tuple(
    (status.value, STATUS_LABELS[status.value]) for status in Status
)
"""``(value, label)`` pairs in display order, in the shape Django ``choices`` expect."""

OPEN_STATUS_ORDER: tuple[Status, ...] = (
    Status.ON_TRACK,
    Status.DUE_SOON,
    Status.DUE_TODAY,
    Status.OVERDUE,
)
"""The order an open (not completed, not exempt) step passes through as days go by."""


# --- Counting time --------------------------------------------------------------------------------


def add_weeks(start: date, weeks: int) -> date:
    """Return the last day of a limit of ``weeks`` weeks from ``start``.

    The product's single convention (STATUTORY.md "Counting time"): the limit ends on
    ``start + 7 * weeks`` days, and a step done on or before that day is in time. Calendar weeks:
    holidays do not stop the clock. Negative ``weeks`` count backwards ("at least 2 weeks
    before").
    """
    return start + timedelta(weeks=weeks)


def add_days_beginning_with(start: date, days: int) -> date:
    """Return the last day of a period of ``days`` days "beginning with" ``start``.

    "Beginning with" makes ``start`` day 1 (SI 2014/1530 reg 13(1)), so 15 days from 1 March
    run to the end of 15 March.
    """
    if days < 1:
        raise ValueError(f"a period beginning with a day is at least 1 day long, not {days}")
    return start + timedelta(days=days - 1)


def add_months(start: date, months: int) -> date:
    """Return the same day of the month ``months`` months after ``start`` (negative: before).

    Where that month is shorter the date is clipped to its last day, as STATUTORY.md reads
    "12 months": 29 February 2024 + 12 -> 28 February 2025; 31 January + 1 -> 28/29 February.
    """
    month_index = start.year * 12 + (start.month - 1) + months
    year, month_zero_based = divmod(month_index, 12)
    month = month_zero_based + 1
    last_day = calendar.monthrange(year, month)[1]
    return date(year, month, min(start.day, last_day))


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


# --- EHC needs assessment and plan ----------------------------------------------------------------


def assessment_deadlines(regime: str, received: date) -> dict[str, date]:
    """Return the limits that run from the council receiving a request (CFA 2014 s36(1)).

    ``received`` is the day the request was received, or the day the council became responsible
    for the child (CFA 2014 s24).

    * ``REGIME_EHCP`` (SI 2014/1530): ``decision_to_assess`` 6 weeks (reg 5(1)),
      ``notice_not_to_issue`` 16 weeks (reg 10(1)), ``final_plan`` 20 weeks (reg 13(2)).
    * ``REGIME_STATEMENT`` (SI 2001/3455 reg 12, Code of Practice 2001): ``decision_to_assess``
      6 weeks, ``proposed_statement`` 18 weeks, ``final_statement`` 26 weeks.

    Raises ``ValueError`` for any other regime.
    """
    if regime == REGIME_EHCP:
        return {
            "decision_to_assess": add_weeks(received, DECISION_TO_ASSESS_WEEKS),
            "notice_not_to_issue": add_weeks(received, NOTICE_NOT_TO_ISSUE_WEEKS),
            "final_plan": add_weeks(received, FINAL_PLAN_WEEKS),
        }
    if regime == REGIME_STATEMENT:
        return {
            "decision_to_assess": add_weeks(received, STATEMENT_DECISION_TO_ASSESS_WEEKS),
            "proposed_statement": add_weeks(received, STATEMENT_PROPOSED_WEEKS),
            "final_statement": add_weeks(received, STATEMENT_FINAL_WEEKS),
        }
    raise ValueError(f"unknown regime {regime!r}; expected one of {', '.join(REGIMES)}")


def reassessment_final_plan_due(decided: date) -> date:
    """Return the limit for the final plan after a re-assessment: 14 weeks from the decision to
    re-assess (SI 2014/1530 reg 27(2))."""
    return add_weeks(decided, REASSESSMENT_FINAL_PLAN_WEEKS)


def advice_due(requested: date) -> date:
    """Return the limit for advice: 6 weeks from the body receiving the request for advice
    (SI 2014/1530 reg 8(1)); exceptions in reg 8(2)."""
    return add_weeks(requested, ADVICE_WEEKS)


def draft_comments_due(served: date) -> date:
    """Return the last day for the family's comments on a draft plan (SI 2014/1530 reg 13(1)).

    "At least 15 days, beginning with the day on which the draft plan was served": the day of
    service is day 1, so a draft served on 1 March may be commented on until the end of 15 March.
    """
    return add_days_beginning_with(served, DRAFT_COMMENTS_DAYS)


def earliest_final_after_draft(served: date) -> date:
    """Return the first day the final plan may be issued after a draft served on ``served``: the
    day after the reg 13(1) comment period ends (SI 2014/1530 reg 13(1)), e.g. 16 March for a
    draft served on 1 March."""
    return draft_comments_due(served) + timedelta(days=1)


def consultation_response_due(sent: date) -> date:
    """Return the day a school or college consulted about being named should respond by.

    Code 9.83 (guidance) gives 15 days. It does not say how to count them, so the product counts
    them as reg 13(1) does, with the day the consultation was sent as day 1: sent 1 March,
    response due by 15 March.
    """
    return add_days_beginning_with(sent, CONSULTATION_RESPONSE_DAYS)


def draft_plan_checkpoint(received: date) -> date:
    """Return the working-practice checkpoint for the draft plan: week 14 from the request.

    Guidance councils publish, not law: a draft not out by then puts the 20-week limit of
    SI 2014/1530 reg 13(2) at risk, and the product flags it.
    """
    return add_weeks(received, DRAFT_PLAN_CHECKPOINT_WEEKS)


def issue_decision_checkpoint(received: date) -> date:
    """Return the working-practice checkpoint for deciding whether to issue: week 16 from the
    request, which is also the reg 10(1) limit for telling the family a plan will not be issued
    (SI 2014/1530); used to warn that the 20 weeks are at risk."""
    return add_weeks(received, ISSUE_DECISION_CHECKPOINT_WEEKS)


# --- Annual review --------------------------------------------------------------------------------


def next_review_due(previous: date, interval_months: int = REVIEW_INTERVAL_MONTHS) -> date:
    """Return the date the next review is due: within 12 months of the plan being issued or of
    the previous review (CFA 2014 s44; SI 2014/1530 regs 20-21; for statements SI 2001/3455 and
    the Code of Practice 2001).

    ``interval_months`` may be shortened, e.g. for the under-5s (Code 9.178), but never beyond
    the statutory 12 months; outside 1..12 raises ``ValueError``.
    """
    if not MIN_REVIEW_INTERVAL_MONTHS <= interval_months <= MAX_REVIEW_INTERVAL_MONTHS:
        raise ValueError(
            f"review interval must be {MIN_REVIEW_INTERVAL_MONTHS} to "
            f"{MAX_REVIEW_INTERVAL_MONTHS} months, not {interval_months}"
        )
    return add_months(previous, interval_months)


def early_years_review_due(previous: date, months: int = EARLY_YEARS_REVIEW_MONTHS) -> date:
    """Return the next review date for a child under 5, for whom Code 9.178 says to consider a
    review every 3 to 6 months (default 6). Any interval of 1..12 months is accepted, as for
    :func:`next_review_due`, because the Code's range is guidance."""
    return next_review_due(previous, interval_months=months)


def review_invitation_by(meeting: date) -> date:
    """Return the last day to send invitations to a review meeting: at least 2 weeks before it
    (SI 2014/1530 regs 20/21)."""
    return add_weeks(meeting, -REVIEW_INVITATION_NOTICE_WEEKS)


def review_report_due(meeting: date) -> date:
    """Return the limit for the report of a review meeting: 2 weeks after it
    (SI 2014/1530 regs 20/21)."""
    return add_weeks(meeting, REVIEW_REPORT_WEEKS)


def review_decision_due(meeting: date) -> date:
    """Return the limit for deciding to maintain, amend or cease the plan: 4 weeks after the
    review meeting (SI 2014/1530 regs 20/21); since R (L, M & P) v Devon CC [2022] EWHC
    493 (Admin) the proposed amendments go with this decision."""
    return add_weeks(meeting, REVIEW_DECISION_WEEKS)


def amended_plan_due(proposals_sent: date) -> date:
    """Return the limit for the final amended plan: 8 weeks from sending the proposed
    amendments (SI 2014/1530 reg 22)."""
    return add_weeks(proposals_sent, AMENDED_PLAN_WEEKS)


def amendment_practice_limit(meeting: date) -> date:
    """Return 12 weeks after the review meeting: the 4-week decision plus the 8 weeks of
    SI 2014/1530 reg 22, which is how councils measure amendments in practice. Used to flag, not
    a statutory limit in itself."""
    return add_weeks(meeting, AMENDMENT_PRACTICE_WEEKS)


# --- Year groups and phase transfer ---------------------------------------------------------------


def academic_year_of(day: date) -> int:
    """Return the academic year (September to August) containing ``day``, named by the calendar
    year it starts in: 1 March 2021 is in 2020 (2020/21), 1 September 2021 in 2021."""
    return day.year if day.month >= ACADEMIC_YEAR_START_MONTH else day.year - 1


def _age_on(date_of_birth: date, day: date) -> int:
    had_birthday = (day.month, day.day) >= (date_of_birth.month, date_of_birth.day)
    return day.year - date_of_birth.year - (0 if had_birthday else 1)


def year_group(date_of_birth: date, academic_year_start: int, year_group_offset: int = 0) -> int:
    """Return the year group of a child in the academic year starting in ``academic_year_start``
    (2020 means 2020/21).

    Year groups follow age on the 31 August before the academic year: aged 4 -> Reception,
    returned as 0; aged n + 4 -> Year n; younger children give negative numbers (-1 nursery).
    Born 10 October 2015: 0 in 2020, 7 in 2027, 12 in 2032. A child born on 31 August is the
    youngest of their year, one born on 1 September the oldest of the next. A 29 February
    birthday falls before 31 August, so it needs no special case. ``year_group_offset`` records a
    child taught out of their chronological year (+1 a year ahead, -1 a year behind).
    """
    age = _age_on(date_of_birth, date(academic_year_start, AGE_DATE_MONTH, AGE_DATE_DAY))
    return age - RECEPTION_AGE + RECEPTION_YEAR_GROUP + year_group_offset


def transfer_calendar_year(
    date_of_birth: date, to_year_group: int, year_group_offset: int = 0
) -> int:
    """Return the calendar year in which the child moves into ``to_year_group``.

    The move happens in September, so this is the calendar year the academic year starts in,
    and the reg 18 deadline falls earlier in that same calendar year: entering Year 7 in
    September 2027 means a deadline in February 2027.
    """
    # year_group rises by exactly 1 per academic year, so solve year_group(...) == to_year_group.
    reference_year = date_of_birth.year
    reference_group = year_group(date_of_birth, reference_year, year_group_offset)
    return reference_year + (to_year_group - reference_group)


def phase_transfer_deadline(transfer_year: int, to_post16: bool) -> date:
    """Return the reg 18 deadline for reviewing and amending a plan before a phase transfer
    (SI 2014/1530 reg 18): 15 February of the calendar year of transfer, or 31 March when a young
    person moves from secondary school to a post-16 institution.

    The 31 March date is for a move to a post-16 institution (a college, say), not simply for
    entering Year 12: staying on into a school sixth form keeps 15 February. The year group
    cannot tell the two apart, so the caller says which applies.
    """
    if to_post16:
        return date(transfer_year, POST16_TRANSFER_MONTH, POST16_TRANSFER_DAY)
    return date(transfer_year, PHASE_TRANSFER_MONTH, PHASE_TRANSFER_DAY)


def phase_transfer_due(
    date_of_birth: date,
    to_year_group: int,
    to_post16: bool = False,
    year_group_offset: int = 0,
) -> date:
    """Return the reg 18 phase-transfer deadline (SI 2014/1530 reg 18) for a child moving into
    ``to_year_group``: 15 February (or 31 March for secondary -> post-16) of the calendar year of
    the move. ``year_group_offset`` is +1 for a child taught a year ahead of their chronological
    year group, -1 for a year behind."""
    return phase_transfer_deadline(
        transfer_calendar_year(date_of_birth, to_year_group, year_group_offset), to_post16
    )


def phase_transfer_between(
    date_of_birth: date,
    after: date,
    until: date,
    *,
    year_group_offset: int = 0,
    to_post16: bool = False,
    infant_school: bool = False,
) -> tuple[int, date] | None:
    """Return (year group moved into, reg 18 deadline) of the first phase transfer whose deadline
    falls after ``after`` and on or before ``until``, or None.

    Used to tell whether a review due in that window must also amend the plan for a transfer.
    The transfers are into Reception (early years -> school), Year 7 (primary -> secondary) and
    Year 12 (secondary -> post-16), and into Year 3 for a child at an infant school; a council
    with middle schools has others, which a caseworker records by hand.
    """
    groups = [RECEPTION_YEAR_GROUP, *([3] if infant_school else []), 7, 12]
    for group in groups:
        deadline = phase_transfer_due(
            date_of_birth,
            group,
            to_post16=to_post16 and group == 12,
            year_group_offset=year_group_offset,
        )
        if after < deadline <= until:
            return group, deadline
    return None


def post16_move_review_due(move: date) -> date:
    """Return the last day to review and amend a plan before a move between post-16 institutions
    at a time other than the usual transfer: at least 5 months before the move
    (SI 2014/1530 reg 18)."""
    return add_months(move, -POST16_MOVE_NOTICE_MONTHS)


# --- Disagreement ---------------------------------------------------------------------------------


def tribunal_appeal_deadline(
    decision_letter: date, mediation_certificate: date | None = None
) -> date:
    """Return the last day to appeal to the First-tier Tribunal (SEND): 2 months from the
    decision letter or, where a mediation certificate was issued, 1 month from the certificate,
    whichever is later (STATUTORY.md "Disagreement", from the First-tier Tribunal (SEND) time
    limits)."""
    from_letter = add_months(decision_letter, APPEAL_FROM_DECISION_MONTHS)
    if mediation_certificate is None:
        return from_letter
    return max(
        from_letter,
        add_months(mediation_certificate, APPEAL_FROM_MEDIATION_CERTIFICATE_MONTHS),
    )


# --- Status ---------------------------------------------------------------------------------------


def deadline_status(
    due: date,
    completed: date | None,
    today: date,
    exempt: bool = False,
    soon_days: int = DEFAULT_SOON_DAYS,
) -> Status:
    """Return where a step stands against its limit ``due`` (the last day that is in time).

    An exception under SI 2014/1530 reg 10(4) or reg 8(2) (``exempt``) takes the step out of
    the timeliness figures whatever else is true. A completed step is ``met`` if done on or
    before ``due`` and ``met_late`` after it. An open step is ``overdue`` after ``due``,
    ``due_today`` on it, ``due_soon`` within ``soon_days`` days before it and ``on_track``
    earlier.
    """
    if soon_days < 0:
        raise ValueError(f"soon_days cannot be negative, not {soon_days}")
    if exempt:
        return Status.EXEMPT
    if completed is not None:
        return Status.MET if completed <= due else Status.MET_LATE
    if today > due:
        return Status.OVERDUE
    if today == due:
        return Status.DUE_TODAY
    if (due - today).days <= soon_days:
        return Status.DUE_SOON
    return Status.ON_TRACK


__all__ = [
    "ACADEMIC_YEAR_START_MONTH",
    "ADVICE_WEEKS",
    "AGE_DATE_DAY",
    "AGE_DATE_MONTH",
    "AMENDED_PLAN_WEEKS",
    "AMENDMENT_PRACTICE_WEEKS",
    "APPEAL_FROM_DECISION_MONTHS",
    "APPEAL_FROM_MEDIATION_CERTIFICATE_MONTHS",
    "CONSULTATION_RESPONSE_DAYS",
    "DECISION_TO_ASSESS_WEEKS",
    "DEFAULT_SOON_DAYS",
    "DRAFT_COMMENTS_DAYS",
    "DRAFT_PLAN_CHECKPOINT_WEEKS",
    "EARLY_YEARS_REVIEW_MONTHS",
    "FINAL_PLAN_WEEKS",
    "ISSUE_DECISION_CHECKPOINT_WEEKS",
    "MAX_REVIEW_INTERVAL_MONTHS",
    "MIN_REVIEW_INTERVAL_MONTHS",
    "NOTICE_NOT_TO_ISSUE_WEEKS",
    "OPEN_STATUS_ORDER",
    "PHASE_TRANSFER_DAY",
    "PHASE_TRANSFER_MONTH",
    "POST16_MOVE_NOTICE_MONTHS",
    "POST16_TRANSFER_DAY",
    "POST16_TRANSFER_MONTH",
    "REASSESSMENT_FINAL_PLAN_WEEKS",
    "RECEPTION_AGE",
    "RECEPTION_YEAR_GROUP",
    "REGIMES",
    "REGIME_EHCP",
    "REGIME_STATEMENT",
    "REVIEW_DECISION_WEEKS",
    "REVIEW_INTERVAL_MONTHS",
    "REVIEW_INVITATION_NOTICE_WEEKS",
    "REVIEW_REPORT_WEEKS",
    "STATEMENT_DECISION_TO_ASSESS_WEEKS",
    "STATEMENT_FINAL_WEEKS",
    "STATEMENT_PROPOSED_WEEKS",
    "STATUS_CHOICES",
    "STATUS_LABELS",
    "Status",
    "academic_year_of",
    "add_days_beginning_with",
    "add_months",
    "add_weeks",
    "advice_due",
    "amended_plan_due",
    "amendment_practice_limit",
    "assessment_deadlines",
    "consultation_response_due",
    "deadline_status",
    "draft_comments_due",
    "draft_plan_checkpoint",
    "earliest_final_after_draft",
    "early_years_review_due",
    "issue_decision_checkpoint",
    "next_review_due",
    "phase_transfer_deadline",
    "phase_transfer_due",
    "post16_move_review_due",
    "reassessment_final_plan_due",
    "review_decision_due",
    "review_invitation_by",
    "review_report_due",
    "transfer_calendar_year",
    "tribunal_appeal_deadline",
    "week_of_clock",
    "week_starts",
    "year_group",
]
