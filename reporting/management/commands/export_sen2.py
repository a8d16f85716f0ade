"""Write the SEN2 return for a reference date, after the pre-submission checks."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from cases.identifiers import is_valid_la_code
from core import commands
from reporting.sen2.checks import blocks_file, run_checks
from reporting.sen2.export import export_return


class Command(BaseCommand):
    help = (
        "Export the SEN2 person-level return for a reference date, to its collection year's "
        "schema (2024-2026). Prints every problem; writes nothing if the file would break the "
        "schema, or if a check found an error (unless --allow-errors, for a file to check with)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--reference-date", required=True, help="YYYY-MM-DD (census day)")
        parser.add_argument("--la", default=None, help="3-digit LA code (default: LA_CODE)")
        parser.add_argument("--out", required=True, help="the XML file to write")
        parser.add_argument("--serial", default="001", help="SerialNo in the header")
        parser.add_argument(
            "--allow-errors",
            action="store_true",
            help="write the file although checks found errors (it must still pass the schema)",
        )

    def handle(self, *args, reference_date, la, out, serial, allow_errors, **options):
        day = commands.day(reference_date)
        la = la or settings.LA_CODE
        if not is_valid_la_code(la):
            raise CommandError(f"{la!r} is not a 3-digit LA code")
        sen2, xml = export_return(day, la, serial=serial)
        problems = run_checks(sen2, xml)
        for problem in problems:
            stream = self.stderr if problem.is_error else self.stdout
            stream.write(
                f"{problem.level.upper()} [{problem.rule_label}]: {problem.reference}: "
                f"{problem.message}"
            )
        counts = sen2.counts
        self.stdout.write(
            f"{counts['persons']} persons, {counts['requests']} requests, "
            f"{counts['plans']} plans for reference date {day:%Y-%m-%d}, LA {la}"
        )
        errors = [p for p in problems if p.is_error]
        if blocks_file(problems) or not sen2.persons:
            raise CommandError(
                f"Not written: the file would not be valid SEN2 ({len(errors)} error(s) above)"
            )
        if errors and not allow_errors:
            raise CommandError(
                f"Not written: {len(errors)} error(s) above. Fix them, or use --allow-errors "
                "for a file to check with"
            )
        Path(out).write_bytes(xml)
        self.stdout.write(self.style.SUCCESS(f"Wrote {out}"))
