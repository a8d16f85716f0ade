"""A letter's wording and its versions (issue 20). Every change is a new version, never an edit
of an old one, so a letter can always say exactly which words it was drafted from."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from core.locking import Versioned


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


class Letter(Versioned):
    """One letter to one person about one child: drafted from a wording version and the case,
    edited while a draft, frozen once sent (a correction is a new letter that `corrects` it)."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SENDING = "sending", "Being sent"  # approved; the worker claims it and sends it once
        SENT = "sent", "Sent"
        TO_PRINT = "to_print", "To print and post"
        DELIVERED = "delivered", "Delivered"
        FAILED = "failed", "Not delivered"

    class Channel(models.TextChoices):
        EMAIL = "email", "Email"
        POST = "post", "Post"

    child = models.ForeignKey("cases.Child", on_delete=models.CASCADE, related_name="letters")
    request = models.ForeignKey(
        "cases.AssessmentRequest",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="letters",
    )
    # The step the letter belongs to, when it is about a plan, or one review of it.
    plan = models.ForeignKey(
        "plans.Plan", on_delete=models.SET_NULL, null=True, blank=True, related_name="letters"
    )
    review = models.ForeignKey(
        "plans.AnnualReview",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="letters",
    )
    # A letter to a professional asked for advice, or to a school or college consulted.
    advice = models.ForeignKey(
        "cases.AdviceRequest",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="letters",
    )
    consultation = models.ForeignKey(
        "cases.Consultation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="letters",
    )
    kind = models.CharField(max_length=40)
    wording = models.ForeignKey(LetterTemplateVersion, on_delete=models.PROTECT, related_name="+")
    recipient = models.ForeignKey(
        "cases.Contact", on_delete=models.SET_NULL, null=True, blank=True, related_name="letters"
    )
    # As they stood when the letter was drafted: the letter says what it said.
    recipient_name = models.CharField(max_length=200)
    recipient_address = models.TextField(blank=True)
    recipient_email = models.EmailField(blank=True)
    large_print = models.BooleanField(default=False)
    language = models.CharField(max_length=50, blank=True)  # the recipient's, if not English
    channel = models.CharField(max_length=5, choices=Channel.choices, default=Channel.POST)
    # The day the letter is dated: the rules' dates in it (the appeal deadline...) run from it.
    dated = models.DateField()
    subject = models.CharField(max_length=300)
    body = models.TextField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    corrects = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="corrections"
    )
    document = models.ForeignKey(
        "cases.Document", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    drafted_at = models.DateTimeField(default=timezone.now)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    attempt = models.CharField(max_length=200, blank=True)  # the process holding the claim
    sent_at = models.DateTimeField(null=True, blank=True)
    # Set just before asking GOV.UK Notify to send it: a later attempt first asks Notify whether
    # it took the letter (by its reference), so a lost answer never sends it twice.
    notify_tried_at = models.DateTimeField(null=True, blank=True)
    notify_id = models.CharField(max_length=64, blank=True)
    delivery_status = models.CharField(max_length=40, blank=True)
    delivery_checked_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-drafted_at"]
        indexes = [models.Index(fields=["status", "claimed_at"])]

    def __str__(self) -> str:
        return self.subject

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT
