from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from ..models import CaseEvent

if TYPE_CHECKING:
    from accounts.models import User

    from ..models import AssessmentRequest, Child


def record_event(
    *,
    child: Child,
    title: str,
    happened_on: date,
    by: User | None = None,
    request: AssessmentRequest | None = None,
    detail: str = "",
) -> CaseEvent:
    """Add a line to the child's chronology. Call it inside the service's transaction.

    A step of a re-assessment is named as one, so that its advice, exceptions and letters are
    not read as the child's first assessment."""
    if request is not None and request.is_reassessment and "re-assess" not in title.lower():
        title = f"Re-assessment: {title}"
    return CaseEvent.objects.create(
        child=child,
        request=request,
        title=title,
        happened_on=happened_on,
        detail=detail,
        recorded_by=by,
    )
