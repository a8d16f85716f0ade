"""The reporting app's Celery tasks, for Celery's autodiscovery; each is defined beside its work
(reporting.board.services builds a report, reporting.board.files stores its downloads)."""

from .board.files import store_board_report_files
from .board.services import build_board_report

__all__ = ["build_board_report", "store_board_report_files"]
