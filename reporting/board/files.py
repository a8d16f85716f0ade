"""Making a board report's downloads once, in the worker, and finding them for the download
view. Rendering the PDF takes seconds (WeasyPrint) and holds a CPU, so it never happens on a
request: the view streams what this module stored, or says the files are being prepared."""

import logging
from datetime import timedelta

from celery import shared_task
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from reporting.models import BoardReport, BoardReportFile

from . import render as paper

logger = logging.getLogger(__name__)
Status = BoardReport.Status
EXTENSIONS = [choice.value for choice in BoardReportFile.Extension]
# The PDF last: the three quick files are there to download while it renders.
ORDER = ["html", "csv", "xlsx", "pdf"]
# A claim older than this has lost its worker (or its message): the next download queues again.
CLAIM_FOR = timedelta(minutes=10)


def _render(report: BoardReport, extension: str) -> bytes:
    if extension == "pdf":
        return paper.paper_pdf(report)
    if extension == "xlsx":
        return paper.paper_xlsx(report)
    text = paper.paper_csv(report) if extension == "csv" else paper.paper_html(report)
    return text.encode("utf-8")


def current_file(report_id: int, extension: str) -> BoardReportFile | None:
    """The stored download made from the report as it is now, in one query; None if it is
    missing or was made before the paper's words last changed."""
    return (
        BoardReportFile.objects.filter(
            report_id=report_id,
            extension=extension,
            report__status=Status.READY,
            version=F("report__version"),
        )
        .only("file", "filename", "size")
        .first()
    )


def files_made(report: BoardReport) -> set[str]:
    """Which downloads are stored for the report as it is now."""
    return set(report.files.filter(version=report.version).values_list("extension", flat=True))


def store_files(report_id: int) -> str:
    """Draw the report's charts if they are not kept yet, then make and keep each download the
    report lacks at its current version. Returns "stored",
    "skipped" (deleted, or no figures yet) or "stale" (the words changed while rendering: the
    edit queued another run, which makes the files again)."""
    report = BoardReport.objects.filter(pk=report_id).first()
    if report is None or not report.content or report.status == Status.FAILED:
        return "skipped"
    version = report.version
    chart_list = report.content.get("charts", [])
    if not paper.charts_kept(report):
        report.chart_svgs = [paper.chart_svg(chart) for chart in chart_list]
        # The charts show figures only, never the words: whatever the version, they hold.
        BoardReport.objects.filter(pk=report_id).update(chart_svgs=report.chart_svgs)
    done = files_made(report)
    for extension in ORDER:
        if extension in done:
            continue
        body = _render(report, extension)
        if not BoardReport.objects.filter(pk=report_id, version=version).exists():
            return "stale"
        _keep(report, extension, version, body)
    return "stored"


def _keep(report: BoardReport, extension: str, version: int, body: bytes) -> None:
    stored = BoardReportFile(report=report, extension=extension, version=version)
    stored.filename = paper.filename(report, extension)
    stored.size = len(body)
    stored.file.save(f"v{version}.{extension}", ContentFile(body), save=False)
    replaced = None  # the file on disk that no row names any more
    try:
        with transaction.atomic():
            row = (
                BoardReportFile.objects.select_for_update()
                .filter(report=report, extension=extension)
                .first()
            )
            if row is None:
                stored.save()
            elif row.version > version:
                replaced = stored.file.name  # a newer render got there first: keep it
            else:
                replaced = row.file.name
                stored.pk = row.pk
                stored.save(force_update=True)
    except IntegrityError:  # another worker created the row between our look and our insert
        replaced = stored.file.name
    if replaced:
        default_storage.delete(replaced)


def queue_files(report: BoardReport) -> bool:
    """Queue making the report's downloads at its current version, unless a worker was already
    asked to in the last few minutes: six people downloading at once queue one render.
    Returns whether this call queued it."""
    now = timezone.now()
    claimed = (
        BoardReport.objects.filter(pk=report.pk)
        .filter(
            ~Q(files_wanted=report.version)
            | Q(files_queued_at__isnull=True)
            | Q(files_queued_at__lt=now - CLAIM_FOR)
        )
        .update(files_wanted=report.version, files_queued_at=now)
    )
    if not claimed:
        return False
    report_id = report.pk

    def send():
        try:
            store_board_report_files.delay(report_id)
        except Exception:  # the broker is down: kombu raises many kinds
            logger.exception("Could not queue the files of board report %s", report_id)
            BoardReport.objects.filter(pk=report_id).update(files_queued_at=None)

    transaction.on_commit(send)
    return True


@shared_task(name="reporting.store_board_report_files", ignore_result=True)
def store_board_report_files(report_id: int) -> str:
    """Make a ready report's downloads again: after its words changed, or for a report built
    before the downloads were kept. Queued by queue_files."""
    try:
        return store_files(report_id)
    except Exception:
        # Release the claim, so that the next download that finds the files missing queues
        # them again rather than waiting out the claim.
        BoardReport.objects.filter(pk=report_id).update(files_queued_at=None)
        raise
