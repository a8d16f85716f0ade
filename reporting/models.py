"""Reference data the KPIs are read against: school populations (the denominators), other
councils' published values (the comparators), the council's own targets, and board reports."""

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import models
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils import timezone
from simple_history.models import HistoricalRecords

from core.formatting import day
from core.locking import Versioned


class Area(models.TextChoices):
    """What a comparator value describes. A named council's value carries its name."""

    STATISTICAL_NEIGHBOURS = "neighbours", "Statistical neighbours"
    ENGLAND = "england", "England"
    REGION = "region", "Region"
    COUNCIL = "council", "Named council"


class PopulationCount(models.Model):
    """Pupils in a council's schools on a January census day, by phase: the denominator of the
    prevalence KPIs. `with_plan` and `sen_support`, where published, are the census counts
    themselves, which is what a comparison table across councils needs."""

    class Phase(models.TextChoices):
        ALL = "all", "All phases"
        PRIMARY = "primary", "Primary"
        SECONDARY = "secondary", "Secondary"
        SPECIAL = "special", "Special"

    la_name = models.CharField("council", max_length=100)
    la_code = models.CharField("LA code", max_length=3, blank=True)
    year = models.PositiveSmallIntegerField(help_text="The January census year.")
    phase = models.CharField(max_length=10, choices=Phase.choices, default=Phase.ALL)
    pupils = models.PositiveIntegerField()
    with_plan = models.PositiveIntegerField("pupils with a statement or plan", null=True)
    sen_support = models.PositiveIntegerField("pupils on SEN support", null=True)
    imported_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["la_name", "year", "phase"]
        constraints = [
            models.UniqueConstraint(
                fields=["la_name", "year", "phase"], name="one_population_per_council_year"
            )
        ]

    def __str__(self):
        return f"{self.la_name} {self.year} ({self.get_phase_display()}): {self.pupils}"


class Comparator(models.Model):
    """A published value of one KPI for one year in another area: the statistical-neighbour
    average, England, a region, or a named council."""

    kpi = models.CharField("KPI", max_length=8)
    year = models.PositiveSmallIntegerField()
    area = models.CharField(max_length=12, choices=Area.choices)
    area_name = models.CharField(max_length=100, blank=True, help_text="For a named council.")
    value = models.DecimalField(max_digits=14, decimal_places=2)
    source = models.CharField(max_length=200, blank=True)
    imported_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["kpi", "year", "area", "area_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["kpi", "year", "area", "area_name"], name="one_comparator_value"
            )
        ]

    def __str__(self):
        where = self.area_name or self.get_area_display()
        return f"{self.kpi} {self.year} {where}: {self.value}"


class Target(Versioned):
    """The council's target for one KPI in one year, with the baseline it was set from. RAG:
    green meets the target, amber misses it by no more than `tolerance` (in the KPI's unit),
    red otherwise; which side is better comes from the KPI."""

    kpi = models.CharField("KPI", max_length=8)
    year = models.PositiveSmallIntegerField()
    value = models.DecimalField("target", max_digits=14, decimal_places=2)
    tolerance = models.DecimalField(max_digits=14, decimal_places=2, default=0)
    baseline = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    baseline_year = models.PositiveSmallIntegerField(null=True, blank=True)
    note = models.CharField(max_length=300, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["kpi", "year"]
        constraints = [
            models.UniqueConstraint(fields=["kpi", "year"], name="one_target_per_kpi_year"),
            models.CheckConstraint(condition=models.Q(tolerance__gte=0), name="tolerance_gte_0"),
        ]

    def __str__(self):
        return f"{self.kpi} {self.year}: {self.value}"


class BoardReport(Versioned):
    """A committee paper drafted from the KPIs. A worker computes it (`progress` out of
    `steps`), then `content` holds every figure, so the HTML, PDF, CSV and XLSX all show the
    same numbers however long after they are downloaded."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        READY = "ready", "Ready"
        FAILED = "failed", "Failed"

    title = models.CharField("subject", max_length=200)
    report_to = models.CharField(max_length=200)
    meeting_date = models.DateField(null=True, blank=True)
    reporting_officer = models.CharField(max_length=200)
    period_start = models.DateField()
    period_end = models.DateField()
    snapshot = models.DateField()
    comparator_names = models.JSONField(
        default=list, blank=True, help_text="Named councils to compare with, besides England."
    )
    purpose = models.TextField(blank=True)
    recommendations = models.TextField(blank=True)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    steps = models.PositiveSmallIntegerField(default=0)
    error = models.CharField(max_length=300, blank=True)
    content = models.JSONField(default=dict, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # The charts of `content` drawn as SVG by the worker, in order: drawing them takes most of a
    # second, too long for every view of the report's page.
    chart_svgs = models.JSONField(default=list, blank=True, editable=False)
    # The claim on making the downloads (reporting.board.files.queue_files): which version of
    # the report was queued and when, so that many downloads at once queue one render.
    files_wanted = models.PositiveIntegerField(null=True, blank=True, editable=False)
    files_queued_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-requested_at"]

    def __str__(self):
        return f"{self.title} ({day(self.period_start)} to {day(self.period_end)})"

    @property
    def percent_done(self) -> int:
        return (
            100
            if self.status == self.Status.READY
            else int(100 * self.progress / (self.steps or 1))
        )


def file_path(stored, filename: str) -> str:
    return f"board-reports/{stored.report_id}/{filename}"


class BoardReportFile(models.Model):
    """One download of a board report (PDF, HTML, CSV or XLSX) as made from the report at
    `version`. Editing the paper's words moves the report's version on, so a file whose version
    is behind is stale: the download waits for the worker instead of rendering on the request.

    Kept in the default (MEDIA_ROOT) storage, which is never served from a URL: only the
    download view, after its access check, streams it."""

    class Extension(models.TextChoices):
        PDF = "pdf", "PDF"
        HTML = "html", "HTML"
        CSV = "csv", "CSV"
        XLSX = "xlsx", "XLSX"

    report = models.ForeignKey(
        "reporting.BoardReport", on_delete=models.CASCADE, related_name="files"
    )
    extension = models.CharField(max_length=4, choices=Extension.choices)
    version = models.PositiveIntegerField()
    file = models.FileField(upload_to=file_path, max_length=200)
    filename = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    made_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["report", "extension"], name="board_file_once")
        ]

    def __str__(self):
        return f"{self.report_id}.{self.extension} (version {self.version})"


@receiver(post_delete, sender=BoardReportFile)
def _remove_file(sender, instance: BoardReportFile, **kwargs) -> None:
    # Deleting a report cascades here; its files on disk go with it.
    if instance.file.name:
        default_storage.delete(instance.file.name)


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
        return f"Annex A {self.list_name}: {self.row_count} rows at {day(self.produced_at)}"
