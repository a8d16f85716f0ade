"""Print every KPI for a period and snapshot, as JSON (keyed by KPI code) or CSV."""

import csv
import json

from django.core.management.base import BaseCommand, CommandError

from core import commands
from reporting.kpis import KPIS, Period, compute_all


def _period(start, end, snapshot, year, sen2_year) -> Period:
    if year is not None and sen2_year is not None:
        raise CommandError("Give --year or --sen2-year, not both")
    if sen2_year is not None:
        year = sen2_year - 1
    try:
        if year is not None:
            if start or end:
                raise CommandError("--year and --sen2-year set the period: leave out --from/--to")
            return Period.calendar_year(year, commands.day(snapshot) if snapshot else None)
        if not (start and end and snapshot):
            raise CommandError("Give --from, --to and --snapshot, or --year, or --sen2-year")
        return Period(commands.day(start), commands.day(end), commands.day(snapshot))
    except ValueError as error:
        raise CommandError(str(error)) from error


class Command(BaseCommand):
    help = (
        "Compute every KPI (docs/domain/kpi-definitions.md) for a period and a caseload "
        "snapshot date."
    )

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="start", help="YYYY-MM-DD")
        parser.add_argument("--to", dest="end", help="YYYY-MM-DD")
        parser.add_argument("--snapshot", help="YYYY-MM-DD (with --year: the census day after it)")
        parser.add_argument(
            "--year",
            type=int,
            help="a calendar year, as DfE counts it: activity January to December, the caseload "
            "on the next January census day (the SEN2 return of YEAR+1 reports it)",
        )
        parser.add_argument(
            "--sen2-year",
            type=int,
            help="the SEN2 collection year whose figures to show (the calendar year before it)",
        )
        parser.add_argument("--format", choices=["json", "csv"], default="json")

    def handle(self, *args, start, end, snapshot, year, sen2_year, format, **options):
        period = _period(start, end, snapshot, year, sen2_year)
        results = compute_all(period)
        if format == "json":
            data = {code: result.as_dict() for code, result in results.items()}
            self.stdout.write(json.dumps(data, indent=2))
            return
        writer = csv.writer(self.stdout)
        writer.writerow(["code", "title", "unit", "value", "numerator", "denominator"])
        for code, result in results.items():
            writer.writerow(
                [
                    code,
                    KPIS[code].title,
                    KPIS[code].unit,
                    result.value,
                    result.numerator,
                    result.denominator,
                ]
            )
