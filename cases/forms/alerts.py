"""Acknowledge or snooze an alert: a reason always, and for a snooze the date it comes back after.
The date rules live in the service (cases.services.alert_actions); the form checks them too so
the answer comes back on the field."""

from crispy_forms_gds.layout import Submit
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from core.form_fields import DateInputField
from core.forms import GovHelper

from ..services.alert_actions import MAX_SNOOZE_DAYS, check_snooze_date


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

    field_order = ["until", "reason"]
    until = DateInputField(
        label="Snooze until",
        help_text=(
            f"The alert comes back the day after, if the deadline is still open. Choose a date "
            f"after today and no more than {MAX_SNOOZE_DAYS} days ahead, for example 27 3 2025."
        ),
    )

    def clean_until(self):
        until = self.cleaned_data["until"]
        try:
            check_snooze_date(until, timezone.localdate())
        except ValidationError as error:
            raise ValidationError(error.message_dict["until"]) from None
        return until
