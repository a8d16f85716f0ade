"""The caseload's filter panel (MOJ "filter a list"), as GET parameters.

The queryset handed in is already narrowed to what the user may see (cases.selectors), so a
filter can only narrow it further; the caseworker and team choices are narrowed the same way so
that another team's people and teams are not even offered (and are refused if typed in).
"""

from datetime import date

import django_filters
from django import forms
from django.http import QueryDict

from accounts.models import Team, User
from accounts.roles import CASEWORKER, TEAM_MANAGER

from . import selectors
from .access import sees_every_child, team_ids
from .codes import Need
from .models import CaseFlag
from .models.assessment import CLOSED_STAGES, Regime, Stage

# A child's current stage comes from its most recent *open* request, so only open stages occur.
OPEN_STAGES = [(value, label) for value, label in Stage.choices if value not in CLOSED_STAGES]
DUE_WITHIN_CHOICES = [("7", "7 days"), ("14", "14 days"), ("28", "28 days")]


def _choice_error(what: str) -> dict:
    return {"invalid_choice": f"Choose a {what} from the list"}


class CaseloadFilter(django_filters.FilterSet):
    caseworker = django_filters.ModelChoiceFilter(
        field_name="lead_caseworker",
        label="Lead caseworker",
        queryset=User.objects.none(),
        empty_label="Any caseworker",
        error_messages=_choice_error("caseworker"),
    )
    team = django_filters.ModelChoiceFilter(
        label="Team",
        queryset=Team.objects.none(),
        empty_label="Any team",
        error_messages=_choice_error("team"),
    )
    stage = django_filters.ChoiceFilter(
        field_name="current_stage",
        label="Stage",
        choices=OPEN_STAGES,
        empty_label="Any stage",
        error_messages=_choice_error("stage"),
    )
    regime = django_filters.ChoiceFilter(
        field_name="current_regime",
        label="Regime",
        choices=Regime.choices,
        empty_label="Any regime",
        error_messages=_choice_error("regime"),
    )
    need = django_filters.ChoiceFilter(
        field_name="primary_need",
        label="Primary need",
        choices=Need.choices,
        empty_label="Any need",
        error_messages=_choice_error("primary need"),
    )
    due_within = django_filters.ChoiceFilter(
        label="Deadline due within",
        choices=DUE_WITHIN_CHOICES,
        empty_label="Any time",
        method="filter_due_within",
        error_messages=_choice_error("number of days"),
    )
    overdue = django_filters.BooleanFilter(
        label="Has an overdue deadline",
        widget=forms.CheckboxInput,
        method="filter_overdue",
    )
    has_exception = django_filters.BooleanFilter(
        label="Has a time limit exception",
        widget=forms.CheckboxInput,
        method="filter_has_exception",
    )
    provision_gap = django_filters.BooleanFilter(
        label="Has provision not delivered",
        widget=forms.CheckboxInput,
        method="filter_provision_gap",
    )

    # Filters drawn as checkboxes rather than selects in the panel.
    CHECKBOXES = ("overdue", "has_exception", "provision_gap")

    def __init__(self, data=None, queryset=None, *, user, scope: str, today: date, **kwargs):
        super().__init__(data, queryset, **kwargs)
        self.today = today
        fields = self.form.fields
        if sees_every_child(user) and scope == selectors.ALL:
            fields["team"].queryset = Team.objects.all()
            fields["caseworker"].queryset = User.objects.filter(
                groups__name__in=[CASEWORKER, TEAM_MANAGER]
            ).distinct()
        else:
            own = team_ids(user)
            fields["team"].queryset = Team.objects.filter(pk__in=own)
            fields["caseworker"].queryset = User.objects.filter(teams__in=own).distinct()
        if scope == selectors.MINE:
            # "My cases" are all the user's own: choosing another caseworker could only empty it.
            del self.filters["caseworker"]
            del fields["caseworker"]
        for name, field in fields.items():
            # A checkbox left unticked means "don't filter", never "only those without".
            if name in self.CHECKBOXES:
                field.required = False
                field.widget.attrs["class"] = "govuk-checkboxes__input"
            else:
                field.widget.attrs["class"] = "govuk-select"
        if self.is_bound:
            # Validate now so a bad value is marked in the panel as GOV.UK asks.
            for name in self.form.errors:
                if name in fields:
                    fields[name].widget.attrs["class"] += " govuk-select--error"

    def filter_due_within(self, queryset, name, value):
        return selectors.with_deadline_due_within(queryset, today=self.today, days=int(value))

    def filter_overdue(self, queryset, name, value):
        return selectors.with_overdue_deadline(queryset, today=self.today) if value else queryset

    def filter_has_exception(self, queryset, name, value):
        return selectors.with_time_limit_exception(queryset) if value else queryset

    def filter_provision_gap(self, queryset, name, value):
        return selectors.with_flag(queryset, CaseFlag.Kind.PROVISION_GAP) if value else queryset

    def selected(self, query: QueryDict) -> list[dict]:
        """The MOJ "Selected filters" categories: one per applied filter, each with a link
        that removes just that filter (and goes back to the first page)."""
        if not self.is_bound:
            return []
        self.errors  # noqa: B018 - validates the form, so cleaned_data holds only good values
        categories = []
        for name, value in self.form.cleaned_data.items():
            if value in (None, "", False):
                continue
            field = self.form.fields[name]
            if name in self.CHECKBOXES:
                text = "Yes"
            elif hasattr(field, "queryset"):
                text = str(value)
            else:
                text = dict(field.choices).get(value, value)
            remaining = query.copy()
            for key in (name, "page"):
                remaining.pop(key, None)
            categories.append(
                {"heading": field.label, "text": text, "href": f"?{remaining.urlencode()}"}
            )
        return categories
