from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size, Submit
from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm

from .models import User


class SignInForm(AuthenticationForm):
    # One message for a wrong username or a wrong password: never reveal which accounts exist.
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "Enter a correct username and password. Both are case-sensitive.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs["autocomplete"] = "username"
        self.fields["password"].widget.attrs["autocomplete"] = "current-password"
        self.helper = FormHelper()
        self.helper.label_size = "s"
        self.helper.add_input(Submit("submit", "Sign in"))


class ChangePasswordForm(PasswordChangeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.label_size = "s"
        self.helper.add_input(Submit("submit", "Change password"))


class NotificationPreferencesForm(forms.ModelForm):
    """How often the reminder emails come: a GOV.UK radios question about one field."""

    class Meta:
        model = User
        fields = ["digest_frequency"]
        labels = {"digest_frequency": "How often do you want reminder emails?"}
        help_texts = {
            "digest_frequency": "Daily: an email on each day something of yours needs attention "
            "(for team managers, also something in their teams). Weekly: the same email on "
            "Mondays only, showing where things stand that Monday. Off: no reminder emails at "
            "all, including the head of service's weekly summary."
        }
        widgets = {"digest_frequency": forms.RadioSelect}
        error_messages = {
            "digest_frequency": {"required": "Choose how often you want reminder emails"}
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.radios("digest_frequency", legend_size=Size.MEDIUM),
            Submit("save", "Save preferences"),
        )
