"""One short form per step. The services check order and law; these check only that what was
typed is complete and well formed."""

from crispy_forms_gds.layout import Submit
from django import forms

from cases import statutory
from cases.codes import CeaseReason, ReviewOutcome
from core.form_fields import date_field, radios, text_area
from core.forms import GovForm, GovHelper

from .models import Cessation, OutcomeProgress, Plan, ProvisionCheck
from .models.content import Area, Funder


class IssueForm(GovForm):
    submit_label = "Continue"  # to check your answers; the issue is confirmed there
    issued_on = date_field("Date the final plan was issued")


class TransferInForm(GovForm):
    submit_label = "Record the plan"
    kind = radios(Plan.Kind.choices, "What kind of plan?", initial=Plan.Kind.EHC_PLAN)
    transferred_from_la = forms.CharField(
        label="Council it came from (3-digit LA code)", max_length=3, min_length=3
    )
    issued_on = date_field("Date that council issued the plan")
    responsible_from = date_field("Date this council became responsible")
    last_review_on = date_field(
        "Date of its last annual review (optional)",
        required=False,
        help_text="Leave blank if it has not been reviewed. For example, 27 3 2025",
    )


class SectionsForm(forms.ModelForm):
    class Meta:
        model = Plan
        fields = list(Plan.TEXT_SECTIONS)
        widgets = {field: forms.Textarea(attrs={"rows": 4}) for field in Plan.TEXT_SECTIONS}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = GovHelper()
        self.helper.label_size = "s"
        self.helper.add_input(Submit("submit", "Save sections"))


class ReviewSettingsForm(GovForm):
    submit_label = "Save review settings"
    review_interval_months = forms.IntegerField(
        label="Review at least every (months, optional)",
        min_value=1,
        max_value=12,
        required=False,
        help_text="Leave blank for the default: every 6 months until the child is of compulsory "
        "school age (Code 9.178), then every 12. Enter 1 to 12 to choose another",
    )
    year_group_offset = forms.TypedChoiceField(
        label="Year group",
        coerce=int,
        choices=[
            (-1, "Taught a year behind their age group"),
            (0, "In their age group"),
            (1, "Taught a year ahead"),
        ],
        widget=forms.RadioSelect,
    )
    to_post16_institution = forms.BooleanField(
        label="Moving to a post-16 institution (a college) after Year 11",
        required=False,
        help_text="The plan must then be amended before 31 March rather than before 15 February",
    )
    transfer_year = forms.IntegerField(
        label="Year of the next phase transfer (optional)",
        min_value=2000,
        max_value=2100,
        required=False,
        help_text="Only to set it by hand, for example 2027 for a move in September 2027. Leave "
        "blank to work it out from the child's age and current setting",
    )
    transfer_kind = forms.ChoiceField(
        label="Kind of the next phase transfer (optional)",
        choices=[("", "Work it out"), *statutory.TRANSFER_CHOICES],
        required=False,
    )
    reason = text_area(
        "Reason for the change",
        required=False,
        help_text="Needed when you choose an interval or set the transfer by hand",
    )


class TransferNoticeForm(GovForm):
    submit_label = "Record the notice"
    sent_on = date_field("Date the family was told about the transfer")
    proposes_to_assess = forms.TypedChoiceField(
        label="Does the council propose to make an EHC needs assessment?",
        coerce=lambda value: value == "yes",
        choices=[("yes", "Yes"), ("no", "No")],
        widget=forms.RadioSelect,
    )


class OutcomeForm(GovForm):
    submit_label = "Save outcome"
    area = radios(Area.choices, "Area")
    description = text_area("Outcome")
    by_when = forms.CharField(
        label="By when (optional)",
        required=False,
        max_length=100,
        help_text="For example, end of Key Stage 2",
    )


class ProvisionForm(GovForm):
    submit_label = "Save provision"
    description = text_area("What is provided")
    provider = forms.CharField(label="Who provides it", max_length=200)
    frequency = forms.CharField(
        label="How often", max_length=100, help_text="For example, weekly, 30 minutes"
    )
    funded_by = radios(Funder.choices, "Who funds it", initial=Funder.EDUCATION)
    outcome: forms.ModelChoiceField = forms.ModelChoiceField(
        label="Outcome it supports (optional)", queryset=None, required=False, empty_label="None"
    )

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].queryset = plan.outcomes.all()


class CheckForm(GovForm):
    submit_label = "Record the check"
    delivery = radios(ProvisionCheck.Delivery.choices, "Was it delivered?")
    period_from = date_field("Start of the period checked")
    period_to = date_field("End of the period checked")
    confirmed_by = forms.CharField(
        label="Who confirmed it", max_length=200, help_text="For example, the school's SENCo"
    )
    note = text_area(
        "Note", required=False, help_text="Required if not fully delivered: what was missed"
    )


class MeetingForm(GovForm):
    submit_label = "Record the meeting"
    meeting_on = date_field("Date of the review meeting")

    def __init__(self, *args, outcomes, **kwargs):
        super().__init__(*args, **kwargs)
        self.outcomes = list(outcomes)
        for outcome in self.outcomes:
            self.fields[f"progress_{outcome.pk}"] = forms.ChoiceField(
                label=f"Progress: {outcome.description[:120]}",
                choices=[("", "Not assessed"), *OutcomeProgress.Progress.choices],
                required=False,
            )

    def progress(self) -> dict[int, tuple[str, str]]:
        return {
            o.pk: (self.cleaned_data[f"progress_{o.pk}"], "")
            for o in self.outcomes
            if self.cleaned_data.get(f"progress_{o.pk}")
        }


class ReportForm(GovForm):
    submit_label = "Record the report"
    report_on = date_field("Date the report of the meeting was sent")


class DecisionForm(GovForm):
    submit_label = "Record the decision"
    decision = radios(ReviewOutcome.choices, "What did the council decide?")
    decision_on = date_field("Date the decision was sent")
    proposals_sent_on = date_field(
        "Date the proposed amendments were sent (if amending)",
        required=False,
        help_text="They go with the decision (Devon, 2022). For example, 27 3 2025",
    )


class AmendedIssuedForm(GovForm):
    submit_label = "Continue"  # to check your answers; the issue is confirmed there
    issued_on = date_field("Date the final amended plan was issued")


class NotAmendedForm(GovForm):
    submit_label = "Record the decision not to amend"
    notified_on = date_field("Date the family was told the plan will not be amended")


class ProposeCeasingForm(GovForm):
    submit_label = "Record the proposal"
    proposed_on = date_field("Date the family was told the council is considering ceasing the plan")
    reason = radios(CeaseReason.choices, "Why would the plan cease?")
    note = text_area("Note (optional)", required=False)


class CeasingConsultationForm(GovForm):
    submit_label = "Record the consultation"
    family_consulted_on = date_field("Date the parent or young person was consulted")
    institution_consulted_on = date_field(
        "Date the head teacher or principal of the institution named in the plan was consulted",
        required=False,
    )
    no_institution_named = forms.BooleanField(
        label="The plan names no school, college or other institution", required=False
    )


class CeasingDecisionForm(GovForm):
    submit_label = "Continue"  # to check your answers; the decision is confirmed there
    decided_on = date_field("Date of the decision to cease")
    notice_on = date_field(
        "Date the notice was sent",
        help_text="With the right of appeal, its time limit and information about mediation. "
        "For example, 27 3 2025",
    )
    intended_on = date_field("Date the council intends the plan to cease")
    outcomes_achieved = radios(
        [
            ("", "Not needed: under 18, or the council is no longer responsible"),
            *Cessation.Outcomes.choices,
        ],
        "Were the education or training outcomes in the plan achieved?",
        required=False,
        help_text="Required for a young person aged 18 or over (Children and Families Act 2014 "
        "s45(3))",
    )


class NotCeasingForm(GovForm):
    submit_label = "Record the decision not to cease"
    decided_on = date_field("Date the council decided not to cease the plan")
    note = text_area("Why (optional)", required=False)


class MediationCertificateForm(GovForm):
    submit_label = "Record the certificate"
    certificate_on = date_field("Date of the mediation certificate")


class CeasingAppealForm(GovForm):
    submit_label = "Record the appeal"
    registered_on = date_field("Date the appeal was registered by the tribunal")


class CeasingAppealOutcomeForm(GovForm):
    submit_label = "Record the tribunal's decision"
    outcome = radios(Cessation.AppealOutcome.choices, "What did the tribunal decide?")
    decided_on = date_field("Date of the tribunal's decision")


class CeasedForm(GovForm):
    submit_label = "Continue"
    ceases_on = date_field("Date the plan ceased")
