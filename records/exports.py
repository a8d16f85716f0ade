"""A subject access export asked for on a page: the row, its build in the worker with the
progress kept on the row, the zip stored whole, each download audited, and the zip deleted
when it expires or the child's record is erased.

Building the zip renders a PDF of the whole record and copies every document: seconds to
minutes, and a CPU held throughout, so it never runs on a request (records.tasks).
Ids, sizes and kinds of error only in the logs and on the row: never a child's details.
"""

import logging
import secrets
import tempfile
import time
from datetime import timedelta

from celery import shared_task
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from cases.models import Child

from .models import Channel, SubjectAccessDownload, SubjectAccessExport, export_path
from .subject_access import gather, write_zip

logger = logging.getLogger(__name__)
Status = SubjectAccessExport.Status

# The zip is a copy of the child's whole record outside the record: kept long enough to check
# and send it (the one-month deadline of UK GDPR art. 12(3)), then deleted.
EXPORT_KEPT_FOR = timedelta(days=30)
# A build claimed this long ago has lost its worker: a redelivered task may claim it again.
# Redis hands an unacknowledged task to another worker after an hour (CELERY_VISIBILITY_TIMEOUT).
BUILD_LOST_AFTER = timedelta(hours=1)
# Progress is saved at most this often (seconds): a record with thousands of documents must
# not cost an UPDATE per document.
PROGRESS_EVERY = 1.0
NOT_QUEUED = "The export could not be queued: the job queue is not available. Try again later."
CHILD_GONE = "The child's record is no longer held."


def request_export(*, child: Child, by) -> SubjectAccessExport:
    """Record who asked for the child's export, and queue its build once that is committed."""
    export = SubjectAccessExport.objects.create(child=child, requested_by=by, channel=Channel.PAGE)
    logger.info(
        "subject access export %s of child %s asked for by user %s", export.pk, child.pk, by.pk
    )
    _enqueue(export.pk)
    return export


def _enqueue(export_id: int) -> None:
    def send():
        try:
            build_subject_access_export.delay(export_id)
        except Exception:  # the broker is down or misconfigured: kombu raises many kinds
            logger.warning("Could not queue subject access export %s", export_id)
            _fail(export_id, NOT_QUEUED, waiting=Status.QUEUED)

    # After the commit: a worker must find the row.
    transaction.on_commit(send)


def _fail(export_id: int, error: str, *, waiting: str = Status.BUILDING) -> None:
    SubjectAccessExport.objects.filter(pk=export_id, status=waiting).update(
        status=Status.FAILED, error=error[:300], finished_at=timezone.now()
    )


def failure_message(error: Exception) -> str:
    """What the export's page says went wrong: the kind of error, never its text."""
    return (
        f"The export could not be built ({type(error).__name__}). Ask for it again; if it "
        "fails again, ask your system administrator to look at the worker's log."
    )


# --- The build, in the worker --------------------------------------------------------------


def build_export(export_id: int) -> str:
    """Build export `export_id` if it is still queued (or its worker was lost); returns its
    status afterwards, or "skipped" (taken by another worker, finished, or gone).

    The zip is written to a temporary file and only a whole zip is saved to storage, so a
    failed or killed build leaves nothing half-written behind. A build whose row is no longer
    building when it ends (the child erased meanwhile) deletes what it saved."""
    if not _claim(export_id):
        return "skipped"
    export = SubjectAccessExport.objects.select_related("requested_by").get(pk=export_id)
    child = Child.objects.select_related("team").filter(pk=export.child_id).first()
    if child is None:
        _fail(export_id, CHILD_GONE)
        return Status.FAILED
    try:
        with tempfile.TemporaryFile() as out:
            write_zip(gather(child), out, by=export.requested_by, progress=_Progress(export_id))
            size = out.tell()
            out.seek(0)
            name = _store(export, out)
    except Exception as error:
        # The type only: the message and the stack's locals may quote the child's record.
        logger.error("subject access export %s failed (%s)", export_id, type(error).__name__)
        _fail(export_id, failure_message(error))
        return Status.FAILED
    if not _finish(export_id, name, size):
        default_storage.delete(name)
        logger.info("subject access export %s ended while built; its zip deleted", export_id)
        return "skipped"
    logger.info("subject access export %s of child %s built (%s bytes)", export_id, child.pk, size)
    return Status.READY


def _store(export: SubjectAccessExport, out) -> str:
    """Save the whole zip under a name of this attempt's own; a save that fails part way (a
    full disk) deletes what it wrote, which no row would ever point to."""
    name = export_path(export, f"{secrets.token_hex(8)}.zip")
    try:
        return default_storage.save(name, File(out))
    except Exception:
        default_storage.delete(name)
        raise


def _claim(export_id: int) -> bool:
    # One conditional UPDATE: a task delivered twice builds the export once.
    now = timezone.now()
    lost = Q(status=Status.BUILDING, started_at__lt=now - BUILD_LOST_AFTER)
    return bool(
        SubjectAccessExport.objects.filter(Q(status=Status.QUEUED) | lost, pk=export_id).update(
            status=Status.BUILDING, started_at=now, parts_done=0, parts_total=0, error=""
        )
    )


class _Progress:
    """Saves the parts written on the row for the progress page, at most every PROGRESS_EVERY
    seconds, and always at the start and the end."""

    def __init__(self, export_id: int):
        self.export_id = export_id
        self.saved_at: float | None = None

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        recent = self.saved_at is not None and now - self.saved_at < PROGRESS_EVERY
        if recent and done not in (0, total):
            return
        SubjectAccessExport.objects.filter(pk=self.export_id, status=Status.BUILDING).update(
            parts_done=done, parts_total=total
        )
        self.saved_at = now


def _finish(export_id: int, name: str, size: int) -> bool:
    return bool(
        SubjectAccessExport.objects.filter(pk=export_id, status=Status.BUILDING).update(
            status=Status.READY,
            file=name,
            file_size=size,
            parts_done=F("parts_total"),
            finished_at=timezone.now(),
        )
    )


# --- Downloads, expiry and erasure ---------------------------------------------------------


def record_download(*, export: SubjectAccessExport, by) -> SubjectAccessDownload:
    """Who took the child's whole record away, and when."""
    download = SubjectAccessDownload.objects.create(export=export, downloaded_by=by)
    logger.info(
        "subject access export %s of child %s downloaded by user %s",
        export.pk,
        export.child_id,
        by.pk,
    )
    return download


def expire_exports(now=None) -> int:
    """Delete the zips finished more than EXPORT_KEPT_FOR ago, from storage once the change
    commits; the rows stay as the audit. Returns how many expired."""
    cutoff = (now or timezone.now()) - EXPORT_KEPT_FOR
    with transaction.atomic():
        old = list(
            SubjectAccessExport.objects.select_for_update()
            .filter(status=Status.READY, finished_at__lt=cutoff)
            .exclude(file="")
            .values_list("pk", "file")
        )
        SubjectAccessExport.objects.filter(pk__in=[pk for pk, _name in old]).update(
            status=Status.EXPIRED, file=""
        )
        _delete_on_commit([name for _pk, name in old])
    if old:
        logger.info("%s subject access exports expired", len(old))
    return len(old)


def forget_exports(child: Child) -> None:
    """Delete the child's kept zips (their contents are what is being erased), from storage
    once the transaction commits, and stop a build under way from keeping one. The rows stay:
    who asked for the child's record and when is the audit, and holds no personal data."""
    rows = SubjectAccessExport.objects.filter(child_id=child.pk)
    names = [name for name in rows.select_for_update().values_list("file", flat=True) if name]
    rows.filter(status__in=[Status.QUEUED, Status.BUILDING, Status.READY]).update(
        status=Status.ERASED, file=""
    )
    _delete_on_commit(names)


def _delete_on_commit(names: list[str]) -> None:
    if not names:
        return

    def delete_files() -> None:
        for name in names:
            default_storage.delete(name)

    transaction.on_commit(delete_files)


@shared_task(name="records.build_subject_access_export", ignore_result=True)
def build_subject_access_export(export_id: int) -> str:
    """Build a subject access export's zip (queued when the data protection officer asks for
    one). Progress and the outcome are kept on the row, which the export's page shows."""
    return build_export(export_id)


@shared_task(name="records.expire_subject_access_exports", ignore_result=True)
def expire_subject_access_exports() -> int:
    """Delete the zips of exports older than EXPORT_KEPT_FOR (daily, by beat)."""
    return expire_exports()
