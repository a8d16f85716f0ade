from crispy_forms_gds.layout import Field, Layout, Size, Submit
from django import forms

from core.forms import GovHelper


class WordingForm(forms.Form):
    subject = forms.CharField(
        max_length=300,
        error_messages={"required": "Enter the subject line"},
        widget=forms.TextInput(attrs={"spellcheck": "true"}),
    )
    body = forms.CharField(
        label="Wording",
        error_messages={"required": "Enter the wording of the letter"},
        help_text="Placeholders are written like {{ child.first_name }}; the list is below.",
        widget=forms.Textarea(attrs={"rows": 24, "spellcheck": "true"}),
    )
    reason = forms.CharField(
        label="Why are you changing it?",
        max_length=255,
        required=False,
        help_text="Needed to save, not to preview. For example, new mediation service details",
    )
    based_on = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = GovHelper()
        self.helper.label_size = Size.SMALL
        self.helper.layout = Layout(
            Field.text("subject"),
            Field.textarea("body"),
            Field.text("reason"),
            "based_on",
            Submit("preview", "Preview", css_class="govuk-button--secondary"),
            Submit("save", "Save as a new version"),
        )
