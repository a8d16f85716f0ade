"""The records app's Celery tasks, for Celery's autodiscovery; each is defined beside its work
(records.exports builds and expires subject access exports)."""

from .exports import build_subject_access_export, expire_subject_access_exports

__all__ = ["build_subject_access_export", "expire_subject_access_exports"]
