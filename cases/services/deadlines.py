"""The Deadline rows of an assessment request, derived from what has been recorded on it.

Which statutory steps apply depends on the decisions taken so far; when each is due comes from
cases.statutory. `sync_request_deadlines` is called by every service that records a step, in
the same transaction, so the table the caseload, the daily scan and the KPIs read is never
out of step with the case; the case's alerts are raised and cleared there too
(`alerts.refresh_alerts`), so the count is right before the next morning's scan.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.utils import timezone

from .. import statutory
from ..models import AssessmentRequest, Deadline
from ..models.assessment import Closure, Decision, Regime, TimeLimitException
from .alerts import refresh_alerts

if TYPE_CHECKING:
    from ..models import AdviceRequest, Child

Kind = Deadline.Kind


@dataclass(frozen=True)
class PlannedDeadline:
    source: str
    kind: str
    label: str
    due_on: date
    completed_on: date | None
    exempt: bool


def _advice_deadlines(
    advice: Iterable[AdviceRequest], exceptions: Iterable[TimeLimitException]
) -> list[PlannedDeadline]:
    exempt_advice = {e.advice_id for e in exceptions if e.step == TimeLimitException.Step.ADVICE}
    return [
        PlannedDeadline(
            f"advice:{item.pk}",
            Kind.ADVICE,
            f"{item.get_body_display()} advice",
            item.due_on,
            item.received_on,
            item.pk in exempt_advice,
        )
        for item in advice
    ]


def _without_open_steps_if_closed(
    request: AssessmentRequest, planned: list[PlannedDeadline]
) -> list[PlannedDeadline]:
    if request.closure in (Closure.WITHDRAWN, Closure.CEASED):
        # Steps still open when a request ends no longer fall due.
        return [p for p in planned if p.completed_on is not None]
    return planned


def planned_deadlines(
    request: AssessmentRequest,
    advice: Iterable[AdviceRequest],
    exceptions: Iterable[TimeLimitException],
) -> list[PlannedDeadline]:
    """The deadlines a request has now, given its advice requests and recorded exceptions."""
    if request.is_reassessment:
        return _reassessment_deadlines(request, advice, exceptions)
    exempt_steps = {e.step for e in exceptions if e.step != TimeLimitException.Step.ADVICE}
    due = statutory.assessment_deadlines(request.regime, request.received_on)
    source = f"request:{request.pk}"

    def step(kind: str, completed_on: date | None) -> PlannedDeadline:
        return PlannedDeadline(
            source, kind, Kind(kind).label, due[kind], completed_on, kind in exempt_steps
        )

    planned = [step(Kind.DECISION_TO_ASSESS, request.assess_decision_on)]
    if request.assess_decision != Decision.NO:
        planned += _advice_deadlines(advice, exceptions)
        not_issuing = request.issue_decision == Decision.NO
        if request.regime == Regime.EHCP:
            planned.append(step(Kind.NOTICE_NOT_TO_ISSUE, request.issue_decision_on))
            if not not_issuing:
                planned.append(step(Kind.FINAL_PLAN, request.final_issued_on))
        else:
            # A note in lieu, sent when the council decides not to make a statement, meets the
            # 18-week limit just as a proposed statement would (SI 2001/3455 reg 12).
            proposed_done = request.issue_decision_on if not_issuing else request.draft_sent_on
            planned.append(step(Kind.PROPOSED_STATEMENT, proposed_done))
            if not not_issuing:
                planned.append(step(Kind.FINAL_STATEMENT, request.final_issued_on))
    return _without_open_steps_if_closed(request, planned)


def _reassessment_deadlines(
    request: AssessmentRequest,
    advice: Iterable[AdviceRequest],
    exceptions: Iterable[TimeLimitException],
) -> list[PlannedDeadline]:
    """A re-assessment's steps (SI 2014/1530 regs 25-27); none of an assessment's 6, 16 and
    20 weeks apply to it.

    * The decision whether to re-assess, due 15 days from the request (reg 25(1)), done when the
      family is told; a re-assessment the council starts itself (CFA 2014 s44(3)) has none.
    * Advice asked for it, 6 weeks each (reg 26 applies regs 6-10).
    * Once the council has decided to re-assess: the amended or replacement plan, due 14 weeks
      from that notice or decision (reg 27(2)), done when the plan is issued or when the family
      is told the plan will not be amended or replaced (issue_decision "no").
    """
    source = f"request:{request.pk}"
    planned = []
    if not request.started_by_council:
        planned.append(
            PlannedDeadline(
                source,
                Kind.REASSESS_DECISION,
                Kind.REASSESS_DECISION.label,
                statutory.reassessment_decision_due(request.received_on),
                request.assess_decision_on,
                False,
            )
        )
    if request.assess_decision == Decision.YES:
        assert request.assess_decision_on is not None  # recorded with the decision
        planned += _advice_deadlines(advice, exceptions)
        not_amending = request.issue_decision == Decision.NO
        planned.append(
            PlannedDeadline(
                source,
                Kind.REASSESSED_PLAN,
                Kind.REASSESSED_PLAN.label,
                statutory.reassessment_final_plan_due(request.assess_decision_on),
                request.issue_decision_on if not_amending else request.final_issued_on,
                any(e.step == TimeLimitException.Step.REASSESSED_PLAN for e in exceptions),
            )
        )
    return _without_open_steps_if_closed(request, planned)


def sync_request_deadlines(request: AssessmentRequest) -> None:
    """Create, update and delete the request's Deadline rows to match `planned_deadlines`."""
    planned = planned_deadlines(request, list(request.advice.all()), list(request.exceptions.all()))
    ids = _replace(
        Deadline.objects.filter(request=request),
        planned,
        child_id=request.child_id,
        request=request,
        owner_id=request.child.lead_caseworker_id,
    )
    refresh_alerts(deadline_ids=ids, today=timezone.localdate())


def sync_deadlines(*, child: Child, source: str, planned: list[PlannedDeadline]) -> None:
    """Make the Deadline rows of one source (say "review:7", from the plans app) match
    `planned`. Other apps record their statutory clock through this, never by writing rows."""
    if any(p.source != source for p in planned):
        raise ValueError(f"every planned deadline must belong to {source}")
    ids = _replace(
        Deadline.objects.filter(source=source),
        planned,
        child_id=child.pk,
        request=None,
        owner_id=child.lead_caseworker_id,
    )
    refresh_alerts(deadline_ids=ids, today=timezone.localdate())


def _replace(
    existing_rows: Iterable[Deadline],
    planned: list[PlannedDeadline],
    *,
    child_id: int,
    request: AssessmentRequest | None,
    owner_id: int | None,
) -> list[int]:
    """Write the rows; return the ids of those that remain, whose alerts are then refreshed
    in the same transaction (removed rows take their alerts with them)."""
    existing = {(d.source, d.kind): d for d in existing_rows}
    wanted = {(p.source, p.kind): p for p in planned}
    stale = [d.pk for key, d in existing.items() if key not in wanted]
    if stale:
        Deadline.objects.filter(pk__in=stale).delete()
    kept: list[int] = []
    for key, plan in wanted.items():
        values = {
            "label": plan.label,
            "due_on": plan.due_on,
            "completed_on": plan.completed_on,
            "exempt": plan.exempt,
            "owner_id": owner_id,
        }
        row = existing.get(key)
        if row is None:
            row = Deadline.objects.create(
                child_id=child_id, request=request, source=plan.source, kind=plan.kind, **values
            )
        elif any(getattr(row, field) != value for field, value in values.items()):
            for field, value in values.items():
                setattr(row, field, value)
            row.save()
        kept.append(row.pk)
    return kept
