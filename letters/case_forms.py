"""The forms a caseworker fills in to write a letter from a child's record."""

from crispy_forms_gds.layout import Field, Fluid, Layout, Size, Submit
from django import forms

from cases.models import AdviceRequest, AssessmentRequest, Child, Consultation, Contact
from core.forms import GovHelper
from plans.models import AnnualReview, Plan

from .models import Letter
from .shipped import kind_choices


def _review_label(review: AnnualReview) -> str:
    return f"{review} ({review.plan.get_kind_display()})"


class LetterStartForm(forms.Form):
    kind = forms.ChoiceField(
        label="Which letter?", error_messages={"required": "Choose which letter to write"}
    )
    contact = forms.ModelChoiceField(
        label="Who is it to?",
        queryset=Contact.objects.none(),
        required=False,
        empty_label="Someone outside the family (for advice, or a school consulted)",
        error_messages={
            "invalid_choice": "Choose one of the child's contacts",
        },
    )
    request = forms.ModelChoiceField(
        label="Which request is it about?",
        queryset=AssessmentRequest.objects.none(),
        required=False,
        empty_label="None",
        error_messages={"invalid_choice": "Choose one of the child's requests"},
    )
    plan = forms.ModelChoiceField(
        label="Which plan is it about?",
        queryset=Plan.objects.none(),
        required=False,
        empty_label="None",
        error_messages={"invalid_choice": "Choose one of the child's plans"},
    )
    review = forms.ModelChoiceField(
        label="Which annual review is it about?",
        queryset=AnnualReview.objects.none(),
        required=False,
        empty_label="None",
        error_messages={"invalid_choice": "Choose one of the child's reviews"},
    )

    advice = forms.ModelChoiceField(
        label="Which request for advice is it?",
        queryset=AdviceRequest.objects.none(),
        required=False,
        empty_label="None",
        error_messages={"invalid_choice": "Choose advice asked for this child"},
    )
    consultation = forms.ModelChoiceField(
        label="Which school or college consulted is it to?",
        queryset=Consultation.objects.none(),
        required=False,
        empty_label="None",
        error_messages={"invalid_choice": "Choose a school or college consulted for this child"},
    )

    def __init__(self, *args, child: Child, suggested: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        choices = kind_choices()
        first = [c for c in choices if c[0] in suggested]
        self.fields["kind"].choices = [("", "Choose a letter"), *first] + [  # type: ignore[attr-defined]
            c for c in choices if c not in first
        ]
        self.fields["contact"].queryset = child.contacts.all()  # type: ignore[attr-defined]
        self.fields["request"].queryset = child.requests.all()  # type: ignore[attr-defined]
        self.fields["plan"].queryset = child.plans.all()  # type: ignore[attr-defined]
        self.fields["review"].queryset = AnnualReview.objects.filter(  # type: ignore[attr-defined]
            plan__child=child
        ).select_related("plan")
        self.fields["review"].label_from_instance = _review_label  # type: ignore[attr-defined]
        self.fields["advice"].queryset = AdviceRequest.objects.filter(  # type: ignore[attr-defined]
            request__child=child
        )
        self.fields["consultation"].queryset = Consultation.objects.filter(  # type: ignore[attr-defined]
            request__child=child
        )
        self.helper = GovHelper()
        self.helper.label_size = Size.SMALL
        self.helper.layout = Layout(
            Field.select("kind"),
            Field.select("contact"),
            Field.select("request"),
            Field.select("plan"),
            Field.select("review"),
            Field.select("advice"),
            Field.select("consultation"),
            Submit("start", "Draft the letter"),
        )


class LetterDraftForm(forms.Form):
    subject = forms.CharField(
        max_length=300, error_messages={"required": "Enter the letter's subject line"}
    )
    body = forms.CharField(
        label="The letter",
        strip=False,
        widget=forms.Textarea(attrs={"rows": 30, "spellcheck": "true"}),
        error_messages={"required": "Enter the letter"},
        help_text="Leave a blank line between paragraphs. A short line of its own is printed "
        "as a heading.",
    )
    channel = forms.ChoiceField(
        label="How will it go?",
        choices=Letter.Channel.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how the letter will go"},
    )

    def __init__(self, *args, to_professional: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        recipient = []
        if to_professional:
            # Outside the family, nobody's address is on the record: the caseworker writes it.
            self.fields["recipient_name"] = forms.CharField(
                label="Who is it to?",
                max_length=200,
                error_messages={"required": "Enter who the letter is to"},
            )
            self.fields["recipient_address"] = forms.CharField(
                label="Their postal address",
                required=False,
                widget=forms.Textarea(attrs={"rows": 5, "autocomplete": "off"}),
                help_text="One line each, the postcode on the last line. Needed for the post.",
            )
            self.fields["recipient_email"] = forms.EmailField(
                label="Their email address",
                required=False,
                error_messages={"invalid": "Enter an email address like name@example.org"},
                help_text="Needed to send it by email.",
            )
            recipient = [
                Field.text("recipient_name"),
                Field.textarea("recipient_address"),
                Field.text("recipient_email", field_width=Fluid.TWO_THIRDS),
            ]
        self.helper = GovHelper()
        self.helper.label_size = Size.SMALL
        self.helper.legend_size = Size.SMALL
        self.helper.layout = Layout(
            *recipient,
            Field.text("subject"),
            Field.textarea("body"),
            Field.radios("channel", inline=True),
            Submit("save", "Save the draft", css_class="govuk-button--secondary"),
            Submit("check", "Save and check before sending"),
        )
