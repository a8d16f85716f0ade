from crispy_forms_gds.layout import Layout, Size, Submit
from django import forms
from django.core.exceptions import ValidationError

from core.forms import GovHelper

from ..models import Document
from ..services.documents import ALLOWED_DESCRIPTION, check_upload, limit_in_mb


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(
        label="What kind of document is it?",
        choices=Document.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what kind of document it is"},
    )
    title = forms.CharField(
        label="Title",
        max_length=200,
        help_text='For example, "Educational psychology advice, March"',
        error_messages={"required": "Enter a title"},
    )
    request: forms.ModelChoiceField = forms.ModelChoiceField(
        label="Request for assessment (optional)",
        queryset=None,
        required=False,
        empty_label="Not about a particular request",
    )
    file = forms.FileField(
        label="Upload a file",
        # Our own check gives the message for an empty file, with the others.
        allow_empty_file=True,
        error_messages={"required": "Select a file", "invalid": "Select a file"},
    )

    def __init__(self, *args, child, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["request"].queryset = child.requests.all()
        self.fields["file"].help_text = f"{ALLOWED_DESCRIPTION}; up to {limit_in_mb()} MB"
        if not self.fields["request"].queryset.exists():
            del self.fields["request"]
        self.helper = GovHelper()
        # The sizes become GOV.UK classes only when the helper renders a layout.
        self.helper.layout = Layout(*self.fields)
        self.helper.label_size = Size.SMALL
        self.helper.legend_size = Size.SMALL
        self.helper.add_input(Submit("submit", "Upload document"))

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        try:
            check_upload(uploaded)
        except ValidationError as error:
            raise ValidationError(error.message_dict["file"]) from error
        return uploaded
