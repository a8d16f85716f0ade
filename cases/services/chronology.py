from datetime import date

from ..models import CaseEvent


def record_event(
    *, child, title: str, happened_on: date, by=None, request=None, detail: str = ""
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
