"""A request for statutory assessment and every statutory step recorded against it."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from .. import statutory
from ..locking import Versioned


class Regime(models.TextChoices):
    EHCP = statutory.REGIME_EHCP, "EHC needs assessment (Children and Families Act 2014)"
    STATEMENT = statutory.REGIME_STATEMENT, "Statutory assessment (SEN Code of Practice 2001)"


class Source(models.TextChoices):
    PARENT = "parent", "Parent or carer"
    YOUNG_PERSON = "young_person", "The young person"
    SCHOOL = "school", "School or college"
    HEALTH = "health", "Health"
    SOCIAL_CARE = "social_care", "Social care"
    OTHER = "other", "Other"
    BECAME_RESPONSIBLE = "became_responsible", "The council became responsible (s24)"


class Decision(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"


class Closure(models.TextChoices):
    WITHDRAWN = "withdrawn", "Withdrawn"
    CEASED = "ceased", "Ceased"


class Stage(models.TextChoices):
    DECIDING = "deciding", "Deciding whether to assess"
    NOT_ASSESSING = "not_assessing", "Decided not to assess"
    ASSESSING = "assessing", "Assessing"
    NOT_ISSUING = "not_issuing", "Decided not to issue"
    DRAFTING = "drafting", "Drafting"
    DRAFT_SENT = "draft_sent", "Draft sent"
    ISSUED = "issued", "Issued"
    CLOSED = "closed", "Withdrawn or ceased"


CLOSED_STAGES = (Stage.NOT_ASSESSING, Stage.NOT_ISSUING, Stage.ISSUED, Stage.CLOSED)


class AssessmentRequest(Versioned):
    child = models.ForeignKey("cases.Child", on_delete=models.CASCADE, related_name="requests")
    regime = models.CharField(max_length=10, choices=Regime.choices, default=Regime.EHCP)
    source = models.CharField(max_length=20, choices=Source.choices)
    received_on = models.DateField(
        help_text="The day the council received the request, or became responsible: the clock "
        "starts here."
    )
    assess_decision = models.CharField(max_length=3, choices=Decision.choices, blank=True)
    assess_decision_on = models.DateField(null=True, blank=True)
    issue_decision = models.CharField(max_length=3, choices=Decision.choices, blank=True)
    issue_decision_on = models.DateField(null=True, blank=True)
    draft_sent_on = models.DateField(null=True, blank=True)
    final_issued_on = models.DateField(null=True, blank=True)
    closure = models.CharField(max_length=10, choices=Closure.choices, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    closure_reason = models.CharField(max_length=255, blank=True)
    stage = models.CharField(max_length=15, choices=Stage.choices, default=Stage.DECIDING)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-received_on"]
        indexes = [models.Index(fields=["stage", "regime"])]

    def __str__(self):
        return f"{self.get_regime_display()} received {self.received_on:%d/%m/%Y}"

    def get_absolute_url(self):
        return reverse("cases:request", args=[self.child_id, self.pk])

    @property
    def is_ehcp(self) -> bool:
        return self.regime == Regime.EHCP

    @property
    def is_open(self) -> bool:
        return self.stage not in CLOSED_STAGES

    @property
    def document_name(self) -> str:
        return "EHC plan" if self.is_ehcp else "statement"

    @property
    def a_document(self) -> str:
        return "an EHC plan" if self.is_ehcp else "a statement"

    @property
    def draft_name(self) -> str:
        return "draft EHC plan" if self.is_ehcp else "proposed statement"

    def current_stage(self) -> str:
        """Where the request stands, from the steps recorded so far."""
        if self.closure:
            return Stage.CLOSED
        if self.final_issued_on:
            return Stage.ISSUED
        if self.assess_decision == Decision.NO:
            return Stage.NOT_ASSESSING
        if self.issue_decision == Decision.NO:
            return Stage.NOT_ISSUING
        if self.draft_sent_on:
            return Stage.DRAFT_SENT
        if self.issue_decision == Decision.YES:
            return Stage.DRAFTING
        if self.assess_decision == Decision.YES:
            return Stage.ASSESSING
        return Stage.DECIDING

    def next_steps(self) -> set[str]:
        """The steps a caseworker may record now, given what is already recorded. The services
        enforce the same order; this decides which actions to offer."""
        steps = set() if self.stage == Stage.DECIDING else {"disagreement"}
        if not self.is_open:
            return steps
        steps |= {"exception", "close"}
        if not self.assess_decision:
            steps.add("decision")
        if self.assess_decision == Decision.YES:
            steps |= {"advice", "consultation"}
            if not self.issue_decision:
                steps.add("issue-decision")
            elif self.issue_decision == Decision.YES and not self.draft_sent_on:
                steps.add("draft-sent")
            elif self.draft_sent_on:
                steps.add("final-issued")
        return steps

    def deadlines_due(self) -> dict[str, object]:
        return statutory.assessment_deadlines(self.regime, self.received_on)


class AdviceRequest(Versioned):
    """Advice asked of one body during the assessment (SI 2014/1530 reg 6 and 8)."""

    class Body(models.TextChoices):
        EDUCATIONAL_PSYCHOLOGY = "ep", "Educational psychology"
        HEALTH = "health", "Health"
        SOCIAL_CARE = "social_care", "Social care"
        EDUCATION = "education", "Education (school or setting)"
        OTHER = "other", "Other"

    request = models.ForeignKey(AssessmentRequest, on_delete=models.CASCADE, related_name="advice")
    body = models.CharField(max_length=15, choices=Body.choices)
    requested_on = models.DateField()
    received_on = models.DateField(null=True, blank=True)
    note = models.CharField(max_length=255, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["requested_on", "pk"]

    def __str__(self):
        return f"{self.get_body_display()} advice requested {self.requested_on:%d/%m/%Y}"

    @property
    def due_on(self):
        return statutory.advice_due(self.requested_on)


class Consultation(Versioned):
    """A school or college consulted about being named in the plan (Code 9.83)."""

    class Outcome(models.TextChoices):
        AGREED = "agreed", "Agreed it can meet needs"
        DECLINED = "declined", "Said it cannot"

    request = models.ForeignKey(
        AssessmentRequest, on_delete=models.CASCADE, related_name="consultations"
    )
    setting_name = models.CharField(max_length=200)
    setting_urn = models.CharField("URN or UKPRN", max_length=8, blank=True)
    sent_on = models.DateField()
    responded_on = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["sent_on", "pk"]

    def __str__(self):
        return f"{self.setting_name} consulted {self.sent_on:%d/%m/%Y}"

    @property
    def response_due(self):
        return statutory.consultation_response_due(self.sent_on)


class TimeLimitException(models.Model):
    """Why a time limit could not be met: SI 2014/1530 reg 10(4), or reg 8(2) for advice."""

    class Step(models.TextChoices):
        DECISION_TO_ASSESS = "decision_to_assess", "Decision whether to assess (6 weeks)"
        NOTICE_NOT_TO_ISSUE = "notice_not_to_issue", "Decision whether to issue (16 weeks)"
        FINAL_PLAN = "final_plan", "Final EHC plan (20 weeks)"
        PROPOSED_STATEMENT = "proposed_statement", "Proposed statement (18 weeks)"
        FINAL_STATEMENT = "final_statement", "Final statement (26 weeks)"
        ADVICE = "advice", "Advice (6 weeks)"

    class Reason(models.TextChoices):
        SCHOOL_CLOSURE = "a", "(a) A school or college was closed for 4 weeks or more"
        EARLY_YEARS_CLOSURE = "b", "(b) An early years provider was closed for 4 weeks or more"
        PERSONAL_CIRCUMSTANCES = "c", "(c) Exceptional personal circumstances"
        ABSENCE = "d", "(d) Away from the area for 4 weeks or more"
        MISSED_APPOINTMENT = "missed", "The child missed an appointment (advice only)"

    # reg 10(4) for the assessment's limits; reg 8(2) allows only (c), (d) and a missed
    # appointment for advice, and never a waiting list.
    REASONS_FOR_ADVICE = (Reason.PERSONAL_CIRCUMSTANCES, Reason.ABSENCE, Reason.MISSED_APPOINTMENT)
    REASONS_FOR_ASSESSMENT = (
        Reason.SCHOOL_CLOSURE,
        Reason.EARLY_YEARS_CLOSURE,
        Reason.PERSONAL_CIRCUMSTANCES,
        Reason.ABSENCE,
    )

    request = models.ForeignKey(
        AssessmentRequest, on_delete=models.CASCADE, related_name="exceptions"
    )
    step = models.CharField(max_length=20, choices=Step.choices)
    advice = models.ForeignKey(
        AdviceRequest, on_delete=models.CASCADE, null=True, blank=True, related_name="exceptions"
    )
    reason = models.CharField(max_length=6, choices=Reason.choices)
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    note = models.TextField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["starts_on", "pk"]

    def __str__(self):
        return f"Exception to {self.get_step_display()}: {self.get_reason_display()}"


class Disagreement(models.Model):
    """Mediation or a tribunal appeal about a request or an assessment."""

    class Kind(models.TextChoices):
        MEDIATION = "mediation", "Mediation"
        TRIBUNAL = "tribunal", "Tribunal appeal"

    class About(models.TextChoices):
        REQUEST = "request", "The decision not to assess"
        ASSESSMENT = "assessment", "The decision not to issue"
        CONTENT = "content", "The plan's content or the setting named"

    request = models.ForeignKey(
        AssessmentRequest, on_delete=models.CASCADE, related_name="disagreements"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    about = models.CharField(max_length=10, choices=About.choices)
    started_on = models.DateField()
    concluded_on = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=255, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["started_on", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()} about {self.get_about_display().lower()}"
