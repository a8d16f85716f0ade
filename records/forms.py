"""The confirmations a subject access export and an erasure each ask for."""

from crispy_forms_gds.layout import Button, Layout, Size
from django import forms

from core.forms import GovHelper


class _ConfirmForm(forms.Form):
    submit_label = ""
    warning = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = GovHelper()
        self.helper.label_size = Size.SMALL
        button = Button.warning if self.warning else Button.primary
        self.helper.layout = Layout("confirm", button("submit", self.submit_label))


class ConfirmExportForm(_ConfirmForm):
    submit_label = "Prepare the export"
    confirm = forms.BooleanField(
        label="I have checked the identity of the person asking and their right to this "
        "child's records (the young person, or a parent for a child who cannot act alone)",
        error_messages={"required": "Confirm you have checked who is asking and their right"},
    )


class ConfirmErasureForm(_ConfirmForm):
    submit_label = "Erase the personal data"
    warning = True
    confirm = forms.BooleanField(
        error_messages={"required": "Confirm you understand the erasure cannot be undone"},
    )

    def __init__(self, *args, count: int, **kwargs):
        super().__init__(*args, **kwargs)
        records = "1 child's record" if count == 1 else f"{count} children's records"
        self.fields[
            "confirm"
        ].label = f"I understand that erasing the personal data in {records} cannot be undone"
