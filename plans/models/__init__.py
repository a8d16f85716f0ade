from .content import Outcome, ProvisionCheck, ProvisionItem
from .plan import Cessation, Plan, PlanVersion
from .review import AnnualReview, OutcomeProgress

__all__ = [
    "AnnualReview",
    "Cessation",
    "Outcome",
    "OutcomeProgress",
    "Plan",
    "PlanVersion",
    "ProvisionCheck",
    "ProvisionItem",
]
