"""The EHC needs assessment and plan (SI 2014/1530 regs 5-13), the statement timetable
(SI 2001/3455 reg 12) and re-assessment (CFA 2014 s44(2)-(3); SI 2014/1530 regs 23-27)."""

from __future__ import annotations

from datetime import date, timedelta

from .counting import (
    add_days,
    add_days_beginning_with,
    add_months,
    add_weeks,
    is_business_day,
)

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
DRAFT_COMMENTS_DAYS = 15  # reg 13(1): "at least 15 days, beginning with the day ... served"
CONSULTATION_RESPONSE_DAYS = 15  # Code 9.83 (guidance)

# Published working practice, not law: used only to warn that the 20 weeks are at risk.
DRAFT_PLAN_CHECKPOINT_WEEKS = 14
ISSUE_DECISION_CHECKPOINT_WEEKS = 16

# --- Re-assessment (SI 2014/1530 regs 24-27) ------------------------------------------------------

REASSESSMENT_DECISION_DAYS = 15  # reg 25(1): notify "within 15 days of receiving a request"
REASSESSMENT_FINAL_PLAN_WEEKS = 14  # reg 27(2): from the reg 25(1) notice or the s44(3) decision
REASSESSMENT_MIN_INTERVAL_MONTHS = 6  # reg 24: may refuse within 6 months of the last assessment

# --- Statements (SI 2001/3455 reg 12, SEN Code of Practice 2001) ---------------------------------

STATEMENT_DECISION_TO_ASSESS_WEEKS = 6
STATEMENT_PROPOSED_WEEKS = 18  # 6 to decide + 10 to assess + 2 to draft
STATEMENT_FINAL_WEEKS = 26  # 18 + 8 to finalise


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


def served_by_post(posted: date) -> date:
    """Return the day a document sent by first class post is taken to be served.

    The Regulations do not say; the Interpretation Act 1978 s7 deems a document served by post
    "at the time at which the letter would be delivered in the ordinary course of post", and the
    product reads that as the Civil Procedure Rules read first class post (CPR 6.26): the second
    day after posting if that is a business day, else the next business day. Posted on Friday
    4 December 2026: served on Monday 7 December, and the reg 13(1) 15 days run to 21 December.
    Posted on Thursday 24 December 2026: served on Tuesday 29 December (the 28th is a bank
    holiday).
    """
    served = posted + timedelta(days=2)
    while not is_business_day(served):
        served += timedelta(days=1)
    return served


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


# --- Re-assessment --------------------------------------------------------------------------------


def reassessment_decision_due(received: date) -> date:
    """Return the last day to tell the family whether the council will re-assess: "within 15
    days of receiving a request" (SI 2014/1530 reg 25(1)), counted as every "within N of" limit
    is (:func:`~cases.statutory.counting.add_days`): received 1 March, decision by 16 March.

    A re-assessment the council starts itself (CFA 2014 s44(3)) has no request and no such step.
    """
    return add_days(received, REASSESSMENT_DECISION_DAYS)


def reassessment_final_plan_due(notified: date) -> date:
    """Return the limit for the amended or replacement plan after a re-assessment: 14 weeks from
    the reg 25(1) notice that the council will re-assess, or from its own decision under CFA
    2014 s44(3) (SI 2014/1530 reg 27(2)): notified 16 March 2026, plan by 22 June 2026.

    The product reads the same 14 weeks as the limit for telling the family that the plan will
    not be amended or replaced after all: the Regulations give that notice no separate limit.
    """
    return add_weeks(notified, REASSESSMENT_FINAL_PLAN_WEEKS)


def reassessment_may_be_refused(received: date, last_assessed: date) -> bool:
    """Whether a request to re-assess received on ``received`` came less than 6 months after
    the child's last EHC needs assessment, ended on ``last_assessed`` (SI 2014/1530 reg 24): the
    council may then refuse it (unless it thinks a re-assessment necessary), so the product says
    so on the decision; it never blocks the decision.

    Six months "since" a date are counted as "within N months of" is
    (:func:`~cases.statutory.counting.add_months`): assessment ended 31 August 2025, six months
    have elapsed on 28 February 2026, so a request of 27 February may be refused and one of
    28 February may not.
    """
    return received < add_months(last_assessed, REASSESSMENT_MIN_INTERVAL_MONTHS)


def overall_limit_weeks(*, is_ehcp: bool) -> int:
    """The whole assessment's limit from the request, in weeks: 20 to issue an EHC plan
    (reg 13(2)); 26 to issue a statement under the 2001 Regulations (18 + 8)."""
    return FINAL_PLAN_WEEKS if is_ehcp else STATEMENT_FINAL_WEEKS
