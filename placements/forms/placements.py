from django import forms

from core.form_fields import date_field, radios
from core.forms import GovForm

from ..codes import Rank, Residential, WorkBasedPathway
from ..models import Placement, Setting
from . import SEPTEMBER

PLACEMENT_FORM_FIELDS = (
    "setting",
    "plan",
    "entry_on",
    "leaving_on",
    "rank",
    "sen_unit",
    "resourced_provision",
    "residential",
    "work_based_pathway",
    "requested_by_family",
    "named_in_section_i",
)


class PlacementForm(GovForm):
    submit_label = "Save placement"
    setting = forms.ModelChoiceField(
        label="School, college or other setting",
        queryset=Setting.objects.none(),
        empty_label="Choose a setting",
        error_messages={"required": "Choose the setting"},
    )
    plan: forms.ModelChoiceField = forms.ModelChoiceField(
        label="Plan (optional)",
        queryset=None,
        required=False,
        empty_label="Not under a plan",
    )
    entry_on = date_field("Entry date", SEPTEMBER, required_message="Enter the entry date")
    leaving_on = date_field(
        "Leaving date (leave blank if the child is still there)",
        help_text="The last day at the setting",
        required=False,
    )
    rank = forms.TypedChoiceField(
        label="Is it the child's main placement?",
        choices=Rank.choices,
        coerce=int,
        widget=forms.RadioSelect,
        initial=Rank.MAIN,
        error_messages={"required": "Say whether this is the main placement"},
    )
    sen_unit = forms.BooleanField(label="In an SEN unit", required=False)
    resourced_provision = forms.BooleanField(label="In resourced provision", required=False)
    residential = radios(Residential.choices, "Residential pattern", required=False, initial="")
    work_based_pathway = radios(
        WorkBasedPathway.choices, "Work-based pathway", required=False, initial=""
    )
    requested_by_family = forms.BooleanField(
        label="The family asked for this setting", required=False
    )
    named_in_section_i = forms.BooleanField(
        label="Named in section I of the plan",
        required=False,
        help_text="The plan issued from now on names this setting",
    )

    def __init__(self, *args, child, placement: Placement | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        settings = Setting.objects.filter(is_open=True)
        if placement is not None:
            # A placement at a school that has since closed keeps its setting.
            settings = Setting.objects.filter(is_open=True) | Setting.objects.filter(
                pk=placement.setting_id
            )
        self.fields["setting"].queryset = settings.order_by("name")  # type: ignore[attr-defined]  # a ModelChoiceField
        self.fields["plan"].queryset = child.plans.all()  # type: ignore[attr-defined]  # a ModelChoiceField

    def placement_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in PLACEMENT_FORM_FIELDS}


def placement_initial(placement: Placement) -> dict:
    initial = {name: getattr(placement, name) for name in PLACEMENT_FORM_FIELDS}
    initial["setting"] = placement.setting_id
    initial["plan"] = placement.plan_id
    return initial


class EndPlacementForm(GovForm):
    submit_label = "End placement"
    leaving_on = date_field(
        "Leaving date",
        help_text="The last day at the setting. For example, 18 7 2025",
        required_message="Enter the leaving date",
    )
