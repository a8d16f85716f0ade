"""The one check every uploaded file goes through: is there a file, is it within the size limit,
is its name what the page accepts, and do its first bytes agree with its name.

Case documents, the settings directory CSV, the reference data CSVs and the SEN2 XML each
describe what they accept as an `UploadRule`; `check_upload` applies it before anything reads
the whole file, so an oversized or mislabelled file is refused with a clear message and never
parsed. It lives in the project package, not in an app, because every app's uploads use it and
it needs nothing but Django: no app has to import another to share it.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

HEAD_BYTES = 8192
MEGABYTE = 1024 * 1024
# Control characters other than tab, line feed, form feed and carriage return never occur in
# a text file; NUL in particular marks a binary one (or UTF-16, which the imports do not read).
TEXT_CONTROL = frozenset(range(0x00, 0x09)) | {0x0B} | frozenset(range(0x0E, 0x20)) | {0x7F}
UTF8_BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class FileType:
    label: str
    content_type: str
    # (first bytes, the file): whether the content is what the name says.
    matches: Callable[[bytes, object], bool]


@dataclass(frozen=True)
class UploadRule:
    """What one upload accepts. `limit` is a callable when a setting decides it."""

    what: str  # "a CSV file (.csv)": completes "The file must be ..."
    types: dict[str, FileType]  # by lower-case extension
    limit: int | Callable[[], int]
    subject: str = "The file"
    missing: str = "Select a file"

    @property
    def max_bytes(self) -> int:
        return self.limit() if callable(self.limit) else self.limit

    @property
    def limit_text(self) -> str:
        return f"{megabytes(self.max_bytes)} MB"

    @property
    def requirement(self) -> str:
        return f"{self.subject} must be {self.what}, {self.limit_text} or smaller"


def megabytes(size: int) -> str:
    value = size / MEGABYTE
    return f"{value:.0f}" if value == int(value) else f"{value:.1f}"


def is_text(head: bytes, _file: object = None) -> bool:
    return not TEXT_CONTROL.intersection(head)


def looks_like_xml(head: bytes, _file: object = None) -> bool:
    """Text whose first character (after a byte order mark and white space) opens a tag."""
    return is_text(head) and head.removeprefix(UTF8_BOM).lstrip().startswith(b"<")


def check_upload(uploaded: UploadedFile | None, rule: UploadRule) -> FileType:
    """The file's type if it may be read; a ValidationError with one clear message if not.
    Only the first few kilobytes are read, so a file far over the limit costs nothing."""
    if uploaded is None:
        raise ValidationError(rule.missing, code="required")
    size = uploaded.size or 0  # always known for an upload
    if size == 0:
        raise ValidationError(f"{rule.subject} is empty", code="empty")
    if size > rule.max_bytes:
        raise ValidationError(
            f"{rule.subject} must be {rule.limit_text} or smaller", code="too_large"
        )
    file_type = rule.types.get(os.path.splitext(uploaded.name or "")[1].lower())
    if file_type is None:
        raise ValidationError(rule.requirement, code="wrong_type")
    uploaded.seek(0)
    head = uploaded.read(HEAD_BYTES)
    uploaded.seek(0)
    if not file_type.matches(head, uploaded):
        raise ValidationError(
            f"{rule.subject} is not a real {file_type.label}: it must be {rule.what}",
            code="wrong_content",
        )
    return file_type


CSV_FILE = FileType("CSV file", "text/csv", is_text)
XML_FILE = FileType("XML file", "application/xml", looks_like_xml)
