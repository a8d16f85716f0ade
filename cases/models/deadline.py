"""One row per statutory step with a due date, written by the services whenever an event is
recorded, so the caseload, the daily scan and the timeliness KPIs read one indexed table."""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q

from core.formatting import day

from .. import statutory


class DeadlineQuerySet(models.QuerySet):
    def open(self):
        return self.filter(completed_on__isnull=True, exempt=False)

    def overdue(self, today: date):
        return self.open().filter(due_on__lt=today)

    def due_within(self, today: date, days: int):
        from datetime import timedelta

        return self.open().filter(due_on__gte=today, due_on__lte=today + timedelta(days=days))


class Deadline(models.Model):
    class Kind(models.TextChoices):
        DECISION_TO_ASSESS = "decision_to_assess", "Decide whether to assess"
        ADVICE = "advice", "Advice returned"
        NOTICE_NOT_TO_ISSUE = "notice_not_to_issue", "Decide whether to issue"
        FINAL_PLAN = "final_plan", "Issue the final EHC plan"
        PROPOSED_STATEMENT = "proposed_statement", "Issue the proposed statement"
        FINAL_STATEMENT = "final_statement", "Issue the final statement"
        # A request to re-assess (SI 2014/1530 regs 25, 27).
        REASSESS_DECISION = "reassess_decision", "Decide whether to re-assess"
        REASSESSED_PLAN = "reassessed_plan", "Issue the plan after re-assessment"
        # From the plans app, one set per annual review ("review:ID"). A review is complete when
        # the decision after the meeting is sent (reg 20(10)), so that is what is due by then.
        REVIEW_COMPLETE = "review_complete", "Complete the annual review (decision sent)"
        REVIEW_REPORT = "review_report", "Report of the review meeting"
        REVIEW_DECISION = "review_decision", "Decide to maintain, amend or cease"
        AMENDED_PLAN = "amended_plan", "Issue the amended plan, or the decision not to amend"
        PHASE_TRANSFER = "phase_transfer", "Amend the plan for the phase transfer"
        # Per plan ("plan:ID"): a plan transferred in (reg 15(4)), a child reaching school age
        # (Code 9.178), and a plan being ceased (s45(4): kept until the appeal window closes).
        TRANSFER_IN_NOTICE = "transfer_in_notice", "Tell the family about the transferred plan"
        SCHOOL_AGE_INTERVAL = (
            "school_age_interval",
            "Child of school age: check the review interval",
        )
        CEASE_APPEAL_WINDOW = "cease_appeal_window", "Appeal window closes: cease the plan"
        # From the letters app ("letter:ID"): a letter that did not reach the family.
        LETTER_NOT_DELIVERED = "letter_not_delivered", "Letter not delivered: tell the family again"

    child = models.ForeignKey("cases.Child", on_delete=models.CASCADE, related_name="deadlines")
    request = models.ForeignKey(
        "cases.AssessmentRequest",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="deadlines",
    )
    # What the deadline belongs to, as "request:12" or "advice:40" (and, from the plans app,
    # "review:7"): one row per source and kind, so recomputing never duplicates.
    source = models.CharField(max_length=40)
    kind = models.CharField(max_length=30, choices=Kind.choices)
    label = models.CharField(max_length=120)
    due_on = models.DateField()
    completed_on = models.DateField(null=True, blank=True)
    exempt = models.BooleanField(default=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="deadlines",
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = DeadlineQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["source", "kind"], name="deadline_once_per_source")
        ]
        indexes = [
            models.Index(
                fields=["due_on"],
                name="deadline_open_by_due",
                condition=Q(completed_on__isnull=True, exempt=False),
            ),
            models.Index(fields=["owner", "due_on"], name="deadline_owner_due"),
            models.Index(fields=["child", "due_on"], name="deadline_child_due"),
            # The timeliness KPIs count one kind of step done in a period (and PT one kind due
            # in it): covering indexes answer them without reading the table's rows.
            models.Index(
                fields=["kind", "completed_on"],
                include=["due_on", "exempt", "request", "label"],
                name="deadline_kind_done",
            ),
            models.Index(
                fields=["kind", "due_on"], include=["completed_on"], name="deadline_kind_due"
            ),
        ]

    def __str__(self):
        return f"{self.label} by {day(self.due_on)}"

    def status(self, today: date) -> str:
        return statutory.deadline_status(self.due_on, self.completed_on, today, self.exempt)

    @property
    def is_open(self) -> bool:
        return self.completed_on is None and not self.exempt
