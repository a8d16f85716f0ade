"""Annual reviews of a plan (CFA 2014 s44; SI 2014/1530 regs 18, 20-22)."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from cases import statutory
from cases.codes import ReviewOutcome
from core.formatting import day


class AnnualReview(models.Model):
    """One review of a plan: due by a date, then the meeting, its report, the decision and, for
    an amendment, the proposals and the amended plan. The dates are the facts; the time limits
    come from cases.statutory and are written as the child's Deadline rows."""

    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="reviews")
    due_on = models.DateField("review due by")
    # Set when this review must amend the plan before a phase transfer (reg 18).
    transfer_to_year = models.SmallIntegerField(null=True, blank=True)
    transfer_kind = models.CharField(max_length=20, choices=statutory.TRANSFER_CHOICES, blank=True)
    phase_transfer_due = models.DateField(
        "reviewed and amended by (phase transfer)", null=True, blank=True
    )
    # The meeting as arranged, for the invitations (regs 20(3), 21(3): 2 weeks' notice); then
    # the day it was held.
    meeting_planned_at = models.DateTimeField("meeting arranged for", null=True, blank=True)
    meeting_place = models.CharField("where the meeting is held", max_length=200, blank=True)
    meeting_on = models.DateField("meeting held", null=True, blank=True)
    report_on = models.DateField("report of the meeting", null=True, blank=True)
    decision = models.CharField(max_length=1, choices=ReviewOutcome.choices, blank=True)
    decision_on = models.DateField("decision sent", null=True, blank=True)
    proposals_sent_on = models.DateField("proposed amendments sent", null=True, blank=True)
    amended_issued_on = models.DateField("final amended plan issued", null=True, blank=True)
    # reg 22(4): after the family's representations the council decided not to amend after all.
    not_amended_on = models.DateField("decision not to amend sent", null=True, blank=True)
    note = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-due_on", "-pk"]
        indexes = [
            models.Index(fields=["plan", "-due_on"]),
            # AR counts reviews due in a period, ARA amendments issued in one.
            models.Index(
                fields=["due_on"], include=["meeting_on", "decision_on"], name="review_due_done"
            ),
            models.Index(
                fields=["amended_issued_on"], include=["meeting_on"], name="review_amended"
            ),
        ]

    def __str__(self):
        return f"Annual review due {day(self.due_on)}"

    def get_absolute_url(self):
        return reverse("plans:review", args=[self.plan.child_id, self.plan_id, self.pk])

    @property
    def is_open(self) -> bool:
        return not self.decision or self.is_amending

    @property
    def is_amending(self) -> bool:
        return (
            self.decision == ReviewOutcome.AMEND
            and self.amended_issued_on is None
            and self.not_amended_on is None
        )

    @property
    def amendment_done_on(self):
        """When the amendment ended: the amended plan issued, or the notice not to amend."""
        return self.amended_issued_on or self.not_amended_on

    @property
    def held_on_time(self) -> bool | None:
        if self.meeting_on is None:
            return None
        return self.meeting_on <= self.due_on

    @property
    def completed_on_time(self) -> bool | None:
        """A review is complete when its decision is sent (reg 20(10)); in time by the due day."""
        if self.decision_on is None:
            return None
        return self.decision_on <= self.due_on

    def completion_status(self, today) -> str:
        """The review's deadline status value, as its Deadline row has it (on_track, overdue
        ...); pages show it with cases.presentation.status_tag."""
        return statutory.deadline_status(self.due_on, self.decision_on, today).value

    def amendment_past_practice_limit(self) -> bool:
        """More than 12 weeks from meeting to amended plan: flagged, the working-practice limit
        that follows from the Devon judgment reading of regs 20-22."""
        if self.meeting_on is None or self.decision != ReviewOutcome.AMEND:
            return False
        done = self.amended_issued_on
        return done is not None and done > statutory.amendment_practice_limit(self.meeting_on)

    def next_steps(self) -> set[str]:
        """What a caseworker may record now; the services enforce the same order."""
        if not self.is_open:
            return set()
        if self.meeting_on is None:
            return {"meeting"}
        steps = set()
        if self.report_on is None:
            steps.add("report")
        if not self.decision:
            steps.add("decision")
        elif self.is_amending:
            steps.update({"amended-issued", "not-amended"})
        return steps


class OutcomeProgress(models.Model):
    """Progress towards one section E outcome, as recorded at a review."""

    class Progress(models.TextChoices):
        ACHIEVED = "achieved", "Achieved"
        ON_TRACK = "on_track", "On track"
        PARTLY = "partly", "Some progress"
        NOT_ON_TRACK = "not_on_track", "Not on track"

    review = models.ForeignKey(AnnualReview, on_delete=models.CASCADE, related_name="progress")
    outcome = models.ForeignKey("plans.Outcome", on_delete=models.CASCADE, related_name="progress")
    progress = models.CharField(max_length=15, choices=Progress.choices)
    note = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["review", "outcome"], name="progress_once_per_review")
        ]

    def __str__(self):
        return f"{self.outcome}: {self.get_progress_display()}"
