from .alerts import Alert, ReminderLog
from .assessment import (
    AdviceRequest,
    AssessmentRequest,
    Consultation,
    Disagreement,
    TimeLimitException,
)
from .child import CaseAllocation, Child, ChildLookup, Contact, RecordView
from .chronology import CaseEvent, CaseNote, Document
from .deadline import Deadline
from .flag import CaseFlag

__all__ = [
    "AdviceRequest",
    "Alert",
    "AssessmentRequest",
    "CaseAllocation",
    "CaseEvent",
    "CaseFlag",
    "CaseNote",
    "Child",
    "ChildLookup",
    "Consultation",
    "Contact",
    "Deadline",
    "Disagreement",
    "Document",
    "RecordView",
    "ReminderLog",
    "TimeLimitException",
]
