"""Sections E and F of the plan as rows: outcomes, provision, and whether provision happened."""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from core.formatting import day
from core.locking import Versioned


class Area(models.TextChoices):
    EDUCATION = "education", "Education"
    HEALTH = "health", "Health"
    SOCIAL_CARE = "social_care", "Social care"
    ADULTHOOD = "adulthood", "Preparing for adulthood"


class Funder(models.TextChoices):
    EDUCATION = "education", "Education"
    HEALTH = "health", "Health"
    SOCIAL_CARE = "social_care", "Social care"


class Outcome(Versioned):
    """Section E: what the child should achieve, and by when."""

    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="outcomes")
    area = models.CharField(max_length=12, choices=Area.choices)
    description = models.TextField()
    by_when = models.CharField(
        max_length=100, blank=True, help_text="For example, end of Key Stage 2."
    )
    position = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self):
        return self.description[:60]


class ProvisionItem(Versioned):
    """Section F: one piece of special educational provision - what, who, how often, and who
    pays. Checked for delivery (ProvisionCheck), because provision written but never delivered
    is what councils are most often found at fault for."""

    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="provision")
    outcome = models.ForeignKey(
        Outcome, on_delete=models.SET_NULL, null=True, blank=True, related_name="provision"
    )
    description = models.TextField("what")
    provider = models.CharField("who provides it", max_length=200)
    frequency = models.CharField("how often", max_length=100)
    funded_by = models.CharField(max_length=12, choices=Funder.choices, default=Funder.EDUCATION)
    position = models.PositiveSmallIntegerField(default=0)
    # The latest check (by period end), kept by plans.services.provision.record_check so that
    # "was every item delivered?" over a council's two million items reads one table.
    latest_delivery = models.CharField(max_length=15, blank=True, editable=False)
    latest_from = models.DateField(null=True, blank=True, editable=False)
    latest_to = models.DateField(null=True, blank=True, editable=False)
    history = HistoricalRecords(excluded_fields=["latest_delivery", "latest_from", "latest_to"])

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self):
        return self.description[:60]


class ProvisionCheck(models.Model):
    """Whether one provision item was delivered over a period, and who confirmed it."""

    class Delivery(models.TextChoices):
        DELIVERED = "delivered", "Delivered"
        PARTLY = "partly", "Partly delivered"
        NOT_DELIVERED = "not_delivered", "Not delivered"

    item = models.ForeignKey(ProvisionItem, on_delete=models.CASCADE, related_name="checks")
    delivery = models.CharField(max_length=15, choices=Delivery.choices)
    period_from = models.DateField()
    period_to = models.DateField()
    confirmed_by = models.CharField(
        max_length=200, help_text="Who confirmed it, for example the school's SENCo."
    )
    note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-period_to", "-pk"]
        indexes = [models.Index(fields=["item", "-period_to"])]

    def __str__(self):
        return f"{self.get_delivery_display()} {day(self.period_from)} to {day(self.period_to)}"

    @property
    def is_gap(self) -> bool:
        return self.delivery != self.Delivery.DELIVERED
