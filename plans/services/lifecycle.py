"""A plan's life: drafted from the assessment that led to it (or from a statement at its transfer
review), issued, transferred in from another council, and its review settings."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from cases import statutory
from cases.codes import SenStatus
from cases.locking import refuse_if_stale
from cases.models import AssessmentRequest
from cases.models.assessment import Decision
from cases.services import assessment
from cases.services.checks import day, not_before, not_future
from cases.services.children import set_sen_status
from cases.services.chronology import record_event

from ..models import Outcome, Plan, PlanVersion, ProvisionItem
from .deadlines import sync_review_deadlines
from .reviews import review_dates, schedule_review
from .versions import freeze_version

SEN_STATUS = {Plan.Kind.EHC_PLAN: SenStatus.EHC_PLAN, Plan.Kind.STATEMENT: SenStatus.STATEMENT}


@transaction.atomic
def start_plan_from_request(*, request: AssessmentRequest, by) -> Plan:
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
    plan._history_user = by
    plan.save()
    return plan


@transaction.atomic
def issue_plan(*, plan: Plan, by, issued_on: date) -> PlanVersion:
    """Issue a draft as the final plan: its first version. For a plan from an assessment this
    completes the request's final-plan deadline (through cases' own service, which checks the
    15 days of reg 13(1)); for a statement's transfer review the statement ends that day."""
    plan = Plan.objects.select_for_update().select_related("child").get(pk=plan.pk)
    if plan.status != Plan.Status.DRAFT:
        raise ValidationError({"issued_on": "This plan has already been issued"})
    not_future("issued_on", issued_on)
    if plan.request_id:
        request = plan.request
        if request.final_issued_on is None:
            assessment.record_final_issued(request=request, by=by, issued_on=issued_on)
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
    plan._history_user = by
    plan._change_reason = "Final plan issued"
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
    if not plan.request_id:
        record_event(
            child=plan.child,
            happened_on=issued_on,
            by=by,
            title=f"Final {plan.get_kind_display()} issued",
            detail=f"First review due by {day(review.due_on)}.",
        )
    return version


def _end(plan: Plan, by, on: date, reason: str) -> None:
    """Close a plan without a cessation decision (a statement replaced by its EHC plan)."""
    plan.status = Plan.Status.CEASED
    plan.ceased_on = on
    plan._history_user = by
    plan._change_reason = reason
    plan.save()
    for review in plan.reviews.all():
        sync_review_deadlines(review)
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
    child,
    by,
    kind: str,
    transferred_from_la: str,
    issued_on: date,
    responsible_from: date,
    last_review_on: date | None = None,
) -> Plan:
    """A plan maintained by another council when this one became responsible: recorded final,
    with its first version, and the next review due within 12 months of its issue or of its last
    review."""
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
    )
    record_event(
        child=child,
        happened_on=responsible_from,
        by=by,
        title=f"{plan.get_kind_display()} transferred in from LA {transferred_from_la}",
        detail=f"Issued {day(issued_on)}; next review due by {day(review.due_on)}.",
    )
    return plan


@transaction.atomic
def record_existing_plan(
    *, child, by, kind: str, issued_on: date, last_review_on: date | None = None
) -> Plan:
    """A plan this council issued before the service was recorded here (a migration from an
    earlier system): final, with its first version and its next review scheduled."""
    plan, review = _record_final(
        child=child,
        by=by,
        kind=kind,
        issued_on=issued_on,
        last_review_on=last_review_on,
        origin=Plan.Origin.EXISTING,
    )
    record_event(
        child=child,
        happened_on=issued_on,
        by=by,
        title=f"{plan.get_kind_display()} recorded (issued before this system)",
        detail=f"Next review due by {day(review.due_on)}.",
    )
    return plan


def _record_final(*, child, by, kind, issued_on, last_review_on, origin, **fields):
    if kind not in Plan.Kind.values:
        raise ValidationError({"kind": "Choose an EHC plan or a statement"})
    not_future("issued_on", issued_on)
    if last_review_on is not None:
        not_future("last_review_on", last_review_on)
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
    plan._history_user = by
    plan.save()
    reason = (
        PlanVersion.Reason.TRANSFERRED_IN
        if origin == Plan.Origin.TRANSFERRED_IN
        else PlanVersion.Reason.ISSUED
    )
    freeze_version(
        plan=plan, by=by, issued_on=fields.get("responsible_from") or issued_on, reason=reason
    )
    set_sen_status(child=child, by=by, status=SEN_STATUS[kind], reason=plan.get_origin_display())
    review = schedule_review(plan=plan, after=last_review_on or issued_on, by=by)
    return plan, review


@transaction.atomic
def start_conversion(*, statement: Plan, by) -> Plan:
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
    plan._history_user = by
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
            outcome=outcomes.get(item.outcome_id),
            description=item.description,
            provider=item.provider,
            frequency=item.frequency,
            funded_by=item.funded_by,
            position=item.position,
        )
    return plan


PLAN_SETTING_FIELDS = ("review_interval_months", "year_group_offset", "to_post16_institution")


@transaction.atomic
def update_review_settings(*, plan: Plan, by, version: int | None = None, **values) -> Plan:
    """Change how the plan's reviews fall due; the open review without a meeting is re-dated."""
    unknown = set(values) - set(PLAN_SETTING_FIELDS)
    if unknown:
        raise TypeError(f"not review settings: {sorted(unknown)}")
    interval = values.get("review_interval_months", plan.review_interval_months)
    if not statutory.MIN_REVIEW_INTERVAL_MONTHS <= interval <= statutory.MAX_REVIEW_INTERVAL_MONTHS:
        raise ValidationError(
            {"review_interval_months": "Reviews must be at least every 12 months: enter 1 to 12"}
        )
    if values.get("year_group_offset", 0) not in (-2, -1, 0, 1, 2):
        raise ValidationError({"year_group_offset": "Enter a number of years from -2 to 2"})
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    refuse_if_stale(plan, version=version, by=by)
    for field, value in values.items():
        setattr(plan, field, value)
    plan._history_user = by
    plan._change_reason = "Review settings changed"
    plan.save()
    pending = plan.reviews.filter(meeting_on__isnull=True).order_by("-due_on").first()
    if pending is not None and plan.is_maintained:
        after = plan.reviews.filter(meeting_on__isnull=False).order_by("-meeting_on").first()
        start = after.meeting_on if after else plan.issued_on
        _redate(pending, plan, start, by)
    return plan


def _redate(review, plan: Plan, start: date, by) -> None:
    review.due_on, transfer = review_dates(plan, start)
    review.transfer_to_year, review.phase_transfer_due = transfer or (None, None)
    review._history_user = by
    review._change_reason = "Review settings changed"
    review.save()
    sync_review_deadlines(review)
