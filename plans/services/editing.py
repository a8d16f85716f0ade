"""Writing the plan's content: its text sections, section E outcomes and section F provision.

Content can change only while the plan is a draft or under an amendment decided at a review;
what was issued stays as it was in the plan's versions.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from core.audit import audit
from core.locking import lock_for_edit, refuse_if_stale

from ..models import Outcome, Plan, ProvisionItem
from ..models.content import Area, Funder
from .provision import refresh_provision_flag

if TYPE_CHECKING:
    from accounts.models import User

OUTCOME_FIELDS = ("area", "description", "by_when")
PROVISION_FIELDS = ("description", "provider", "frequency", "funded_by", "outcome")


def _require_editable(plan: Plan) -> Plan:
    plan = Plan.objects.select_for_update().select_related("child").get(pk=plan.pk)
    if not plan.is_editable():
        raise ValidationError(
            "An issued plan can be changed only by an amendment: record a review's decision to "
            "amend first"
        )
    return plan


def _required(values: dict, *fields: str) -> None:
    errors = {f: "Enter this" for f in fields if not str(values.get(f) or "").strip()}
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def update_sections(
    *, plan: Plan, by: User | None, version: int | None = None, **sections: str
) -> Plan:
    plan = _require_editable(plan)
    refuse_if_stale(plan, version=version, by=by)
    unknown = set(sections) - set(Plan.TEXT_SECTIONS)
    if unknown:
        raise TypeError(f"not plan sections: {sorted(unknown)}")
    for field, text in sections.items():
        setattr(plan, field, text.strip())
    audit(plan, by=by, reason="Sections edited")
    plan.save()
    return plan


def _check_outcome(values: dict) -> None:
    _required(values, "area", "description")
    if values["area"] not in Area.values:
        raise ValidationError({"area": "Choose an area from the list"})


@transaction.atomic
def add_outcome(
    *, plan: Plan, by: User | None, area: str, description: str, by_when: str = ""
) -> Outcome:
    plan = _require_editable(plan)
    values = {"area": area, "description": description.strip(), "by_when": by_when.strip()}
    _check_outcome(values)
    last = plan.outcomes.aggregate(last=Max("position"))["last"]
    outcome = Outcome(plan=plan, position=(last or 0) + 1, **values)
    audit(outcome, by=by)
    outcome.save()
    return outcome


@transaction.atomic
def update_outcome(
    *, outcome: Outcome, by: User | None, version: int | None = None, **values: Any
) -> Outcome:
    _require_editable(outcome.plan)
    lock_for_edit(outcome, version=version, by=by)
    values = {k: v.strip() if isinstance(v, str) else v for k, v in values.items()}
    _check_outcome({**{f: getattr(outcome, f) for f in OUTCOME_FIELDS}, **values})
    for field, value in values.items():
        setattr(outcome, field, value)
    audit(outcome, by=by)
    outcome.save()
    return outcome


@transaction.atomic
def remove_outcome(*, outcome: Outcome, by: User | None) -> None:
    _require_editable(outcome.plan)
    audit(outcome, by=by)
    outcome.delete()


def _check_item(plan: Plan, values: dict) -> None:
    _required(values, "description", "provider", "frequency", "funded_by")
    if values["funded_by"] not in Funder.values:
        raise ValidationError({"funded_by": "Choose who funds it"})
    outcome = values.get("outcome")
    if outcome is not None and outcome.plan_id != plan.pk:
        raise ValidationError({"outcome": "Choose one of this plan's outcomes"})


@transaction.atomic
def add_provision(
    *,
    plan: Plan,
    by: User | None,
    description: str,
    provider: str,
    frequency: str,
    funded_by: str = Funder.EDUCATION,
    outcome: Outcome | None = None,
) -> ProvisionItem:
    plan = _require_editable(plan)
    values = {
        "description": description.strip(),
        "provider": provider.strip(),
        "frequency": frequency.strip(),
        "funded_by": funded_by,
        "outcome": outcome,
    }
    _check_item(plan, values)
    last = plan.provision.aggregate(last=Max("position"))["last"]
    item = ProvisionItem(plan=plan, position=(last or 0) + 1, **values)
    audit(item, by=by)
    item.save()
    return item


@transaction.atomic
def update_provision(
    *, item: ProvisionItem, by: User | None, version: int | None = None, **values: Any
) -> ProvisionItem:
    plan = _require_editable(item.plan)
    lock_for_edit(item, version=version, by=by)
    values = {k: v.strip() if isinstance(v, str) else v for k, v in values.items()}
    _check_item(plan, {**{f: getattr(item, f) for f in PROVISION_FIELDS}, **values})
    for field, value in values.items():
        setattr(item, field, value)
    audit(item, by=by)
    item.save()
    return item


@transaction.atomic
def remove_provision(*, item: ProvisionItem, by: User | None) -> None:
    plan = _require_editable(item.plan)
    audit(item, by=by)
    item.delete()
    refresh_provision_flag(plan)
