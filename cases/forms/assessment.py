"""One short form per statutory step. The services check the order of steps; these check
only that what was typed is complete and well formed."""

from django import forms

from core.form_fields import date_field, radios
from core.forms import GovForm

from ..models.assessment import (
    REASSESSMENT_SOURCES,
    REQUEST_SOURCES,
    AdviceRequest,
    Closure,
    Consultation,
    Decision,
    Disagreement,
    Regime,
    Source,
    TimeLimitException,
)


class StepForm(GovForm):
    """A step of an assessment: the form knows the request it records a step of."""

    def __init__(self, *args, request=None, **kwargs):
        self.assessment = request
        super().__init__(*args, **kwargs)


class RequestForm(StepForm):
    submit_label = "Record the request"
    regime = radios(Regime.choices, "Which law does the request come under?", initial=Regime.EHCP)
    # The council starting a re-assessment itself is recorded on the re-assessment form.
    source = radios([(s.value, s.label) for s in REQUEST_SOURCES], "Who made the request?")
    received_on = date_field("Date the council received it (or became responsible)")


class ReassessmentRequestForm(StepForm):
    submit_label = "Record the re-assessment"
    source = radios(
        [
            *((s.value, s.label) for s in REASSESSMENT_SOURCES),
            (Source.COUNCIL.value, "Nobody: the council decided itself that it is necessary"),
        ],
        "Who asked for the re-assessment?",
        error_messages={"required": "Choose who asked for the re-assessment"},
    )
    received_on = date_field(
        "Date the council received the request, or decided itself to re-assess",
        help_text="The 15 days to decide run from a request; the 14 weeks to the plan run from "
        "the council's own decision. For example, 27 3 2026",
    )


class AssessDecisionForm(StepForm):
    submit_label = "Record the decision"
    decision = radios(Decision.choices, "Did the council decide to carry out an assessment?")
    decided_on = date_field("Date of the decision")

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        if request is not None and request.is_reassessment:
            # Reg 25(1): the step is done when the family is told, so that is the date asked.
            self.fields["decision"].label = "Did the council decide to re-assess?"
            self.fields["decided_on"].label = "Date the family was told of the decision"


class NotAmendingForm(StepForm):
    submit_label = "Record the decision"
    notified_on = date_field("Date the family was told the plan will not be amended or replaced")


class IssueDecisionForm(StepForm):
    submit_label = "Record the decision"
    decision = radios(Decision.choices, "Did the council decide to issue?")
    decided_on = date_field("Date of the decision")

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        if request is not None:
            self.fields["decision"].label = f"Did the council decide to issue {request.a_document}?"


class AdviceForm(StepForm):
    submit_label = "Record the advice requests"
    # Several at once (issue 19): the requests for advice usually go out together, a row each.
    body = forms.MultipleChoiceField(
        choices=AdviceRequest.Body.choices,
        widget=forms.CheckboxSelectMultiple,
        label="Whose advice was requested?",
        help_text="Choose everyone asked on this date: each becomes its own request, due in "
        "6 weeks.",
        error_messages={"required": "Choose whose advice was requested"},
    )
    requested_on = date_field("Date the request for advice was sent")
    note = forms.CharField(label="Note (optional)", required=False, max_length=255)


class AdviceReceivedForm(StepForm):
    submit_label = "Record the advice"
    received_on = date_field("Date the advice was received")


class DraftSentForm(StepForm):
    submit_label = "Record it as sent"
    sent_on = date_field("Date it was sent to the family")


class FinalIssuedForm(StepForm):
    submit_label = "Record it as issued"
    issued_on = date_field("Date it was issued")


class CloseForm(StepForm):
    submit_label = "End the request"
    closure = radios(Closure.choices, "How did the request end?")
    closed_on = date_field("Date it ended")
    reason = forms.CharField(label="Why did it end?", widget=forms.Textarea(attrs={"rows": 3}))


class ExceptionForm(StepForm):
    submit_label = "Record the exception"
    step = forms.ChoiceField(label="Which time limit does it affect?", choices=())
    advice = forms.ModelChoiceField(
        label="Which advice (only for an advice exception)",
        queryset=AdviceRequest.objects.none(),
        required=False,
    )
    reason = radios(
        TimeLimitException.Reason.choices,
        "Reason (Special Educational Needs and Disability Regulations 2014)",
    )
    starts_on = date_field("Date it started")
    ends_on = date_field("Date it ended (leave blank if it has not)", required=False)
    note = forms.CharField(
        label="What happened",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="This note is kept as evidence for the exception.",
    )

    def __init__(self, *args, request=None, **kwargs):
        from ..services.assessment import exception_steps

        super().__init__(*args, request=request, **kwargs)
        if request is not None:
            allowed = exception_steps(request)
            self.fields["step"].choices = [
                (value, label)
                for value, label in TimeLimitException.Step.choices
                if value in allowed
            ]
            self.fields["advice"].queryset = request.advice.all()


class ConsultationForm(StepForm):
    submit_label = "Record the consultation"
    setting_name = forms.CharField(label="School or college consulted", max_length=200)
    setting_urn = forms.RegexField(
        label="URN or UKPRN (optional)",
        regex=r"^(\d{6}|\d{8})$",
        required=False,
        error_messages={"invalid": "Enter a 6-digit URN or an 8-digit UKPRN"},
    )
    sent_on = date_field("Date the consultation was sent")


class ConsultationResponseForm(StepForm):
    submit_label = "Record the reply"
    outcome = radios(Consultation.Outcome.choices, "What did the setting say?")
    responded_on = date_field("Date of the reply")


class DisagreementForm(StepForm):
    submit_label = "Record it"
    kind = radios(Disagreement.Kind.choices, "Mediation or tribunal?")
    about = radios(Disagreement.About.choices, "What is it about?")
    started_on = date_field("Date it started")
    concluded_on = date_field("Date it concluded (leave blank if it has not)", required=False)
    outcome = forms.CharField(label="Outcome (optional)", required=False, max_length=255)

    # A re-assessment's appealable decisions (CFA 2014 s51(2)), under the same stored values.
    REASSESSMENT_ABOUT = {
        Disagreement.About.REQUEST: "The decision not to re-assess",
        Disagreement.About.ASSESSMENT: "The decision not to amend or replace the plan",
    }

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        if request is not None and request.is_reassessment:
            self.fields["about"].choices = [
                (value, self.REASSESSMENT_ABOUT.get(value, label))
                for value, label in Disagreement.About.choices
            ]
