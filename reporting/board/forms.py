"""Asking for a board report (the paper's words, the period, the comparators) and editing the
paper's words once it is built."""

from crispy_forms_gds.layout import Field, Fieldset, Layout, Size, Submit
from django import forms
from django.utils import timezone

from core.form_fields import date_field
from core.forms import GovHelper
from reporting.models import BoardReport

from . import periods

DRAFT_PURPOSE = (
    "To report on the performance of the special educational needs and disabilities (SEND) "
    "service: how quickly education, health and care (EHC) needs assessments are completed, "
    "how many children and young people have a plan and where they are educated, and how the "
    "council compares with its statistical neighbours and with England."
)
DRAFT_RECOMMENDATIONS = (
    "That the committee notes the performance set out in this report and its key messages.\n"
    "That the committee notes the indicators rated red against their targets and asks for the "
    "actions to improve them to be reported to its next meeting."
)


class WordsMixin(forms.Form):
    title = forms.CharField(label="Subject", max_length=200)
    report_to = forms.CharField(
        label="Report to",
        max_length=200,
        help_text="The committee or board, for example Children's Services Scrutiny Committee",
    )
    meeting_date = date_field("Date of the meeting", required=False)
    reporting_officer = forms.CharField(label="Reporting officer", max_length=200)
    purpose = forms.CharField(
        label="Purpose of the report", widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    recommendations = forms.CharField(
        label="Recommendations",
        help_text="One recommendation a line; the paper numbers them.",
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
    )

    def words_layout(self) -> list:
        return [
            Fieldset(
                Field.text("title"),
                Field.text("report_to"),
                Field("meeting_date"),
                Field.text("reporting_officer", field_width=20),
                legend="The paper",
                legend_size=Size.MEDIUM,
            ),
        ]

    def text_layout(self) -> list:
        return [
            Fieldset(
                Field.textarea("purpose"),
                Field.textarea("recommendations"),
                legend="Purpose and recommendations",
                legend_size=Size.MEDIUM,
            )
        ]


class NewReportForm(WordsMixin):
    """What a board report covers. The snapshot defaults to SEN2's census day (the third
    Thursday of January) after a calendar year, else the period's last day."""

    period_kind = forms.ChoiceField(
        label="Which period does the report cover?",
        choices=periods.KINDS,
        widget=forms.RadioSelect,
        initial=periods.CALENDAR,
    )
    year = forms.IntegerField(
        label="Year",
        min_value=2000,
        max_value=2100,
        required=False,
        help_text="For a financial or academic year, the year it starts in: 2024 for 2024-25",
    )
    start = date_field("From (for other dates)", required=False)
    end = date_field("To (for other dates)", required=False)
    snapshot = date_field(
        "Caseload snapshot date (optional)",
        required=False,
        help_text="Plans and placements are counted as on this day. Leave it blank for the "
        "January census day after a calendar year, or the last day of any other period.",
    )
    comparators = forms.MultipleChoiceField(
        label="Councils to compare with (optional)",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Statistical neighbours and England are always shown.",
    )

    def __init__(self, *args, user=None, comparator_names=(), **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["year"].initial = today.year - 1
        self.fields["title"].initial = "Special educational needs and disabilities: performance"
        self.fields["purpose"].initial = DRAFT_PURPOSE
        self.fields["recommendations"].initial = DRAFT_RECOMMENDATIONS
        if user is not None:
            self.fields["reporting_officer"].initial = ", ".join(
                part for part in (user.get_full_name() or user.username, user.job_title) if part
            )
        self.fields["comparators"].choices = [(name, name) for name in comparator_names]
        parts = [
            *self.words_layout(),
            Fieldset(
                Field.radios("period_kind", legend_size=Size.SMALL),
                Field.text("year", field_width=4),
                Field("start"),
                Field("end"),
                Field("snapshot"),
                legend="Period",
                legend_size=Size.MEDIUM,
            ),
        ]
        if comparator_names:
            parts.append(Field.checkboxes("comparators", legend_size=Size.SMALL, small=True))
        else:
            del self.fields["comparators"]
        self.helper = GovHelper()
        self.helper.label_size = Size.SMALL
        self.helper.layout = Layout(
            *parts, *self.text_layout(), Submit("submit", "Draft the report")
        )

    def clean(self):
        data = super().clean()
        kind = data.get("period_kind")
        if kind == periods.CUSTOM:
            if not data.get("start"):
                self.add_error("start", "Enter the date the period starts")
            if not data.get("end"):
                self.add_error("end", "Enter the date the period ends")
            if data.get("start") and data.get("end") and data["end"] < data["start"]:
                self.add_error("end", "The period must end on or after the day it starts")
        elif kind and not data.get("year"):
            self.add_error("year", "Enter the year the period starts in, for example 2024")
        if not self.errors and kind:
            data["period"] = periods.period_for(
                kind,
                data.get("year"),
                start=data.get("start"),
                end=data.get("end"),
                snapshot=data.get("snapshot"),
            )
        return data

    def report(self, *, by) -> BoardReport:
        """An unsaved BoardReport for what was asked."""
        data, period = self.cleaned_data, self.cleaned_data["period"]
        return BoardReport(
            title=data["title"],
            report_to=data["report_to"],
            meeting_date=data.get("meeting_date"),
            reporting_officer=data["reporting_officer"],
            period_start=period.start,
            period_end=period.end,
            snapshot=period.snapshot,
            comparator_names=list(data.get("comparators") or []),
            purpose=data.get("purpose", ""),
            recommendations=data.get("recommendations", ""),
            requested_by=by,
        )


class EditWordsForm(WordsMixin):
    """The paper's words, changed after it is built: nothing is recomputed."""

    FIELDS = ("title", "report_to", "meeting_date", "reporting_officer", "purpose")

    def __init__(self, *args, report: BoardReport, **kwargs):
        initial = {name: getattr(report, name) for name in (*self.FIELDS, "recommendations")}
        super().__init__(*args, initial=initial, **kwargs)  # type: ignore[misc]  # args: data, files
        self.helper = GovHelper()
        self.helper.label_size = Size.SMALL
        self.helper.layout = Layout(
            *self.words_layout(), *self.text_layout(), Submit("submit", "Save the changes")
        )
