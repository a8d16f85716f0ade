"""Ceasing a plan through every step, for tests whose subject is what follows (counts, exports):
proposed and consulted on the day of the decision, notified, ceased on the day given."""

from datetime import date

from plans.services import cessation


def cease_through_the_steps(
    *, plan, by, reason: str, decided_on: date, notice_on: date, ceases_on: date
):
    proposal = cessation.propose_cessation(plan=plan, by=by, proposed_on=decided_on, reason=reason)
    cessation.record_consultation(
        cessation=proposal,
        by=by,
        family_consulted_on=decided_on,
        institution_consulted_on=decided_on,
    )
    cessation.notify_decision(
        cessation=proposal,
        by=by,
        decided_on=decided_on,
        notice_on=notice_on,
        intended_on=ceases_on,
        outcomes_achieved="achieved",
    )
    return cessation.record_ceased(cessation=proposal, by=by, ceases_on=ceases_on)
