"""Celery tasks of the plans app: thin wrappers round plans.pdf."""

from celery import shared_task

from .models import PlanVersion
from .pdf import make_pdf


@shared_task(name="plans.render_plan_pdf", ignore_result=True)
def render_plan_pdf(version_id: int) -> str:
    """Render an issued version's PDF so that its downloads stream a kept file."""
    version = PlanVersion.objects.select_related("plan").filter(pk=version_id).first()
    if version is None:
        return "skipped"
    return "rendered" if make_pdf(version.plan, version) else "current"
