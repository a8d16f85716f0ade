"""Running a board report: claim it, build its content with progress, and mark it ready or
failed. The Celery task and the views call these; the management command builds content
without a BoardReport row (reporting.board.content)."""

import logging
from typing import Any

from celery import shared_task
from django.db import transaction
from django.utils import timezone

from core.locking import lock_for_edit
from reporting.models import BoardReport

from .content import build_report_content
from .files import queue_files, store_files

logger = logging.getLogger(__name__)
Status = BoardReport.Status


def run_report(report_id: int) -> str:
    """Build report `report_id` if it is still queued; returns its status afterwards, or
    "skipped" when another worker has it (or has finished it, or it was deleted).

    The conditional UPDATE claims the report, so a task delivered twice builds it once. Progress
    is saved after each KPI (update_fields, so an edit of the paper's words is not overwritten).
    The downloads (PDF, HTML, CSV, XLSX) are made and stored before the report is ready, so no
    download renders on a request. A failure keeps a short, generic error in the database - the
    KPI queries know children, so the exception's text and stack go to the worker's log only."""
    claimed = BoardReport.objects.filter(pk=report_id, status=Status.QUEUED).update(
        status=Status.RUNNING, progress=0, error="", finished_at=None
    )
    if not claimed:
        return "skipped"
    report = BoardReport.objects.get(pk=report_id)

    def progress(done: int, total: int) -> None:
        report.progress, report.steps = done, total
        report.save(update_fields=["progress", "steps"])

    try:
        content = build_report_content(report, progress=progress)
        BoardReport.objects.filter(pk=report_id).update(content=content, chart_svgs=[])
        if store_files(report_id) == "skipped":
            return "skipped"  # deleted while it was being built
    except Exception as error:
        logger.exception("Board report %s failed", report_id)
        BoardReport.objects.filter(pk=report_id).update(
            status=Status.FAILED, error=failure_message(error), finished_at=timezone.now()
        )
        return Status.FAILED
    BoardReport.objects.filter(pk=report_id).update(
        status=Status.READY,
        content=content,
        progress=report.steps,
        finished_at=timezone.now(),
        error="",
    )
    return Status.READY


@transaction.atomic
def change_words(*, report: BoardReport, version: int | None = None, **words: Any) -> BoardReport:
    """Change the paper's words, never its figures. Refuses (core.locking.StaleEdit) if the
    paper changed since the form was opened at `version`, so two managers editing the same
    paper cannot silently overwrite each other. The downloads show the words, so the worker
    makes them again."""
    lock_for_edit(report, version=version)
    for name, value in words.items():
        setattr(report, name, value)
    report.save(update_fields=list(words))
    queue_files(report)
    return report


def failure_message(error: Exception) -> str:
    """What the report's page says went wrong: the kind of error, never its text."""
    return (
        f"The report could not be built ({type(error).__name__}). Try again; if it fails "
        "again, ask your system administrator to look at the worker's log."
    )[:300]


def enqueue(report: BoardReport) -> None:
    """Queue the report's build once the transaction that saved it has committed (a worker
    must find the row). If the queue cannot be reached, the report says so at once."""
    report_id = report.pk

    def send() -> None:
        try:
            build_board_report.delay(report_id)
        except Exception:  # the broker is down or misconfigured: kombu raises many kinds
            logger.exception("Could not queue board report %s", report_id)
            BoardReport.objects.filter(pk=report_id, status=Status.QUEUED).update(
                status=Status.FAILED,
                error="The report could not be queued: the job queue is not available. "
                "Try again later.",
                finished_at=timezone.now(),
            )

    transaction.on_commit(send)


def requeue(report: BoardReport) -> None:
    """Build a failed (or stuck) report again from the same choices."""
    report.status, report.progress, report.error = Status.QUEUED, 0, ""
    report.finished_at = None
    report.content, report.chart_svgs = {}, []
    report.save(
        update_fields=["status", "progress", "error", "finished_at", "content", "chart_svgs"]
    )
    enqueue(report)


@shared_task(name="reporting.build_board_report", ignore_result=True)
def build_board_report(report_id: int) -> str:
    """Compute a board report's figures, charts and appendix (queued when a manager asks for
    one; a large council's report takes minutes). Progress and the outcome are kept on the
    BoardReport row, which the report's page polls."""
    return run_report(report_id)
