"""Forms for the placements pages (crispy-forms-gds). They check what was typed is complete and
well formed; the services decide whether it may be saved."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Size, Submit
from django import forms

from core.form_fields import DateInputField


def radios(choices, label: str, **kwargs) -> forms.ChoiceField:
    return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, label=label, **kwargs)


def date_field(
    label: str, help_text: str = "For example, 1 9 2025", *, required_message: str = "", **kwargs
):
    field = DateInputField(label=label, help_text=help_text, **kwargs)
    if required_message:
        # DateInputField sets its own messages in __init__, so ours go on afterwards.
        field.error_messages["required"] = required_message
    return field


def money_field(label: str, **kwargs) -> forms.DecimalField:
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


class GovForm(forms.Form):
    submit_label = "Save"

    def __init__(self, *args, submit_label: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.label_size = Size.SMALL
        self.helper.legend_size = Size.SMALL
        self.helper.add_input(Submit("submit", submit_label or self.submit_label))
