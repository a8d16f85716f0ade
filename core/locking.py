"""Optimistic locking: when two people edit the same record at once, the second save is refused
with a clear message instead of silently writing over the first.

Each versioned record carries a `version`, raised by one on every save. An edit form carries the
version the user opened in a hidden field (`carry_version`); the service re-reads the record
under a row lock inside its transaction and refuses with `StaleEdit` if the version moved on
(`lock_for_edit`). The save itself is an ordinary save(), so simple_history still records it.

The refusal is a ValidationError, so every view that puts a service's refusal on its form
(core.forms.add_service_errors) keeps what was typed and shows the message; `show_stale` then
puts the saved version in the hidden field, merges (`merge`) what this user changed with what the
other save changed, asks the user to choose where both changed the same answer, and lists what is
saved now beside what was typed.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, TypeVar, cast

from django import forms
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import FieldError, ValidationError
from django.db import models
from django.http import QueryDict
from django.utils import timezone

from .formatting import clock, date_time, day

# What a form sends when its version is missing or not a number: never a saved version.
NOT_SENT = 0

Record = TypeVar("Record", bound="Versioned")


class Versioned(models.Model):
    """A record edited in place through a form: its version goes up by one on every save."""

    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            self.version += 1
            update_fields = kwargs.get("update_fields")
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "version"}
        super().save(*args, **kwargs)


class StaleEdit(ValidationError):
    """The record changed (or the form did not say which version it was opened at) since the
    user opened the form. `current` is the record as saved now."""

    def __init__(self, current: Versioned, *, sent: int, by: AbstractBaseUser | None = None):
        self.current = current
        self.sent = sent
        super().__init__(_message(current, sent=sent, by=by), code="stale_edit")


def lock_for_edit(
    record: Record, *, version: int | None, by: AbstractBaseUser | None = None
) -> Record:
    """Lock the record's row, refresh `record` in place to what is saved, and refuse with
    StaleEdit unless it is still at `version`. Call inside the service's transaction (Django
    refuses select_for_update outside one).

    `version` None means the caller is not a form a person filled in (a service, an import, the
    demo): the record is locked and refreshed but not compared.
    """
    record.refresh_from_db(from_queryset=type(record)._base_manager.select_for_update())
    refuse_if_stale(record, version=version, by=by)
    return record


def refuse_if_stale(
    current: Versioned, *, version: int | None, by: AbstractBaseUser | None = None
) -> None:
    """For a service that has already re-read `current` under a row lock."""
    if version is not None and current.version != version:
        raise StaleEdit(current, sent=version, by=by)


# --- the message ----------------------------------------------------------------------------------


def _last_change(record: models.Model) -> Any:
    history = getattr(record, "history", None)
    if history is None:
        return None
    return history.select_related("history_user").order_by("-history_date").first()


def _when(moment: datetime) -> str:
    if timezone.localtime(moment).date() == timezone.localdate():
        return f"at {clock(moment)}"
    return f"on {date_time(moment)}"


def _message(current: models.Model, *, sent: int, by: AbstractBaseUser | None) -> str:
    again = (
        "Your changes have not been saved. The form below keeps what you changed and shows "
        "what is saved now for everything else: check it and save again."
    )
    if sent == NOT_SENT:
        return (
            "We could not check whether this record changed while you were editing it, because "
            "the form did not say which version you started from. Your changes have not been "
            "saved. Check the current details below and save again."
        )
    change = _last_change(current)
    if change is None:
        return f"Someone else changed this record while you were editing it. {again}"
    who = change.history_user
    when = _when(change.history_date)
    if who is not None and by is not None and who.pk == by.pk:
        return (
            f"This record was changed in another window or tab (by you, {when}) while you were "
            f"editing it here. {again}"
        )
    name = (who.get_full_name() or who.username) if who is not None else ""
    return (
        "Someone else changed this record while you were editing it "
        f"({f'{name}, ' if name else ''}{when}). {again}"
    )


# --- the three-way merge --------------------------------------------------------------------------
# A refused save need not make the user type everything again: knowing what the form was opened
# with (the record's history row at the version it carried), each field is either changed by this
# user only (keep what they typed), by the other save only (take what is saved now),
# by both alike, or by both differently - the one case only the user can settle.


@dataclass(frozen=True)
class Merge:
    """What a re-shown form should hold, field by field, and why."""

    values: dict[str, Any]
    taken_from_saved: frozenset[str]
    conflicts: frozenset[str]


def merge(original: Mapping[str, Any], mine: Mapping[str, Any], saved: Mapping[str, Any]) -> Merge:
    """Three-way merge of one form's fields. `mine` names the fields to merge; one missing from
    `original` or `saved` cannot be compared, so what the user typed stands."""
    values: dict[str, Any] = {}
    taken: set[str] = set()
    conflicts: set[str] = set()
    for name, typed in mine.items():
        values[name] = typed
        if name not in original or name not in saved:
            continue
        before, now = original[name], saved[name]
        if same(typed, now) or same(now, before):
            continue  # nobody else changed it, or both made the same change
        if same(typed, before):
            values[name] = now  # only the other save changed it
            taken.add(name)
        else:
            conflicts.add(name)
    return Merge(values, frozenset(taken), frozenset(conflicts))


def same(first: Any, second: Any) -> bool:
    """Equal as a form would see them: a record by its key, text without outer spaces, None as
    empty, and a number typed as text ("6") as the number saved (6)."""
    a, b = _comparable(first), _comparable(second)
    return bool(a == b) or str(a) == str(b)


# --- the form side --------------------------------------------------------------------------------

# After a refusal where both saves changed the same answer, the re-shown form names those answers
# in a hidden field and asks, for each, which to keep (a radio `keep_<field>`); it refuses to save
# until every one is answered.
CONFLICTS = "stale_conflicts"
KEEP_PREFIX = "keep_"
KEEP_MINE, KEEP_SAVED = "mine", "saved"


class VersionField(forms.Field):
    """The hidden version; anything missing or not a positive whole number reads as NOT_SENT,
    which the service refuses (a form is never invalid because of it)."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(required=False, **kwargs)

    def to_python(self, value: Any) -> int:
        try:
            number = int(str(value).strip())
        except (TypeError, ValueError):
            return NOT_SENT
        return number if number > 0 else NOT_SENT


def carry_version(
    form: forms.BaseForm, record: Versioned, *, saved_as: dict[str, str] | None = None
) -> forms.BaseForm:
    """Give an edit form the hidden version of the record as the user opened it. `saved_as`
    names the record's field for a form field called something else (a step form's `decision`
    is the request's `assess_decision`), for the comparison after a refusal."""
    form.fields["version"] = VersionField()
    form.initial["version"] = record.version
    form.saved_as = saved_as or {}  # type: ignore[attr-defined]  # ours, read by changed_fields
    helper = getattr(form, "helper", None)
    if helper is not None:
        # A crispy layout renders only the fields it names unless told to add hidden ones.
        helper.render_hidden_fields = True
    ask_to_choose(form, record, _posted_conflicts(form))
    return form


def sent_version(form: forms.BaseForm) -> int:
    """The version a valid, versioned form was opened at (NOT_SENT if it did not say)."""
    return form.cleaned_data.get("version", NOT_SENT)


def show_stale(form: forms.BaseForm, error: StaleEdit) -> None:
    """Re-show a refused form at the version saved now (so a save after checking goes through),
    holding the three-way merge: what this user changed, what is saved now for everything else,
    and a choice for each answer both changed. `form.stale_rows` pairs what is saved now with what
    was typed, for each field where they differ."""
    merged = _merge_form(form, error)
    # Ours on the form, for its template.
    form.stale = True  # type: ignore[attr-defined]
    form.stale_rows = changed_fields(form, error.current, merged)  # type: ignore[attr-defined]
    conflicts = sorted(merged.conflicts)
    if form.is_bound and "version" in form.fields:
        data = cast(QueryDict, form.data).copy()  # a bound form's data is the POST
        data[form.add_prefix("version")] = str(error.current.version)
        for name in merged.taken_from_saved:
            _put(form, data, name, merged.values[name])
        data[form.add_prefix(CONFLICTS)] = ",".join(conflicts)
        for name in conflicts:
            data.pop(form.add_prefix(KEEP_PREFIX + name), None)  # a choice made before is stale
        form.data = data
    ask_to_choose(form, error.current, conflicts)


def ask_to_choose(form: forms.BaseForm, record: models.Model, names: list[str]) -> None:
    """Add a required "which to keep" question after each of the named fields; keeping the saved
    version puts the record's value in place of what was typed when the form is cleaned."""
    # Only the form's own answers (the hidden field comes back from the browser, so check it).
    answers = _answer_fields(form)
    names = [n for n in names if n in answers and KEEP_PREFIX + n not in form.fields]
    if not names:
        return
    form.fields[CONFLICTS] = forms.CharField(widget=forms.HiddenInput, required=False)
    fields: dict[str, forms.Field] = {}
    for name, field in form.fields.items():
        fields[name] = field
        if name in names:
            fields[KEEP_PREFIX + name] = _keep_field(_label(name, field))
    form.fields = fields
    helper = getattr(form, "helper", None)
    if helper is not None:
        # A layout names the form's own fields; the questions are added after them.
        helper.render_unmentioned_fields = True
    saved_as: dict[str, str] = getattr(form, "saved_as", {})
    clean = form.clean

    def clean_keeping_choices() -> dict[str, Any] | None:
        result = clean()
        cleaned = result if result is not None else form.cleaned_data
        for name in names:
            if cleaned.pop(KEEP_PREFIX + name, None) == KEEP_SAVED and name in cleaned:
                cleaned[name] = getattr(record, saved_as.get(name, name))
        # Views hand cleaned_data to services whole: leave only the form's own answers.
        cleaned.pop(CONFLICTS, None)
        return result

    # Per form, not per class: only a form re-shown after a clash asks.
    form.clean = clean_keeping_choices  # type: ignore[method-assign]


def _keep_field(label: str) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=f"{label}: you and someone else both changed this. Which do you want to keep?",
        choices=[
            (KEEP_MINE, "Keep mine (what is in the box above)"),
            (KEEP_SAVED, "Keep the saved version (shown in the table above)"),
        ],
        widget=forms.RadioSelect,
        error_messages={
            "required": f"Choose whether to keep your answer or the saved version for "
            f"\u201c{label}\u201d"
        },
    )


def _posted_conflicts(form: forms.BaseForm) -> list[str]:
    if not form.is_bound:
        return []
    return [n for n in str(form.data.get(form.add_prefix(CONFLICTS), "")).split(",") if n]


def _merge_form(form: forms.BaseForm, error: StaleEdit) -> Merge:
    typed = getattr(form, "cleaned_data", {})
    saved_as: dict[str, str] = getattr(form, "saved_as", {})
    opened = _as_opened(error.current, error.sent)
    mine: dict[str, Any] = {}
    before: dict[str, Any] = {}
    now: dict[str, Any] = {}
    for name in _answer_fields(form):
        if name not in typed:
            continue
        mine[name] = typed[name]
        attribute = saved_as.get(name, name)
        if hasattr(error.current, attribute):
            now[name] = getattr(error.current, attribute)
        if opened is not None and hasattr(opened, attribute):
            before[name] = getattr(opened, attribute)
    return merge(before, mine, now)


def _answer_fields(form: forms.BaseForm) -> list[str]:
    return [
        name
        for name, field in form.fields.items()
        if name != "version" and not name.startswith(KEEP_PREFIX) and not field.widget.is_hidden
    ]


def _as_opened(current: Versioned, sent: int) -> Any:
    """The record as it was at the version the form carried, from its history (None if it has
    none, or the form did not say): the common ancestor of the two saves."""
    history = getattr(current, "history", None)
    if sent == NOT_SENT or history is None:
        return None
    try:
        return history.filter(version=sent).order_by("-history_date").first()
    except FieldError:  # a history that does not keep the version
        return None


def _put(form: forms.BaseForm, data: QueryDict, name: str, value: Any) -> None:
    """Write a value into a bound form's data as its widget would have sent it."""
    field = form.fields[name]
    widget = field.widget
    key = form.add_prefix(name)
    value = field.prepare_value(value.pk if isinstance(value, models.Model) else value)
    if isinstance(widget, forms.MultiWidget):
        parts: list[Any] = list(
            value if isinstance(value, list | tuple) else widget.decompress(value) or []
        )
        suffixes: list[str] = getattr(widget, "widgets_names", [])
        for suffix, part in zip(suffixes, parts, strict=False):
            data[key + suffix] = "" if part is None else str(part)
    elif isinstance(widget, forms.CheckboxInput):
        if value:
            data[key] = "on"
        else:
            data.pop(key, None)
    elif getattr(widget, "allow_multiple_selected", False):
        data.setlist(key, [str(getattr(v, "pk", v)) for v in value or []])
    else:
        data[key] = "" if value is None else str(value)


def changed_fields(
    form: forms.BaseForm, current: models.Model, merged: Merge | None = None
) -> list[dict[str, str]]:
    """For each answer where what is saved now differs from what was typed: both, and which the
    re-shown form holds."""
    rows: list[dict[str, str]] = []
    typed_values = getattr(form, "cleaned_data", {})
    saved_as = getattr(form, "saved_as", {})
    for name in _answer_fields(form):
        field = form.fields[name]
        if name not in typed_values:
            continue
        attribute = saved_as.get(name, name)
        if not hasattr(current, attribute):
            continue
        saved, typed = getattr(current, attribute), typed_values[name]
        if same(saved, typed):
            continue
        if merged is not None and name in merged.conflicts:
            kept = "Both changed: choose below"
        elif merged is not None and name in merged.taken_from_saved:
            kept = "Saved now (you did not change it)"
        else:
            kept = "Yours"
        rows.append(
            {
                "label": _label(name, field),
                "saved": _display(field, saved),
                "typed": _display(field, typed),
                "kept": kept,
            }
        )
    return rows


def _label(name: str, field: forms.Field) -> str:
    return str(field.label or name.replace("_", " ").capitalize())


def _comparable(value: Any) -> Any:
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, str):
        return value.strip()
    if value is None:
        return ""
    return value


def _display(field: forms.Field, value: Any) -> str:
    if value is None or value == "":
        return "Not given"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, datetime):
        return date_time(value)
    if isinstance(value, date):
        return day(value)
    if isinstance(value, Decimal):
        return f"{value:,}"
    choices = dict(_flat_choices(field))
    return str(choices.get(value, choices.get(str(value), value)))


def _flat_choices(field: forms.Field) -> Iterator[tuple[Any, Any]]:
    for key, label in getattr(field, "choices", None) or ():
        if isinstance(label, list | tuple):
            yield from label
        else:
            yield key, label
