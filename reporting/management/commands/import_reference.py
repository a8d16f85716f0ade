"""Import reference data (population counts, comparator values or targets) from a CSV file."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from reporting.reference.importing import LAYOUTS, ImportRefused, run_import


class Command(BaseCommand):
    help = (
        "Import school population counts, comparator values or targets from a CSV file. Every "
        "row is checked first; if any is wrong nothing is imported and every bad line is listed."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(LAYOUTS), help="what the file holds")
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--no-percentages",
            action="store_true",
            help="population: do not record a published_percent column as PREV comparators",
        )

    def handle(self, *args, kind: str, file: Path, no_percentages: bool, **options):
        try:
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}") from error
        extra: dict[str, object] = {}
        if kind == "population":
            extra["record_percentages"] = not no_percentages
        if kind in ("population", "comparators"):
            extra["source"] = f"Imported from {file.name}"
        try:
            result = run_import(kind, data=data, by=None, **extra)
        except ImportRefused as refused:
            for line in refused.lines:
                self.stderr.write(line)
            raise CommandError(
                f"Nothing imported: {len(refused.lines)} problem(s) in {file}"
            ) from None
        self.stdout.write(self.style.SUCCESS(f"Imported {kind} from {file}: {result.summary}"))
