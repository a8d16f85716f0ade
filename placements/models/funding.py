"""What a placement costs, year by year, and the personal budgets in section J of a plan."""

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from core.formatting import money
from core.locking import Versioned

from ..codes import BudgetKind, CostKind, FundingSource
from ..years import financial_year_bounds, financial_year_label

MONEY: dict[str, Any] = {"max_digits": 10, "decimal_places": 2}


def _positive(amount, field: str, errors: dict) -> None:
    if amount is not None and amount <= Decimal("0"):
        errors[field] = "Enter an amount more than £0"


class CostLine(Versioned):
    placement = models.ForeignKey(
        "placements.Placement", on_delete=models.CASCADE, related_name="cost_lines"
    )
    financial_year = models.PositiveSmallIntegerField(
        help_text="The calendar year it starts in: 2025 is April 2025 to March 2026",
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
    )
    kind = models.CharField(max_length=12, choices=CostKind.choices)
    funding_source = models.CharField(max_length=12, choices=FundingSource.choices)
    amount = models.DecimalField(**MONEY)
    note = models.CharField(max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-financial_year", "kind", "pk"]
        indexes = [models.Index(fields=["financial_year", "funding_source"])]

    def __str__(self):
        return f"{self.get_kind_display()} {self.year_label}: {money(self.amount)}"

    @property
    def year_label(self) -> str:
        return financial_year_label(self.financial_year)

    def clean(self):
        errors = {}
        _positive(self.amount, "amount", errors)
        if self.financial_year and self.placement_id and "financial_year" not in errors:
            first, last = financial_year_bounds(self.financial_year)
            placement = self.placement
            if placement.entry_on > last or (placement.leaving_on and placement.leaving_on < first):
                errors["financial_year"] = (
                    f"The placement did not run in {financial_year_label(self.financial_year)}"
                )
        if errors:
            raise ValidationError(errors)


class PersonalBudgetQuerySet(models.QuerySet):
    def current(self, on):
        return self.filter(
            models.Q(end_on__isnull=True) | models.Q(end_on__gte=on), start_on__lte=on
        )


class PersonalBudget(Versioned):
    """A personal budget agreed in section J of a plan (SEN2 PB and DP)."""

    plan = models.ForeignKey(
        "plans.Plan", on_delete=models.CASCADE, related_name="personal_budgets"
    )
    kind = models.CharField(max_length=1, choices=BudgetKind.choices)
    direct_payment = models.BooleanField("paid as a direct payment", default=False)
    annual_amount = models.DecimalField(**MONEY)
    start_on = models.DateField("start date")
    end_on = models.DateField("end date", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    objects = PersonalBudgetQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "-start_on", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()} personal budget: {money(self.annual_amount)} a year"

    def clean(self):
        errors = {}
        _positive(self.annual_amount, "annual_amount", errors)
        if self.start_on and self.end_on and self.end_on < self.start_on:
            errors["end_on"] = "The end date must be the same as or after the start date"
        if errors:
            raise ValidationError(errors)
