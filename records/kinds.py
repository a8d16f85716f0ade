"""Every kind of record the service holds about a child, across the apps, in one list: what the
subject access export writes out and what an erasure walks. A test checks that every model
reaching a child through its foreign keys is listed here, so a new one cannot be forgotten.

The change history of each comes from cases.history, the registry the child's History tab is
built from (the apps above cases add their models to it), so the export shows the same trail
the tab does, deleted rows included.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Model, QuerySet

from cases.history import audit_sources
from cases.models import (
    AdviceRequest,
    Alert,
    AssessmentRequest,
    CaseAllocation,
    CaseEvent,
    CaseFlag,
    CaseNote,
    Child,
    ChildLookup,
    Consultation,
    Contact,
    Deadline,
    Disagreement,
    Document,
    RecordView,
    TimeLimitException,
)
from letters.models import Letter
from placements.models import CostLine, NamedSetting, PersonalBudget, Placement
from plans.audit import plan_ids
from plans.models import (
    AnnualReview,
    Cessation,
    Outcome,
    OutcomeProgress,
    Plan,
    PlanVersion,
    ProvisionCheck,
    ProvisionItem,
)

HistoryScope = Callable[[QuerySet, Child], QuerySet]


@dataclass(frozen=True)
class Kind:
    key: str  # the CSV's name and the PDF section's anchor
    label: str  # the PDF section's heading
    singular: str  # how one record is titled: "Contact 12"
    model: type[Model]
    to_child: str  # the lookup from the model to its child ("pk" for the child itself)
    audit_key: str = ""  # its key in cases.history's registry, if the History tab shows it
    # For a model with history that the History tab does not show: narrows its history.
    history_scope: HistoryScope | None = None

    def rows(self, child: Child) -> QuerySet:
        related = [
            field.name
            for field in self.model._meta.concrete_fields
            if field.is_relation and field.related_model not in MODELS_OF_KINDS
        ]
        return (
            self.model._default_manager.filter(**{self.to_child: child.pk})
            .select_related(*related)
            .order_by("pk")
        )


def _alert_history(history: QuerySet, child: Child) -> QuerySet:
    return history.filter(deadline_id__in=Deadline.objects.filter(child=child).values("id"))


def _named_setting_history(history: QuerySet, child: Child) -> QuerySet:
    return history.filter(plan_id__in=plan_ids(child))


KINDS: list[Kind] = [
    Kind("child", "Details of the child", "Child", Child, "pk", "child"),
    Kind("contacts", "Contacts", "Contact", Contact, "child", "contact"),
    Kind("allocations", "Case allocation", "Allocation", CaseAllocation, "child"),
    Kind(
        "requests",
        "Requests for assessment",
        "Request",
        AssessmentRequest,
        "child",
        "request",
    ),
    Kind("advice", "Advice requested", "Advice", AdviceRequest, "request__child", "advice"),
    Kind(
        "consultations",
        "Settings consulted",
        "Consultation",
        Consultation,
        "request__child",
        "consultation",
    ),
    Kind(
        "exceptions",
        "Exceptions to the time limits",
        "Exception",
        TimeLimitException,
        "request__child",
        "exception",
    ),
    Kind(
        "disagreements",
        "Mediation and appeals",
        "Disagreement",
        Disagreement,
        "request__child",
        "disagreement",
    ),
    Kind("deadlines", "Statutory deadlines", "Deadline", Deadline, "child"),
    Kind(
        "alerts",
        "Deadline alerts",
        "Alert",
        Alert,
        "deadline__child",
        history_scope=_alert_history,
    ),
    Kind("flags", "Flags", "Flag", CaseFlag, "child"),
    Kind("notes", "Case notes", "Case note", CaseNote, "child", "note"),
    Kind("events", "Chronology", "Event", CaseEvent, "child"),
    Kind("documents", "Documents", "Document", Document, "child", "document"),
    Kind("plans", "Plans (working copies)", "Plan", Plan, "child", "plan"),
    Kind("plan_versions", "Issued plans", "Plan version", PlanVersion, "plan__child"),
    Kind("outcomes", "Outcomes (section E)", "Outcome", Outcome, "plan__child", "outcome"),
    Kind(
        "provision",
        "Provision (section F)",
        "Provision",
        ProvisionItem,
        "plan__child",
        "provision",
    ),
    Kind(
        "provision_checks",
        "Checks that provision was delivered",
        "Provision check",
        ProvisionCheck,
        "item__plan__child",
        "provision_check",
    ),
    Kind("reviews", "Annual reviews", "Annual review", AnnualReview, "plan__child", "review"),
    Kind(
        "outcome_progress",
        "Progress towards outcomes",
        "Progress",
        OutcomeProgress,
        "review__plan__child",
        "outcome_progress",
    ),
    Kind("cessations", "Plans ceased", "Cessation", Cessation, "plan__child", "cessation"),
    Kind("placements", "Placements", "Placement", Placement, "child", "placement"),
    Kind(
        "named_settings",
        "Settings named in plans",
        "Named setting",
        NamedSetting,
        "plan__child",
        history_scope=_named_setting_history,
    ),
    Kind("costs", "Costs", "Cost", CostLine, "placement__child", "cost"),
    Kind(
        "personal_budgets",
        "Personal budgets",
        "Personal budget",
        PersonalBudget,
        "plan__child",
        "budget",
    ),
    Kind("letters", "Letters", "Letter", Letter, "child", "letter"),
    Kind("record_views", "Who opened the record", "View", RecordView, "child"),
    Kind(
        "record_lookups",
        "Who found the child from another team",
        "Look-up",
        ChildLookup,
        "child",
    ),
]

KINDS_BY_KEY = {kind.key: kind for kind in KINDS}
MODELS_OF_KINDS = {kind.model for kind in KINDS}


def history_sources(child: Child) -> dict[str, QuerySet]:
    """The child's change history, one queryset of historical rows per key: every kind with
    history under its own key, and anything else another app registered with cases.history
    under the key it registered."""
    # The History tab's own scoping (private to cases.history; shared so the two never differ).
    registered = audit_sources(child)
    sources: dict[str, QuerySet] = {}
    for kind in KINDS:
        if kind.audit_key:
            sources[kind.key] = registered.pop(kind.audit_key)
        elif kind.history_scope is not None:
            history = kind.model.history  # type: ignore[attr-defined]  # simple_history's, untyped
            sources[kind.key] = kind.history_scope(history.all(), child)
    sources.update(registered)
    return sources
