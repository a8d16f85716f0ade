from crispy_forms_gds.layout import Field, Layout, Size, Submit
from django import forms
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
)
from django.core.validators import MaxLengthValidator

from core.forms import GovHelper

from .models import User


class SignInForm(AuthenticationForm):
    # One message for a wrong username or a wrong password: never reveal which accounts exist.
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "Enter a correct username and password. Both are case-sensitive.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # AuthenticationForm sets max_length without its validator: an over-long username would
        # reach authenticate(), and django-axes' 255-character column (a server error).
        username = self.fields["username"]
        username.validators.append(MaxLengthValidator(username.max_length))
        self.fields["username"].widget.attrs["autocomplete"] = "username"
        self.fields["password"].widget.attrs["autocomplete"] = "current-password"
        self.helper = GovHelper()
        self.helper.label_size = "s"
        self.helper.add_input(Submit("submit", "Sign in"))


class ChangePasswordForm(PasswordChangeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = GovHelper()
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
        self.helper = GovHelper()
        self.helper.layout = Layout(
            Field.radios("digest_frequency", legend_size=Size.MEDIUM),
            Submit("save", "Save preferences"),
        )


class TwoFactorCodeForm(forms.Form):
    """One code: the 6 digits the authenticator app shows now, or (when signing in) a backup
    code. The view checks it against the user's devices; this only asks for it."""

    code = forms.CharField(
        label="Code",
        max_length=20,
        error_messages={"required": "Enter the code from your authenticator app"},
    )

    def __init__(self, *args, backup_codes_allowed=False, submit_label="Continue", **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["code"]
        field.widget.attrs.update(
            {"autocomplete": "one-time-code", "spellcheck": "false", "autocapitalize": "none"}
        )
        if backup_codes_allowed:
            field.help_text = (
                "The 6-digit code your authenticator app shows now. If you do not have your "
                "phone, enter one of your backup codes instead."
            )
        else:
            field.help_text = "The 6-digit code your authenticator app shows now."
            field.widget.attrs["inputmode"] = "numeric"
        self.helper = GovHelper()
        self.helper.label_size = "s"
        self.helper.layout = Layout(
            Field.text("code", label_size=Size.SMALL, field_width=10),
            Submit("submit", submit_label),
        )

    def reject(self):
        self.add_error(
            "code",
            "The code is not right or has expired. Enter the code your app shows now; after "
            "several wrong codes, wait a minute before trying again.",
        )


class PasswordResetRequestForm(PasswordResetForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = "Email address"
        self.fields["email"].help_text = "The address your council's SEN service has for you."
        self.fields["email"].error_messages["required"] = "Enter your email address"
        self.fields["email"].error_messages["invalid"] = (
            "Enter an email address in the correct format, like name@example.com"
        )
        self.helper = GovHelper()
        self.helper.label_size = "s"
        self.helper.add_input(Submit("submit", "Send the link"))


class NewPasswordForm(SetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = GovHelper()
        self.helper.label_size = "s"
        self.helper.add_input(Submit("submit", "Set password"))
