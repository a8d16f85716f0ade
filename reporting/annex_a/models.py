"""The audit of Annex A lists: each one carries personal data about every child with a plan,
so every copy that left the service is accounted for (who, when, how many children)."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class AnnexAProduction(models.Model):
    class Channel(models.TextChoices):
        PAGE = "page", "Web page"
        COMMAND = "command", "Management command"

    class Format(models.TextChoices):
        XLSX = "xlsx", "Excel workbook"
        CSV = "csv", "CSV"

    produced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Empty when run from the command line.",
    )
    operator = models.CharField(
        max_length=150, blank=True, help_text="The account that ran the command."
    )
    produced_at = models.DateTimeField(default=timezone.now, db_index=True)
    channel = models.CharField(max_length=10, choices=Channel.choices)
    list_name = models.CharField(max_length=20, default="List 1")
    file_format = models.CharField(max_length=4, choices=Format.choices)
    list_day = models.DateField("children with a plan in force on")
    row_count = models.PositiveIntegerField()
    supplement_rows = models.PositiveIntegerField(
        default=0, help_text="Rows whose values came from an imported supplement."
    )
    blank_columns = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-produced_at", "-pk"]
        verbose_name = "Annex A list produced"
        verbose_name_plural = "Annex A lists produced"

    def __str__(self):
        return f"Annex A {self.list_name}: {self.row_count} rows at {self.produced_at:%d/%m/%Y}"
