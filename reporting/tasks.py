"""Celery tasks of the reporting app: thin wrappers round the services, which do the work."""

from celery import shared_task

from .board.files import store_files
from .board.services import run_report
from .models import BoardReport


@shared_task(name="reporting.build_board_report", ignore_result=True)
def build_board_report(report_id: int) -> str:
    """Compute a board report's figures, charts and appendix (queued when a manager asks for
    one; a large council's report takes minutes). Progress and the outcome are kept on the
    BoardReport row, which the report's page polls."""
    return run_report(report_id)


@shared_task(name="reporting.store_board_report_files", ignore_result=True)
def store_board_report_files(report_id: int) -> str:
    """Make a ready report's downloads again: after its words changed, or for a report built
    before the downloads were kept. Queued by reporting.board.files.queue_files."""
    try:
        return store_files(report_id)
    except Exception:
        # Release the claim, so that the next download that finds the files missing queues
        # them again rather than waiting out the claim.
        BoardReport.objects.filter(pk=report_id).update(files_queued_at=None)
        raise
