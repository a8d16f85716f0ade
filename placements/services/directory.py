"""Adding and changing settings in the directory by hand (the CSV import is in importing.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction

from core.audit import apply_changes, audit, check_fields
from core.locking import lock_for_edit

from ..models import Setting

if TYPE_CHECKING:
    from accounts.models import User

SETTING_FIELDS = (
    "name",
    "urn",
    "ukprn",
    "setting_type",
    "phase",
    "low_age",
    "high_age",
    "la_code",
    "is_open",
)


def _validate(setting: Setting) -> None:
    setting.name = setting.name.strip()
    setting.in_area = Setting.in_area_for(setting.la_code)
    errors = {}
    try:
        setting.full_clean(exclude=["in_area"])
    except ValidationError as error:
        errors = error.message_dict
    for field in ("urn", "ukprn"):
        value = getattr(setting, field)
        if value and field not in errors:
            taken = Setting.objects.filter(**{field: value}).exclude(pk=setting.pk).first()
            if taken is not None:
                label = field.upper()
                errors[field] = [f"{label} {value} is already used by {taken.name}"]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def create_setting(*, by: User | None, **fields: Any) -> Setting:
    check_fields(fields, SETTING_FIELDS)
    setting = Setting(**fields)
    _validate(setting)
    audit(setting, by=by, reason="Added to the directory")
    setting.save()
    return setting


@transaction.atomic
def update_setting(
    *, setting: Setting, by: User | None, version: int | None = None, **fields: Any
) -> Setting:
    check_fields(fields, SETTING_FIELDS)
    lock_for_edit(setting, version=version, by=by)
    changed = apply_changes(setting, fields)
    if not changed:
        return setting
    _validate(setting)
    audit(setting, by=by, reason=f"Edited: {', '.join(changed)}")
    setting.save()
    return setting
