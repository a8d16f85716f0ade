"""Issuing the EHC plan after a re-assessment (CFA 2014 s44(2)-(3); SI 2014/1530 reg 27).

The child keeps one plan: what the caseworker has written into its working copy since the
council decided to re-assess is issued as the plan's next version, amended or replacing it, and
the re-assessment's 14-week step is completed through cases' own service, which checks the
family's 15 days on the draft (reg 27(1) applying reg 13(1)). The review cycle is left as it
is: a re-assessment is not a review (s44(1) counts from the last review).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction

from cases.services import reassessment
from cases.services.checks import not_before, not_future

from ..models import Plan, PlanVersion
from .completeness import require_complete
from .versions import freeze_version

if TYPE_CHECKING:
    from accounts.models import User


@transaction.atomic
def issue_reassessed_plan(*, plan: Plan, by: User | None, issued_on: date) -> PlanVersion:
    """Issue the working copy of the child's EHC plan as amended or replaced after their open
    re-assessment: a new PlanVersion, and the re-assessment completed on `issued_on`."""
    plan = Plan.objects.select_for_update().select_related("child").get(pk=plan.pk)
    request = plan.open_reassessment()
    if request is None:
        raise ValidationError(
            "Only an EHC plan in force, whose child has a re-assessment the council decided on, "
            "is issued after a re-assessment"
        )
    not_future("issued_on", issued_on)
    not_before("issued_on", issued_on, plan.issued_on, "the plan was first issued")
    require_complete(plan)
    reassessment.record_reassessed_plan_issued(request=request, by=by, issued_on=issued_on)
    return freeze_version(
        plan=plan, by=by, issued_on=issued_on, reason=PlanVersion.Reason.REASSESSED
    )
