"""The board report's downloads as files, made once by the worker and streamed after."""

from django.core.files.storage import default_storage
from django.db import models
from django.db.models.signals import post_delete
from django.dispatch import receiver


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
