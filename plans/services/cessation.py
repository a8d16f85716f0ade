"""Ceasing a plan (CFA 2014 s45; SI 2014/1530 regs 29-31): the decision, the SEN2 reason, and the
notice that opens the family's right of appeal."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from cases.codes import CeaseReason, SenStatus
from cases.models import Deadline
from cases.services.checks import day, not_before, not_future
from cases.services.children import set_sen_status
from cases.services.chronology import record_event

from ..models import Cessation, Plan
from .deadlines import sync_review_deadlines
from .provision import refresh_provision_flag


@transaction.atomic
def cease_plan(
    *,
    plan: Plan,
    by,
    reason: str,
    decided_on: date,
    notice_on: date,
    ceases_on: date,
    note: str = "",
) -> Cessation:
    """Cease the plan. It stays readable, with every version and review; reviews not yet held
    are dropped with their deadlines, and outstanding steps of a held review no longer fall due."""
    plan = Plan.objects.select_for_update().select_related("child").get(pk=plan.pk)
    if not plan.is_maintained:
        raise ValidationError("Only a plan in force can be ceased")
    if reason not in CeaseReason.values:
        raise ValidationError({"reason": "Choose the reason the plan is ceasing"})
    not_future("decided_on", decided_on)
    not_before("decided_on", decided_on, plan.issued_on, "the plan was issued")
    not_future("notice_on", notice_on)
    not_before("notice_on", notice_on, decided_on, "the decision")
    not_before("ceases_on", ceases_on, notice_on, "the notice")
    cessation = Cessation(
        plan=plan,
        reason=reason,
        decided_on=decided_on,
        notice_on=notice_on,
        ceases_on=ceases_on,
        note=note.strip(),
        recorded_by=by,
    )
    cessation._history_user = by
    cessation.save()
    plan.status = Plan.Status.CEASED
    plan.ceased_on = ceases_on
    plan._history_user = by
    plan._change_reason = "Plan ceased"
    plan.save()
    unheld = []
    for review in plan.reviews.all():
        if review.meeting_on is None:
            unheld.append(review)
        else:
            sync_review_deadlines(review)
    Deadline.objects.filter(source__in=[f"review:{r.pk}" for r in unheld]).delete()
    for review in unheld:
        review._history_user = by
        review.delete()
    refresh_provision_flag(plan)
    if not plan.child.plans.filter(status=Plan.Status.FINAL).exists():
        set_sen_status(child=plan.child, by=by, status=SenStatus.SEN_SUPPORT, reason="Plan ceased")
    record_event(
        child=plan.child,
        happened_on=decided_on,
        by=by,
        title=f"Decision to cease the {plan.get_kind_display()}",
        detail=f"{cessation.get_reason_display()}. Notice sent {day(notice_on)}; the plan ceases "
        f"{day(ceases_on)}; the family may appeal until {day(cessation.appeal_by)}.",
    )
    return cessation
