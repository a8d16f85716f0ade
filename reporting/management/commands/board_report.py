"""Draft a board report now, without a worker, and write it as PDF, HTML, CSV or XLSX.

    manage.py board_report --from 2024-01-01 --to 2024-12-31 --snapshot 2025-01-16 \\
        --out var/board-2024.pdf --compare Bury --compare Trafford

The format comes from the file's extension. Nothing is saved in the database: the report's
page in the service is for reports asked for there.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core import commands
from reporting.board import render
from reporting.board.content import build_report_content
from reporting.board.forms import DRAFT_PURPOSE, DRAFT_RECOMMENDATIONS
from reporting.models import BoardReport

FORMATS = {".pdf": "pdf", ".html": "html", ".htm": "html", ".csv": "csv", ".xlsx": "xlsx"}


class Command(BaseCommand):
    help = "Draft a board report for a period and write it as .pdf, .html, .csv or .xlsx."

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="start", required=True, help="YYYY-MM-DD")
        parser.add_argument("--to", dest="end", required=True, help="YYYY-MM-DD")
        parser.add_argument("--snapshot", required=True, help="caseload date, YYYY-MM-DD")
        parser.add_argument("--out", required=True, help="file to write: .pdf .html .csv .xlsx")
        parser.add_argument("--title", default="Special educational needs and disabilities")
        parser.add_argument("--report-to", default="Children and Young People Committee")
        parser.add_argument("--officer", default="Head of SEND")
        parser.add_argument("--meeting-date", default=None, help="YYYY-MM-DD")
        parser.add_argument(
            "--compare",
            action="append",
            default=[],
            metavar="NAME",
            help="a council to compare with (repeat for more)",
        )

    def handle(self, *args, **options):
        out = Path(options["out"])
        kind = FORMATS.get(out.suffix.lower())
        if kind is None:
            raise CommandError(f"Cannot tell the format of {out}: use {', '.join(FORMATS)}")
        start, end, snapshot = (
            commands.day(options[name]) for name in ("start", "end", "snapshot")
        )
        if end < start:
            raise CommandError("--to must be on or after --from")
        report = BoardReport(
            title=options["title"],
            report_to=options["report_to"],
            reporting_officer=options["officer"],
            meeting_date=commands.day(options["meeting_date"]) if options["meeting_date"] else None,
            period_start=start,
            period_end=end,
            snapshot=snapshot,
            comparator_names=options["compare"],
            purpose=DRAFT_PURPOSE,
            recommendations=DRAFT_RECOMMENDATIONS,
        )
        verbose = options["verbosity"] > 1

        def progress(done, total):
            if verbose:
                self.stderr.write(f"{done} of {total} steps")

        report.content = build_report_content(report, progress=progress)
        if kind == "pdf":
            out.write_bytes(render.paper_pdf(report))
        elif kind == "xlsx":
            out.write_bytes(render.paper_xlsx(report))
        elif kind == "csv":
            out.write_text(render.paper_csv(report), encoding="utf-8", newline="")
        else:
            out.write_text(render.paper_html(report), encoding="utf-8")
        self.stdout.write(f"Wrote the board report for {settings.COUNCIL_NAME} to {out}")
