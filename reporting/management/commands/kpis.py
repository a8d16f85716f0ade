"""Print every KPI for a period and snapshot, as JSON (keyed by KPI code) or CSV."""

import csv
import json
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from reporting.kpis import KPIS, Period, compute_all


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"{value!r} is not a date as YYYY-MM-DD") from error


class Command(BaseCommand):
    help = "Compute every KPI of KPIS.md for a period and a caseload snapshot date."

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="start", required=True, help="YYYY-MM-DD")
        parser.add_argument("--to", dest="end", required=True, help="YYYY-MM-DD")
        parser.add_argument("--snapshot", required=True, help="YYYY-MM-DD")
        parser.add_argument("--format", choices=["json", "csv"], default="json")

    def handle(self, *args, start, end, snapshot, format, **options):
        try:
            period = Period(_day(start), _day(end), _day(snapshot))
        except ValueError as error:
            raise CommandError(str(error)) from error
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
