"""The audit of data subject rights: every subject access export and every erasure, kept with
no personal data beyond the id of the child it concerned."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class Channel(models.TextChoices):
    PAGE = "page", "Web page"
    COMMAND = "command", "Management command"


class SubjectAccessExport(models.Model):
    """One export of everything held about a child (UK GDPR art. 15)."""

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
    file_size = models.PositiveBigIntegerField("size of the zip file in bytes")

    class Meta:
        ordering = ["-requested_at", "-pk"]

    def __str__(self):
        return f"Subject access export of child {self.child_id} at {self.requested_at:%d/%m/%Y}"


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
