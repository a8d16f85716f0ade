"""A parent, carer, the young person or a professional around the child (crispy-forms-gds)."""

from __future__ import annotations

import re
from typing import Any

from crispy_forms_gds.layout import Field, Layout, Size, Submit
from django import forms
from django.core.exceptions import ValidationError

from core.forms import GovHelper

from ..models import Contact

# UK numbers (01/02/03/05/07/08, or +44 without the 0) and international numbers in E.164
# form. Spaces, dashes, dots and brackets are allowed for readability and kept as typed.
PHONE_SEPARATORS = re.compile(r"[\s\-().]")
UK_PHONE = re.compile(r"^(0|\+44)[1-9]\d{8,9}$")
INTERNATIONAL_PHONE = re.compile(r"^\+[1-9]\d{6,14}$")

CONTACT_FIELDS = [
    "name",
    "relationship",
    "parental_responsibility",
    "is_main_contact",
    "phone",
    "email",
    "address",
    "large_print",
    "language",
    "notes",
]


def phone_error(value: str) -> str | None:
    digits = PHONE_SEPARATORS.sub("", value)
    if UK_PHONE.match(digits) or INTERNATIONAL_PHONE.match(digits):
        return None
    return "Enter a phone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192"


class ContactForm(forms.ModelForm):
    """Used unbound to the saved contact; the services write (see cases/forms/child.py)."""

    class Meta:
        model = Contact
        fields = CONTACT_FIELDS
        labels = {
            "name": "Full name",
            "parental_responsibility": "Has parental responsibility",
            "is_main_contact": "Main contact for the case",
            "phone": "Phone number (optional)",
            "email": "Email address (optional)",
            "address": "Address (optional)",
            "notes": "Notes (optional)",
            "large_print": "Send letters in large print",
            "language": "Language for letters, if not English (optional)",
        }
        help_texts = {
            "is_main_contact": "Letters and calls go to the main contact; "
            "this replaces any other main contact",
            "notes": "For example, preferred times to call or need for an interpreter",
            "language": "For example, Polish or British Sign Language: letters to them are "
            "flagged as needing a translation",
        }
        widgets = {
            "relationship": forms.RadioSelect,
            "address": forms.Textarea(attrs={"rows": 4}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "name": {"required": "Enter the contact's full name"},
            "relationship": {"required": "Choose the contact's relationship to the child"},
            "email": {
                "invalid": "Enter an email address in the correct format, like name@example.com"
            },
        }

    def __init__(self, *args, submit_label: str = "Save contact", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs["autocomplete"] = "off"
        self.fields["email"].widget.attrs["spellcheck"] = "false"
        self.fields["phone"].widget.input_type = "tel"
        self.helper = GovHelper()
        self.helper.label_size = Size.SMALL
        self.helper.layout = Layout(
            Field.text("name", field_width=20),
            Field.radios("relationship", legend_size=Size.SMALL),
            Field.checkbox("parental_responsibility", small=True),
            Field.checkbox("is_main_contact", small=True),
            Field.text("phone", field_width=20),
            Field.text("email", field_width=20),
            Field.textarea("address"),
            Field.checkbox("large_print", small=True),
            Field.text("language", field_width=20),
            Field.textarea("notes"),
            Submit("save", submit_label),
        )

    def clean_name(self) -> str:
        return self.cleaned_data["name"].strip()

    def clean_phone(self) -> str:
        value = self.cleaned_data["phone"].strip()
        if value and (error := phone_error(value)):
            raise ValidationError(error, code="phone")
        return value

    def clean_email(self) -> str:
        # Kept as typed: the part before the @ may be case-sensitive.
        return self.cleaned_data["email"].strip()

    def contact_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in CONTACT_FIELDS}
