"""Re-assessing the needs of a child or young person with an EHC plan (CFA 2014 s44(2)-(3);
SI 2014/1530 regs 23-27).

A re-assessment is an AssessmentRequest of kind "reassessment", so its advice, consultations,
exceptions, disagreements and withdrawal go through the same services as an assessment's
(cases.services.assessment); this module records what only a re-assessment has: the request
(or the council's own decision), the notice that the plan will not be amended or replaced, and
the amended or replacement plan being issued (called by the plans app, which holds the plan).
Each function saves, adds to the chronology and rewrites the Deadline rows in one transaction.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction

from core.audit import audit
from core.formatting import day
from core.locking import refuse_if_stale

from .. import statutory
from ..codes import SenStatus
from ..models import AssessmentRequest, Child
from ..models.assessment import (
    REASSESSMENT_SOURCES,
    Decision,
    Kind,
    Regime,
    Source,
)
from .assessment import (
    _locked,
    _require_open,
    _save,
    check_issue_after_draft,
    check_new_request,
)
from .checks import not_before, not_future
from .chronology import record_event
from .deadlines import sync_request_deadlines

if TYPE_CHECKING:
    from accounts.models import User


def last_assessment_ended_on(child: Child, *, before: date | None = None) -> date | None:
    """The day the child's last EHC needs assessment (or re-assessment) ended: the plan issued
    after it, or the notice that no plan would be issued (or the plan not amended). Reg 24 counts
    its 6 months from the last assessment "conducted", which the product reads as ended."""
    ended = []
    for request in child.requests.filter(assess_decision=Decision.YES, regime=Regime.EHCP):
        if request.final_issued_on:
            ended.append(request.final_issued_on)
        elif request.issue_decision == Decision.NO and request.issue_decision_on:
            ended.append(request.issue_decision_on)
    if before is not None:
        ended = [d for d in ended if d <= before]
    return max(ended, default=None)


def refusal_note(request: AssessmentRequest) -> str:
    """What the decision step says about reg 24, or "" when it does not apply: information for
    the caseworker deciding, never a bar to re-assessing."""
    if not request.is_reassessment or request.started_by_council:
        return ""
    last = last_assessment_ended_on(request.child, before=request.received_on)
    if last is None or not statutory.reassessment_may_be_refused(request.received_on, last):
        return ""
    return (
        f"{request.child.known_as}'s last EHC needs assessment ended on {day(last)}, less than "
        f"{statutory.REASSESSMENT_MIN_INTERVAL_MONTHS} months before this request: the council "
        "may refuse it (Special Educational Needs and Disability Regulations 2014, regulation 24), "
        "unless it thinks a re-assessment is necessary."
    )


def _new_reassessment(
    *, child: Child, by: User | None, source: str, started_on: date
) -> AssessmentRequest:
    if child.sen_status != SenStatus.EHC_PLAN:
        raise ValidationError(
            f"{child.known_as} has no EHC plan recorded: only the needs of a child or young "
            "person with an EHC plan are re-assessed. Record a request for assessment instead"
        )
    check_new_request(child, started_on, what="request")
    return AssessmentRequest(
        child=child,
        kind=Kind.REASSESSMENT,
        regime=Regime.EHCP,
        source=source,
        received_on=started_on,
        created_by=by,
    )


@transaction.atomic
def record_reassessment_request(
    *, child: Child, by: User | None, source: str, received_on: date
) -> AssessmentRequest:
    """A request to re-assess from the parent, the young person or the school or college
    (reg 23): the council must tell them within 15 days whether it will (reg 25(1))."""
    if source not in REASSESSMENT_SOURCES:
        raise ValidationError(
            {"source": "Choose the parent, the young person, or the school or college"}
        )
    request = _new_reassessment(child=child, by=by, source=source, started_on=received_on)
    audit(request, by=by)
    request.save()
    sync_request_deadlines(request)
    detail = (
        f"{request.get_source_display()}. The decision is due by "
        f"{day(statutory.reassessment_decision_due(received_on))}."
    )
    note = refusal_note(request)
    record_event(
        child=child,
        request=request,
        happened_on=received_on,
        by=by,
        title="Request to re-assess received",
        detail=f"{detail} {note}" if note else detail,
    )
    return request


@transaction.atomic
def record_council_reassessment(
    *, child: Child, by: User | None, decided_on: date
) -> AssessmentRequest:
    """The council's own decision that a re-assessment is necessary (CFA 2014 s44(3)), say
    after a review: there is no request to decide, and the 14 weeks for the amended or
    replacement plan run from this decision (reg 27(2))."""
    request = _new_reassessment(child=child, by=by, source=Source.COUNCIL, started_on=decided_on)
    request.assess_decision, request.assess_decision_on = Decision.YES, decided_on
    request.stage = request.current_stage()
    audit(request, by=by)
    request.save()
    sync_request_deadlines(request)
    record_event(
        child=child,
        request=request,
        happened_on=decided_on,
        by=by,
        title="The council decided to re-assess (s44(3))",
        detail="The amended or replacement plan is due by "
        f"{day(statutory.reassessment_final_plan_due(decided_on))}.",
    )
    return request


def _require_reassessing(request: AssessmentRequest, field: str) -> None:
    if not request.is_reassessment:
        raise ValidationError({field: "This step belongs to a re-assessment"})
    _require_open(request)
    if request.assess_decision != Decision.YES:
        raise ValidationError({field: "Record the decision to re-assess first"})
    if request.final_issued_on:
        issued = day(request.final_issued_on)
        raise ValidationError({field: f"The plan was issued after the re-assessment on {issued}"})
    if request.issue_decision == Decision.NO:
        assert request.issue_decision_on is not None  # recorded with the decision
        raise ValidationError(
            {
                field: "The family was told on "
                f"{day(request.issue_decision_on)} that the plan will not be amended or replaced"
            }
        )


def _timing(request: AssessmentRequest, done_on: date) -> str:
    assert request.assess_decision_on is not None  # _require_reassessing: decided
    due = statutory.reassessment_final_plan_due(request.assess_decision_on)
    return f"{'In time' if done_on <= due else 'Late'} (due by {day(due)}, reg 27(2))."


@transaction.atomic
def record_not_amending(
    *, request: AssessmentRequest, by: User | None, notified_on: date, version: int | None = None
) -> AssessmentRequest:
    """The council tells the family that, after re-assessing, it will not amend or replace the
    plan. The product reads the 14 weeks of reg 27(2) as this notice's limit too, so it
    completes the REASSESSED_PLAN step; the letter gives the right of appeal."""
    request = _locked(request)
    refuse_if_stale(request, version=version, by=by)
    _require_reassessing(request, "notified_on")
    not_future("notified_on", notified_on)
    not_before("notified_on", notified_on, request.assess_decision_on, "the decision to re-assess")
    request.issue_decision, request.issue_decision_on = Decision.NO, notified_on
    _save(request, by, "Decided not to amend or replace the plan")
    record_event(
        child=request.child,
        request=request,
        happened_on=notified_on,
        by=by,
        title="After re-assessing, decided not to amend or replace the plan",
        detail=_timing(request, notified_on),
    )
    return request


@transaction.atomic
def record_reassessed_plan_issued(
    *, request: AssessmentRequest, by: User | None, issued_on: date
) -> AssessmentRequest:
    """The amended or replacement plan issued after the re-assessment: completes the 14 weeks
    of reg 27(2). Reg 27(1) applies reg 13(1): the family has at least 15 days on the draft, so
    the plan may be issued from the 16th day. Called by the plans app as it issues the plan."""
    request = _locked(request)
    _require_reassessing(request, "issued_on")
    check_issue_after_draft(request, issued_on, regulation="regs 13(1) and 27(1)", what="plan")
    request.final_issued_on = issued_on
    _save(request, by, "Plan issued after re-assessment")
    record_event(
        child=request.child,
        request=request,
        happened_on=issued_on,
        by=by,
        title="EHC plan issued after re-assessment",
        detail=_timing(request, issued_on),
    )
    return request
