"""Print how many children's records are past their retention date: counts, never names."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from core import commands
from records.retention import RETENTION_YEARS
from records.selectors import retention_counts


class Command(BaseCommand):
    help = "Count the records past their retention date (date of birth + 31 years)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--date", dest="on", help="Count as on this day (YYYY-MM-DD); default today."
        )

    def handle(self, *args, on: str | None = None, **options):
        today = commands.day(on) if on else timezone.localdate()
        counts = retention_counts(today)
        self.stdout.write(
            f"Retention ({RETENTION_YEARS} years from birth) on {today:%Y-%m-%d}:\n"
            f"  children held:                        {counts['children']}\n"
            f"  past retention, not yet erased:       {counts['past_retention']}\n"
            f"  reaching it within the next year:     {counts['past_retention_within_a_year']}\n"
            f"  erased already:                       {counts['erased']}"
        )
