"""A statement or EHC plan, the versions of it the council issued, and its cessation."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from cases import statutory
from cases.codes import CeaseReason
from cases.models import AssessmentRequest
from core.formatting import day
from core.locking import Versioned


class Plan(Versioned):
    """The working copy of a child's plan: its sections as the caseworker edits them. What the
    council actually issued is kept, frozen, in PlanVersion."""

    class Kind(models.TextChoices):
        EHC_PLAN = "ehc_plan", "EHC plan"
        STATEMENT = "statement", "Statement of SEN"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        FINAL = "final", "Final"
        CEASED = "ceased", "Ceased"

    class Origin(models.TextChoices):
        ASSESSMENT = "assessment", "Issued after an assessment"
        TRANSFERRED_IN = "transferred_in", "Transferred in from another council"
        CONVERSION = "conversion", "Transfer review of a statement"
        EXISTING = "existing", "Issued before this system was used"

    child = models.ForeignKey("cases.Child", on_delete=models.CASCADE, related_name="plans")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.EHC_PLAN)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    origin = models.CharField(max_length=15, choices=Origin.choices)
    request = models.ForeignKey(
        "cases.AssessmentRequest",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plans",
    )
    transferred_from_la = models.CharField("transferred from (LA code)", max_length=3, blank=True)
    responsible_from = models.DateField(
        "council responsible from",
        null=True,
        blank=True,
        help_text="For a plan transferred in: the day this council became responsible.",
    )
    replaces = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaced_by",
        help_text="The statement this EHC plan replaced at its transfer review.",
    )
    issued_on = models.DateField("first issued", null=True, blank=True)
    ceased_on = models.DateField(null=True, blank=True)

    # Annual review settings. No interval chosen: 6 months while the child is under compulsory
    # school age (Code 9.178), 12 after (s44(1)); a caseworker may choose 1 to 12, with a reason
    # kept in the history. The year group for a child taught out of their chronological year, and
    # whether the move after Year 11 is to a post-16 institution (31 March, reg 18(1)(a)).
    review_interval_months = models.PositiveSmallIntegerField(
        "review interval chosen (months)", null=True, blank=True
    )
    year_group_offset = models.SmallIntegerField(
        default=0,
        help_text="+1 if taught a year ahead of their age group, -1 if a year behind.",
    )
    to_post16_institution = models.BooleanField(
        "moving to a post-16 institution after Year 11", default=False
    )
    # The next transfer between phases (reg 2, reg 18) is worked out from the child's setting
    # (plans.services.schedule), unless a caseworker sets its year and kind here.
    transfer_year = models.PositiveSmallIntegerField(
        "year of the next phase transfer (set by hand)", null=True, blank=True
    )
    transfer_kind = models.CharField(
        "kind of the next phase transfer (set by hand)",
        max_length=20,
        choices=statutory.TRANSFER_CHOICES,
        blank=True,
    )
    # A plan transferred in (reg 15): when the other council last reviewed it, and when this
    # council told the family about the transfer (reg 15(4)).
    last_reviewed_before_transfer = models.DateField(
        "last reviewed by the other council", null=True, blank=True
    )
    transfer_notice_on = models.DateField("family told of the transfer", null=True, blank=True)
    transfer_notice_assess = models.BooleanField(
        "the council proposes to assess", null=True, blank=True
    )
    # The child reached school age and a caseworker checked the review interval (Code 9.178).
    school_age_checked_on = models.DateField(null=True, blank=True)

    # Sections of the EHC plan (SI 2014/1530 reg 12); E and F are rows (Outcome, ProvisionItem),
    # I and J also come from the placements app (named settings, personal budgets).
    section_a = models.TextField("A: views, interests and aspirations", blank=True)
    section_b = models.TextField("B: special educational needs", blank=True)
    section_c = models.TextField("C: health needs related to SEN", blank=True)
    section_d = models.TextField("D: social care needs related to SEN", blank=True)
    section_g = models.TextField("G: health provision", blank=True)
    section_h1 = models.TextField("H1: social care provision (CSDPA 1970 s2)", blank=True)
    section_h2 = models.TextField("H2: other social care provision", blank=True)
    section_i = models.TextField("I: placement", blank=True)
    section_j = models.TextField("J: personal budget", blank=True)
    section_k = models.TextField("K: advice and information", blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    TEXT_SECTIONS = (
        "section_a",
        "section_b",
        "section_c",
        "section_d",
        "section_g",
        "section_h1",
        "section_h2",
        "section_i",
        "section_j",
        "section_k",
    )

    class Meta:
        ordering = ["-issued_on", "-pk"]
        indexes = [models.Index(fields=["status", "kind"])]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.get_status_display().lower()})"

    def get_absolute_url(self):
        return reverse("plans:plan", args=[self.child_id, self.pk])

    @property
    def is_statement(self) -> bool:
        return self.kind == self.Kind.STATEMENT

    @property
    def is_maintained(self) -> bool:
        return self.status == self.Status.FINAL

    @property
    def awaits_transfer_notice(self) -> bool:
        """A plan transferred in and in force whose reg 15(4) notice to the family is not yet
        recorded."""
        return (
            self.origin == self.Origin.TRANSFERRED_IN
            and self.is_maintained
            and self.transfer_notice_on is None
        )

    def amending_review(self):
        """The review whose decision to amend is still to be issued, if any."""
        if self.status != self.Status.FINAL:
            return None
        return self.reviews.filter(
            decision="A", amended_issued_on__isnull=True, not_amended_on__isnull=True
        ).first()

    def open_reassessment(self):
        """The child's re-assessment the council has decided on and not yet finished, if this is
        their EHC plan in force: the plan issued after it is this plan's next version."""
        if self.status != self.Status.FINAL or self.kind != self.Kind.EHC_PLAN:
            return None
        return AssessmentRequest.open_reassessment_of(self.child_id)

    def is_editable(self) -> bool:
        """A draft is written freely; an issued plan changes only through an amendment (reg 22)
        or a re-assessment (reg 27), so its content opens again once a review has decided to
        amend it or the council has decided to re-assess."""
        return (
            self.status == self.Status.DRAFT
            or self.amending_review() is not None
            or self.open_reassessment() is not None
        )


class PlanVersion(models.Model):
    """One issued or amended plan, frozen as the council sent it. `content` is the snapshot built
    by plans.content.snapshot: every section, outcome and provision item at issue."""

    class Reason(models.TextChoices):
        ISSUED = "issued", "Final plan issued"
        AMENDED = "amended", "Amended after review"
        TRANSFERRED_IN = "transferred_in", "Transferred in"
        REASSESSED = "reassessed", "Amended or replaced after re-assessment"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField()
    reason = models.CharField(max_length=15, choices=Reason.choices)
    issued_on = models.DateField()
    review = models.ForeignKey(
        "plans.AnnualReview",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="amended_versions",
    )
    content = models.JSONField()
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # The PDF as rendered once (plans.pdf), and the hash of the page it was drawn from.
    pdf = models.FileField(max_length=200, blank=True, editable=False)
    pdf_source = models.CharField(max_length=64, blank=True, editable=False)
    pdf_queued_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="plan_version_number_once")
        ]

    def __str__(self):
        return f"Version {self.number}, issued {day(self.issued_on)}"

    def get_absolute_url(self):
        return reverse("plans:version", args=[self.plan.child_id, self.plan_id, self.number])


class Cessation(models.Model):
    """Ceasing to maintain a plan (CFA 2014 s45; SI 2014/1530 regs 29-31), step by step: the
    proposal and its SEN2 reason, the consultation, the decision notified with the right of
    appeal, the appeal window (and any mediation or appeal) and, only then, the plan ceased.

    The plan stays in force (status final, counted, reviewed) until `stage` is ceased: s45(4)
    keeps it maintained while an appeal can be brought or is pending. A cessation that ends
    without ceasing (the council decided not to, or the Tribunal allowed the appeal) stays as
    the record of what happened; a later proposal starts this record again, its history kept.
    """

    class Stage(models.TextChoices):
        PROPOSED = "proposed", "Proposed"
        NOTIFIED = "notified", "Decision to cease notified"
        CEASED = "ceased", "Ceased"
        NOT_CEASED = "not_ceased", "Council decided not to cease"
        APPEAL_ALLOWED = "appeal_allowed", "Appeal allowed: the plan continues"

    class Outcomes(models.TextChoices):
        ACHIEVED = "achieved", "Achieved"
        PARTLY = "partly", "Partly achieved"
        NOT_ACHIEVED = "not_achieved", "Not achieved"

    class AppealOutcome(models.TextChoices):
        UPHELD = "upheld", "The council's decision upheld: the plan ceases"
        ALLOWED = "allowed", "Appeal allowed: the plan continues"

    OPEN_STAGES = (Stage.PROPOSED, Stage.NOTIFIED)

    plan = models.OneToOneField(Plan, on_delete=models.CASCADE, related_name="cessation")
    stage = models.CharField(max_length=15, choices=Stage.choices, default=Stage.PROPOSED)
    reason = models.CharField(max_length=1, choices=CeaseReason.choices)
    # Not known for plans ceased before the steps were recorded (or imported from SEN2).
    proposed_on = models.DateField("family told ceasing is being considered", null=True)
    family_consulted_on = models.DateField("parent or young person consulted", null=True)
    institution_consulted_on = models.DateField("head teacher or principal consulted", null=True)
    no_institution_named = models.BooleanField(default=False)
    decided_on = models.DateField(null=True)
    notice_on = models.DateField("notice sent", null=True)
    intended_on = models.DateField("intended ceasing date", null=True)
    outcomes_achieved = models.CharField(
        "education or training outcomes", max_length=15, choices=Outcomes.choices, blank=True
    )
    mediation_certificate_on = models.DateField(null=True)
    appeal_registered_on = models.DateField(null=True)
    appeal_decided_on = models.DateField(null=True)
    appeal_outcome = models.CharField(max_length=10, choices=AppealOutcome.choices, blank=True)
    closed_on = models.DateField("ended without ceasing", null=True)
    ceases_on = models.DateField("plan ceased", null=True)
    note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    def __str__(self):
        if self.stage == self.Stage.CEASED:
            return f"Ceased {day(self.ceases_on)}: {self.get_reason_display()}"
        return f"{self.get_stage_display()}: {self.get_reason_display()}"

    @property
    def is_open(self) -> bool:
        return self.stage in self.OPEN_STAGES

    @property
    def consulted(self) -> bool:
        """Reg 31(1)(b)-(c): the family and the institution named in the plan (if any)."""
        return self.family_consulted_on is not None and (
            self.institution_consulted_on is not None or self.no_institution_named
        )

    @property
    def appeal_pending(self) -> bool:
        return self.appeal_registered_on is not None and self.appeal_decided_on is None

    @property
    def appeal_by(self):
        """The last day to appeal to the Tribunal; None before the notice."""
        if self.notice_on is None:
            return None
        return statutory.tribunal_appeal_deadline(self.notice_on, self.mediation_certificate_on)

    @property
    def can_cease_from(self):
        """The first day the plan may be recorded as ceased; None while that is not known
        (no notice yet, or an appeal pending)."""
        if self.stage != self.Stage.NOTIFIED:
            return None
        return statutory.plan_ceases_on(
            self.notice_on,
            self.intended_on,
            appeal_registered=self.appeal_registered_on is not None,
            appeal_decided=self.appeal_decided_on,
            mediation_certificate=self.mediation_certificate_on,
        )

    @property
    def step_label(self) -> str:
        """Where an open cessation stands, as the plan page and the plans list show it."""
        if self.stage == self.Stage.PROPOSED:
            if self.consulted:
                return "Ceasing: consulted, decision to make"
            return "Ceasing: proposed, consultation under way"
        if self.stage != self.Stage.NOTIFIED:
            return ""
        if self.appeal_pending:
            return "Ceasing: appeal to the tribunal pending"
        if self.appeal_outcome == self.AppealOutcome.UPHELD:
            return f"Ceasing: appeal dismissed, ceases from {day(self.can_cease_from)}"
        if self.appeal_by < timezone.localdate():
            # Nothing happens by itself when the window closes: the caseworker records it.
            return f"Ceasing: appeal window closed {day(self.appeal_by)}, plan to cease"
        return f"Ceasing: appeal window until {day(self.appeal_by)}"
