"""Form fields every app's forms share."""

from typing import Any

from crispy_forms_gds.fields import DateInputField as GdsDateInputField
from django import forms
from django.core.exceptions import ValidationError


class DateInputField(GdsDateInputField):
    """The GOV.UK date input (day, month, year boxes), with two holes in crispy-forms-gds'
    version closed: a day, month or year too long for a C long (twenty 9s) raises OverflowError
    rather than ValueError, and boxes holding only spaces give None for a required date. Both
    reached the services as a server error. Checked in clean(), so that subclasses with their
    own compress() (and messages) are covered too."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # GOV.UK's date input: a numeric keypad on phones, without the number input's spinner.
        for box in self.widget.widgets:
            box.attrs.setdefault("inputmode", "numeric")

    def clean(self, value: Any) -> Any:
        try:
            date = super().clean(value)
        except OverflowError:
            raise ValidationError("Enter a real date", code="invalid") from None
        if date is None and self.required:
            raise ValidationError(self.error_messages["required"], code="required")
        return date


EXAMPLE_DATE = "For example, 27 3 2025"


def date_field(
    label: str, help_text: str = EXAMPLE_DATE, *, required_message: str = "", **kwargs: Any
) -> DateInputField:
    """A GOV.UK date input; `required_message` replaces the field's own when it is left empty."""
    field = DateInputField(label=label, help_text=help_text, **kwargs)
    if required_message:
        # DateInputField sets its own messages in __init__, so ours go on afterwards.
        field.error_messages["required"] = required_message
    return field


def radios(choices: Any, label: str, **kwargs: Any) -> forms.ChoiceField:
    return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, label=label, **kwargs)


def text_area(label: str, rows: int = 3, **kwargs: Any) -> forms.CharField:
    return forms.CharField(label=label, widget=forms.Textarea(attrs={"rows": rows}), **kwargs)


def money_field(label: str, **kwargs: Any) -> forms.DecimalField:
    """An amount in pounds and pence, with messages that say how to type one."""
    field = forms.DecimalField(
        label=label,
        max_digits=10,
        decimal_places=2,
        error_messages={
            "required": "Enter the amount",
            "invalid": "Enter the amount in pounds, like 12500 or 12500.50",
            "max_decimal_places": "Enter the amount to the nearest penny (2 decimal places)",
            "max_digits": "Enter an amount less than £100,000,000",
            "max_whole_digits": "Enter an amount less than £100,000,000",
        },
        **kwargs,
    )
    field.widget.attrs.update({"inputmode": "decimal", "spellcheck": "false"})
    return field
