from django import forms

from core.forms import GovForm
from core.uploads import check_upload

from ..codes import Phase, SettingType
from ..models import Setting
from ..services.importing import CSV_UPLOAD, MAX_IMPORT_BYTES


class SettingForm(GovForm):
    submit_label = "Save setting"
    name = forms.CharField(
        label="Name", max_length=200, error_messages={"required": "Enter the setting's name"}
    )
    setting_type = forms.ChoiceField(
        label="Type",
        choices=[("", "Choose a type"), *SettingType.choices],
        error_messages={"required": "Choose the type of setting"},
    )
    phase = forms.ChoiceField(
        label="Phase (optional)", choices=[("", "Not given"), *Phase.choices], required=False
    )
    low_age = forms.IntegerField(
        label="Youngest age (optional)",
        min_value=0,
        max_value=25,
        required=False,
        help_text="The statutory age range from the register of schools, such as 4 to 11 or "
        "9 to 13: it tells which phase transfer a child makes on leaving",
    )
    high_age = forms.IntegerField(
        label="Oldest age (optional)", min_value=0, max_value=25, required=False
    )
    urn = forms.CharField(
        label="URN (optional)",
        max_length=6,
        required=False,
        help_text="6 digits; schools, academies and early years settings have one",
    )
    ukprn = forms.CharField(
        label="UKPRN (optional)",
        max_length=8,
        required=False,
        help_text="8 digits; colleges and training providers have one",
    )
    la_code = forms.CharField(
        label="Local authority code",
        max_length=3,
        help_text="The 3-digit code of the council the setting is in",
        error_messages={"required": "Enter the local authority code"},
    )
    is_open = forms.TypedChoiceField(
        label="Is it open?",
        choices=(("yes", "Open"), ("no", "Closed")),
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        initial="yes",
        error_messages={"required": "Say whether the setting is open"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("urn", "ukprn", "la_code"):
            self.fields[name].widget.attrs.update(
                {"inputmode": "numeric", "spellcheck": "false", "class": "govuk-input--width-10"}
            )

    def setting_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "name": data["name"].strip(),
            "setting_type": data["setting_type"],
            "phase": data["phase"],
            "low_age": data["low_age"],
            "high_age": data["high_age"],
            "urn": data["urn"].strip(),
            "ukprn": data["ukprn"].strip(),
            "la_code": data["la_code"].strip(),
            "is_open": data["is_open"],
        }


def setting_initial(setting: Setting) -> dict:
    return {
        "name": setting.name,
        "setting_type": setting.setting_type,
        "phase": setting.phase,
        "low_age": setting.low_age,
        "high_age": setting.high_age,
        "urn": setting.urn,
        "ukprn": setting.ukprn,
        "la_code": setting.la_code,
        "is_open": "yes" if setting.is_open else "no",
    }


class ImportForm(GovForm):
    submit_label = "Check and import"
    file = forms.FileField(
        label="Upload a CSV file",
        allow_empty_file=True,  # the service says why an empty file is refused
        help_text=f"A .csv file, saved as UTF-8, up to {MAX_IMPORT_BYTES // (1024 * 1024)} MB",
        error_messages={"required": "Select a CSV file", "invalid": "Select a CSV file"},
    )

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        check_upload(uploaded, CSV_UPLOAD)
        return uploaded


class DirectoryFilterForm(forms.Form):
    """The GET filters of the directory list; never shows errors (a bad value is ignored)."""

    q = forms.CharField(label="Name or URN", required=False)
    type = forms.ChoiceField(
        label="Type", required=False, choices=[("", "Any type"), *SettingType.choices]
    )
    area = forms.ChoiceField(
        label="Area",
        required=False,
        choices=[("", "In or out of area"), ("in", "In area"), ("out", "Out of area")],
    )
