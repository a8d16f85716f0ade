"""Celery tasks of the records app: thin wrappers round records.exports, which does the work."""

from celery import shared_task

from .exports import build_export, expire_exports


@shared_task(name="records.build_subject_access_export", ignore_result=True)
def build_subject_access_export(export_id: int) -> str:
    """Build a subject access export's zip (queued when the data protection officer asks for
    one). Progress and the outcome are kept on the row, which the export's page shows."""
    return build_export(export_id)


@shared_task(name="records.expire_subject_access_exports", ignore_result=True)
def expire_subject_access_exports() -> int:
    """Delete the zips of exports older than records.exports.EXPORT_KEPT_FOR (daily, by beat)."""
    return expire_exports()
