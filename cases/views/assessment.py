"""The Assessment tab: a child's requests, each request's clock, and one form per step."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone

from cases.access import access_child
from cases.extensions import request_links
from cases.pages import child_context
from core.forms import add_service_errors, posted
from core.locking import carry_version

from .. import statutory
from ..codes import SenStatus
from ..forms import assessment as forms
from ..models import AdviceRequest, AssessmentRequest, Consultation
from ..models.assessment import Source
from ..presentation import STATUS_TAG_COLOURS, clock_position
from ..services import assessment as services
from ..services import reassessment
from ..timeline import Step, week_by_week


@login_required
def request_list(request, pk: int):
    child = access_child(request, pk)
    requests = child.requests.all()
    can_edit = request.user.has_perm("cases.change_child_record", child)
    return render(
        request,
        "cases/assessment/requests.html",
        child_context(
            request,
            child,
            requests=requests,
            can_edit=can_edit,
            # Only the needs of a child with an EHC plan are re-assessed (CFA 2014 s44(2)).
            can_reassess=can_edit and child.sen_status == SenStatus.EHC_PLAN,
        ),
    )


@login_required
def request_new(request, pk: int):
    child = access_child(request, pk, edit=True)
    form = forms.RequestForm(posted(request) or None)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.record_request(child=child, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Request recorded. The statutory clock has started.")
            return redirect(created.get_absolute_url())
    return render(
        request,
        "cases/assessment/step_form.html",
        child_context(request, child, form=form, heading="Record a request for assessment"),
    )


@login_required
def reassessment_new(request, pk: int):
    child = access_child(request, pk, edit=True)
    form = forms.ReassessmentRequestForm(posted(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["source"] == Source.COUNCIL:
                created = reassessment.record_council_reassessment(
                    child=child, by=request.user, decided_on=data["received_on"]
                )
            else:
                created = reassessment.record_reassessment_request(
                    child=child, by=request.user, **data
                )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Re-assessment recorded. The statutory clock has started.")
            return redirect(created.get_absolute_url())
    return render(
        request,
        "cases/assessment/step_form.html",
        child_context(request, child, form=form, heading="Record a request to re-assess"),
    )


def _clock(assessment: AssessmentRequest, deadlines) -> tuple[int, str]:
    """How many weeks the request's clock shows, and what it is: 20 (26) weeks from the request
    for an assessment; for a re-assessment, to its last step due (15 days to decide, then 14
    weeks from that decision), since the Regulations give it no single limit from the request."""
    if not assessment.is_reassessment:
        return statutory.overall_limit_weeks(
            is_ehcp=assessment.is_ehcp
        ), "the day the request arrived"
    last_due = max((d["deadline"].due_on for d in deadlines), default=assessment.received_on)
    start = "the council's decision" if assessment.started_by_council else "the request"
    return max(1, statutory.week_of_clock(assessment.received_on, last_due)), start


@login_required
def request_detail(request, pk: int, request_id: int):
    child = access_child(request, pk)
    assessment = get_object_or_404(child.requests, pk=request_id)
    today = timezone.localdate()
    deadlines = []
    for deadline in assessment.deadlines.all():
        status = deadline.status(today)
        deadlines.append(
            {
                "deadline": deadline,
                "status": status,
                "status_label": statutory.STATUS_LABELS[status],
                "tag": STATUS_TAG_COLOURS[status],
                "due_week": statutory.week_of_clock(assessment.received_on, deadline.due_on),
            }
        )
    limit_weeks, clock_from = _clock(assessment, deadlines)
    weeks = week_by_week(
        received=assessment.received_on,
        limit_weeks=limit_weeks,
        steps=[
            Step(d["deadline"].label, d["deadline"].due_on, d["deadline"].completed_on, d["status"])
            for d in deadlines
        ],
        today=today,
    )
    can_edit = request.user.has_perm("cases.change_child_record", child)
    context = child_context(
        request,
        child,
        assessment=assessment,
        deadlines=deadlines,
        weeks=weeks,
        limit_weeks=limit_weeks,
        clock_from=clock_from,
        earliest_issue=assessment.draft_sent_on
        and statutory.draft_comments_due(assessment.draft_sent_on),
        clock_position=clock_position(
            statutory.week_of_clock(assessment.received_on, today), limit_weeks
        ),
        advice=assessment.advice.all(),
        consultations=assessment.consultations.all(),
        exceptions=assessment.exceptions.select_related("advice", "recorded_by"),
        disagreements=assessment.disagreements.all(),
        actions=[
            {"slug": slug, "title": _step_title(s, assessment)}
            for slug, s in STEPS.items()
            if can_edit and slug in assessment.next_steps()
        ],
        can_edit=can_edit,
        other_links=request_links(request, assessment, can_edit),
    )
    return render(request, "cases/assessment/request.html", context)


@dataclass(frozen=True)
class StepView:
    slug: str
    title: str
    form_class: type
    record: Callable  # (assessment, user, cleaned_data, item) -> None
    item_model: type | None = None  # steps about one advice request or consultation
    # A step that overwrites what is recorded (a decision, a date) carries the version of the
    # record it writes to, so that two people recording it at once cannot both succeed; a step
    # that adds a row (advice asked, a consultation, an exception) has nothing to overwrite.
    versioned: bool = False
    saved_as: dict | None = None  # the record's field for each form field named differently


def _decision(a, by, data, item):
    services.record_assess_decision(
        request=a,
        by=by,
        decision=data["decision"],
        decided_on=data["decided_on"],
        version=data.get("version"),
    )


def _advice(a, by, data, item):
    services.request_advice_from(
        request=a,
        by=by,
        bodies=data["body"],
        requested_on=data["requested_on"],
        note=data["note"],
    )


def _advice_received(a, by, data, item):
    services.record_advice_received(
        advice=item, by=by, received_on=data["received_on"], version=data.get("version")
    )


def _issue(a, by, data, item):
    services.record_issue_decision(
        request=a,
        by=by,
        decision=data["decision"],
        decided_on=data["decided_on"],
        version=data.get("version"),
    )


def _draft(a, by, data, item):
    services.record_draft_sent(
        request=a, by=by, sent_on=data["sent_on"], version=data.get("version")
    )


def _final(a, by, data, item):
    services.record_final_issued(
        request=a, by=by, issued_on=data["issued_on"], version=data.get("version")
    )


def _not_amending(a, by, data, item):
    reassessment.record_not_amending(
        request=a, by=by, notified_on=data["notified_on"], version=data.get("version")
    )


def _consultation(a, by, data, item):
    services.record_consultation(request=a, by=by, **data)


def _consultation_response(a, by, data, item):
    services.record_consultation_response(consultation=item, by=by, **data)


def _exception(a, by, data, item):
    services.record_exception(request=a, by=by, **data)


def _disagreement(a, by, data, item):
    services.record_disagreement(request=a, by=by, **data)


def _close(a, by, data, item):
    services.close_request(request=a, by=by, **data)


# The step forms; which of them a request offers now is AssessmentRequest.next_steps().
STEPS = {
    step.slug: step
    for step in [
        StepView(
            "decision",
            "Record the decision whether to assess",
            forms.AssessDecisionForm,
            _decision,
            versioned=True,
            saved_as={"decision": "assess_decision", "decided_on": "assess_decision_on"},
        ),
        StepView("advice", "Record a request for advice", forms.AdviceForm, _advice),
        StepView(
            "advice-received",
            "Record advice received",
            forms.AdviceReceivedForm,
            _advice_received,
            AdviceRequest,
            versioned=True,
        ),
        StepView(
            "issue-decision",
            "Record the decision whether to issue",
            forms.IssueDecisionForm,
            _issue,
            versioned=True,
            saved_as={"decision": "issue_decision", "decided_on": "issue_decision_on"},
        ),
        StepView(
            "consultation",
            "Record a school or college consulted",
            forms.ConsultationForm,
            _consultation,
        ),
        StepView(
            "consultation-response",
            "Record a reply to a consultation",
            forms.ConsultationResponseForm,
            _consultation_response,
            Consultation,
            versioned=True,
        ),
        StepView(
            "draft-sent",
            "Record the draft as sent",
            forms.DraftSentForm,
            _draft,
            versioned=True,
            saved_as={"sent_on": "draft_sent_on"},
        ),
        StepView(
            "final-issued",
            "Record the final issue",
            forms.FinalIssuedForm,
            _final,
            versioned=True,
            saved_as={"issued_on": "final_issued_on"},
        ),
        StepView(
            "not-amending",
            "Record that the plan will not be amended or replaced",
            forms.NotAmendingForm,
            _not_amending,
            versioned=True,
            saved_as={"notified_on": "issue_decision_on"},
        ),
        StepView("exception", "Record a time-limit exception", forms.ExceptionForm, _exception),
        StepView(
            "disagreement",
            "Record mediation or a tribunal appeal",
            forms.DisagreementForm,
            _disagreement,
        ),
        StepView("close", "Withdraw or cease the request", forms.CloseForm, _close),
    ]
}


def _step_title(step: StepView, assessment: AssessmentRequest) -> str:
    if step.slug == "decision" and assessment.is_reassessment:
        return "Record the decision whether to re-assess"
    if step.slug == "draft-sent":
        return f"Record the {assessment.draft_name} as sent"
    if step.slug == "final-issued":
        return f"Record the final {assessment.document_name} as issued"
    return step.title


@login_required
def request_step(request, pk: int, request_id: int, step: str, item_id: int | None = None):
    child = access_child(request, pk, edit=True)
    assessment = get_object_or_404(child.requests, pk=request_id)
    step_view = STEPS.get(step)
    if step_view is None or (step_view.item_model is None) != (item_id is None):
        raise Http404("No such step")
    item: Any = None
    if step_view.item_model is not None:
        item = get_object_or_404(step_view.item_model, pk=item_id, request=assessment)
    form = step_view.form_class(posted(request) or None, request=assessment)
    if step_view.versioned:
        carry_version(form, item if item is not None else assessment, saved_as=step_view.saved_as)
    if request.method == "POST" and form.is_valid():
        try:
            step_view.record(assessment, request.user, form.cleaned_data, item)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{_step_title(step_view, assessment)}: saved.")
            return redirect(assessment.get_absolute_url())
    return render(
        request,
        "cases/assessment/step_form.html",
        child_context(
            request,
            child,
            form=form,
            assessment=assessment,
            item=item,
            heading=_step_title(step_view, assessment),
            notice=reassessment.refusal_note(assessment) if step == "decision" else "",
        ),
    )


urlpatterns = [
    path("children/<id:pk>/assessment/", request_list, name="requests"),
    path("children/<id:pk>/assessment/new/", request_new, name="request_new"),
    path("children/<id:pk>/assessment/reassess/", reassessment_new, name="reassessment_new"),
    path("children/<id:pk>/assessment/<id:request_id>/", request_detail, name="request"),
    path(
        "children/<id:pk>/assessment/<id:request_id>/<slug:step>/",
        request_step,
        name="request_step",
    ),
    path(
        "children/<id:pk>/assessment/<id:request_id>/<slug:step>/<id:item_id>/",
        request_step,
        name="request_item_step",
    ),
]
