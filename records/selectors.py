"""Which children's records are past their retention date (records.retention), and the
subject access exports of a child."""

from datetime import date, timedelta

from django.db.models import QuerySet

from cases.models import Child

from .models import SubjectAccessExport
from .retention import RETENTION_YEARS, latest_birth_date_past_retention

RECENT_EXPORTS = 20


def not_erased() -> QuerySet:
    return Child.objects.exclude(erasures__confirmed_at__isnull=False)


def children_past_retention(today: date, years: int = RETENTION_YEARS) -> QuerySet:
    """Children past their retention date on `today` whose personal data is not yet erased,
    the longest past first."""
    cutoff = latest_birth_date_past_retention(today, years)
    return not_erased().filter(date_of_birth__lte=cutoff).order_by("date_of_birth", "pk")


def retention_counts(today: date, years: int = RETENTION_YEARS) -> dict[str, int]:
    """Counts for the retention report: no names, no ids."""
    cutoff = latest_birth_date_past_retention(today, years)
    next_year = latest_birth_date_past_retention(today + timedelta(days=365), years)
    held = Child.objects.count()
    erased = Child.objects.filter(erasures__confirmed_at__isnull=False).distinct().count()
    return {
        "children": held,
        "past_retention": children_past_retention(today, years).count(),
        "past_retention_within_a_year": not_erased()
        .filter(date_of_birth__gt=cutoff, date_of_birth__lte=next_year)
        .count(),
        "erased": erased,
    }


def recent_exports(child_id: int) -> list[SubjectAccessExport]:
    """The child's latest subject access exports, newest first, with who asked for each."""
    exports = SubjectAccessExport.objects.filter(child_id=child_id).select_related("requested_by")
    return list(exports[:RECENT_EXPORTS])
