"""Selectors for a child's past: the chronology (what happened in the case) and the audit
trail (who changed which recorded detail, from what to what, and who looked at the record).

Both merge several tables into one newest-first list. They page with a UNION of
(type, id, date) rows, then fetch only the page's rows, so the number of queries stays the
same however long the record is.
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import (
    CharField,
    F,
    ForeignKey,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import TruncDate
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst

from core.formatting import date_time, day

from .models import (
    AdviceRequest,
    AssessmentRequest,
    CaseEvent,
    CaseNote,
    Child,
    Consultation,
    Contact,
    Disagreement,
    Document,
    RecordView,
    TimeLimitException,
)
from .services.documents import DOCUMENT_ADDED

CHRONOLOGY_PAGE_SIZE = 50
HISTORY_PAGE_SIZE = 25
RECENT_VIEWS = 50

# --- The chronology --------------------------------------------------------------------------

CHRONOLOGY_TYPES = {"events": "Events", "notes": "Notes", "documents": "Documents"}


@dataclass
class ChronologyItem:
    type: str
    day: date
    title: str
    by: Any
    detail: str = ""
    tag: str = ""
    url: str = ""


def _chronology_sources(child: Child) -> dict[str, QuerySet]:
    def rows(queryset, type_, day, at):
        # Models' default ordering is cleared: a UNION's parts may not be ordered.
        return (
            queryset.order_by()
            .annotate(item_type=Value(type_, output_field=CharField()), day=day, at=at)
            .values_list("item_type", "pk", "day", "at")
        )

    return {
        # An upload's event is left out: the document itself stands for it, with its link.
        "events": rows(
            CaseEvent.objects.filter(child=child).exclude(title__startswith=DOCUMENT_ADDED),
            "events",
            F("happened_on"),
            F("recorded_at"),
        ),
        "notes": rows(
            CaseNote.objects.filter(child=child), "notes", F("happened_on"), F("written_at")
        ),
        "documents": rows(
            Document.objects.filter(child=child),
            "documents",
            TruncDate("uploaded_at"),
            F("uploaded_at"),
        ),
    }


def chronology_page(*, child: Child, types: list[str] | None = None, page: Any = 1) -> Page:
    """One page of the child's chronology, newest first; `types` narrows it to some of
    CHRONOLOGY_TYPES. The page's object_list is a list of ChronologyItem."""
    sources = _chronology_sources(child)
    chosen = [sources[t] for t in (types or CHRONOLOGY_TYPES) if t in sources] or list(
        sources.values()
    )
    merged = chosen[0].union(*chosen[1:], all=True) if len(chosen) > 1 else chosen[0]
    merged = merged.order_by("-day", "-at", "-pk")
    result = Paginator(merged, CHRONOLOGY_PAGE_SIZE).get_page(page)
    result.object_list = _chronology_items(child, list(result.object_list))
    return result


def _chronology_items(child: Child, rows: list[tuple]) -> list[ChronologyItem]:
    wanted: dict[str, list[int]] = {}
    for type_, pk, *_ in rows:
        wanted.setdefault(type_, []).append(pk)
    items: dict[tuple[str, int], ChronologyItem] = {}
    if wanted.get("events"):
        for event in CaseEvent.objects.filter(pk__in=wanted["events"]).select_related(
            "recorded_by"
        ):
            items["events", event.pk] = ChronologyItem(
                "events", event.happened_on, event.title, event.recorded_by, event.detail
            )
    if wanted.get("notes"):
        for note in CaseNote.objects.filter(pk__in=wanted["notes"]).select_related("written_by"):
            items["notes", note.pk] = ChronologyItem(
                "notes",
                note.happened_on,
                note.summary,
                note.written_by,
                note.body,
                tag=note.get_kind_display(),
            )
    if wanted.get("documents"):
        for document in Document.objects.filter(pk__in=wanted["documents"]).select_related(
            "uploaded_by"
        ):
            items["documents", document.pk] = ChronologyItem(
                "documents",
                timezone.localdate(document.uploaded_at),
                document.title,
                document.uploaded_by,
                f"{document.get_kind_display()}, {document.original_name}",
                tag="Document",
                url=reverse("cases:document_download", args=[child.pk, document.pk]),
            )
    return [items[type_, pk] for type_, pk, *_ in rows if (type_, pk) in items]


# --- The audit trail -------------------------------------------------------------------------

# Everything whose history belongs on the child's History tab, by a stable key.
AUDITED = {
    "child": Child,
    "contact": Contact,
    "request": AssessmentRequest,
    "advice": AdviceRequest,
    "consultation": Consultation,
    "exception": TimeLimitException,
    "disagreement": Disagreement,
    "note": CaseNote,
    "document": Document,
}
# The apps above cases add their models with add_audited() in AppConfig.ready(): a key, the
# model, and how to narrow its history to one child's rows.
AUDIT_SCOPES: dict[str, Any] = {}


def add_audited(key: str, model, scope) -> None:
    """`scope(history, child)` narrows `model.history.all()` to the child's rows."""
    AUDITED[key] = model
    AUDIT_SCOPES[key] = scope


# Never worth showing: the row's id, a document's storage path (the original name and title
# say which file it is), and the edit counter used to refuse a stale save (core.locking).
HIDDEN_FIELDS = {"id", "file", "version"}
ACTIONS = {"+": "Created", "~": "Changed", "-": "Deleted"}


@dataclass
class Change:
    label: str
    before: str
    after: str


@dataclass
class AuditEntry:
    when: datetime
    who: Any
    action: str
    what: str
    thing: str
    reason: str = ""
    changes: list[Change] = field(default_factory=list)


def audit_sources(child: Child) -> dict[str, QuerySet]:
    history = {
        key: model.history.all()  # type: ignore[attr-defined]  # simple_history's, untyped
        for key, model in AUDITED.items()
    }
    # Requests ever made for the child, deleted ones too, from their own history.
    request_ids = history["request"].filter(child_id=child.pk).values("id")
    scoped = {
        "child": history["child"].filter(id=child.pk),
        "contact": history["contact"].filter(child_id=child.pk),
        "request": history["request"].filter(child_id=child.pk),
        "note": history["note"].filter(child_id=child.pk),
        "document": history["document"].filter(child_id=child.pk),
    }
    for key in ("advice", "consultation", "exception", "disagreement"):
        scoped[key] = history[key].filter(request_id__in=request_ids)
    for key, scope in AUDIT_SCOPES.items():
        scoped[key] = scope(history[key], child)
    return scoped


def audit_page(*, child: Child, page: Any = 1) -> Page:
    """One page of the child's audit trail, newest first: a list of AuditEntry."""
    rows = [
        queryset.order_by()
        .annotate(audit_source=Value(key, output_field=CharField()))
        .values_list("audit_source", "history_id", "history_date")
        for key, queryset in audit_sources(child).items()
    ]
    merged = rows[0].union(*rows[1:], all=True).order_by("-history_date", "-history_id")
    result = Paginator(merged, HISTORY_PAGE_SIZE).get_page(page)
    result.object_list = _audit_entries(list(result.object_list))
    return result


def _audit_entries(rows: list[tuple]) -> list[AuditEntry]:
    wanted: dict[str, list[int]] = {}
    for key, history_id, _when in rows:
        wanted.setdefault(key, []).append(history_id)
    records: dict[tuple[str, int], Any] = {}
    previous: dict[tuple[str, int], Any] = {}
    for key, ids in wanted.items():
        historical = AUDITED[key].history.model  # type: ignore[attr-defined]  # simple_history
        # The version before each one: the same object's latest earlier history row.
        before = (
            historical.objects.filter(id=OuterRef("id"), history_id__lt=OuterRef("history_id"))
            .order_by("-history_id")
            .values("history_id")[:1]
        )
        page_records = list(
            historical.objects.filter(history_id__in=ids)
            .select_related("history_user")
            .annotate(prev_history_id=Subquery(before, output_field=IntegerField()))
        )
        prev_ids = [r.prev_history_id for r in page_records if r.prev_history_id]
        earlier = historical.objects.in_bulk(prev_ids) if prev_ids else {}
        for record in page_records:
            records[key, record.history_id] = record
            previous[key, record.history_id] = earlier.get(record.prev_history_id)

    raw: list[tuple[Any, list[tuple[Any, Any, Any]]]] = []
    for key, history_id, _when in rows:
        record = records[key, history_id]
        raw.append((record, raw_changes(key, record, previous[key, history_id])))
    names = _related_names(changes for _record, changes in raw)

    entries = []
    for record, changes in raw:
        model = record.instance_type
        entries.append(
            AuditEntry(
                when=record.history_date,
                who=record.history_user,
                action=ACTIONS.get(record.history_type, record.history_type),
                what=capfirst(model._meta.verbose_name),
                thing=str(record.instance),
                reason=record.history_change_reason or "",
                changes=[
                    Change(
                        capfirst(model_field.verbose_name),
                        show_value(model_field, old, names),
                        show_value(model_field, new, names),
                    )
                    for model_field, old, new in changes
                ],
            )
        )
    return entries


def raw_changes(key: str, record, prev) -> list[tuple[Any, Any, Any]]:
    """(field, before, after) for what this version changed; for a creation (or the first
    version history holds), every value it was given."""
    meta = record._meta
    if record.history_type == "-":
        return []
    if prev is None:
        # The child is the page's subject: saying every attached row belongs to it is noise.
        skip = HIDDEN_FIELDS | ({"child"} if key != "child" else set())
        changes = []
        for tracked in record.tracked_fields:
            if not tracked.editable or tracked.name in skip:
                continue
            value = getattr(record, tracked.attname)
            if value not in (None, ""):
                changes.append((meta.get_field(tracked.name), None, value))
        return changes
    delta = record.diff_against(prev, excluded_fields=HIDDEN_FIELDS)
    return [(meta.get_field(c.field), c.old, c.new) for c in delta.changes]


def _related_names(all_changes) -> dict[tuple[type, Any], str]:
    """Names for the ids a foreign key held, fetched once per related model for the page."""
    wanted: dict[Any, set] = {}  # by model class
    for changes in all_changes:
        for model_field, old, new in changes:
            if isinstance(model_field, ForeignKey):
                wanted.setdefault(model_field.related_model, set()).update(
                    v for v in (old, new) if v is not None
                )
    names = {}
    for model, ids in wanted.items():
        found = model._base_manager.in_bulk(ids)
        for pk in ids:
            names[model, pk] = str(found[pk]) if pk in found else f"(deleted, id {pk})"
    return names


def show_value(model_field, value, names) -> str:
    if value is None or value == "":
        return ""
    if isinstance(model_field, ForeignKey):
        return names.get((model_field.related_model, value), str(value))
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime):
        return date_time(value)
    if isinstance(value, date):
        return day(value)
    return str(value)


def recent_views(*, child: Child, limit: int = RECENT_VIEWS) -> list[RecordView]:
    """Who opened the child's record, most recent first."""
    return list(RecordView.objects.filter(child=child).select_related("user")[:limit])
