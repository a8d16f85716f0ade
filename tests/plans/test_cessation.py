"""Ceasing a plan as statutory steps (CFA 2014 s45; SEND Regulations 2014 regs 29-31): worked
examples on the edge days, and the plan kept in force until it has really ceased."""

from datetime import date
from importlib import import_module

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError

from cases.codes import SenStatus
from cases.models import CaseEvent, Child, Deadline
from cases.selectors import with_case_columns
from plans.models import Cessation, Plan
from plans.services import cessation as ceasing
from plans.services import lifecycle
from reporting.kpis import Period
from reporting.kpis.caseload import cease, maintained_on
from reporting.sen2.export import ceased_reason
from tests.factories import CessationFactory

pytestmark = pytest.mark.django_db

ISSUED = date(2025, 9, 1)
FIFTEEN = date(2011, 1, 1)  # 15 throughout 2026
NINETEEN = date(2006, 6, 5)  # 19 in spring 2026
NOTICE = date(2026, 3, 10)  # the appeal window closes 10 May 2026
WINDOW_CLOSES = date(2026, 5, 10)


@pytest.fixture
def spring_2026(time_machine):
    time_machine.move_to(date(2026, 3, 20), tick=False)
    return time_machine


def plan_for(child, by, born: date) -> Plan:
    child.date_of_birth = born
    child.save()
    return lifecycle.record_existing_plan(child=child, by=by, kind="ehc_plan", issued_on=ISSUED)


def propose(plan, by, reason="2", on=date(2026, 2, 2)) -> Cessation:
    return ceasing.propose_cessation(plan=plan, by=by, proposed_on=on, reason=reason)


def consult(cessation, by) -> Cessation:
    return ceasing.record_consultation(
        cessation=cessation,
        by=by,
        family_consulted_on=date(2026, 2, 16),
        institution_consulted_on=date(2026, 2, 18),
    )


def notify(cessation, by, outcomes="", notice_on=NOTICE) -> Cessation:
    return ceasing.notify_decision(
        cessation=cessation,
        by=by,
        decided_on=date(2026, 3, 9),
        notice_on=notice_on,
        intended_on=date(2026, 3, 31),
        outcomes_achieved=outcomes,
    )


@pytest.fixture
def notified(spring_2026, child, caseworker):
    """A 15-year-old's plan ceasing because needs are met: notice sent 10 March 2026."""
    plan = plan_for(child, caseworker, FIFTEEN)
    return notify(consult(propose(plan, caseworker), caseworker), caseworker)


def window_row(cessation) -> tuple:
    row = Deadline.objects.get(source=f"cessation:{cessation.pk}")
    return row.kind, row.due_on, row.completed_on


def errors(excinfo) -> dict:
    return excinfo.value.message_dict


# --- the ground for ceasing, by age (reg 29(1), s46) ---------------------------------------------


@pytest.mark.parametrize("reason", ["6", "4", "3", "9", "1"])
def test_a_15_year_olds_plan_cannot_cease_for_a_reason_only_an_adult_can_have(
    spring_2026, child, caseworker, reason
):
    plan = plan_for(child, caseworker, FIFTEEN)
    with pytest.raises(ValidationError) as refused:
        propose(plan, caseworker, reason=reason)
    assert "The child is 15" in errors(refused)["reason"][0]
    assert not Cessation.objects.exists()


def test_a_15_year_olds_plan_can_cease_because_needs_are_met(spring_2026, child, caseworker):
    plan = plan_for(child, caseworker, FIFTEEN)
    proposal = propose(plan, caseworker, reason="2")
    assert (proposal.stage, proposal.proposed_on) == ("proposed", date(2026, 2, 2))
    plan.refresh_from_db()
    assert plan.status == Plan.Status.FINAL and plan.is_maintained
    assert CaseEvent.objects.filter(title="Ceasing the EHC plan proposed").exists()


def test_no_longer_wishing_to_engage_is_a_ground_from_the_18th_birthday(
    spring_2026, child, caseworker
):
    plan = plan_for(child, caseworker, date(2008, 2, 11))  # 18 on 11 February 2026
    with pytest.raises(ValidationError) as refused:
        propose(plan, caseworker, reason="6", on=date(2026, 2, 10))
    assert "The child is 17" in errors(refused)["reason"][0]
    assert propose(plan, caseworker, reason="6", on=date(2026, 2, 11)).reason == "6"


def test_a_19_year_olds_plan_ceases_only_with_the_outcomes_considered(
    spring_2026, child, caseworker
):
    plan = plan_for(child, caseworker, NINETEEN)
    proposal = consult(propose(plan, caseworker, reason="2"), caseworker)
    with pytest.raises(ValidationError) as refused:
        notify(proposal, caseworker)
    assert "s45(3)" in errors(refused)["outcomes_achieved"][0]
    proposal.refresh_from_db()
    assert proposal.stage == "proposed"
    notified = notify(proposal, caseworker, outcomes="partly")
    assert (notified.stage, notified.outcomes_achieved) == ("notified", "partly")


# --- the steps in order (reg 31) -----------------------------------------------------------------


def test_the_decision_waits_for_the_consultation_with_family_and_institution(
    spring_2026, child, caseworker
):
    proposal = propose(plan_for(child, caseworker, FIFTEEN), caseworker)
    with pytest.raises(ValidationError, match="consultation"):
        notify(proposal, caseworker)
    with pytest.raises(ValidationError) as refused:
        ceasing.record_consultation(
            cessation=proposal, by=caseworker, family_consulted_on=date(2026, 2, 16)
        )
    assert "head teacher or principal" in errors(refused)["institution_consulted_on"][0]
    with pytest.raises(ValidationError) as refused:
        ceasing.record_consultation(
            cessation=proposal, by=caseworker, family_consulted_on=date(2026, 2, 1)
        )
    assert "on or after the proposal (2 February 2026)" in errors(refused)["family_consulted_on"][0]
    ceasing.record_consultation(
        cessation=proposal,
        by=caseworker,
        family_consulted_on=date(2026, 2, 16),
        no_institution_named=True,
    )
    assert notify(proposal, caseworker).stage == "notified"


def test_notice_on_10_march_keeps_the_plan_until_the_window_closes_on_10_may(
    notified, caseworker, child, spring_2026
):
    plan = notified.plan
    assert notified.appeal_by == WINDOW_CLOSES
    assert window_row(notified) == ("cease_appeal_window", WINDOW_CLOSES, None)
    assert notified.step_label == "Ceasing: appeal window until 10 May 2026"
    spring_2026.move_to(date(2026, 5, 10), tick=False)
    assert notified.step_label == "Ceasing: appeal window until 10 May 2026"  # its last day
    with pytest.raises(ValidationError) as refused:
        ceasing.record_ceased(cessation=notified, by=caseworker, ceases_on=date(2026, 5, 10))
    assert errors(refused)["ceases_on"] == [
        "The plan can cease from 11 May 2026: the family may appeal until 10 May 2026 (s45(4))"
    ]
    plan.refresh_from_db()
    assert plan.is_maintained
    spring_2026.move_to(date(2026, 5, 11), tick=False)
    assert notified.step_label == "Ceasing: appeal window closed 10 May 2026, plan to cease"
    ceasing.record_ceased(cessation=notified, by=caseworker, ceases_on=date(2026, 5, 11))
    plan.refresh_from_db()
    notified.refresh_from_db()
    assert (plan.status, plan.ceased_on) == ("ceased", date(2026, 5, 11))
    assert (notified.stage, notified.ceases_on) == ("ceased", date(2026, 5, 11))
    # The window ran unused to its last day.
    assert window_row(notified) == ("cease_appeal_window", WINDOW_CLOSES, WINDOW_CLOSES)
    assert not plan.reviews.exists()  # the review due 1 September 2026 will not be held
    child.refresh_from_db()
    assert child.sen_status == SenStatus.SEN_SUPPORT


def test_a_mediation_certificate_on_1_may_moves_the_window_to_1_june(
    notified, caseworker, spring_2026
):
    spring_2026.move_to(date(2026, 5, 5), tick=False)
    ceasing.record_mediation_certificate(
        cessation=notified, by=caseworker, certificate_on=date(2026, 5, 1)
    )
    notified.refresh_from_db()
    assert notified.appeal_by == date(2026, 6, 1)
    assert window_row(notified) == ("cease_appeal_window", date(2026, 6, 1), None)
    spring_2026.move_to(date(2026, 6, 2), tick=False)
    with pytest.raises(ValidationError, match="can cease from 2 June 2026"):
        ceasing.record_ceased(cessation=notified, by=caseworker, ceases_on=date(2026, 6, 1))
    ceasing.record_ceased(cessation=notified, by=caseworker, ceases_on=date(2026, 6, 2))
    assert Plan.objects.get().ceased_on == date(2026, 6, 2)


def test_an_appeal_keeps_the_plan_until_it_is_decided(notified, caseworker, spring_2026):
    spring_2026.move_to(date(2026, 5, 1), tick=False)
    ceasing.record_appeal(cessation=notified, by=caseworker, registered_on=date(2026, 4, 28))
    notified.refresh_from_db()
    assert notified.step_label == "Ceasing: appeal to the tribunal pending"
    # The appeal was brought in time: the window's row is met.
    assert window_row(notified) == ("cease_appeal_window", WINDOW_CLOSES, date(2026, 4, 28))
    spring_2026.move_to(date(2026, 10, 1), tick=False)
    with pytest.raises(ValidationError, match="An appeal is pending"):
        ceasing.record_ceased(cessation=notified, by=caseworker, ceases_on=date(2026, 10, 1))
    ceasing.record_appeal_outcome(
        cessation=notified, by=caseworker, decided_on=date(2026, 9, 14), outcome="upheld"
    )
    with pytest.raises(ValidationError, match="can cease from 15 September 2026"):
        ceasing.record_ceased(cessation=notified, by=caseworker, ceases_on=date(2026, 9, 14))
    ceasing.record_ceased(cessation=notified, by=caseworker, ceases_on=date(2026, 9, 15))
    assert Plan.objects.get().status == "ceased"


def test_an_appeal_allowed_ends_the_cessation_and_the_plan_continues(
    notified, caseworker, spring_2026
):
    spring_2026.move_to(date(2026, 9, 20), tick=False)
    ceasing.record_appeal(cessation=notified, by=caseworker, registered_on=date(2026, 4, 28))
    ceasing.record_appeal_outcome(
        cessation=notified, by=caseworker, decided_on=date(2026, 9, 14), outcome="allowed"
    )
    notified.refresh_from_db()
    assert (notified.stage, notified.closed_on) == ("appeal_allowed", date(2026, 9, 14))
    assert Plan.objects.get().is_maintained
    with pytest.raises(ValidationError):
        ceasing.record_ceased(cessation=notified, by=caseworker, ceases_on=date(2026, 9, 20))


def test_deciding_not_to_cease_leaves_the_plan_maintained(spring_2026, child, caseworker):
    plan = plan_for(child, caseworker, FIFTEEN)
    proposal = consult(propose(plan, caseworker), caseworker)
    ceasing.decide_not_to_cease(
        cessation=proposal, by=caseworker, decided_on=date(2026, 3, 2), note="Still needs SALT"
    )
    proposal.refresh_from_db()
    plan.refresh_from_db()
    assert (proposal.stage, proposal.closed_on) == ("not_ceased", date(2026, 3, 2))
    assert plan.is_maintained and not proposal.is_open
    assert maintained_on(date(2026, 12, 31)).filter(pk=plan.pk).exists()
    assert not Deadline.objects.filter(source=f"cessation:{proposal.pk}").exists()
    with pytest.raises(ValidationError):
        notify(proposal, caseworker)
    # Later the council may consider ceasing again: the same record starts afresh.
    again = propose(plan, caseworker, on=date(2026, 3, 16))
    assert (again.pk, again.stage, again.family_consulted_on) == (proposal.pk, "proposed", None)
    assert proposal.history.count() == 4


# --- the plan stays maintained until it has really ceased (s45(4)) -------------------------------


def test_during_the_window_the_plan_is_counted_listed_and_reviewed_and_not_after(
    notified, caseworker, child, spring_2026
):
    plan = notified.plan
    in_window = date(2026, 5, 10)

    def row():
        return with_case_columns(Child.objects.filter(pk=child.pk)).get()

    assert maintained_on(in_window).filter(pk=plan.pk).exists()
    assert row().next_label == "Appeal window closes: cease the plan"
    assert row().next_due_on == WINDOW_CLOSES
    review = plan.reviews.get()
    assert Deadline.objects.open().filter(source=f"review:{review.pk}").exists()
    assert ceased_reason(plan) == ""
    spring_2026.move_to(date(2026, 5, 11), tick=False)
    ceasing.record_ceased(cessation=notified, by=caseworker, ceases_on=date(2026, 5, 11))
    plan = Plan.objects.select_related("cessation").get()
    assert maintained_on(in_window).filter(pk=plan.pk).exists()  # as it stood that day
    assert not maintained_on(date(2026, 5, 11)).filter(pk=plan.pk).exists()
    assert row().next_due_on is None
    assert ceased_reason(plan) == "2"
    assert cease(Period(date(2026, 1, 1), date(2026, 12, 31), date(2026, 12, 31))).value == 1


def test_a_cessation_in_its_window_is_no_cessation_in_the_cease_kpi(notified):
    year = Period(date(2026, 1, 1), date(2026, 12, 31), date(2026, 12, 31))
    assert cease(year).value == 0


def test_existing_cessations_migrate_as_ceased_with_their_dates(child, caseworker, spring_2026):
    plan = plan_for(child, caseworker, FIFTEEN)
    plan.status = Plan.Status.CEASED
    plan.ceased_on = date(2025, 12, 31)
    plan.save()
    old = CessationFactory(  # as the old code made it: one step, no proposal recorded
        plan=plan,
        reason="5",
        proposed_on=None,
        decided_on=date(2025, 10, 1),
        notice_on=date(2025, 10, 2),
        ceases_on=date(2025, 12, 31),
    )
    migration = import_module("plans.migrations.0008_cessation_steps")
    migration.existing_cessations_ceased(apps, None)
    old.refresh_from_db()
    plan.refresh_from_db()
    assert (old.stage, old.decided_on, old.notice_on, old.intended_on, old.ceases_on) == (
        "ceased",
        date(2025, 10, 1),
        date(2025, 10, 2),
        date(2025, 12, 31),
        date(2025, 12, 31),
    )
    assert not plan.is_maintained and not old.is_open
