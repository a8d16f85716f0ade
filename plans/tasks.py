"""The plans app's Celery tasks, for Celery's autodiscovery; each is defined beside its work."""

from .draft_pdf import render_draft_pdf
from .pdf import render_plan_pdf

__all__ = ["render_draft_pdf", "render_plan_pdf"]
