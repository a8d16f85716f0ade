"""A subject access request (UK GDPR art. 15): everything held about one child, as one zip.

The zip holds a PDF a person can read (every record in words, each issued plan laid out as the
council sent it, and the change history), one CSV per kind of record with every field, one CSV
per kind of change history, and the uploaded documents themselves. It is written to a file
object the caller provides (a temporary file), so nothing is held whole in memory, and it
costs the same number of queries however long the child's record is.

Built by the worker when asked for on a page (records.exports), never on a request; the
management command writes one at once.
"""

import csv
import io
import json
import logging
import shutil
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from functools import partial

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone

from cases.models import Child
from plans.document import PRINT_CSS, plan_document

from .display import document_path, history_entries, record_text
from .kinds import KINDS, history_sources
from .models import Channel, SubjectAccessExport

logger = logging.getLogger(__name__)

PDF_CSS = "records/subject_access.css"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


Progress = Callable[[int, int], None]  # (parts written, parts in all)


def zip_name(child: Child) -> str:
    return SubjectAccessExport(child_id=child.pk).filename


@dataclass
class Gathered:
    child: Child
    rows: dict[str, list]  # kind key -> its rows
    history: dict[str, list]  # source key -> its historical rows


def gather(child: Child) -> Gathered:
    """Every record of the child, one query per kind and per kind of history."""
    rows = {kind.key: list(kind.rows(child)) for kind in KINDS}
    history = {
        key: list(queryset.select_related("history_user").order_by("history_id"))
        for key, queryset in history_sources(child).items()
    }
    return Gathered(child=child, rows=rows, history=history)


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict | list):
        return json.dumps(value, sort_keys=True)
    if isinstance(value, Decimal):
        return str(value)
    text = str(value)
    # A spreadsheet must not run a cell as a formula (CSV injection).
    return f"'{text}" if isinstance(value, str) and text.startswith(_FORMULA_START) else text


def _write_csv(archive: zipfile.ZipFile, name: str, model, rows: list) -> None:
    columns = [f.attname for f in model._meta.concrete_fields]
    with archive.open(name, "w") as raw, io.TextIOWrapper(raw, "utf-8", newline="") as text:
        writer = csv.writer(text)
        writer.writerow(columns)
        for row in rows:
            writer.writerow([_cell(getattr(row, column)) for column in columns])


def _pdf(gathered: Gathered, by, produced_at) -> bytes:
    # Imported here: WeasyPrint loads Pango, and a server without it serves every other page.
    import weasyprint

    sections = []
    for kind in KINDS:
        if kind.key == "plan_versions":
            continue
        records = [record_text(kind, row) for row in gathered.rows[kind.key]]
        sections.append({"key": kind.key, "label": kind.label, "records": records})
    versions = [
        {
            "version": version,
            "plan_id": version.plan_id,
            "content": version.content,
            "document": plan_document(version.content),
            "born": _iso_day(version.content.get("child", {}).get("date_of_birth")),
            "kind_label": version.content.get("kind_label", ""),
        }
        for version in gathered.rows["plan_versions"]
    ]
    html = render_to_string(
        "records/subject_access.html",
        {
            "child": gathered.child,
            "sections": sections,
            "versions": versions,
            "history": history_entries(gathered.history),
            "produced_at": produced_at,
            "produced_by": by,
            "COUNCIL_NAME": settings.COUNCIL_NAME,
        },
    )
    # The stylesheets are read from disk and the page links to nothing, so WeasyPrint never
    # fetches a URL while it renders a child's record.
    stylesheets = [weasyprint.CSS(filename=finders.find(css)) for css in (PRINT_CSS, PDF_CSS)]
    return weasyprint.HTML(string=html).write_pdf(stylesheets=stylesheets)


def _iso_day(value):
    try:
        return date.fromisoformat(value or "")
    except (TypeError, ValueError):
        return None


def _parts(gathered: Gathered, by) -> list[Callable[[zipfile.ZipFile], None]]:
    """What goes into the zip, one part at a time (the unit of progress): the PDF, each CSV,
    each document."""
    produced_at = timezone.now()
    pdf_name = f"child-{gathered.child.pk}-records.pdf"
    parts: list[Callable[[zipfile.ZipFile], None]] = [
        lambda archive: archive.writestr(pdf_name, _pdf(gathered, by, produced_at))
    ]
    for kind in KINDS:
        name, rows = f"csv/{kind.key}.csv", gathered.rows[kind.key]
        parts.append(partial(_write_csv, name=name, model=kind.model, rows=rows))
    for key, rows in gathered.history.items():
        if rows:
            name = f"csv/history/{key}.csv"
            parts.append(partial(_write_csv, name=name, model=type(rows[0]), rows=rows))
    for document in gathered.rows["documents"]:
        parts.append(partial(_add_document, document=document))
    return parts


def write_zip(gathered: Gathered, out, *, by=None, progress: Progress | None = None) -> None:
    """Write the export of `gathered` as a zip to the binary file object `out`, telling
    `progress` how many parts are written after each."""
    parts = _parts(gathered, by)
    if progress:
        progress(0, len(parts))
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for done, part in enumerate(parts, start=1):
            part(archive)
            if progress:
                progress(done, len(parts))


def _add_document(archive: zipfile.ZipFile, document) -> None:
    if not document.file.name:
        return
    try:
        with document.file.open("rb") as source, archive.open(document_path(document), "w") as dst:
            shutil.copyfileobj(source, dst, 1024 * 1024)
    except FileNotFoundError:
        # The row without its file: the PDF and CSV still list it; say so in the zip too.
        logger.warning("document %s has no file on disk", document.pk)
        archive.writestr(f"{document_path(document)}.missing.txt", "The file was not found.")


def export_subject_access(*, child: Child, out, by=None, channel=Channel.COMMAND):
    """Write the child's subject access export to `out` at once (the command line: no request
    waits for it) and record who took it: the audit row holds the child's id and the file's
    size, no personal data."""
    write_zip(gather(child), out, by=by)
    size = out.tell()
    export = SubjectAccessExport.objects.create(
        child=child,
        requested_by=by,
        channel=channel,
        file_size=size,
        status=SubjectAccessExport.Status.READY,
        finished_at=timezone.now(),
    )
    logger.info(
        "subject access export %s of child %s by user %s (%s bytes)",
        export.pk,
        child.pk,
        getattr(by, "pk", None),
        size,
    )
    return export
