"""A plan's life: drafted from the assessment that led to it (or from a statement at its transfer
review), issued, transferred in from another council, and its review settings."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cases import statutory
from cases.codes import SenStatus
from cases.models import AssessmentRequest
from cases.models.assessment import Decision
from cases.services import assessment
from cases.services.checks import not_before, not_future
from cases.services.children import set_sen_status
from cases.services.chronology import record_event
from core.audit import audit
from core.formatting import day
from core.locking import refuse_if_stale

from ..models import AnnualReview, Outcome, Plan, PlanVersion, ProvisionItem
from . import schedule
from .completeness import require_complete
from .deadlines import sync_plan_deadlines, sync_review_deadlines
from .reviews import schedule_review
from .versions import freeze_version

if TYPE_CHECKING:
    from accounts.models import User
    from cases.models import Child

SEN_STATUS: dict[str, str] = {
    Plan.Kind.EHC_PLAN: SenStatus.EHC_PLAN,
    Plan.Kind.STATEMENT: SenStatus.STATEMENT,
}


@transaction.atomic
def start_plan_from_request(*, request: AssessmentRequest, by: User | None) -> Plan:
    """Open the draft plan (or proposed statement) of a request where the council decided to
    issue one. One plan per request."""
    request = (
        AssessmentRequest.objects.select_for_update().select_related("child").get(pk=request.pk)
    )
    if request.issue_decision != Decision.YES or request.closure:
        raise ValidationError(
            f"A plan can be drafted only once the council has decided to issue {request.a_document}"
        )
    if Plan.objects.filter(request=request).exists():
        raise ValidationError("This request already has its plan")
    plan = Plan(
        child=request.child,
        kind=Plan.Kind.EHC_PLAN if request.is_ehcp else Plan.Kind.STATEMENT,
        origin=Plan.Origin.ASSESSMENT,
        request=request,
        created_by=by,
    )
    audit(plan, by=by)
    plan.save()
    return plan


@transaction.atomic
def issue_plan(
    *,
    plan: Plan,
    by: User | None,
    issued_on: date,
    draft_date_unknown: bool = False,
    content_held: bool = True,
) -> PlanVersion:
    """Issue a draft as the final plan: its first version. For a plan from an assessment this
    completes the request's final-plan deadline (through cases' own service, which checks the
    15 days of reg 13(1), unless the plan comes from a return with no draft date); for a
    statement's transfer review the statement ends that day.

    The plan must be complete (plans.services.completeness). Only an import records a plan
    issued before it came here, whose content is not held (``content_held=False``): that
    records history rather than issuing, so the check does not apply."""
    plan = Plan.objects.select_for_update().select_related("child").get(pk=plan.pk)
    if plan.status != Plan.Status.DRAFT:
        raise ValidationError({"issued_on": "This plan has already been issued"})
    not_future("issued_on", issued_on)
    if content_held:
        require_complete(plan)
    request = plan.request
    if request is not None:
        if request.final_issued_on is None:
            assessment.record_final_issued(
                request=request,
                by=by,
                issued_on=issued_on,
                draft_date_unknown=draft_date_unknown,
            )
        elif request.final_issued_on != issued_on:
            raise ValidationError(
                {
                    "issued_on": "The assessment records the final "
                    f"{request.document_name} as issued on {day(request.final_issued_on)}"
                }
            )
    if plan.replaces_id:
        statement = Plan.objects.select_for_update().get(pk=plan.replaces_id)
        not_before("issued_on", issued_on, statement.issued_on, "the statement was issued")
        _end(statement, by, issued_on, "Replaced by an EHC plan at its transfer review")
    plan.status = Plan.Status.FINAL
    plan.issued_on = issued_on
    audit(plan, by=by, reason="Final plan issued")
    plan.save()
    version = freeze_version(
        plan=plan, by=by, issued_on=issued_on, reason=PlanVersion.Reason.ISSUED
    )
    set_sen_status(
        child=plan.child,
        by=by,
        status=SEN_STATUS[plan.kind],
        reason=f"{plan.get_kind_display()} issued",
    )
    review = schedule_review(plan=plan, after=issued_on, by=by)
    sync_plan_deadlines(plan)
    if not plan.request_id:
        record_event(
            child=plan.child,
            happened_on=issued_on,
            by=by,
            title=f"Final {plan.get_kind_display()} issued",
            detail=f"First review due by {day(review.due_on)}.",
        )
    return version


def _end(plan: Plan, by: User | None, on: date, reason: str) -> None:
    """Close a plan without a cessation decision (a statement replaced by its EHC plan)."""
    plan.status = Plan.Status.CEASED
    plan.ceased_on = on
    audit(plan, by=by, reason=reason)
    plan.save()
    for review in plan.reviews.all():
        sync_review_deadlines(review)
    sync_plan_deadlines(plan)
    record_event(
        child=plan.child,
        happened_on=on,
        by=by,
        title=f"{plan.get_kind_display()} ended",
        detail=reason,
    )


@transaction.atomic
def record_transfer_in(
    *,
    child: Child,
    by: User | None,
    kind: str,
    transferred_from_la: str,
    issued_on: date,
    responsible_from: date,
    last_review_on: date | None = None,
) -> Plan:
    """A plan maintained by another council when this one became responsible (reg 15): recorded
    final, with its first version. The family is told within 6 weeks of the transfer whether the
    council will assess and when it will review (reg 15(4)); the first review is due before the
    later of 12 months from the plan's last review (or its making) and 3 months from the transfer
    (reg 15(5))."""
    if not (len(transferred_from_la) == 3 and transferred_from_la.isdigit()):
        raise ValidationError({"transferred_from_la": "Enter the other council's 3-digit LA code"})
    not_future("responsible_from", responsible_from)
    not_before("responsible_from", responsible_from, issued_on, "the plan was issued")
    plan, review = _record_final(
        child=child,
        by=by,
        kind=kind,
        issued_on=issued_on,
        last_review_on=last_review_on,
        origin=Plan.Origin.TRANSFERRED_IN,
        transferred_from_la=transferred_from_la,
        responsible_from=responsible_from,
        last_reviewed_before_transfer=last_review_on,
    )
    notice_due = statutory.transfer_in_notice_due(responsible_from)
    assert review is not None  # scheduled from responsible_from
    record_event(
        child=child,
        happened_on=responsible_from,
        by=by,
        title=f"{plan.get_kind_display()} transferred in from LA {transferred_from_la}",
        detail=f"Issued {day(issued_on)}; tell the family about the transfer by "
        f"{day(notice_due)}; first review due by {day(review.due_on)}.",
    )
    return plan


@transaction.atomic
def record_transfer_notice(
    *, plan: Plan, by: User | None, sent_on: date, proposes_to_assess: bool
) -> Plan:
    """The reg 15(4) notice to the family of a plan transferred in: that it was transferred,
    whether the council proposes to make an EHC needs assessment, and when it will review."""
    plan = Plan.objects.select_for_update().select_related("child").get(pk=plan.pk)
    if plan.transfer_notice_on is not None:
        raise ValidationError({"sent_on": "The notice is already recorded"})
    if not plan.awaits_transfer_notice:
        raise ValidationError("Only a plan transferred in and in force needs this notice")
    not_future("sent_on", sent_on)
    not_before("sent_on", sent_on, plan.responsible_from, "the council became responsible")
    plan.transfer_notice_on = sent_on
    plan.transfer_notice_assess = proposes_to_assess
    audit(plan, by=by, reason="Family told of the transfer (reg 15(4))")
    plan.save()
    sync_plan_deadlines(plan)
    assert plan.responsible_from is not None  # a plan transferred in (refused above otherwise)
    due = statutory.transfer_in_notice_due(plan.responsible_from)
    record_event(
        child=plan.child,
        happened_on=sent_on,
        by=by,
        title="Family told of the transferred plan",
        detail=f"{'In time' if sent_on <= due else 'Late'} (due by {day(due)}). The council "
        f"{'proposes' if proposes_to_assess else 'does not propose'} to assess.",
    )
    return plan


@transaction.atomic
def record_existing_plan(
    *,
    child: Child,
    by: User | None,
    kind: str,
    issued_on: date | None,
    last_review_on: date | None = None,
    transferred_from_la: str = "",
) -> Plan:
    """A plan this council issued before the service was recorded here (a migration from an
    earlier system): final, with its first version and its next review scheduled.

    A SEN2 return gives the issue date only of plans issued in its year, and of a plan
    transferred in only the council it came from: such a plan is recorded without them (no
    first version without an issue date; the reg 15(4) notice is not asked for without the day
    the council became responsible), its next review counted from its last review if known."""
    fields = {}
    if transferred_from_la:
        fields["transferred_from_la"] = transferred_from_la
    plan, review = _record_final(
        child=child,
        by=by,
        kind=kind,
        issued_on=issued_on,
        last_review_on=last_review_on,
        origin=Plan.Origin.TRANSFERRED_IN if transferred_from_la else Plan.Origin.EXISTING,
        **fields,
    )
    record_event(
        child=child,
        happened_on=issued_on or last_review_on or timezone.localdate(),
        by=by,
        title=f"{plan.get_kind_display()} recorded (issued before this system)",
        detail=f"Next review due by {day(review.due_on)}." if review else "",
    )
    return plan


def _record_final(
    *,
    child: Child,
    by: User | None,
    kind: str,
    issued_on: date | None,
    last_review_on: date | None,
    origin: str,
    **fields: Any,
) -> tuple[Plan, AnnualReview | None]:
    if kind not in Plan.Kind.values:
        raise ValidationError({"kind": "Choose an EHC plan or a statement"})
    if issued_on is not None:
        not_future("issued_on", issued_on)
    if last_review_on is not None:
        not_future("last_review_on", last_review_on)
        if issued_on is not None:
            not_before("last_review_on", last_review_on, issued_on, "the plan was issued")
    if child.plans.filter(status=Plan.Status.FINAL).exists():
        raise ValidationError("This child already has a plan maintained by this council")
    plan = Plan(
        child=child,
        kind=kind,
        status=Plan.Status.FINAL,
        origin=origin,
        issued_on=issued_on,
        created_by=by,
        **fields,
    )
    audit(plan, by=by)
    plan.save()
    reason = (
        PlanVersion.Reason.TRANSFERRED_IN
        if origin == Plan.Origin.TRANSFERRED_IN
        else PlanVersion.Reason.ISSUED
    )
    first_issued = fields.get("responsible_from") or issued_on
    if first_issued is not None:
        freeze_version(plan=plan, by=by, issued_on=first_issued, reason=reason)
    set_sen_status(child=child, by=by, status=SEN_STATUS[kind], reason=plan.get_origin_display())
    if fields.get("responsible_from"):
        start = fields["responsible_from"]  # reg 15(5): counted from the transfer
    else:
        start = last_review_on or issued_on
    review = schedule_review(plan=plan, after=start, by=by) if start else None
    sync_plan_deadlines(plan)
    return plan, review


@transaction.atomic
def start_conversion(*, statement: Plan, by: User | None) -> Plan:
    """Open the draft EHC plan that will replace a statement at its transfer review, starting from
    the statement's content; the statement stays in force until the plan is issued."""
    statement = Plan.objects.select_for_update().select_related("child").get(pk=statement.pk)
    if not statement.is_statement or not statement.is_maintained:
        raise ValidationError("Only a statement in force can be transferred to an EHC plan")
    if Plan.objects.filter(replaces=statement).exists():
        raise ValidationError("This statement's transfer review has already started")
    plan = Plan(
        child=statement.child,
        kind=Plan.Kind.EHC_PLAN,
        origin=Plan.Origin.CONVERSION,
        replaces=statement,
        created_by=by,
        **{field: getattr(statement, field) for field in Plan.TEXT_SECTIONS},
    )
    audit(plan, by=by)
    plan.save()
    outcomes = {}
    for outcome in statement.outcomes.all():
        outcomes[outcome.pk] = Outcome.objects.create(
            plan=plan,
            area=outcome.area,
            description=outcome.description,
            by_when=outcome.by_when,
            position=outcome.position,
        )
    for item in statement.provision.all():
        ProvisionItem.objects.create(
            plan=plan,
            outcome=outcomes.get(item.outcome_id) if item.outcome_id is not None else None,
            description=item.description,
            provider=item.provider,
            frequency=item.frequency,
            funded_by=item.funded_by,
            position=item.position,
        )
    return plan


PLAN_SETTING_FIELDS = (
    "review_interval_months",
    "year_group_offset",
    "to_post16_institution",
    "transfer_year",
    "transfer_kind",
)


@transaction.atomic
def update_review_settings(
    *, plan: Plan, by: User | None, version: int | None = None, reason: str = "", **values: Any
) -> Plan:
    """Change how the plan's reviews fall due: the interval (none chosen: 6 months under school
    age, 12 after), the year group, the next phase transfer set by hand. A chosen interval or a
    transfer set by hand needs a reason, kept in the history. The review not yet held is
    re-dated."""
    unknown = set(values) - set(PLAN_SETTING_FIELDS)
    if unknown:
        raise TypeError(f"not review settings: {sorted(unknown)}")
    interval = values.get("review_interval_months", plan.review_interval_months)
    if interval is not None and not (
        statutory.MIN_REVIEW_INTERVAL_MONTHS <= interval <= statutory.MAX_REVIEW_INTERVAL_MONTHS
    ):
        raise ValidationError(
            {"review_interval_months": "Reviews must be at least every 12 months: enter 1 to 12"}
        )
    if values.get("year_group_offset", 0) not in (-2, -1, 0, 1, 2):
        raise ValidationError({"year_group_offset": "Enter a number of years from -2 to 2"})
    _check_transfer(values)
    plan = Plan.objects.select_for_update().select_related("child").get(pk=plan.pk)
    refuse_if_stale(plan, version=version, by=by)
    changed = {f for f, v in values.items() if getattr(plan, f) != v}
    needs_reason = changed & {"review_interval_months", "transfer_year", "transfer_kind"}
    if needs_reason and not reason.strip():
        raise ValidationError(
            {"reason": "Say why: the interval or the transfer is kept with its reason"}
        )
    for field, value in values.items():
        setattr(plan, field, value)
    today = timezone.localdate()
    fifth = statutory.fifth_birthday(plan.child.date_of_birth)
    if today >= fifth and plan.school_age_checked_on is None:
        plan.school_age_checked_on = today
    audit(plan, by=by, reason=f"Review settings changed: {reason.strip()}".rstrip(": "))
    plan.save()
    redate_pending_review(plan=plan, by=by, reason="Review settings changed")
    sync_plan_deadlines(plan)
    return plan


def redate_pending_review(*, plan: Plan, by: User | None, reason: str) -> AnnualReview | None:
    """Work out again when the review not yet held falls due and which phase transfer it
    carries, after something they depend on changed (the settings, the child's setting)."""
    pending = plan.reviews.filter(meeting_on__isnull=True).order_by("-due_on").first()
    if pending is None or not plan.is_maintained:
        return None
    before = (pending.due_on, pending.phase_transfer_due, pending.transfer_kind)
    schedule.apply_dates(pending, schedule.review_start(plan, excluding=pending))
    if (pending.due_on, pending.phase_transfer_due, pending.transfer_kind) != before:
        audit(pending, by=by, reason=reason)
        pending.save()
        sync_review_deadlines(pending)
    return pending


def _check_transfer(values: dict[str, Any]) -> None:
    year, kind = values.get("transfer_year"), values.get("transfer_kind")
    if bool(year) != bool(kind):
        raise ValidationError(
            {"transfer_year": "Give both the year and the kind of the transfer, or neither"}
        )
    if kind and kind not in statutory.TRANSFER_LABELS:
        raise ValidationError({"transfer_kind": "Choose the kind of transfer"})
    if year and not 2000 <= year <= 2100:
        raise ValidationError({"transfer_year": "Enter a year such as 2027"})
