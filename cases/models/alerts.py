"""Alerts raised by the daily deadline scan, and the log of reminder emails sent about them.

Both tables carry a unique constraint that makes the scan and the emails idempotent: an alert is
raised once per deadline and threshold, and a reminder is claimed once per recipient, kind and
day, so a second run of the scan, or two runs at once, add nothing (DESIGN.md "Jobs and email").
"""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords


class AlertQuerySet(models.QuerySet):
    def unresolved(self, today: date):
        """Alerts nobody has acknowledged or snoozed past ``today``, on a deadline still open."""
        return self.filter(
            Q(snoozed_until__isnull=True) | Q(snoozed_until__lt=today),
            acknowledged_at__isnull=True,
            deadline__completed_on__isnull=True,
            deadline__exempt=False,
        )

    def open_for_owner(self, user, today: date):
        """The header's count and the "Mine" tab: unresolved alerts on deadlines ``user`` owns."""
        return self.unresolved(today).filter(deadline__owner=user)


class Alert(models.Model):
    class Kind(models.TextChoices):
        DUE_14 = "due_14", "Due within 14 days"
        DUE_7 = "due_7", "Due within 7 days"
        DUE_TODAY = "due_today", "Due today"
        OVERDUE = "overdue", "Overdue"
        AT_RISK_DRAFT = "at_risk_draft", "20 weeks at risk: no draft plan by week 14"
        AT_RISK_DECISION = "at_risk_decision", "20 weeks at risk: no decision to issue by week 16"

    deadline = models.ForeignKey("cases.Deadline", on_delete=models.CASCADE, related_name="alerts")
    # The deadline's owner when the alert was raised, kept for the record; who is reminded is
    # the deadline's owner at the time of the digest, so a reassigned case follows its caseworker.
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    raised_on = models.DateField()
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    snoozed_until = models.DateField(null=True, blank=True)
    # The reason given when the alert was last acknowledged or snoozed; every earlier one is in
    # the history (history_change_reason), with who gave it.
    note = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AlertQuerySet.as_manager()
    # The scan inserts with bulk_create, which writes no history row: history starts with the
    # first person who acknowledges or snoozes the alert (cases.services.alert_actions).
    history = HistoricalRecords(history_change_reason_field=models.TextField(null=True))

    class Meta:
        ordering = ["raised_on", "pk"]
        constraints = [
            # A threshold alerts once: the scan inserts with ON CONFLICT DO NOTHING against this.
            models.UniqueConstraint(fields=["deadline", "kind"], name="alert_once_per_threshold")
        ]
        indexes = [
            models.Index(
                fields=["deadline"],
                name="alert_unacknowledged",
                condition=Q(acknowledged_at__isnull=True),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} (deadline {self.deadline_id})"


class ReminderLog(models.Model):
    """One reminder email to one person for one day: claimed before sending, marked after.

    The row is inserted (or found) under the unique constraint, then claimed with a conditional
    UPDATE so only one worker sends it; ``sent_at`` is set once the mail server has the message.
    A row with ``sent_at`` empty is retried by the next run once its claim has lapsed.
    """

    class Kind(models.TextChoices):
        CASEWORKER_DIGEST = "caseworker_digest", "Caseworker's daily digest"
        MANAGER_ESCALATION = "manager_escalation", "Escalation to a team manager"
        WEEKLY_SUMMARY = "weekly_summary", "Weekly summary"

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    for_date = models.DateField()
    claimed_at = models.DateTimeField(null=True, blank=True)
    # The process that holds the claim (cases.services.reminders.attempts): a claim whose
    # process has died is taken over at once instead of waiting out the lease.
    attempt = models.CharField(max_length=200, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-for_date", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "kind", "for_date"], name="reminder_once_per_day"
            )
        ]
        indexes = [
            models.Index(
                fields=["for_date"], name="reminder_unsent", condition=Q(sent_at__isnull=True)
            ),
        ]

    def __str__(self):
        return f"{self.kind} for user {self.recipient_id} on {self.for_date}"
