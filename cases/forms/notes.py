from datetime import date

from crispy_forms_gds.layout import Layout, Size, Submit
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from core.form_fields import DateInputField
from core.forms import GovHelper

from ..models import CaseNote


class DayField(DateInputField):
    """GOV.UK date input with a message a caseworker can act on for an impossible date
    (the stock one passes Python's "day is out of range for month" through)."""

    def compress(self, data_list):
        day, month, year = data_list
        if not (day and month and year):
            return None
        try:
            return date(int(year), int(month), int(day))
        except (ValueError, OverflowError) as error:
            raise ValidationError("Enter a real date", code="invalid") from error


class NoteForm(forms.Form):
    kind = forms.ChoiceField(
        label="What kind of note is it?",
        choices=CaseNote.Kind.choices,
        initial=CaseNote.Kind.NOTE,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what kind of note it is"},
    )
    happened_on = DayField(
        label="When did it happen?", help_text="For example, 27 3 2025", require_all_fields=False
    )
    summary = forms.CharField(
        label="Summary",
        max_length=200,
        help_text="One line: it is what the chronology shows",
        error_messages={"required": "Enter a summary"},
    )
    body = forms.CharField(label="Details (optional)", widget=forms.Textarea, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = GovHelper()
        # The sizes become GOV.UK classes only when the helper renders a layout.
        self.helper.layout = Layout(*self.fields)
        self.helper.label_size = Size.SMALL
        self.helper.legend_size = Size.SMALL
        self.helper.add_input(Submit("submit", "Save note"))

    def clean_happened_on(self):
        day = self.cleaned_data["happened_on"]
        if day and day > timezone.localdate():
            raise ValidationError("The date cannot be in the future")
        return day
