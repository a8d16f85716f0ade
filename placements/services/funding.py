"""Cost lines on a placement and personal budgets on a plan."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cases.services.chronology import record_event
from core.audit import apply_changes, audit, check_fields
from core.formatting import money
from core.locking import lock_for_edit

from ..models import CostLine, PersonalBudget

if TYPE_CHECKING:
    from accounts.models import User
    from cases.models import Child

    from ..models import Placement

COST_FIELDS = ("financial_year", "kind", "funding_source", "amount", "note")
BUDGET_FIELDS = ("plan", "kind", "direct_payment", "annual_amount", "start_on", "end_on")


@transaction.atomic
def add_cost_line(*, placement: Placement, by: User | None, **fields: Any) -> CostLine:
    check_fields(fields, COST_FIELDS)
    line = CostLine(placement=placement, created_by=by, **fields)
    line.full_clean(exclude=["created_by"])
    audit(line, by=by, reason="Cost added")
    line.save()
    record_event(
        child=placement.child,
        title=f"Cost added: {line.get_kind_display()} at {placement.setting}",
        happened_on=timezone.localdate(),
        by=by,
        detail=f"{money(line.amount)} in {line.year_label} "
        f"({line.get_funding_source_display().lower()}).",
    )
    return line


@transaction.atomic
def update_cost_line(
    *, line: CostLine, by: User | None, version: int | None = None, **fields: Any
) -> CostLine:
    check_fields(fields, COST_FIELDS)
    lock_for_edit(line, version=version, by=by)
    changed = apply_changes(line, fields)
    if not changed:
        return line
    line.full_clean(exclude=["created_by"])
    audit(line, by=by, reason=f"Edited: {', '.join(changed)}")
    line.save()
    placement = line.placement
    record_event(
        child=placement.child,
        title=f"Cost changed: {line.get_kind_display()} at {placement.setting}",
        happened_on=timezone.localdate(),
        by=by,
        detail=f"Now {money(line.amount)} in {line.year_label}.",
    )
    return line


@transaction.atomic
def remove_cost_line(*, line: CostLine, by: User | None) -> None:
    placement = line.placement
    title = f"Cost removed: {line.get_kind_display()} at {placement.setting}"
    detail = f"{money(line.amount)} in {line.year_label}."
    audit(line, by=by, reason="Removed")
    line.delete()
    record_event(
        child=placement.child, title=title, happened_on=timezone.localdate(), by=by, detail=detail
    )


def _check_plan(budget: PersonalBudget, child: Child) -> None:
    if budget.plan_id and budget.plan.child_id != child.pk:
        raise ValidationError({"plan": "Choose one of this child's plans"})


@transaction.atomic
def add_personal_budget(*, child: Child, by: User | None, **fields: Any) -> PersonalBudget:
    check_fields(fields, BUDGET_FIELDS)
    budget = PersonalBudget(created_by=by, **fields)
    budget.full_clean(exclude=["created_by"])
    _check_plan(budget, child)
    audit(budget, by=by, reason="Personal budget added")
    budget.save()
    record_event(
        child=child,
        title=f"Personal budget agreed: {budget.get_kind_display().lower()}",
        happened_on=budget.start_on,
        by=by,
        detail=f"{money(budget.annual_amount)} a year"
        + (", as a direct payment." if budget.direct_payment else "."),
    )
    return budget


@transaction.atomic
def update_personal_budget(
    *, budget: PersonalBudget, by: User | None, version: int | None = None, **fields: Any
) -> PersonalBudget:
    check_fields(fields, BUDGET_FIELDS)
    lock_for_edit(budget, version=version, by=by)
    changed = [name for name, value in fields.items() if getattr(budget, name) != value]
    if not changed:
        return budget
    child = budget.plan.child
    for name in changed:
        setattr(budget, name, fields[name])
    budget.full_clean(exclude=["created_by"])
    _check_plan(budget, child)
    audit(budget, by=by, reason=f"Edited: {', '.join(changed)}")
    budget.save()
    record_event(
        child=child,
        title=f"Personal budget changed: {budget.get_kind_display().lower()}",
        happened_on=timezone.localdate(),
        by=by,
        detail=f"Changed: {', '.join(changed).replace('_', ' ')}.",
    )
    return budget


@transaction.atomic
def remove_personal_budget(*, budget: PersonalBudget, by: User | None) -> None:
    child = budget.plan.child
    kind = budget.get_kind_display().lower()
    audit(budget, by=by, reason="Removed")
    budget.delete()
    record_event(
        child=child,
        title=f"Personal budget removed: {kind}",
        happened_on=timezone.localdate(),
        by=by,
    )
