"""Ceasing to maintain a plan (CFA 2014 s45; SI 2014/1530 regs 29-31) and appeals to the
First-tier Tribunal (SEND)."""

from __future__ import annotations

from datetime import date, timedelta

from .counting import add_months
from .phases import age_on

APPEAL_FROM_DECISION_MONTHS = 2
APPEAL_FROM_MEDIATION_CERTIFICATE_MONTHS = 1
ADULT_AGE = 18  # regs 29 and 30: "under the age of 18", "aged 18 or over"
MAXIMUM_AGE = 25  # CFA 2014 s46: to the end of the academic year in which they turn 25

# SEN2 CeaseReason codes (cases.codes.CeaseReason), by the ground of s45(1) they rest on.
REASON_MAXIMUM_AGE = "1"
REASON_NEEDS_MET = "2"
REASON_HIGHER_EDUCATION = "3"
REASON_EMPLOYMENT = "4"
REASON_TRANSFERRED = "5"
REASON_DISENGAGED = "6"
REASON_MOVED_ABROAD = "7"
REASON_DECEASED = "8"
REASON_OTHER = "9"
# s45(1)(a): the council is no longer responsible for the child or young person.
NO_LONGER_RESPONSIBLE = (REASON_TRANSFERRED, REASON_MOVED_ABROAD, REASON_DECEASED)
# s45(1)(b): the plan is no longer necessary; for a child under 18 only because special
# educational provision under a plan is no longer needed (reg 29(1)).
UNDER_18_REASONS = (REASON_NEEDS_MET, *NO_LONGER_RESPONSIBLE)


def tribunal_appeal_deadline(
    decision_letter: date, mediation_certificate: date | None = None
) -> date:
    """Return the last day to appeal to the First-tier Tribunal (SEND): 2 months from the
    decision letter or, where a mediation certificate was issued, 1 month from the certificate,
    whichever is later (docs/domain/statutory.md "Disagreement", from the First-tier Tribunal
    (SEND) time limits)."""
    from_letter = add_months(decision_letter, APPEAL_FROM_DECISION_MONTHS)
    if mediation_certificate is None:
        return from_letter
    return max(
        from_letter,
        add_months(mediation_certificate, APPEAL_FROM_MEDIATION_CERTIFICATE_MONTHS),
    )


def cease_reason_error(reason: str, date_of_birth: date, decided: date) -> str | None:
    """Return why ``reason`` cannot be the ground for ceasing a plan decided on ``decided``, or
    None when it can.

    * Under 18 (SI 2014/1530 reg 29(1); CFA 2014 s45(1)): only because a plan is no longer
      necessary (needs met without one) or the council is no longer responsible (moved to
      another council, left England, died). Higher education, employment, disengagement and
      "other" are refused: a child of 15 who "no longer wishes to engage" keeps the plan, and the
      council reviews it to get them back into education (reg 29(2)).
    * 18 or over: any SEN2 reason, but "reached maximum age" only from 25 (CFA 2014 s46), and the
      council must have regard to whether the education or training outcomes were achieved
      (s45(3)) and, for one who left education, review first (reg 30): see
      :func:`needs_outcomes_considered`.
    """
    age = age_on(date_of_birth, decided)
    if age < ADULT_AGE and reason not in UNDER_18_REASONS:
        return (
            f"The child is {age}: under 18 a plan can cease only because it is no longer "
            "necessary (needs met without a plan) or the council is no longer responsible "
            "(moved to another council, moved outside England, or died)"
        )
    if reason == REASON_MAXIMUM_AGE and age < MAXIMUM_AGE:
        return (
            f"The young person is {age}: a plan can run until the end of the academic year in "
            "which they turn 25"
        )
    return None


def needs_outcomes_considered(date_of_birth: date, decided: date, reason: str) -> bool:
    """Whether the council must record that it considered the education or training outcomes in
    the plan before ceasing it: for a young person aged 18 or over whose plan ends because it is
    no longer necessary (CFA 2014 s45(3); SI 2014/1530 reg 30), not when the council is simply no
    longer responsible."""
    return age_on(date_of_birth, decided) >= ADULT_AGE and reason not in NO_LONGER_RESPONSIBLE


def plan_ceases_on(
    notice: date,
    intended: date,
    *,
    appeal_registered: bool = False,
    appeal_decided: date | None = None,
    mediation_certificate: date | None = None,
) -> date | None:
    """Return the day a plan whose cessation was notified on ``notice`` really ceases, or None
    while that is not yet known.

    The plan is maintained while an appeal can still be brought or is pending (CFA 2014
    s45(4); Explanatory Notes para 247): it ceases on the later of the day the council intended
    and the day after the appeal window closes; with an appeal registered, not before it is
    determined (``appeal_decided``: the plan ends the day after, if the council's decision
    stands).
    """
    window_closes = tribunal_appeal_deadline(notice, mediation_certificate)
    if appeal_registered:
        if appeal_decided is None:
            return None
        return max(intended, appeal_decided + timedelta(days=1))
    return max(intended, window_closes + timedelta(days=1))
