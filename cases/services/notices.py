"""The family told of a decision in writing: the day the letter went, recorded on the step it
belongs to (issue 20). The letters app calls this when a letter is sent; cases never imports
letters."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.db import transaction

from core.audit import audit

from ..models import AssessmentRequest

if TYPE_CHECKING:
    from accounts.models import User

# Which decision each step's notice tells the family of: the field that records the day.
NOTIFIED_FIELDS = {
    "assess_decision": "assess_decision_notified_on",
    "issue_decision": "issue_decision_notified_on",
}


@transaction.atomic
def record_family_notified(
    *, request: AssessmentRequest, decision: str, on: date, by: User | None
) -> None:
    """Record that the family was told of `decision` on `on`. The first letter counts: a
    correction sent later does not move the day they were told."""
    field = NOTIFIED_FIELDS[decision]
    current = AssessmentRequest.objects.select_for_update().get(pk=request.pk)
    if getattr(current, field) is not None:
        return
    setattr(current, field, on)
    audit(current, by=by, reason="Family told in writing")
    current.save(update_fields=[field])
