"""What the plans app needs from placements to work out a child's next phase transfer (reg 18):
the oldest year group taught at the child's main setting on a day. Plans may not import this
app, so it is registered with plans in PlacementsConfig.ready(); placement writes then re-date
the child's next review."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.db.models import Q

from plans.models import Plan
from plans.services.lifecycle import redate_pending_review

from ..codes import Rank
from ..models import Placement

if TYPE_CHECKING:
    from accounts.models import User
    from cases.models import Child


def main_setting_last_year(plan: Plan, on: date) -> int | None:
    """The oldest year group of the child's main placement on ``on``, if it is recorded."""
    placement = (
        Placement.objects.filter(child_id=plan.child_id, rank=Rank.MAIN, entry_on__lte=on)
        .filter(Q(leaving_on__isnull=True) | Q(leaving_on__gt=on))
        .select_related("setting")
        .order_by("-entry_on", "-pk")
        .first()
    )
    return None if placement is None else placement.setting.last_year_group


def redate_reviews(*, child: Child, by: User | None, reason: str) -> None:
    """The child's setting changed: the review not yet held of each plan in force may now carry
    a different phase transfer."""
    for plan in child.plans.filter(status=Plan.Status.FINAL):
        redate_pending_review(plan=plan, by=by, reason=reason)
