"""Recording a child's placements. Each write also puts a line in the child's chronology."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cases.services.chronology import record_event
from core.audit import apply_changes, audit, check_fields
from core.formatting import day
from core.locking import lock_for_edit
from core.model_fields import field_label

from ..models import Placement
from .transfers import redate_reviews

if TYPE_CHECKING:
    from accounts.models import User
    from cases.models import Child

PLACEMENT_FIELDS = (
    "setting",
    "plan",
    "entry_on",
    "leaving_on",
    "rank",
    "sen_unit",
    "resourced_provision",
    "residential",
    "work_based_pathway",
    "requested_by_family",
    "named_in_section_i",
)


def _validate(placement: Placement) -> None:
    placement.full_clean(exclude=["child", "created_by"])


def _refuse_closed(placement: Placement) -> None:
    # A closed school can stay on a child's history, but no child starts there.
    if not placement.setting.is_open:
        raise ValidationError({"setting": f"{placement.setting} is closed: choose another"})


@transaction.atomic
def add_placement(*, child: Child, by: User | None, **fields: Any) -> Placement:
    check_fields(fields, PLACEMENT_FIELDS)
    placement = Placement(child=child, created_by=by, **fields)
    _validate(placement)
    if placement.leaving_on is None:
        _refuse_closed(placement)
    audit(placement, by=by, reason="Placement added")
    placement.save()
    record_event(
        child=child,
        title=f"Placement recorded: {placement.setting}",
        happened_on=placement.entry_on,
        by=by,
        detail=f"From {day(placement.entry_on)}"
        + (f" to {day(placement.leaving_on)}" if placement.leaving_on else "")
        + f" ({placement.get_rank_display().lower()}).",
    )
    redate_reviews(child=child, by=by, reason=f"Placement recorded: {placement.setting}")
    return placement


@transaction.atomic
def update_placement(
    *, placement: Placement, by: User | None, version: int | None = None, **fields: Any
) -> Placement:
    check_fields(fields, PLACEMENT_FIELDS)
    lock_for_edit(placement, version=version, by=by)
    changed = apply_changes(placement, fields)
    if not changed:
        return placement
    setting_changed = "setting" in changed
    _validate(placement)
    if setting_changed and placement.leaving_on is None:
        _refuse_closed(placement)
    labels = ", ".join(field_label(Placement, n) for n in changed)
    audit(placement, by=by, reason=f"Edited: {labels}")
    placement.save()
    record_event(
        child=placement.child,
        title=f"Placement details changed: {placement.setting}",
        happened_on=timezone.localdate(),
        by=by,
        detail=f"Changed: {labels}.",
    )
    redate_reviews(child=placement.child, by=by, reason=f"Placement changed: {placement.setting}")
    return placement


@transaction.atomic
def end_placement(*, placement: Placement, by: User | None, leaving_on: date) -> Placement:
    # Ending is an event, not an edit: under the lock, the second of two people ending the
    # same placement at once is told it has already ended.
    lock_for_edit(placement, version=None)
    if placement.leaving_on is not None:
        raise ValidationError({"leaving_on": "This placement has already ended"})
    placement.leaving_on = leaving_on
    _validate(placement)
    audit(placement, by=by, reason="Placement ended")
    placement.save()
    record_event(
        child=placement.child,
        title=f"Placement ended: {placement.setting}",
        happened_on=leaving_on,
        by=by,
    )
    redate_reviews(child=placement.child, by=by, reason=f"Placement ended: {placement.setting}")
    return placement


@transaction.atomic
def remove_placement(*, placement: Placement, by: User | None) -> None:
    """Delete a placement recorded in error, with its cost lines (history keeps both)."""
    child, setting = placement.child, placement.setting
    for line in placement.cost_lines.all():
        audit(line, by=by, reason="Placement removed")
        line.delete()
    audit(placement, by=by, reason="Removed: recorded in error")
    placement.delete()
    record_event(
        child=child,
        title=f"Placement removed: {setting}",
        happened_on=timezone.localdate(),
        by=by,
        detail="Recorded in error and removed.",
    )
    redate_reviews(child=child, by=by, reason=f"Placement removed: {setting}")
