"""Optimistic locking: when two people edit the same record at once, the second save is refused
with a clear message instead of silently writing over the first.

Each versioned record carries a `version`, raised by one on every save. An edit form carries the
version the user opened in a hidden field (`carry_version`); the service re-reads the record
under a row lock inside its transaction and refuses with `StaleEdit` if the version moved on
(`lock_for_edit`). The save itself is an ordinary save(), so simple_history still records it.

The refusal is a ValidationError, so every view that puts a service's refusal on its form
(cases.forms.add_service_errors) keeps what was typed and shows the message; `show_stale` then
puts the saved version in the hidden field and lists what is saved now beside what was typed.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal
from typing import Any, TypeVar, cast

from django import forms
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import models
from django.http import QueryDict
from django.utils import timezone
from django.utils.formats import date_format

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
    local = timezone.localtime(moment)
    clock = date_format(local, "H:i")
    if local.date() == timezone.localdate():
        return f"at {clock}"
    return f"on {date_format(local, 'j F Y')} at {clock}"


def _message(current: models.Model, *, sent: int, by: AbstractBaseUser | None) -> str:
    again = (
        "Your changes have not been saved. Check the current details below and make your "
        "changes again."
    )
    if sent == NOT_SENT:
        return (
            "We could not check whether this record changed while you were editing it, because "
            "the form did not say which version you started from. " + again
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


# --- the form side --------------------------------------------------------------------------------


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
    return form


def sent_version(form: forms.BaseForm) -> int:
    """The version a valid, versioned form was opened at (NOT_SENT if it did not say)."""
    return form.cleaned_data.get("version", NOT_SENT)


def show_stale(form: forms.BaseForm, error: StaleEdit) -> None:
    """Re-show a refused form: what was typed stays, the hidden version becomes the one saved now
    (so a save after checking goes through), and `form.stale_rows` pairs what is saved now with
    what was typed, for each field where they differ."""
    # Ours on the form, for its template.
    form.stale = True  # type: ignore[attr-defined]
    form.stale_rows = changed_fields(form, error.current)  # type: ignore[attr-defined]
    if form.is_bound and "version" in form.fields:
        data = cast(QueryDict, form.data).copy()  # a bound form's data is the POST
        data[form.add_prefix("version")] = str(error.current.version)
        form.data = data


def changed_fields(form: forms.BaseForm, current: models.Model) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    typed_values = getattr(form, "cleaned_data", {})
    saved_as = getattr(form, "saved_as", {})
    for name, field in form.fields.items():
        if name == "version" or field.widget.is_hidden or name not in typed_values:
            continue
        attribute = saved_as.get(name, name)
        if not hasattr(current, attribute):
            continue
        saved, typed = getattr(current, attribute), typed_values[name]
        if _comparable(saved) == _comparable(typed):
            continue
        rows.append(
            {
                "label": str(field.label or name.replace("_", " ").capitalize()),
                "saved": _display(field, saved),
                "typed": _display(field, typed),
            }
        )
    return rows


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
        return date_format(timezone.localtime(value), "j F Y H:i")
    if isinstance(value, date):
        return date_format(value, "j F Y")
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
