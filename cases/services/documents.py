"""Uploading and removing a child's documents.

A file is accepted only if its extension is on the list below *and* its first bytes are what
that kind of file starts with: a renamed executable or script is refused whatever it is called.
What reaches the disk is stored under a name made from the time, never the uploaded name.
"""

from __future__ import annotations

import logging
import os
import unicodedata
import zipfile
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from core.audit import audit
from core.formatting import day
from core.uploads import FileType, UploadRule, is_text
from core.uploads import check_upload as check_against

from ..models import AssessmentRequest, Child, Document
from .chronology import record_event

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile

    from accounts.models import User

logger = logging.getLogger(__name__)

# The chronology shows a document itself (with its link) rather than the event of adding it:
# it finds those events by this title prefix so the upload is not listed twice.
DOCUMENT_ADDED = "Document added: "
ALLOWED_DESCRIPTION = (
    "PDF, Word (.doc or .docx), OpenDocument text (.odt), plain text (.txt), JPEG or PNG"
)


def _starts(*magics: bytes) -> Callable[[bytes, object], bool]:
    return lambda head, _file: head.startswith(magics)


def _zip_has(member: str, content_prefix: bytes = b"") -> Callable[[bytes, object], bool]:
    """A .docx or .odt is a zip; any zip starts PK\\x03\\x04, so look for the part that makes
    it a document too ([Content_Types].xml in an Office file, the mimetype entry in ODF)."""

    def check(head: bytes, file: Any) -> bool:  # the uploaded file
        if not head.startswith(b"PK\x03\x04"):
            return False
        try:
            file.seek(0)
            with zipfile.ZipFile(file) as archive:
                if member not in archive.namelist():
                    return False
                if content_prefix:
                    with archive.open(member) as part:
                        return part.read(len(content_prefix)) == content_prefix
                return True
        except (zipfile.BadZipFile, OSError, EOFError, KeyError, RuntimeError):
            return False
        finally:
            file.seek(0)

    return check


PDF = FileType("PDF", "application/pdf", _starts(b"%PDF-"))
JPEG = FileType("JPEG image", "image/jpeg", _starts(b"\xff\xd8\xff"))
FILE_TYPES: dict[str, FileType] = {
    ".pdf": PDF,
    ".doc": FileType(
        "Word document", "application/msword", _starts(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
    ),
    ".docx": FileType(
        "Word document",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        _zip_has("[Content_Types].xml"),
    ),
    ".odt": FileType(
        "OpenDocument text",
        "application/vnd.oasis.opendocument.text",
        _zip_has("mimetype", b"application/vnd.oasis.opendocument.text"),
    ),
    ".txt": FileType("Plain text", "text/plain", is_text),
    ".jpg": JPEG,
    ".jpeg": JPEG,
    ".png": FileType("PNG image", "image/png", _starts(b"\x89PNG\r\n\x1a\n")),
}


def limit_in_mb() -> str:
    megabytes = settings.DOCUMENT_MAX_BYTES / (1024 * 1024)
    return f"{megabytes:.0f}" if megabytes == int(megabytes) else f"{megabytes:.1f}"


def clean_name(name: str) -> str:
    """The uploaded name, fit for a Content-Disposition header: no folders, no control
    characters (a CR or LF would break the header), at most 255 characters."""
    name = os.path.basename(name.replace("\\", "/"))
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip(" .")
    if len(name) > 255:
        stem, ext = os.path.splitext(name)
        name = stem[: 255 - len(ext)] + ext
    return name or "document"


# The rule every upload follows (core.uploads), with what a document may be.
DOCUMENT_UPLOAD = UploadRule(
    what=f"a {ALLOWED_DESCRIPTION}",
    types=FILE_TYPES,
    limit=lambda: settings.DOCUMENT_MAX_BYTES,
    subject="The selected file",
)


def check_upload(uploaded_file: UploadedFile | None) -> FileType:
    """The file's type if it may be stored; a ValidationError on `file` saying why if not."""
    try:
        return check_against(uploaded_file, DOCUMENT_UPLOAD)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from None


def upload_document(
    *,
    child: Child,
    by: User,
    kind: str,
    title: str,
    uploaded_file: UploadedFile,
    request: AssessmentRequest | None = None,
) -> Document:
    """Store a document on the child's record. Nothing is kept if any step fails."""
    file_type = check_upload(uploaded_file)
    assert uploaded_file.size is not None  # check_upload refuses a file of unknown size
    if request is not None and request.child_id != child.pk:
        raise ValidationError({"request": "Select one of this child's requests"})
    document = Document(
        child=child,
        request=request,
        kind=kind,
        title=title.strip(),
        file=uploaded_file,
        original_name=clean_name(uploaded_file.name or ""),
        # From what the bytes are, not what the browser claimed.
        content_type=file_type.content_type,
        size=uploaded_file.size,
        uploaded_by=by,
    )
    audit(document, by=by)
    try:
        with transaction.atomic():
            # Saving the model writes the file first, so a later failure must remove it.
            document.save()
            record_event(
                child=child,
                request=request,
                by=by,
                happened_on=timezone.localdate(document.uploaded_at),
                title=f"{DOCUMENT_ADDED}{document.title}",
                detail=f"{document.get_kind_display()}, {file_type.label}",
            )
    except BaseException:
        if document.file.name:
            document.file.storage.delete(document.file.name)
        raise
    logger.info("document %s uploaded to child %s by user %s", document.pk, child.pk, by.pk)
    return document


def file_generated(
    *,
    child: Child,
    by: User | None,
    kind: str,
    title: str,
    name: str,
    content: bytes,
    content_type: str,
    request: AssessmentRequest | None = None,
    event: str = "",
) -> Document:
    """File a document the service made itself (a letter's PDF) on the child's record, with
    `event` as its line in the chronology. The file is written first: a caller whose
    transaction then fails must delete it (`document.file.delete(save=False)`)."""
    document = Document(
        child=child,
        request=request,
        kind=kind,
        title=title,
        original_name=name,
        content_type=content_type,
        size=len(content),
        uploaded_by=by,
    )
    document.file.save(name, ContentFile(content), save=False)
    audit(document, by=by)
    document.save()
    record_event(
        child=child,
        request=request,
        by=by,
        happened_on=timezone.localdate(document.uploaded_at),
        title=event or f"{DOCUMENT_ADDED}{document.title}",
    )
    return document


def remove_document(*, document: Document, by: User) -> None:
    """Delete a document and its file; the chronology and the history keep that it existed."""
    stored_name = document.file.name
    storage = document.file.storage
    with transaction.atomic():
        record_event(
            child=document.child,
            request=document.request,
            by=by,
            happened_on=timezone.localdate(),
            title=f"Document removed: {document.title}",
            detail=(
                f"{document.get_kind_display()} uploaded on {day(document.uploaded_at)} "
                f"by {document.uploaded_by or 'unknown'}"
            ),
        )
        audit(document, by=by)
        document_id = document.pk
        document.delete()
        # Only once the deletion is committed: a rollback must not leave a row without a file.
        transaction.on_commit(lambda: storage.delete(stored_name))
    logger.info("document %s removed by user %s", document_id, by.pk)
