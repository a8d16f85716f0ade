from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from placements.services.importing import ImportRefused, import_settings


class Command(BaseCommand):
    help = (
        "Import the settings directory from a CSV file (columns urn, ukprn, name, type, phase, "
        "la_code, open). Every row is checked first; if any is wrong nothing is imported."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options):
        try:
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}") from error
        try:
            result = import_settings(data=data, by=None)
        except ImportRefused as refused:
            for line in refused.lines:
                self.stderr.write(line)
            raise CommandError(
                f"Nothing imported: {len(refused.lines)} problem(s) in {file}"
            ) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {file}: {result.created} added, {result.updated} updated, "
                f"{result.unchanged} unchanged"
            )
        )
