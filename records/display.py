"""The records of a child in words, for the subject access PDF: each record's fields with their
labels and display values, and the change history as the History tab words it (reusing its
helpers), for every row at once and in a fixed number of queries."""

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db import models
from django.utils.text import capfirst

from cases.history import ACTIONS, HIDDEN_FIELDS, Change, raw_changes, show_value

from .kinds import KINDS, Kind

KIND_OF_MODEL = {kind.model: kind for kind in KINDS}


@dataclass
class RecordText:
    title: str
    fields: list[tuple[str, str]]


@dataclass
class HistoryEntry:
    when: datetime
    who: Any
    action: str
    what: str
    reason: str = ""
    changes: list[Change] = field(default_factory=list)


def document_path(document) -> str:
    """Where a document's file sits in the zip: its id keeps two files of one name apart."""
    return f"documents/{document.pk}-{document.original_name or 'document'}"


def display_value(obj, model_field) -> str:
    """One field of a record as a person reads it; "" for nothing recorded."""
    if model_field.is_relation:
        related_id = getattr(obj, model_field.attname)
        if related_id is None:
            return ""
        kind = KIND_OF_MODEL.get(model_field.related_model)
        if kind is not None:
            return f"{kind.singular} {related_id}"
        return str(getattr(obj, model_field.name))
    value = getattr(obj, model_field.attname)
    if isinstance(value, Decimal) and not model_field.choices:
        return f"{value:,.2f}"
    return show_value(model_field, value, {})


def record_text(kind: Kind, obj) -> RecordText:
    fields = []
    for model_field in kind.model._meta.concrete_fields:
        if isinstance(model_field, models.FileField):
            fields.append(("File in this export", document_path(obj)))
            continue
        # The id is in the title; the child is the whole document's subject; the edit
        # counter means nothing to a reader (cases.history hides the same); the plan's
        # frozen content is laid out as the plan itself.
        if model_field.name in ("id", kind.to_child) or model_field.name in HIDDEN_FIELDS:
            continue
        if isinstance(model_field, models.JSONField):
            continue
        text = display_value(obj, model_field)
        if text:
            fields.append((str(capfirst(model_field.verbose_name)), text))
    return RecordText(f"{kind.singular} {obj.pk}", fields)


def _related_names(all_changes) -> dict[tuple[type, Any], str]:
    """Names for the ids a foreign key held: a record of the child's by its kind and id (as
    the rest of the PDF names it, and without a query), anything else (a user, a team, a
    setting) fetched once per model."""
    wanted: dict[Any, set] = {}  # by model class
    for changes in all_changes:
        for model_field, old, new in changes:
            if isinstance(model_field, models.ForeignKey):
                wanted.setdefault(model_field.related_model, set()).update(
                    v for v in (old, new) if v is not None
                )
    names = {}
    for model, ids in wanted.items():
        kind = KIND_OF_MODEL.get(model)
        found = {} if kind else model._base_manager.in_bulk(ids)
        for pk in ids:
            if kind:
                names[model, pk] = f"{kind.singular} {pk}"
            else:
                names[model, pk] = str(found[pk]) if pk in found else f"(deleted, id {pk})"
    return names


def history_entries(history: dict[str, list]) -> list[HistoryEntry]:
    """Every historical row (fetched from kinds.history_sources, with their history_user) as
    an entry with what it changed from the version before it, newest first."""
    raw = []
    for key, rows in history.items():
        previous_by_object: dict[Any, Any] = {}
        for record in sorted(rows, key=lambda row: (row.id, row.history_id)):
            prev = previous_by_object.get(record.id)
            raw.append((record, raw_changes(key, record, prev)))
            previous_by_object[record.id] = record
    names = _related_names([changes for _record, changes in raw])
    entries = []
    for record, changes in raw:
        model = record.instance_type
        kind = KIND_OF_MODEL.get(model)
        label = kind.singular if kind else capfirst(model._meta.verbose_name)
        entries.append(
            HistoryEntry(
                when=record.history_date,
                who=record.history_user,
                action=ACTIONS.get(record.history_type, record.history_type),
                what=f"{label} {record.id}",
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
    entries.sort(key=lambda entry: entry.when, reverse=True)
    return entries
