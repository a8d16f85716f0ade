"""Freezing the plan as issued: one PlanVersion per issue or amendment."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.db.models import Max

from ..content import snapshot
from ..draft_pdf import forget_drafts_on_commit
from ..models import AnnualReview, Plan, PlanVersion
from ..pdf import queue_pdf

if TYPE_CHECKING:
    from accounts.models import User


def freeze_version(
    *,
    plan: Plan,
    by: User | None,
    issued_on: date,
    reason: str,
    review: AnnualReview | None = None,
) -> PlanVersion:
    """Keep what the plan says now as its next version. Call inside the issuing transaction,
    with the plan row locked, so two issues cannot take the same number. The worker renders
    its PDF once the transaction commits."""
    last = plan.versions.aggregate(last=Max("number"))["last"] or 0
    version = PlanVersion.objects.create(
        plan=plan,
        number=last + 1,
        reason=reason,
        issued_on=issued_on,
        review=review,
        content=snapshot(plan),
        issued_by=by,
    )
    queue_pdf(version)
    forget_drafts_on_commit([plan])  # the draft's PDF is no longer what the plan says
    return version
