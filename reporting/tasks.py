"""Celery tasks of the reporting app: thin wrappers round the services, which do the work."""

from celery import shared_task

from .board.services import run_report


@shared_task(name="reporting.build_board_report", ignore_result=True)
def build_board_report(report_id: int) -> str:
    """Compute a board report's figures, charts and appendix (queued when a manager asks for
    one; a large council's report takes minutes). Progress and the outcome are kept on the
    BoardReport row, which the report's page polls."""
    return run_report(report_id)
