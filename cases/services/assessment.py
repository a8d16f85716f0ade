"""Recording the statutory steps of an assessment request.

Each function checks the step makes sense after what is already recorded (a decision cannot
come before the request, an issue date before the decision, nothing in the future), saves it,
adds it to the chronology and brings the Deadline rows up to date, all in one transaction.
Errors are ValidationErrors keyed by the form field they are about, so a form can show them.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction

from core.audit import audit
from core.formatting import day as _day
from core.locking import lock_for_edit, refuse_if_stale

from .. import statutory
from ..codes import SenStatus
from ..models import AdviceRequest, AssessmentRequest, Child, Consultation, Disagreement
from ..models.assessment import (
    CLOSED_STAGES,
    Closure,
    Decision,
    Regime,
    Source,
    TimeLimitException,
)
from .checks import not_before as _not_before
from .checks import not_future as _not_future
from .chronology import record_event
from .deadlines import sync_request_deadlines

if TYPE_CHECKING:
    from accounts.models import User


def _locked(request: AssessmentRequest) -> AssessmentRequest:
    """Re-read the request under a row lock: two caseworkers recording at once queue here."""
    return AssessmentRequest.objects.select_for_update().select_related("child").get(pk=request.pk)


def _require_open(request: AssessmentRequest) -> None:
    if request.closure:
        assert request.closed_on is not None  # set with the closure
        raise ValidationError(
            f"This request was {request.get_closure_display().lower()} on "
            f"{_day(request.closed_on)}: nothing more can be recorded on it"
        )


def _save(request: AssessmentRequest, by: User | None, reason: str) -> None:
    request.stage = request.current_stage()
    audit(request, by=by, reason=reason)
    request.save()
    sync_request_deadlines(request)


def check_new_request(
    child: Child, received_on: date, what: str = "request for assessment"
) -> None:
    """Refuse a new request dated in the future or before the child was born, or while the
    child has an open request: one clock at a time."""
    _not_future("received_on", received_on)
    _not_before("received_on", received_on, child.date_of_birth, "the child's date of birth")
    if child.requests.exclude(stage__in=CLOSED_STAGES).exists():
        raise ValidationError(
            f"This child already has an open {what}: record the next step on it, or withdraw it "
            "first"
        )


@transaction.atomic
def record_request(
    *, child: Child, by: User | None, regime: str, source: str, received_on: date
) -> AssessmentRequest:
    if source == Source.COUNCIL:
        # The council starting a re-assessment itself is reassessment.record_council_reassessment.
        raise ValidationError({"source": "A request for assessment comes from outside the council"})
    check_new_request(child, received_on)
    request = AssessmentRequest(
        child=child, regime=regime, source=source, received_on=received_on, created_by=by
    )
    audit(request, by=by)
    request.save()
    sync_request_deadlines(request)
    due = statutory.assessment_deadlines(regime, received_on)
    record_event(
        child=child,
        request=request,
        happened_on=received_on,
        by=by,
        title="Request for assessment received",
        detail=f"{request.get_source_display()}. Decision due by "
        f"{_day(due['decision_to_assess'])}.",
    )
    return request


@transaction.atomic
def record_assess_decision(
    *,
    request: AssessmentRequest,
    by: User | None,
    decision: str,
    decided_on: date,
    version: int | None = None,
) -> AssessmentRequest:
    request = _locked(request)
    # The decision can be changed until later steps are recorded: a form opened before someone
    # else recorded it must not silently replace theirs.
    refuse_if_stale(request, version=version, by=by)
    _require_open(request)
    _not_future("decided_on", decided_on)
    _not_before("decided_on", decided_on, request.received_on, "the day the request arrived")
    if request.started_by_council:
        raise ValidationError(
            "The council decided itself to re-assess: there is no request to decide"
        )
    if request.issue_decision or request.draft_sent_on or request.advice.exists():
        raise ValidationError(
            "Later steps are already recorded, so the decision whether to assess cannot change"
        )
    verb = "re-assess" if request.is_reassessment else "assess"
    request.assess_decision, request.assess_decision_on = decision, decided_on
    _save(request, by, f"Decision whether to {verb}")
    title = f"Decided to {verb}" if decision == Decision.YES else f"Decided not to {verb}"
    detail = ""
    if request.is_reassessment:
        detail = _reassessment_decision_detail(request)
    record_event(
        child=request.child,
        request=request,
        happened_on=decided_on,
        by=by,
        title=title,
        detail=detail,
    )
    return request


def _reassessment_decision_detail(request: AssessmentRequest) -> str:
    due = statutory.reassessment_decision_due(request.received_on)
    assert request.assess_decision_on is not None  # recorded with the decision
    timing = "In time" if request.assess_decision_on <= due else "Late"
    detail = f"{timing}: the family had to be told by {_day(due)} (reg 25(1))."
    if request.assess_decision == Decision.YES:
        plan_due = statutory.reassessment_final_plan_due(request.assess_decision_on)
        detail += f" The amended or replacement plan is due by {_day(plan_due)}."
    else:
        detail += " The letter gives the family their right of appeal."
    return detail


def _require_assessing(request: AssessmentRequest, field: str) -> None:
    if request.assess_decision != Decision.YES:
        raise ValidationError({field: "Record the decision to assess first"})


@transaction.atomic
def request_advice(
    *, request: AssessmentRequest, by: User | None, body: str, requested_on: date, note: str = ""
) -> AdviceRequest:
    request = _locked(request)
    _require_open(request)
    _require_assessing(request, "requested_on")
    _not_future("requested_on", requested_on)
    _not_before("requested_on", requested_on, request.assess_decision_on, "the decision to assess")
    advice = AdviceRequest(request=request, body=body, requested_on=requested_on, note=note)
    audit(advice, by=by)
    advice.save()
    _save(request, by, "Advice requested")
    record_event(
        child=request.child,
        request=request,
        happened_on=requested_on,
        by=by,
        title=f"{advice.get_body_display()} advice requested",
        detail=f"Due by {_day(advice.due_on)}.",
    )
    return advice


@transaction.atomic
def request_advice_from(
    *,
    request: AssessmentRequest,
    by: User | None,
    bodies: list[str],
    requested_on: date,
    note: str = "",
) -> list[AdviceRequest]:
    """Several requests for advice sent on the same day, one row each: all or none."""
    if not bodies:
        raise ValidationError({"body": "Choose whose advice was requested"})
    return [
        request_advice(request=request, by=by, body=body, requested_on=requested_on, note=note)
        for body in dict.fromkeys(bodies)
    ]


@transaction.atomic
def record_advice_received(
    *, advice: AdviceRequest, by: User | None, received_on: date, version: int | None = None
) -> AdviceRequest:
    request = _locked(advice.request)
    lock_for_edit(advice, version=version, by=by)
    _require_open(request)
    _not_future("received_on", received_on)
    _not_before("received_on", received_on, advice.requested_on, "the day it was requested")
    advice.received_on = received_on
    audit(advice, by=by)
    advice.save()
    _save(request, by, "Advice received")
    late = received_on > advice.due_on
    record_event(
        child=request.child,
        request=request,
        happened_on=received_on,
        by=by,
        title=f"{advice.get_body_display()} advice received",
        detail=f"{'Late' if late else 'In time'}: it was due by {_day(advice.due_on)}.",
    )
    return advice


@transaction.atomic
def record_issue_decision(
    *,
    request: AssessmentRequest,
    by: User | None,
    decision: str,
    decided_on: date,
    version: int | None = None,
) -> AssessmentRequest:
    request = _locked(request)
    refuse_if_stale(request, version=version, by=by)
    _require_open(request)
    if request.is_reassessment:
        raise ValidationError(
            {
                "decided_on": "A re-assessment has no decision whether to issue: record the "
                "draft plan, or that the plan will not be amended or replaced"
            }
        )
    _require_assessing(request, "decided_on")
    _not_future("decided_on", decided_on)
    _not_before("decided_on", decided_on, request.assess_decision_on, "the decision to assess")
    if request.draft_sent_on:
        raise ValidationError(
            f"The {request.draft_name} has already been sent, so this decision cannot change"
        )
    request.issue_decision, request.issue_decision_on = decision, decided_on
    _save(request, by, "Decision whether to issue")
    if decision == Decision.YES:
        title = f"Decided to issue {request.a_document}"
    elif request.is_ehcp:
        title = "Decided not to issue an EHC plan"
    else:
        title = "Decided not to make a statement (note in lieu)"
    record_event(child=request.child, request=request, happened_on=decided_on, by=by, title=title)
    return request


@transaction.atomic
def record_draft_sent(
    *, request: AssessmentRequest, by: User | None, sent_on: date, version: int | None = None
) -> AssessmentRequest:
    request = _locked(request)
    refuse_if_stale(request, version=version, by=by)
    _require_open(request)
    if not request.may_send_draft():
        what = "re-assess" if request.is_reassessment else f"issue an {request.document_name}"
        raise ValidationError({"sent_on": f"Record the decision to {what} first"})
    _not_future("sent_on", sent_on)
    if request.is_reassessment:
        _not_before("sent_on", sent_on, request.assess_decision_on, "the decision to re-assess")
    else:
        _not_before("sent_on", sent_on, request.issue_decision_on, "the decision to issue")
    if request.final_issued_on:
        raise ValidationError({"sent_on": f"The final {request.document_name} is already issued"})
    request.draft_sent_on = sent_on
    _save(request, by, f"{request.draft_name.capitalize()} sent")
    detail = ""
    if request.is_ehcp:
        detail = (
            f"The family has until {_day(statutory.draft_comments_due(sent_on))} to comment and "
            "to ask for a school or college to be named."
        )
    record_event(
        child=request.child,
        request=request,
        happened_on=sent_on,
        by=by,
        title=f"{request.draft_name.capitalize()} sent",
        detail=detail,
    )
    return request


def check_issue_after_draft(
    request: AssessmentRequest,
    issued_on: date,
    *,
    regulation: str = "reg 13(1)",
    what: str = "final plan",
) -> None:
    """Refuse an issue date before the draft was sent or, for an EHC plan, within the family's
    15 days on the draft (SI 2014/1530 reg 13(1); reg 27(1) applies it after a re-assessment)."""
    if not request.draft_sent_on:
        raise ValidationError({"issued_on": f"Record when the {request.draft_name} was sent first"})
    _not_future("issued_on", issued_on)
    _not_before("issued_on", issued_on, request.draft_sent_on, f"the {request.draft_name}")
    if request.is_ehcp:
        earliest = statutory.earliest_final_after_draft(request.draft_sent_on)
        if issued_on < earliest:
            raise ValidationError(
                {
                    "issued_on": "The family has at least 15 days to comment on the draft plan "
                    f"({regulation}): the {what} can be issued from {_day(earliest)}"
                }
            )


@transaction.atomic
def record_final_issued(
    *,
    request: AssessmentRequest,
    by: User | None,
    issued_on: date,
    version: int | None = None,
    draft_date_unknown: bool = False,
) -> AssessmentRequest:
    """`draft_date_unknown`: a plan issued in another system whose return (SEN2) holds no draft
    date, so the reg 13(1) checks on the draft cannot be made; the issue still follows the
    decision to issue."""
    request = _locked(request)
    refuse_if_stale(request, version=version, by=by)
    _require_open(request)
    if request.is_reassessment:
        # The plan's next version is issued with it: plans.services.reassessment.
        raise ValidationError(
            {"issued_on": "Issue the plan after a re-assessment from the child's EHC plan page"}
        )
    if draft_date_unknown:
        _require_assessing(request, "issued_on")
        _not_future("issued_on", issued_on)
        _not_before("issued_on", issued_on, request.issue_decision_on, "the decision to issue")
    else:
        check_issue_after_draft(request, issued_on)
    request.final_issued_on = issued_on
    _save(request, by, f"Final {request.document_name} issued")
    child = request.child
    child.sen_status = SenStatus.EHC_PLAN if request.is_ehcp else SenStatus.STATEMENT
    audit(child, by=by, reason=f"Final {request.document_name} issued")
    child.save(update_fields=["sen_status", "updated_at"])
    limit = request.deadlines_due()["final_plan" if request.is_ehcp else "final_statement"]
    weeks = (issued_on - request.received_on).days / 7
    record_event(
        child=child,
        request=request,
        happened_on=issued_on,
        by=by,
        title=f"Final {request.document_name} issued",
        detail=f"{weeks:.1f} weeks after the request; "
        f"{'in time' if issued_on <= limit else 'late'} (limit {_day(limit)}).",
    )
    return request


@transaction.atomic
def close_request(
    *, request: AssessmentRequest, by: User | None, closure: str, closed_on: date, reason: str
) -> AssessmentRequest:
    request = _locked(request)
    _require_open(request)
    if request.final_issued_on:
        raise ValidationError(
            f"The final {request.document_name} is issued: cease the plan instead"
        )
    _not_future("closed_on", closed_on)
    _not_before("closed_on", closed_on, request.received_on, "the day the request arrived")
    if not reason.strip():
        raise ValidationError({"reason": "Say why the request ended"})
    request.closure, request.closed_on, request.closure_reason = closure, closed_on, reason
    _save(request, by, f"Request {Closure(closure).label.lower()}")
    record_event(
        child=request.child,
        request=request,
        happened_on=closed_on,
        by=by,
        title=f"Request {Closure(closure).label.lower()}",
        detail=reason,
    )
    return request


# Which steps an exception may be recorded against, by regime (an assessment) or for a
# re-assessment: its 14 weeks (reg 27(3), as reg 10(4)) and its advice (reg 26, applying reg 8).
REASSESSMENT_EXCEPTION_STEPS: set[str] = {
    TimeLimitException.Step.REASSESSED_PLAN,
    TimeLimitException.Step.ADVICE,
}
EXCEPTION_STEPS: dict[str, set[str]] = {
    Regime.EHCP: {
        TimeLimitException.Step.DECISION_TO_ASSESS,
        TimeLimitException.Step.NOTICE_NOT_TO_ISSUE,
        TimeLimitException.Step.FINAL_PLAN,
        TimeLimitException.Step.ADVICE,
    },
    Regime.STATEMENT: {
        TimeLimitException.Step.DECISION_TO_ASSESS,
        TimeLimitException.Step.PROPOSED_STATEMENT,
        TimeLimitException.Step.FINAL_STATEMENT,
        TimeLimitException.Step.ADVICE,
    },
}


def exception_steps(request: AssessmentRequest) -> set[str]:
    """The steps of this request an exception may be recorded against."""
    if request.is_reassessment:
        return REASSESSMENT_EXCEPTION_STEPS
    return EXCEPTION_STEPS[request.regime]


@transaction.atomic
def record_exception(
    *,
    request: AssessmentRequest,
    by: User | None,
    step: str,
    reason: str,
    starts_on: date,
    ends_on: date | None,
    note: str,
    advice: AdviceRequest | None = None,
    reason_unknown: bool = False,
) -> TimeLimitException:
    """`reason_unknown`: an exception carried over from another system's return (SEN2 Week20
    says only that one applied), kept with no reason for a caseworker to complete."""
    request = _locked(request)
    _require_open(request)
    if step not in exception_steps(request):
        raise ValidationError({"step": "That step has no time limit under this regime"})
    if step == TimeLimitException.Step.ADVICE:
        if advice is None or advice.request_id != request.pk:
            raise ValidationError({"advice": "Choose which advice the exception is about"})
        if reason not in TimeLimitException.REASONS_FOR_ADVICE:
            raise ValidationError(
                {
                    "reason": "For advice, reg 8(2) allows only exceptional personal "
                    "circumstances, absence from the area or a missed appointment"
                }
            )
    elif reason_unknown and not reason:
        pass
    elif reason not in TimeLimitException.REASONS_FOR_ASSESSMENT:
        raise ValidationError({"reason": "A missed appointment is an exception for advice only"})
    _not_before("starts_on", starts_on, request.received_on, "the day the request arrived")
    _not_future("starts_on", starts_on)
    if ends_on is not None:
        _not_before("ends_on", ends_on, starts_on, "the start of the exception")
    if not note.strip():
        raise ValidationError({"note": "Say what happened: the note is kept as evidence"})
    exception = TimeLimitException(
        request=request,
        step=step,
        reason=reason,
        starts_on=starts_on,
        ends_on=ends_on,
        note=note,
        recorded_by=by,
        advice=advice if step == TimeLimitException.Step.ADVICE else None,
    )
    audit(exception, by=by)
    exception.save()
    _save(request, by, "Time-limit exception recorded")
    record_event(
        child=request.child,
        request=request,
        happened_on=starts_on,
        by=by,
        title=f"Exception recorded: {exception.get_step_display()}",
        detail=f"{exception.get_reason_display()}. {note}",
    )
    return exception


@transaction.atomic
def record_consultation(
    *,
    request: AssessmentRequest,
    by: User | None,
    setting_name: str,
    setting_urn: str,
    sent_on: date,
) -> Consultation:
    request = _locked(request)
    _require_open(request)
    _require_assessing(request, "sent_on")
    _not_future("sent_on", sent_on)
    _not_before("sent_on", sent_on, request.assess_decision_on, "the decision to assess")
    consultation = Consultation(
        request=request, setting_name=setting_name, setting_urn=setting_urn, sent_on=sent_on
    )
    audit(consultation, by=by)
    consultation.save()
    record_event(
        child=request.child,
        request=request,
        happened_on=sent_on,
        by=by,
        title=f"{setting_name} consulted about being named",
        detail=f"Response expected by {_day(consultation.response_due)}.",
    )
    return consultation


@transaction.atomic
def record_consultation_response(
    *,
    consultation: Consultation,
    by: User | None,
    responded_on: date,
    outcome: str,
    version: int | None = None,
) -> Consultation:
    lock_for_edit(consultation, version=version, by=by)
    _not_future("responded_on", responded_on)
    _not_before("responded_on", responded_on, consultation.sent_on, "the consultation")
    consultation.responded_on, consultation.outcome = responded_on, outcome
    audit(consultation, by=by)
    consultation.save()
    record_event(
        child=consultation.request.child,
        request=consultation.request,
        happened_on=responded_on,
        by=by,
        title=f"{consultation.setting_name} replied: {consultation.get_outcome_display()}",
    )
    return consultation


@transaction.atomic
def record_disagreement(
    *,
    request: AssessmentRequest,
    by: User | None,
    kind: str,
    about: str,
    started_on: date,
    concluded_on: date | None = None,
    outcome: str = "",
) -> Disagreement:
    _not_future("started_on", started_on)
    _not_before("started_on", started_on, request.received_on, "the day the request arrived")
    if concluded_on is not None:
        _not_future("concluded_on", concluded_on)
        _not_before("concluded_on", concluded_on, started_on, "the start")
    disagreement = Disagreement(
        request=request,
        kind=kind,
        about=about,
        started_on=started_on,
        concluded_on=concluded_on,
        outcome=outcome,
    )
    audit(disagreement, by=by)
    disagreement.save()
    record_event(
        child=request.child,
        request=request,
        happened_on=started_on,
        by=by,
        title=f"{disagreement.get_kind_display()} started",
        detail=disagreement.get_about_display(),
    )
    return disagreement
