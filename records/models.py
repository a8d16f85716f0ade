"""The audit of data subject rights: every subject access export and every erasure, kept with
no personal data beyond the id of the child it concerned."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from core.formatting import day


class Channel(models.TextChoices):
    PAGE = "page", "Web page"
    COMMAND = "command", "Management command"


def export_path(export, filename: str) -> str:
    # Never the child's name on disk: the path names the export only.
    return f"subject-access/{export.pk}/{filename}"


class SubjectAccessExport(models.Model):
    """One export of everything held about a child (UK GDPR art. 15): asked for on a page and
    built by the worker (records.exports), or written by the command line at once.

    The zip is kept in the default (MEDIA_ROOT) storage, which is never served from a URL:
    only the download view, after its access check, streams it. It is deleted when the export
    expires (EXPORT_KEPT_FOR) or the child's record is erased; the row stays as the audit."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        BUILDING = "building", "Being built"
        READY = "ready", "Ready"
        FAILED = "failed", "Failed"
        EXPIRED = "expired", "Expired"  # the zip deleted after EXPORT_KEPT_FOR
        ERASED = "erased", "Erased"  # the zip deleted with the child's personal data

    # No database constraint and nothing done on delete: the audit row outlives the child's.
    child = models.ForeignKey(
        "cases.Child", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Empty when run from the command line.",
    )
    requested_at = models.DateTimeField(default=timezone.now, db_index=True)
    channel = models.CharField(max_length=10, choices=Channel.choices)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    parts_done = models.PositiveIntegerField(default=0)
    parts_total = models.PositiveIntegerField(default=0)
    # When a worker took it: a build that started this long ago lost its worker (see exports).
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True, db_index=True)
    file = models.FileField(upload_to=export_path, max_length=200, blank=True, editable=False)
    file_size = models.PositiveBigIntegerField("size of the zip file in bytes", null=True)
    # The kind of failure, never its text: an exception's message may quote a child's record.
    error = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]

    def __str__(self):
        return f"Subject access export of child {self.child_id} at {day(self.requested_at)}"

    @property
    def filename(self) -> str:
        # The name travels in emails and download folders: the child's id, never the name.
        return f"subject-access-child-{self.child_id}.zip"

    @property
    def is_waiting(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.BUILDING)

    @property
    def percent_done(self) -> int:
        if self.status == self.Status.READY:
            return 100
        return int(100 * self.parts_done / (self.parts_total or 1))


class SubjectAccessDownload(models.Model):
    """Each download of a built export: who took the child's whole record away, and when."""

    export = models.ForeignKey(
        SubjectAccessExport, on_delete=models.PROTECT, related_name="downloads"
    )
    downloaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    downloaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-downloaded_at", "-pk"]

    def __str__(self):
        return f"Download of subject access export {self.export_id}"


class ErasureQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(confirmed_at__isnull=False)


class Erasure(models.Model):
    """A reviewed erasure of children past their retention date: one person selects the
    records (the review), then a person confirms; only then is anything erased."""

    children = models.ManyToManyField("cases.Child", related_name="erasures")
    child_count = models.PositiveIntegerField()
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.PAGE)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(default=timezone.now)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True, db_index=True)

    objects = ErasureQuerySet.as_manager()

    class Meta:
        ordering = ["-reviewed_at", "-pk"]

    def __str__(self):
        state = "erased" if self.is_confirmed else "awaiting confirmation"
        return f"Erasure {self.pk} of {self.child_count} records ({state})"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None
