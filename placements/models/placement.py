"""Where a child is educated, and from when: one row per placement, as SEN2 reports them."""

from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from core.formatting import day
from core.locking import Versioned

from ..codes import Rank, Residential, WorkBasedPathway

# How far ahead a placement may be recorded: a place agreed for next September, not a guess.
LONGEST_LEAD = timedelta(days=365)


class PlacementQuerySet(models.QuerySet):
    def current(self, on: date):
        """Placements the child attends on that day (a leaving date is the last day there)."""
        return self.filter(Q(leaving_on__isnull=True) | Q(leaving_on__gte=on), entry_on__lte=on)

    def not_left(self):
        return self.filter(leaving_on__isnull=True)

    def history_order(self):
        """Placements not yet left first, then the most recent."""
        return self.order_by(F("leaving_on").desc(nulls_first=True), "-entry_on", "-pk")


class Placement(Versioned):
    child = models.ForeignKey("cases.Child", on_delete=models.CASCADE, related_name="placements")
    setting = models.ForeignKey(
        "placements.Setting", on_delete=models.PROTECT, related_name="placements"
    )
    plan = models.ForeignKey(
        "plans.Plan",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="placements",
    )
    entry_on = models.DateField("entry date")
    leaving_on = models.DateField("leaving date", null=True, blank=True)
    rank = models.PositiveSmallIntegerField(choices=Rank.choices, default=Rank.MAIN)
    sen_unit = models.BooleanField("in an SEN unit", default=False)
    resourced_provision = models.BooleanField("in resourced provision", default=False)
    residential = models.CharField(
        "residential pattern", max_length=1, choices=Residential.choices, blank=True
    )
    work_based_pathway = models.CharField(
        max_length=1, choices=WorkBasedPathway.choices, blank=True
    )
    requested_by_family = models.BooleanField("requested by the family", default=False)
    named_in_section_i = models.BooleanField("named in section I", default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    objects = PlacementQuerySet.as_manager()

    class Meta:
        ordering = ["-entry_on", "-pk"]
        indexes = [
            models.Index(fields=["child", "leaving_on"]),
            models.Index(fields=["setting", "leaving_on"]),
        ]

    def __str__(self):
        return f"{self.setting} from {day(self.entry_on)}"

    def get_absolute_url(self):
        return reverse("placements:placement", args=[self.child_id, self.pk])

    def is_current(self, on: date) -> bool:
        return self.entry_on <= on and (self.leaving_on is None or self.leaving_on >= on)

    def clean(self):
        errors = {}
        today = timezone.localdate()
        if self.entry_on and self.entry_on > today + LONGEST_LEAD:
            errors["entry_on"] = "The entry date must be no more than a year from today"
        if self.entry_on and self.leaving_on and self.leaving_on < self.entry_on:
            errors["leaving_on"] = "The leaving date must be the same as or after the entry date"
        if self.plan_id and self.child_id and self.plan.child_id != self.child_id:
            errors["plan"] = "Choose one of this child's plans"
        if self.named_in_section_i and not self.plan_id:
            errors["plan"] = "Choose the plan whose section I names this setting"
        if not errors and self.rank == Rank.MAIN and self.child_id and self.entry_on:
            clash = self.overlapping_main().first()
            if clash is not None:
                errors["rank"] = (
                    f"{clash.setting} is already the main placement from "
                    f"{day(clash.entry_on)}"
                    + (f" to {day(clash.leaving_on)}" if clash.leaving_on else "")
                    + ": end it first, or record this one as a second (dual) placement"
                )
        if errors:
            raise ValidationError(errors)

    def overlapping_main(self):
        """The child's other main placements whose dates overlap this one's. A move on the day
        (one placement left on the day the next starts) is not an overlap."""
        others = Placement.objects.filter(child_id=self.child_id, rank=Rank.MAIN).exclude(
            pk=self.pk
        )
        others = others.filter(Q(leaving_on__isnull=True) | Q(leaving_on__gt=self.entry_on))
        if self.leaving_on:
            others = others.filter(entry_on__lt=self.leaving_on)
        return others.select_related("setting")


class NamedSetting(models.Model):
    """A setting named in a plan when it was first issued (SEN2 NamedPlan/PlanDetail): what
    section I said at issue, kept apart from where the child actually went (Placement), because
    SEN2 reports both and they can differ. Without these rows the SEN2 export reads the plan's
    placements named in section I instead."""

    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="named_settings")
    setting = models.ForeignKey(
        "placements.Setting",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="named_in_plans",
    )
    sen_setting = models.CharField(
        "SEN2 setting code", max_length=4, blank=True, help_text="For a setting without a URN."
    )
    sen_setting_other = models.CharField("other setting (description)", max_length=200, blank=True)
    rank = models.PositiveSmallIntegerField(choices=Rank.choices, default=Rank.MAIN)
    sen_unit = models.BooleanField("in an SEN unit", default=False)
    resourced_provision = models.BooleanField("in resourced provision", default=False)
    residential = models.CharField(
        "residential pattern", max_length=1, choices=Residential.choices, blank=True
    )
    work_based_pathway = models.CharField(
        max_length=1, choices=WorkBasedPathway.choices, blank=True
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "rank", "pk"]

    def __str__(self):
        return f"{self.setting or self.sen_setting_other or self.sen_setting} (rank {self.rank})"
