"""Whether section F provision was delivered: checks recorded per item, and the child's
"provision not delivered" flag the caseload filters on."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import (
    Case,
    CharField,
    DateField,
    F,
    Field,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.utils import timezone

from cases.models import CaseFlag
from cases.services.checks import not_before, not_future
from cases.services.chronology import record_event
from cases.services.flags import set_flag
from core.audit import audit
from core.formatting import day

from ..models import Plan, ProvisionCheck, ProvisionItem

if TYPE_CHECKING:
    from accounts.models import User


def with_last_check(items: QuerySet[ProvisionItem], as_of: date | None = None) -> QuerySet:
    """Annotate provision items with their latest check's delivery and period end (as it stood
    on `as_of`, if given). The latest check is stored on the item; only an item whose latest
    check began after `as_of` looks further back, in a subquery."""
    if as_of is None:
        return items.annotate(last_delivery=F("latest_delivery"), last_checked_to=F("latest_to"))
    earlier = ProvisionCheck.objects.filter(item=OuterRef("pk"), period_from__lte=as_of).order_by(
        "-period_to", "-pk"
    )

    def as_it_stood(stored: str, field: str, output: Field) -> Case:
        return Case(
            When(latest_from__isnull=True, then=Value(None, output_field=output)),
            When(latest_from__lte=as_of, then=F(stored)),
            default=Subquery(earlier.values(field)[:1]),
            output_field=output,
        )

    return items.annotate(
        last_delivery=as_it_stood("latest_delivery", "delivery", CharField()),
        last_checked_to=as_it_stood("latest_to", "period_to", DateField()),
    )


def store_latest_check(item: ProvisionItem) -> None:
    """Copy the item's latest check (by period end, then by when recorded) onto the item."""
    latest = item.checks.order_by("-period_to", "-pk").first()
    ProvisionItem.objects.filter(pk=item.pk).update(
        latest_delivery=latest.delivery if latest else "",
        latest_from=latest.period_from if latest else None,
        latest_to=latest.period_to if latest else None,
    )


def items_with_last_check(plan: Plan) -> QuerySet:
    """The plan's provision items, each with its latest check (see with_last_check)."""
    return with_last_check(plan.provision.select_related("outcome"))


def gap_items(plan: Plan) -> list[ProvisionItem]:
    """Items whose latest check found them not (or only partly) delivered."""
    return [
        item
        for item in items_with_last_check(plan)
        if item.last_delivery and item.last_delivery != ProvisionCheck.Delivery.DELIVERED
    ]


def refresh_provision_flag(plan: Plan) -> None:
    gaps = gap_items(plan) if plan.is_maintained else []
    set_flag(
        child=plan.child,
        kind=CaseFlag.Kind.PROVISION_GAP,
        source=f"plan:{plan.pk}",
        raised=bool(gaps),
        on=timezone.localdate(),
        detail=f"{len(gaps)} provision item(s) not fully delivered" if gaps else "",
    )


@transaction.atomic
def record_check(
    *,
    item: ProvisionItem,
    by: User | None,
    delivery: str,
    period_from: date,
    period_to: date,
    confirmed_by: str,
    note: str = "",
) -> ProvisionCheck:
    plan = Plan.objects.select_for_update().select_related("child").get(pk=item.plan_id)
    if not plan.is_maintained:
        raise ValidationError("Delivery can be checked only on a plan in force")
    if delivery not in ProvisionCheck.Delivery.values:
        raise ValidationError({"delivery": "Choose whether it was delivered"})
    if not confirmed_by.strip():
        raise ValidationError({"confirmed_by": "Enter who confirmed it"})
    not_future("period_from", period_from)
    not_before("period_to", period_to, period_from, "the start of the period")
    not_before("period_from", period_from, plan.issued_on, "the plan was issued")
    if delivery != ProvisionCheck.Delivery.DELIVERED and not note.strip():
        raise ValidationError({"note": "Say what was missed and what is being done about it"})
    check = ProvisionCheck(
        item=item,
        delivery=delivery,
        period_from=period_from,
        period_to=period_to,
        confirmed_by=confirmed_by.strip(),
        note=note.strip(),
        recorded_by=by,
    )
    audit(check, by=by)
    check.save()
    store_latest_check(item)
    refresh_provision_flag(plan)
    record_event(
        child=plan.child,
        happened_on=min(period_to, timezone.localdate()),
        by=by,
        title=f"Provision {check.get_delivery_display().lower()}: {item}",
        detail=f"{day(period_from)} to {day(period_to)}, confirmed by {check.confirmed_by}. "
        f"{check.note}".strip(),
    )
    return check
