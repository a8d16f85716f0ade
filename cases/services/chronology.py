from datetime import date

from ..models import CaseEvent


def record_event(
    *, child, title: str, happened_on: date, by=None, request=None, detail: str = ""
) -> CaseEvent:
    """Add a line to the child's chronology. Call it inside the service's transaction."""
    return CaseEvent.objects.create(
        child=child,
        request=request,
        title=title,
        happened_on=happened_on,
        detail=detail,
        recorded_by=by,
    )
