"""Ceasing to maintain a plan (CFA 2014 s45; SI 2014/1530 regs 29-31), one function per step:
the proposal, the consultation, the decision notified with the right of appeal (or the decision
not to cease), mediation and appeal, and the plan ceased.

The plan stays in force through every step before the last: it is counted, reviewed and its
provision monitored until it has really ceased, which s45(4) puts after the appeal window (or
the appeal) has run. Each step checks the law in cases.statutory, writes in one transaction
with history, adds a line to the chronology and rewrites the cessation's Deadline row."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction

from cases import statutory
from cases.codes import CeaseReason, SenStatus
from cases.models import Deadline
from cases.services.checks import not_before, not_future
from cases.services.children import set_sen_status
from cases.services.chronology import record_event
from cases.services.deadlines import PlannedDeadline, sync_deadlines
from core.audit import audit
from core.formatting import day

from ..models import Cessation, Plan
from .deadlines import sync_plan_deadlines, sync_review_deadlines
from .provision import refresh_provision_flag

if TYPE_CHECKING:
    from accounts.models import User
    from cases.models import Child

Stage = Cessation.Stage


def cessation_source(cessation: Cessation) -> str:
    # Its own source, not "plan:ID": rewriting it must never touch the plan's other rows.
    return f"cessation:{cessation.pk}"


def planned_cessation_deadlines(cessation: Cessation) -> list[PlannedDeadline]:
    """The appeal window, once the decision is notified: due the last day an appeal can be
    brought. It is met when an appeal is registered or, with none, when the window has run and
    the plan ceased; a cessation that ends without ceasing drops it if still open."""
    if cessation.notice_on is None:
        return []
    if cessation.appeal_registered_on is not None:
        completed = cessation.appeal_registered_on
    elif cessation.stage == Stage.CEASED:
        completed = cessation.appeal_by  # the window closed on its last day, unused
    else:
        completed = None
    kind = Deadline.Kind.CEASE_APPEAL_WINDOW
    planned = [
        PlannedDeadline(
            cessation_source(cessation),
            kind,
            Deadline.Kind(kind).label,
            cessation.appeal_by,
            completed,
            False,
        )
    ]
    if not cessation.is_open:
        planned = [p for p in planned if p.completed_on is not None]
    return planned


def sync_cessation_deadlines(cessation: Cessation) -> None:
    sync_deadlines(
        child=cessation.plan.child,
        source=cessation_source(cessation),
        planned=planned_cessation_deadlines(cessation),
    )


def _locked(cessation: Cessation) -> Cessation:
    return Cessation.objects.select_for_update().select_related("plan__child").get(pk=cessation.pk)


def _require(cessation: Cessation, stage: str, message: str) -> None:
    if cessation.stage != stage:
        raise ValidationError(message)


def _save(
    cessation: Cessation, by: User | None, change: str, *, title: str, on: date, detail: str = ""
) -> Cessation:
    audit(cessation, by=by, reason=change)
    cessation.save()
    sync_cessation_deadlines(cessation)
    record_event(child=cessation.plan.child, happened_on=on, by=by, title=title, detail=detail)
    return cessation


def _reason_error(child: Child, reason: str, on: date, field: str) -> None:
    if reason not in CeaseReason.values:
        raise ValidationError({"reason": "Choose the reason the plan would cease"})
    error = statutory.cease_reason_error(reason, child.date_of_birth, on)
    if error:
        raise ValidationError({field: error})


@transaction.atomic
def propose_cessation(
    *, plan: Plan, by: User | None, proposed_on: date, reason: str, note: str = ""
) -> Cessation:
    """Reg 31(1)(a): the council tells the child's parent or the young person that it is
    considering ceasing the plan. The SEN2 reason must be a lawful ground at the child's age
    that day (reg 29(1), s46). A plan ended before without ceasing may be proposed again."""
    plan = Plan.objects.select_for_update().select_related("child").get(pk=plan.pk)
    if not plan.is_maintained:
        raise ValidationError("Only a plan in force can be ceased")
    cessation = Cessation.objects.filter(plan=plan).first()
    if cessation is not None and cessation.is_open:
        raise ValidationError("Ceasing this plan is already under way")
    not_future("proposed_on", proposed_on)
    not_before("proposed_on", proposed_on, plan.issued_on, "the plan was issued")
    _reason_error(plan.child, reason, proposed_on, "reason")
    if cessation is None:
        cessation = Cessation(plan=plan)
    else:
        # A fresh start: the earlier attempt stays in the history and the chronology.
        cessation = Cessation(pk=cessation.pk, plan=plan, recorded_at=cessation.recorded_at)
    cessation.stage = Stage.PROPOSED
    cessation.reason = reason
    cessation.proposed_on = proposed_on
    cessation.note = note.strip()
    cessation.recorded_by = by
    return _save(
        cessation,
        by,
        "Ceasing proposed",
        title=f"Ceasing the {plan.get_kind_display()} proposed",
        on=proposed_on,
        detail=f"{cessation.get_reason_display()}. Consult the family and the school or college "
        "named in the plan before deciding (Special Educational Needs and Disability Regulations "
        f"2014, regulation 31). {cessation.note}",
    )


@transaction.atomic
def record_consultation(
    *,
    cessation: Cessation,
    by: User | None,
    family_consulted_on: date,
    institution_consulted_on: date | None = None,
    no_institution_named: bool = False,
) -> Cessation:
    """Reg 31(1)(b)-(c): the parent or young person consulted, and the head teacher, principal
    or equivalent of the institution named in the plan (unless the plan names none)."""
    cessation = _locked(cessation)
    _require(cessation, Stage.PROPOSED, "The consultation is recorded before the decision")
    not_future("family_consulted_on", family_consulted_on)
    not_before("family_consulted_on", family_consulted_on, cessation.proposed_on, "the proposal")
    if no_institution_named and institution_consulted_on is not None:
        raise ValidationError(
            {"institution_consulted_on": "Leave this blank if the plan names no institution"}
        )
    if not no_institution_named:
        if institution_consulted_on is None:
            raise ValidationError(
                {
                    "institution_consulted_on": "Enter the date the head teacher or principal "
                    "was consulted, or say that the plan names no institution"
                }
            )
        not_future("institution_consulted_on", institution_consulted_on)
        not_before(
            "institution_consulted_on",
            institution_consulted_on,
            cessation.proposed_on,
            "the proposal",
        )
    cessation.family_consulted_on = family_consulted_on
    cessation.institution_consulted_on = institution_consulted_on
    cessation.no_institution_named = no_institution_named
    if no_institution_named:
        institution = "the plan names no institution"
    else:
        assert institution_consulted_on is not None  # refused above without it
        institution = f"head teacher or principal consulted {day(institution_consulted_on)}"
    return _save(
        cessation,
        by,
        "Consultation recorded",
        title="Ceasing: consultation recorded",
        on=max(family_consulted_on, institution_consulted_on or family_consulted_on),
        detail=f"Family consulted {day(family_consulted_on)}; {institution}.",
    )


@transaction.atomic
def notify_decision(
    *,
    cessation: Cessation,
    by: User | None,
    decided_on: date,
    notice_on: date,
    intended_on: date,
    outcomes_achieved: str = "",
) -> Cessation:
    """Reg 31(2)-(3): the decision to cease, sent to the family with the right of appeal, its
    time limit and information about mediation, naming the day the council intends the plan to
    cease. For a young person of 18 or over the council must first have had regard to whether
    the education or training outcomes in the plan were achieved (s45(3)): refused without it.
    The plan stays in force: it ceases only once the appeal window has run (s45(4))."""
    cessation = _locked(cessation)
    _require(cessation, Stage.PROPOSED, "A decision to cease is notified once")
    if not cessation.consulted:
        raise ValidationError("Record the consultation with the family and the institution first")
    child = cessation.plan.child
    not_future("decided_on", decided_on)
    assert cessation.family_consulted_on is not None  # cessation.consulted
    consulted = max(
        cessation.family_consulted_on,
        cessation.institution_consulted_on or cessation.family_consulted_on,
    )
    not_before("decided_on", decided_on, consulted, "the consultation")
    not_future("notice_on", notice_on)
    not_before("notice_on", notice_on, decided_on, "the decision")
    not_before("intended_on", intended_on, notice_on, "the notice")
    _reason_error(child, cessation.reason, decided_on, "decided_on")
    if outcomes_achieved and outcomes_achieved not in Cessation.Outcomes.values:
        raise ValidationError({"outcomes_achieved": "Choose whether the outcomes were achieved"})
    if not outcomes_achieved and statutory.needs_outcomes_considered(
        child.date_of_birth, decided_on, cessation.reason
    ):
        raise ValidationError(
            {
                "outcomes_achieved": "Say whether the education or training outcomes in the plan "
                "were achieved: for a young person aged 18 or over the council must have "
                "regard to this before ceasing (Children and Families Act 2014 s45(3))"
            }
        )
    cessation.decided_on = decided_on
    cessation.notice_on = notice_on
    cessation.intended_on = intended_on
    cessation.outcomes_achieved = outcomes_achieved
    cessation.stage = Stage.NOTIFIED
    return _save(
        cessation,
        by,
        "Decision to cease notified",
        title=f"Decision to cease the {cessation.plan.get_kind_display()} notified",
        on=notice_on,
        detail=f"{cessation.get_reason_display()}. Decided {day(decided_on)}, notice sent "
        f"{day(notice_on)} with the right of appeal and mediation information. The family may "
        f"appeal until {day(cessation.appeal_by)}; the plan stays in force until then.",
    )


@transaction.atomic
def decide_not_to_cease(
    *, cessation: Cessation, by: User | None, decided_on: date, note: str = ""
) -> Cessation:
    """After consulting, the council decides not to cease: the plan simply continues."""
    cessation = _locked(cessation)
    _require(cessation, Stage.PROPOSED, "Only a proposal not yet decided can be withdrawn")
    not_future("decided_on", decided_on)
    not_before("decided_on", decided_on, cessation.proposed_on, "the proposal")
    cessation.stage = Stage.NOT_CEASED
    cessation.closed_on = decided_on
    if note.strip():
        cessation.note = f"{cessation.note}\n{note.strip()}".strip()
    return _save(
        cessation,
        by,
        "Decided not to cease",
        title=f"Decided not to cease the {cessation.plan.get_kind_display()}",
        on=decided_on,
        detail=f"The plan continues. {note.strip()}".strip(),
    )


def _require_window(cessation: Cessation) -> None:
    _require(cessation, Stage.NOTIFIED, "Record the decision to cease, with its notice, first")


def _before_any_appeal(cessation: Cessation, field: str, on: date) -> Cessation:
    """Lock the cessation for a step of its appeal window taken before any appeal, dated `on`
    (entered as `field`): on or after the notice, and not in the future."""
    cessation = _locked(cessation)
    _require_window(cessation)
    if cessation.appeal_registered_on is not None:
        raise ValidationError("An appeal is already registered")
    not_future(field, on)
    not_before(field, on, cessation.notice_on, "the notice")
    return cessation


@transaction.atomic
def record_mediation_certificate(
    *, cessation: Cessation, by: User | None, certificate_on: date
) -> Cessation:
    """A mediation certificate moves the appeal window to a month from the certificate, if
    later than two months from the notice (Tribunal time limits, docs/domain/statutory.md)."""
    cessation = _before_any_appeal(cessation, "certificate_on", certificate_on)
    cessation.mediation_certificate_on = certificate_on
    return _save(
        cessation,
        by,
        "Mediation certificate",
        title="Ceasing: mediation certificate issued",
        on=certificate_on,
        detail=f"The family may appeal until {day(cessation.appeal_by)}.",
    )


@transaction.atomic
def record_appeal(*, cessation: Cessation, by: User | None, registered_on: date) -> Cessation:
    """An appeal to the First-tier Tribunal (SEND) against the decision to cease: the plan is
    maintained until it is determined (s45(4))."""
    cessation = _before_any_appeal(cessation, "registered_on", registered_on)
    cessation.appeal_registered_on = registered_on
    return _save(
        cessation,
        by,
        "Appeal registered",
        title="Appeal registered against the decision to cease",
        on=registered_on,
        detail="The plan is maintained until the tribunal decides.",
    )


@transaction.atomic
def record_appeal_outcome(
    *, cessation: Cessation, by: User | None, decided_on: date, outcome: str
) -> Cessation:
    """The Tribunal's decision: upheld, the plan may cease from the day after (or the day the
    council intended, if later); allowed, the plan continues and this cessation ends."""
    cessation = _locked(cessation)
    _require_window(cessation)
    if not cessation.appeal_pending:
        raise ValidationError("Record the appeal first; its outcome is recorded once")
    if outcome not in Cessation.AppealOutcome.values:
        raise ValidationError({"outcome": "Choose what the tribunal decided"})
    not_future("decided_on", decided_on)
    not_before("decided_on", decided_on, cessation.appeal_registered_on, "the appeal")
    cessation.appeal_decided_on = decided_on
    cessation.appeal_outcome = outcome
    if outcome == Cessation.AppealOutcome.ALLOWED:
        cessation.stage = Stage.APPEAL_ALLOWED
        cessation.closed_on = decided_on
        detail = "The plan continues."
    else:
        detail = f"The plan may cease from {day(cessation.can_cease_from)}."
    return _save(
        cessation,
        by,
        "Appeal decided",
        title=f"Appeal against ceasing: {cessation.get_appeal_outcome_display().lower()}",
        on=decided_on,
        detail=detail,
    )


def ceasing_refusal(cessation: Cessation, ceases_on: date) -> ValidationError | None:
    """Why the plan cannot be recorded as ceased on `ceases_on`, or None: never while an appeal
    can be brought or is pending (s45(4)), nor before the day the council intended."""
    if cessation.stage != Stage.NOTIFIED:
        return ValidationError("Record the decision to cease, with its notice, first")
    earliest = cessation.can_cease_from
    if earliest is None:
        return ValidationError(
            "An appeal is pending: the plan is maintained until the tribunal decides "
            "(Children and Families Act 2014 s45(4))"
        )
    if ceases_on < earliest:
        if cessation.appeal_outcome:
            assert cessation.appeal_decided_on is not None  # recorded with the outcome
            why = f"the tribunal decided on {day(cessation.appeal_decided_on)}"
        else:
            why = f"the family may appeal until {day(cessation.appeal_by)}"
        assert cessation.intended_on is not None  # given with the notice (NOTIFIED)
        if cessation.intended_on >= earliest:
            why = f"the notice gave {day(cessation.intended_on)} as the day it ceases"
        return ValidationError(
            {"ceases_on": f"The plan can cease from {day(earliest)}: {why} (s45(4))"}
        )
    return None


@transaction.atomic
def record_ceased(*, cessation: Cessation, by: User | None, ceases_on: date) -> Cessation:
    """The plan ceased. Only now does it stop being maintained: it stays readable, with every
    version and review; reviews not yet held are dropped with their deadlines, outstanding
    steps of a held review no longer fall due, and the child's SEN status changes."""
    cessation = _locked(cessation)
    not_future("ceases_on", ceases_on)
    refusal = ceasing_refusal(cessation, ceases_on)
    if refusal is not None:
        raise refusal
    return _cease(cessation, by=by, ceases_on=ceases_on)


def _cease(cessation: Cessation, *, by: User | None, ceases_on: date) -> Cessation:
    plan = Plan.objects.select_for_update().select_related("child").get(pk=cessation.plan_id)
    cessation.stage = Stage.CEASED
    cessation.ceases_on = ceases_on
    cessation.plan = plan
    plan.status = Plan.Status.CEASED
    plan.ceased_on = ceases_on
    audit(plan, by=by, reason="Plan ceased")
    plan.save()
    unheld = []
    for review in plan.reviews.all():
        if review.meeting_on is None:
            unheld.append(review)
        else:
            sync_review_deadlines(review)
    Deadline.objects.filter(source__in=[f"review:{r.pk}" for r in unheld]).delete()
    for review in unheld:
        audit(review, by=by)
        review.delete()
    sync_plan_deadlines(plan)  # its own prompts (transfer-in notice, school age) no longer fall due
    refresh_provision_flag(plan)
    if not plan.child.plans.filter(status=Plan.Status.FINAL).exists():
        set_sen_status(child=plan.child, by=by, status=SenStatus.SEN_SUPPORT, reason="Plan ceased")
    assert cessation.notice_on is not None  # sent before it could cease (NOTIFIED)
    return _save(
        cessation,
        by,
        "Plan ceased",
        title=f"{plan.get_kind_display()} ceased",
        on=ceases_on,
        detail=f"{cessation.get_reason_display()}. Notice sent {day(cessation.notice_on)}.",
    )


@transaction.atomic
def record_ceased_elsewhere(
    *, plan: Plan, by: User | None, ceases_on: date, reason: str, note: str
) -> Cessation:
    """A plan ceased in another system (a migration): its return (SEN2) holds the day and the
    reason only, so the decision and the notice are taken as that day; the plan then ceases as
    record_ceased ceases it."""
    plan = Plan.objects.select_for_update().select_related("child").get(pk=plan.pk)
    if not plan.is_maintained:
        raise ValidationError({"ceases_on": "Only a plan in force can be ceased"})
    if Cessation.objects.filter(plan=plan).exists():
        raise ValidationError({"ceases_on": "Ceasing this plan is already recorded"})
    not_future("ceases_on", ceases_on)
    not_before("ceases_on", ceases_on, plan.issued_on, "the plan was issued")
    _reason_error(plan.child, reason, ceases_on, "reason")
    cessation = Cessation(
        plan=plan,
        stage=Stage.NOTIFIED,
        reason=reason,
        decided_on=ceases_on,
        intended_on=ceases_on,
        notice_on=ceases_on,
        note=note,
        recorded_by=by,
    )
    return _cease(cessation, by=by, ceases_on=ceases_on)
