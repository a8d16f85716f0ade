"""The plans app's Celery tasks, for Celery's autodiscovery; each is defined beside its work."""

from .pdf import render_plan_pdf

__all__ = ["render_plan_pdf"]
