"""Forms of the reference data pages (crispy-forms-gds, as the placements forms). They check what
was typed is complete and well formed; reporting.reference.services decides if it may be saved."""

from django import forms
from django.utils import timezone

from core.forms import GovForm
from placements.forms.directory import ImportForm

from ..kpis.base import ordered
from ..models import Target
from .importing import FIRST_YEAR


class PopulationImportForm(ImportForm):
    record_percentages = forms.BooleanField(
        label="Also record a published_percent column as each council's PREV comparator value",
        required=False,
        initial=True,
        help_text="For published tables such as Stockport's appendix of pupils with statements",
    )


def _decimal(label: str, *, required: bool = True, help_text: str = "") -> forms.DecimalField:
    field = forms.DecimalField(
        label=label,
        required=required,
        max_digits=14,
        decimal_places=2,
        help_text=help_text,
        error_messages={
            "required": f"Enter the {label.split(' (')[0].lower()}",
            "invalid": f"Enter the {label.split(' (')[0].lower()} as a number, like 60 or 4.5",
            "max_decimal_places": "Use 2 decimal places at most",
            "max_digits": "Enter a smaller number",
            "max_whole_digits": "Enter a smaller number",
        },
    )
    field.widget.attrs.update(
        {"inputmode": "decimal", "spellcheck": "false", "class": "govuk-input--width-10"}
    )
    return field


def _year(label: str, *, required: bool = True, help_text: str = "") -> forms.IntegerField:
    last = timezone.localdate().year + 10
    field = forms.IntegerField(
        label=label,
        required=required,
        min_value=FIRST_YEAR,
        max_value=last,
        help_text=help_text,
        error_messages={
            "required": f"Enter the {label.split(' (')[0].lower()}",
            "invalid": "Enter a year as 4 digits, like 2025",
            "min_value": f"Enter a year from {FIRST_YEAR} to {last}",
            "max_value": f"Enter a year from {FIRST_YEAR} to {last}",
        },
    )
    field.widget = forms.TextInput(
        attrs={"inputmode": "numeric", "spellcheck": "false", "class": "govuk-input--width-4"}
    )
    return field


class TargetForm(GovForm):
    submit_label = "Save target"
    kpi = forms.ChoiceField(
        label="KPI", error_messages={"required": "Choose the KPI", "invalid_choice": "Choose a KPI"}
    )
    year = _year("Year", help_text="The year the target is for, like 2025")
    value = _decimal("Target", help_text="In the KPI's unit (a percentage, a count, weeks, £)")
    tolerance = _decimal(
        "Tolerance",
        help_text="How far the KPI may miss the target and still be amber rather than red; "
        "0 for none",
    )
    baseline = _decimal("Baseline (optional)", required=False)
    baseline_year = _year("Baseline year (optional)", required=False)
    note = forms.CharField(
        label="Note (optional)",
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": "The note must be 300 characters or fewer"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kpi"].choices = [
            ("", "Choose a KPI"),
            *((k.code, f"{k.code}: {k.title} ({k.unit})") for k in ordered()),
        ]
        self.fields["tolerance"].initial = 0

    def clean_tolerance(self):
        tolerance = self.cleaned_data["tolerance"]
        if tolerance is not None and tolerance < 0:
            raise forms.ValidationError("The tolerance must be 0 or more")
        return tolerance

    def target_fields(self) -> dict:
        # Not the hidden version an edit carries (core.locking): the service takes it apart.
        return {
            name: self.cleaned_data[name]
            for name in self.fields
            if name != "version" and name in self.cleaned_data
        }


def target_initial(target: Target) -> dict:
    return {
        "kpi": target.kpi,
        "year": target.year,
        "value": target.value,
        "tolerance": target.tolerance,
        "baseline": target.baseline,
        "baseline_year": target.baseline_year,
        "note": target.note,
    }
