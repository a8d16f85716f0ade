"""The case chronology: statutory events recorded by the services, notes and documents."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from core.formatting import day


class CaseEvent(models.Model):
    """One line of the chronology, written by the service that recorded the step."""

    child = models.ForeignKey("cases.Child", on_delete=models.CASCADE, related_name="events")
    request = models.ForeignKey(
        "cases.AssessmentRequest",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="events",
    )
    happened_on = models.DateField()
    title = models.CharField(max_length=200)
    detail = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-happened_on", "-recorded_at"]
        indexes = [models.Index(fields=["child", "-happened_on"])]

    def __str__(self):
        return f"{day(self.happened_on)} {self.title}"


class CaseNote(models.Model):
    class Kind(models.TextChoices):
        NOTE = "note", "Note"
        PHONE = "phone", "Phone call"
        MEETING = "meeting", "Meeting"
        EMAIL = "email", "Email"
        LETTER = "letter", "Letter"

    child = models.ForeignKey("cases.Child", on_delete=models.CASCADE, related_name="notes")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.NOTE)
    happened_on = models.DateField()
    summary = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    written_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-happened_on", "-written_at"]

    def __str__(self):
        return self.summary


def document_path(document, filename: str) -> str:
    # Never the uploaded name on disk: it may carry a child's name into backups and logs.
    return f"documents/{document.child_id}/{timezone.now():%Y%m%d%H%M%S%f}"


class Document(models.Model):
    class Kind(models.TextChoices):
        ADVICE = "advice", "Advice report"
        REQUEST = "request", "Request for assessment"
        LETTER = "letter", "Letter or decision notice"
        PLAN = "plan", "Plan or statement"
        OTHER = "other", "Other"

    child = models.ForeignKey("cases.Child", on_delete=models.CASCADE, related_name="documents")
    request = models.ForeignKey(
        "cases.AssessmentRequest",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="documents",
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    title = models.CharField(max_length=200)
    file = models.FileField(upload_to=document_path)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-uploaded_at"]

    def __str__(self):
        return self.title
