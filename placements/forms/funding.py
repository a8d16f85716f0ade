from django import forms

from core.form_fields import date_field, money_field, radios
from core.forms import GovForm

from ..codes import BudgetKind, CostKind, FundingSource
from ..models import CostLine, PersonalBudget
from . import SEPTEMBER

COST_FORM_FIELDS = ("financial_year", "kind", "funding_source", "amount", "note")
BUDGET_FORM_FIELDS = ("plan", "kind", "direct_payment", "annual_amount", "start_on", "end_on")


class CostLineForm(GovForm):
    submit_label = "Save cost"
    financial_year = forms.TypedChoiceField(
        label="Financial year",
        coerce=int,
        choices=(),
        error_messages={"required": "Choose the financial year"},
    )
    kind = radios(
        CostKind.choices, "What is it for?", error_messages={"required": "Choose what it is for"}
    )
    funding_source = radios(
        FundingSource.choices,
        "Who pays?",
        error_messages={"required": "Choose who pays"},
    )
    amount = money_field("Amount for the year, in pounds")
    note = forms.CharField(label="Note (optional)", max_length=255, required=False)

    def __init__(self, *args, years: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["financial_year"].choices = years  # type: ignore[attr-defined]  # a ChoiceField

    def cost_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in COST_FORM_FIELDS}


def cost_initial(line: CostLine) -> dict:
    return {name: getattr(line, name) for name in COST_FORM_FIELDS}


class PersonalBudgetForm(GovForm):
    submit_label = "Save personal budget"
    plan: forms.ModelChoiceField = forms.ModelChoiceField(
        label="Plan", queryset=None, error_messages={"required": "Choose the plan"}
    )
    kind = radios(
        BudgetKind.choices,
        "What does it pay for?",
        error_messages={"required": "Choose what the budget pays for"},
    )
    direct_payment = forms.BooleanField(label="Paid as a direct payment", required=False)
    annual_amount = money_field("Amount a year, in pounds")
    start_on = date_field("Start date", SEPTEMBER, required_message="Enter the start date")
    end_on = date_field("End date (optional)", SEPTEMBER, required=False)

    def __init__(self, *args, child, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = child.plans.all()

    def budget_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in BUDGET_FORM_FIELDS}


def budget_initial(budget: PersonalBudget) -> dict:
    initial = {name: getattr(budget, name) for name in BUDGET_FORM_FIELDS}
    initial["plan"] = budget.plan_id
    return initial
