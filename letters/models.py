"""A letter's wording and its versions (issue 20). Every change is a new version, never an edit
of an old one, so a letter can always say exactly which words it was drafted from."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class LetterTemplate(models.Model):
    """One kind of letter (the file it shipped as, in letters/wording/) and its versions."""

    kind = models.CharField(max_length=40, unique=True)

    class Meta:
        ordering = ["kind"]

    def __str__(self) -> str:
        return self.kind

    @property
    def current(self) -> "LetterTemplateVersion":
        return self.versions.order_by("-number").first()  # type: ignore[return-value]


class LetterTemplateVersion(models.Model):
    """The wording of a letter as it stood from `written_at`: version 1 is the shipped wording
    (no `written_by`), each later one an administrator's change."""

    template = models.ForeignKey(LetterTemplate, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    subject = models.CharField(max_length=300)
    body = models.TextField()
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    written_at = models.DateTimeField(default=timezone.now)
    reason = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["template", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["template", "number"], name="letter_template_version_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.template.kind} v{self.number}"
