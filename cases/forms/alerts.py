"""Acknowledge or snooze an alert: a reason always, and for a snooze the date it comes back after.
The date rules live in the service (cases.services.alert_actions); the form checks them too so
the answer comes back on the field."""

from crispy_forms_gds.layout import Submit
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from core.form_fields import DateInputField
from core.forms import GovHelper

from ..services.alert_actions import (
    MAX_SNOOZE_DAYS,
    SNOOZE_PERIODS,
    check_snooze_date,
    snooze_end,
)


class AlertActionForm(forms.Form):
    submit_label = "Save"
    reason_label = "Why?"

    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        error_messages={"required": "Enter a reason"},
        help_text="This is kept on the child's chronology and in the alert's history.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = self.reason_label
        self.helper = GovHelper()
        self.helper.label_size = "s"
        self.helper.legend_size = "s"
        self.helper.add_input(Submit("submit", self.submit_label))

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise ValidationError("Enter a reason")
        return reason


class AcknowledgeForm(AlertActionForm):
    submit_label = "Acknowledge the alert"
    reason_label = "Why can this alert be acknowledged?"


class SnoozeForm(AlertActionForm):
    submit_label = "Snooze the alert"
    reason_label = "Why snooze this alert?"

    field_order = ["period", "until", "reason"]
    period = forms.ChoiceField(
        label="For how long?",
        choices=[(key, label) for key, (label, _) in SNOOZE_PERIODS.items()],
        widget=forms.RadioSelect,
        required=False,
        help_text="The alert comes back the day after, if the deadline is still open.",
    )
    until = DateInputField(
        label="Snooze until (if you chose a date)",
        required=False,
        help_text=(
            f"A date after today and no more than {MAX_SNOOZE_DAYS} days ahead, for example "
            "27 3 2025."
        ),
    )

    def clean(self):
        data = super().clean()
        # A date typed without choosing a period means "until that date".
        period = data.get("period") or ("date" if data.get("until") else "")
        if not period:
            self.add_error("period", "Choose how long to snooze the alert")
            return data
        today = timezone.localdate()
        until = snooze_end(period, today=today, until=data.get("until"))
        if until is None:
            if "until" not in self.errors:
                self.add_error("until", "Enter the date to snooze the alert until")
            return data
        try:
            check_snooze_date(until, today)
        except ValidationError as error:
            self.add_error("until", error.message_dict["until"])
        data["until"] = until
        return data
