"""Registering and editing a child, and choosing who holds a case (crispy-forms-gds).

The forms are never bound to a saved Child: they clean and validate, and the services in
cases/services/children.py do the writing (so an edit compares against the stored record).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from crispy_forms_gds.layout import HTML, Field, Fieldset, Layout, Size, Submit
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import Team, User
from accounts.roles import CASEWORKER, TEAM_MANAGER
from core.form_fields import DateInputField
from core.forms import GovHelper

from ..access import EVERY_TEAM, may_move_case, visible_team_ids
from ..identifiers import (
    is_valid_la_code,
    nhs_number_error,
    normalise_nhs_number,
    normalise_upn,
    uln_error,
    upn_error,
)
from ..models import Child
from ..services.children import CHILD_FIELDS, child_problems, lead_problem, move_problem

# The Royal Mail formats (A9 9AA, A99 9AA, AA9 9AA, AA99 9AA, A9A 9AA, AA9A 9AA) and GIR 0AA.
POSTCODE_RE = re.compile(
    r"^(GIR0AA|[A-PR-UWYZ](\d{1,2}|[A-HK-Y]\d{1,2}|\d[A-HJKPSTUW]|[A-HK-Y]\d[ABEHMNPRV-Y])"
    r"\d[ABD-HJLNP-UW-Z]{2})$"
)


class BirthDateField(DateInputField):
    """The GOV.UK date input (day, month, year boxes) with messages about a date of birth."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.error_messages["required"] = "Enter the date of birth"
        self.error_messages["incomplete"] = "Enter the date of birth"
        day, month, year = self.fields
        day.error_messages["incomplete"] = "Date of birth must include a day"
        month.error_messages["incomplete"] = "Date of birth must include a month"
        year.error_messages["incomplete"] = "Date of birth must include a year"
        for part in self.fields:
            part.validators = [v for v in part.validators if not hasattr(v, "regex")]
            part.validators.append(_digits_validator)

    def compress(self, data_list):
        day, month, year = data_list
        if not (day and month and year):
            return None
        if len(year) != 4:
            raise ValidationError("Year must include 4 numbers", code="invalid_year")
        try:
            return date(int(year), int(month), int(day))
        except (ValueError, OverflowError):
            raise ValidationError("Date of birth must be a real date", code="invalid") from None


def _digits_validator(value: str) -> None:
    if not value.isascii() or not value.isdigit():
        raise ValidationError("Date of birth must be a real date, in numbers", code="invalid")


def normalise_postcode(value: str) -> str:
    """'sw1a1aa' -> 'SW1A 1AA': uppercase, one space before the last three characters."""
    compact = "".join(value.split()).upper()
    return f"{compact[:-3]} {compact[-3:]}" if len(compact) > 3 else compact


def teams_for(user: User) -> QuerySet[Team]:
    """Teams the user may give a case to: their own, or every team for a head of service."""
    teams = visible_team_ids(user)
    return Team.objects.all() if teams is EVERY_TEAM else Team.objects.filter(pk__in=teams)


def caseworkers_in(teams: QuerySet[Team]) -> QuerySet[User]:
    return (
        User.objects.filter(
            teams__in=teams, is_active=True, groups__name__in=[CASEWORKER, TEAM_MANAGER]
        )
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


class LeadCaseworkerField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return obj.get_full_name() or obj.username


class ChildForm(forms.ModelForm):
    """A child's details; used unbound to the record (see the module docstring)."""

    date_of_birth = BirthDateField(
        label="Date of birth", help_text="For example, 27 3 2015", require_all_fields=False
    )

    class Meta:
        model = Child
        fields = list(CHILD_FIELDS)
        labels = {
            "first_name": "First name",
            "last_name": "Last name",
            "preferred_name": "Preferred name (optional)",
            "upn": "Unique pupil number (UPN) (optional)",
            "uln": "Unique learner number (ULN) (optional)",
            "nhs_number": "NHS number (optional)",
            "postcode": "Postcode (optional)",
            "home_la": "Home local authority code (optional)",
            "looked_after": "Looked after by a local authority",
            "eal": "English is an additional language",
            "fsm": "Eligible for free school meals",
            "primary_need": "Primary need",
            "secondary_need": "Secondary need (optional)",
        }
        help_texts = {
            "first_name": "As on the birth certificate or passport",
            "preferred_name": "The first name the child or young person likes to be called",
            "upn": "13 characters, for example B801200005001",
            "uln": "10 digits",
            "nhs_number": "10 digits, for example 943 476 5919",
            "home_la": "The 3-digit DfE code of the council responsible for the child",
        }
        widgets = {"sex": forms.RadioSelect, "sen_status": forms.RadioSelect}
        error_messages = {
            "first_name": {"required": "Enter the first name"},
            "last_name": {"required": "Enter the last name"},
        }

    submit_label = "Save"

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        # The identifier checks below say exactly what is wrong; Django's length check (and the
        # browser's maxlength) would pre-empt them, and an NHS number typed with spaces is
        # longer than the 10 digits stored.
        for name in ("upn", "uln", "nhs_number", "postcode"):
            field = self.fields[name]
            field.max_length = None  # type: ignore[attr-defined]  # a CharField
            field.validators = [
                v for v in field.validators if not isinstance(v, MaxLengthValidator)
            ]
            field.widget.attrs.pop("maxlength", None)
        self.fields["primary_need"].choices = [("", "Not recorded"), *self._needs()]  # type: ignore[attr-defined]  # a ChoiceField
        self.fields["secondary_need"].choices = [("", "None"), *self._needs()]  # type: ignore[attr-defined]  # a ChoiceField
        self.fields["ethnicity"].choices = [  # type: ignore[attr-defined]  # a ChoiceField
            choice
            for choice in self.fields["ethnicity"].choices  # type: ignore[attr-defined]  # a ChoiceField
            if choice[0] != ""
        ]
        self.fields["ethnicity"].required = True
        self.helper = GovHelper()
        self.helper.label_size = Size.SMALL
        self.helper.layout = Layout(*self.layout_parts(), Submit("save", self.submit_label))

    @staticmethod
    def _needs():
        return [c for c in Child._meta.get_field("primary_need").choices if c[0]]

    def layout_parts(self) -> list:
        return [
            Fieldset(
                Field.text("first_name", field_width=20),
                Field.text("last_name", field_width=20),
                Field.text("preferred_name", field_width=20),
                legend="Name",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field("date_of_birth"),
                Field.radios("sex", legend_size=Size.SMALL, inline=True),
                Field.select("ethnicity"),
                Field.text("postcode", field_width=10),
                legend="About them",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field.text("upn", field_width=20),
                Field.text("uln", field_width=10),
                Field.text("nhs_number", field_width=10),
                Field.text("home_la", field_width=4),
                legend="Identifiers",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                HTML('<p class="govuk-hint">Select all that apply.</p>'),
                Field.checkbox("looked_after", small=True),
                Field.checkbox("eal", small=True),
                Field.checkbox("fsm", small=True),
                legend="Circumstances",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field.radios("sen_status", legend_size=Size.SMALL),
                Field.select("primary_need"),
                Field.select("secondary_need"),
                legend="Special educational needs",
                legend_size=Size.MEDIUM,
            ),
        ]

    # Identifiers: the message names the check that failed (cases/identifiers.py).

    def clean_first_name(self) -> str:
        return self.cleaned_data["first_name"].strip()

    def clean_last_name(self) -> str:
        return self.cleaned_data["last_name"].strip()

    def clean_upn(self) -> str:
        value = self.cleaned_data["upn"].strip()
        if not value:
            return ""
        if error := upn_error(value):
            raise ValidationError(error, code="upn")
        return normalise_upn(value)

    def clean_uln(self) -> str:
        value = self.cleaned_data["uln"].strip()
        if value and (error := uln_error(value)):
            raise ValidationError(error, code="uln")
        return value

    def clean_nhs_number(self) -> str:
        value = normalise_nhs_number(self.cleaned_data["nhs_number"])
        if value and (error := nhs_number_error(value)):
            raise ValidationError(error, code="nhs_number")
        return value

    def clean_postcode(self) -> str:
        value = self.cleaned_data["postcode"]
        if not value.strip():
            return ""
        if not POSTCODE_RE.match("".join(value.split()).upper()):
            raise ValidationError("Enter a full UK postcode, like SW1A 1AA", code="postcode")
        return normalise_postcode(value)

    def clean_home_la(self) -> str:
        value = self.cleaned_data["home_la"].strip()
        if value and not is_valid_la_code(value):
            raise ValidationError("A local authority code must be 3 digits", code="home_la")
        return value

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean()  # type: ignore[assignment]  # cleaned_data
        judged = {
            name: data.get(name)
            for name in ("date_of_birth", "primary_need", "secondary_need")
            if name in data
        }
        for field, message in child_problems(today=timezone.localdate(), **judged).items():
            self.add_error(field, message)
        return data

    def child_fields(self) -> dict[str, Any]:
        """What the services take: the cleaned values of the model fields."""
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class RegisterChildForm(ChildForm):
    """A new child: the details plus who will hold the case."""

    team = forms.ModelChoiceField(
        queryset=Team.objects.none(),
        label="Team",
        empty_label="Choose a team",
        error_messages={"required": "Choose the team that will hold the case"},
    )
    lead_caseworker = LeadCaseworkerField(
        queryset=User.objects.none(),
        label="Lead caseworker (optional)",
        required=False,
        empty_label="Not allocated yet",
        help_text="Someone in the team chosen above",
    )

    class Meta(ChildForm.Meta):
        fields = [*ChildForm.Meta.fields, "team", "lead_caseworker"]

    submit_label = "Register child"

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        teams = teams_for(user)
        self.fields["team"].queryset = teams  # type: ignore[attr-defined]  # a ModelChoiceField
        self.fields["lead_caseworker"].queryset = caseworkers_in(teams)  # type: ignore[attr-defined]  # a ModelChoiceField
        if teams.count() == 1 and not self.is_bound:
            self.initial.setdefault("team", teams.first().pk)  # type: ignore[union-attr]  # one team

    def layout_parts(self) -> list:
        return [
            *super().layout_parts(),
            Fieldset(
                Field.select("team"),
                Field.select("lead_caseworker"),
                legend="Who holds the case",
                legend_size=Size.MEDIUM,
            ),
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if problem := lead_problem(
            team=data.get("team"), lead_caseworker=data.get("lead_caseworker")
        ):
            self.add_error("lead_caseworker", problem)
        return data


class ReassignForm(forms.Form):
    """Who holds the chosen cases from now on, and why."""

    team = forms.ModelChoiceField(
        queryset=Team.objects.none(),
        label="Team",
        empty_label="Choose a team",
        error_messages={"required": "Choose the team that will hold the cases"},
    )
    lead_caseworker = LeadCaseworkerField(
        queryset=User.objects.none(),
        label="Lead caseworker",
        required=False,
        empty_label="Not allocated",
        help_text="Someone in the team chosen above",
    )
    reason = forms.CharField(
        label="Reason for the change",
        max_length=255,
        help_text="For example, caseworker leaving, or the family moved to the south of the area",
        error_messages={"required": "Enter the reason for the change"},
    )

    def __init__(self, *args, user: User, children: list[Child], **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.children = children
        # The teams these cases may go to (access.may_move_case): their own team, or for a team
        # manager any of theirs.
        # The rule looks only at the team each case is in now: ask it once per holding team.
        holders = [Child(team_id=held) for held in {child.team_id for child in children}]
        teams = teams_for(user)
        allowed = [t.pk for t in teams if any(may_move_case(user, c, t) for c in holders)]
        teams = teams.filter(pk__in=allowed)
        self.fields["team"].queryset = teams  # type: ignore[attr-defined]  # a ModelChoiceField
        self.fields["lead_caseworker"].queryset = caseworkers_in(teams)  # type: ignore[attr-defined]  # a ModelChoiceField
        self.helper = GovHelper()
        self.helper.label_size = Size.SMALL
        self.helper.form_tag = False  # the page's own form carries the chosen children
        self.helper.layout = Layout(
            Field.select("team"),
            Field.select("lead_caseworker"),
            Field.text("reason"),
            Submit("choose", "Continue"),
        )

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean()  # type: ignore[assignment]  # cleaned_data
        team, lead = data.get("team"), data.get("lead_caseworker")
        if problem := lead_problem(team=team, lead_caseworker=lead):
            self.add_error("lead_caseworker", problem)
        if team is not None and (
            problem := move_problem(user=self.user, children=self.children, team=team)
        ):
            self.add_error("team", problem)
        return data
