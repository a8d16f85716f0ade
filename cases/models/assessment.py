"""A request for statutory assessment and every statutory step recorded against it."""

from datetime import date

from django.conf import settings
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from core.formatting import day
from core.locking import Versioned

from .. import statutory


class Regime(models.TextChoices):
    EHCP = statutory.REGIME_EHCP, "EHC needs assessment (Children and Families Act 2014)"
    STATEMENT = statutory.REGIME_STATEMENT, "Statutory assessment (SEN Code of Practice 2001)"


class Kind(models.TextChoices):
    INITIAL = "initial", "Request for assessment"
    # CFA 2014 s44(2)-(3), SI 2014/1530 regs 23-27: the needs of a child with a plan assessed
    # again, ending in an amended or replacement plan (or a notice not to amend it).
    REASSESSMENT = "reassessment", "Re-assessment"


class Source(models.TextChoices):
    PARENT = "parent", "Parent or carer"
    YOUNG_PERSON = "young_person", "The young person"
    SCHOOL = "school", "School or college"
    HEALTH = "health", "Health"
    SOCIAL_CARE = "social_care", "Social care"
    OTHER = "other", "Other"
    BECAME_RESPONSIBLE = "became_responsible", "The council became responsible (s24)"
    # A re-assessment the council starts itself (CFA 2014 s44(3)), say after a review.
    COUNCIL = "council", "The council itself (s44(3))"


# Where a request for assessment comes from: anyone but the council itself.
REQUEST_SOURCES = tuple(source for source in Source if source != Source.COUNCIL)
# Who may ask for a re-assessment (SI 2014/1530 reg 23); the council may also start one itself.
REASSESSMENT_SOURCES = (Source.PARENT, Source.YOUNG_PERSON, Source.SCHOOL)


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

# The same stages as a re-assessment passes them: there is no decision to issue, and "not
# issuing" is the notice that the plan will not be amended or replaced after all.
REASSESSMENT_STAGE_LABELS: dict[str, str] = {
    Stage.DECIDING: "Deciding whether to re-assess",
    Stage.NOT_ASSESSING: "Decided not to re-assess",
    Stage.ASSESSING: "Re-assessing",
    Stage.NOT_ISSUING: "Decided not to amend or replace the plan",
    Stage.DRAFT_SENT: "Draft plan sent",
    Stage.ISSUED: "Plan issued after re-assessment",
    Stage.CLOSED: "Withdrawn or ceased",
}


def stage_label(stage: str, kind: str) -> str:
    """A stage's name as a caseworker reads it for a request of this kind."""
    if kind == Kind.REASSESSMENT:
        return REASSESSMENT_STAGE_LABELS.get(stage, "")
    return Stage(stage).label if stage in Stage.values else ""


class AssessmentRequest(Versioned):
    child = models.ForeignKey("cases.Child", on_delete=models.CASCADE, related_name="requests")
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.INITIAL)
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
    # The day the family was told of each decision in writing (the letter went): regs 4(2),
    # 5(3) and 10(3) are met by the notice, not by the decision alone.
    assess_decision_notified_on = models.DateField(null=True, blank=True)
    issue_decision_notified_on = models.DateField(null=True, blank=True)
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
        if self.is_reassessment:
            return f"Re-assessment from {day(self.received_on)}"
        return f"{self.get_regime_display()} received {day(self.received_on)}"

    def get_absolute_url(self):
        return reverse("cases:request", args=[self.child_id, self.pk])

    @classmethod
    def open_reassessment_of(cls, child_id: int) -> "AssessmentRequest | None":
        """The child's open re-assessment in which the council has decided to re-assess: the
        one an amended or replacement plan may now be issued after."""
        return (
            cls.objects.filter(child_id=child_id, kind=Kind.REASSESSMENT)
            .filter(assess_decision=Decision.YES)
            .exclude(stage__in=CLOSED_STAGES)
            .order_by("-received_on", "-pk")
            .first()
        )

    @property
    def is_ehcp(self) -> bool:
        return self.regime == Regime.EHCP

    @property
    def is_reassessment(self) -> bool:
        return self.kind == Kind.REASSESSMENT

    @property
    def started_by_council(self) -> bool:
        """A re-assessment the council decided on itself (s44(3)): no request to decide."""
        return self.is_reassessment and self.source == Source.COUNCIL

    @property
    def kind_label(self) -> str:
        """What the request is, as lists and headings name it."""
        if self.is_reassessment:
            return "Re-assessment of the EHC plan"
        return self.get_regime_display()

    @property
    def stage_label(self) -> str:
        return stage_label(self.stage, self.kind)

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

    def may_send_draft(self) -> bool:
        """Whether the decisions recorded lead to a draft plan: the decision to issue one, or
        for a re-assessment the decision to re-assess, unless the family has been told the
        plan will not be amended or replaced."""
        if self.is_reassessment:
            return self.assess_decision == Decision.YES and self.issue_decision != Decision.NO
        return self.issue_decision == Decision.YES

    def next_steps(self) -> set[str]:
        """The steps a caseworker may record now, given what is already recorded. The services
        enforce the same order; this decides which actions to offer."""
        steps = set() if self.stage == Stage.DECIDING else {"disagreement"}
        if not self.is_open:
            return steps
        steps |= {"exception", "close"}
        if self.is_reassessment:
            return steps | self._reassessment_steps()
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

    def _reassessment_steps(self) -> set[str]:
        # The plan itself is issued from the plan page (the plans app), not from here.
        if not self.assess_decision:
            return {"decision"}
        if self.assess_decision != Decision.YES:
            return set()
        steps = {"advice", "consultation", "not-amending"}
        if not self.draft_sent_on:
            steps.add("draft-sent")
        return steps

    def deadlines_due(self) -> dict[str, date]:
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
        return f"{self.get_body_display()} advice requested {day(self.requested_on)}"

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
        return f"{self.setting_name} consulted {day(self.sent_on)}"

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
        REASSESSED_PLAN = "reassessed_plan", "Plan after re-assessment (14 weeks)"
        ADVICE = "advice", "Advice (6 weeks)"

    class Reason(models.TextChoices):
        SCHOOL_CLOSURE = "a", "(a) A school or college was closed for 4 weeks or more"
        EARLY_YEARS_CLOSURE = "b", "(b) An early years provider was closed for 4 weeks or more"
        PERSONAL_CIRCUMSTANCES = "c", "(c) Exceptional personal circumstances"
        ABSENCE = "d", "(d) Away from the area for 4 weeks or more"
        MISSED_APPOINTMENT = "missed", "The child missed an appointment (advice only)"

    # reg 10(4) for the assessment's limits (reg 27(3) applies the same to the re-assessment's
    # 14 weeks); reg 8(2) allows only (c), (d) and a missed appointment for advice, and never
    # a waiting list.
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
