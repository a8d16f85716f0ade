"""Writes to targets made on screen: each one transaction, each kept in the target's history with
who made it (django-simple-history), as the CSV import does."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction

from core.audit import audit
from core.locking import lock_for_edit

from ..kpis import KPIS
from ..models import Target

if TYPE_CHECKING:
    from accounts.models import User

FIELDS = ("kpi", "year", "value", "tolerance", "baseline", "baseline_year", "note")
LABELS = {
    "kpi": "KPI",
    "year": "year",
    "value": "target",
    "tolerance": "tolerance",
    "baseline": "baseline",
    "baseline_year": "baseline year",
    "note": "note",
}


def _check(fields: dict, *, target: Target | None) -> None:
    errors = {}
    indicator = KPIS.get(fields["kpi"])
    if indicator is None:
        errors["kpi"] = "Choose a KPI from the list"
    if fields["tolerance"] < 0:
        errors["tolerance"] = "The tolerance must be 0 or more"
    if indicator is not None and indicator.unit == "%":
        for name in ("value", "tolerance", "baseline"):
            if fields.get(name) is not None and fields[name] > 100:
                errors.setdefault(name, f"The {LABELS[name]} is a percentage: 100 at most")
    for name in ("value", "baseline"):
        if fields.get(name) is not None and fields[name] < 0:
            errors.setdefault(name, f"The {LABELS[name]} must be 0 or more")
    if fields.get("baseline_year") and fields["baseline_year"] > fields["year"]:
        errors["baseline_year"] = "The baseline year must be the target's year or before"
    clash = Target.objects.filter(kpi=fields["kpi"], year=fields["year"])
    if target is not None:
        clash = clash.exclude(pk=target.pk)
    if clash.exists():
        errors["year"] = (
            f"There is already a {fields['kpi']} target for {fields['year']}: change that one"
        )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def save_target(
    *, by: User | None, fields: dict, target: Target | None = None, version: int | None = None
) -> Target:
    """Create a target or change one; refuses (ValidationError by field) a clash with another
    target of the same KPI and year, a negative tolerance, or a percentage over 100, and a
    change to a target someone else changed since `version` (StaleEdit)."""
    if target is not None:
        lock_for_edit(target, version=version, by=by)
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise TypeError(f"unexpected field(s): {', '.join(sorted(unknown))}")
    fields = {**fields, "tolerance": fields.get("tolerance") or Decimal("0")}
    fields["note"] = (fields.get("note") or "").strip()
    _check(fields, target=target)
    if target is None:
        target = Target(**fields, updated_by=by)
        audit(target, by=by, reason="Added on screen")
        target.save()
        return target
    changed = [name for name in FIELDS if getattr(target, name) != fields.get(name)]
    for name in changed:
        setattr(target, name, fields.get(name))
    target.updated_by = by
    audit(
        target,
        by=by,
        reason=f"Changed on screen: {', '.join(LABELS[n] for n in changed)}"
        if changed
        else "Saved on screen with no change",
    )
    target.save()
    return target


@transaction.atomic
def delete_target(*, by: User | None, target: Target) -> None:
    """Delete a target; its history (and who deleted it) is kept."""
    audit(target, by=by, reason="Deleted on screen")
    target.delete()


def target_history(target: Target) -> list[dict]:
    """Every recorded version of the target, newest first: when, who, how (added, changed,
    deleted), why, and what each change altered (field, before, after)."""
    records = list(target.history.select_related("history_user").order_by("-history_date"))
    entries = []
    for index, record in enumerate(records):
        previous = records[index + 1] if index + 1 < len(records) else None
        changes = []
        if previous is not None and record.history_type == "~":
            delta = record.diff_against(previous, included_fields=list(FIELDS))
            changes = [
                {"label": LABELS[c.field].capitalize(), "before": c.old, "after": c.new}
                for c in sorted(delta.changes, key=lambda c: FIELDS.index(c.field))
            ]
        entries.append(
            {
                "when": record.history_date,
                "who": record.history_user,
                "action": {"+": "Added", "~": "Changed", "-": "Deleted"}[record.history_type],
                "reason": record.history_change_reason or "",
                "changes": changes,
                "value": record.value,
                "tolerance": record.tolerance,
            }
        )
    return entries
