"""What may be done to a plan now, by this user: the plan page's buttons ask here, one flag each.

Each flag joins the access policy (may this user change the child's record?) with the plan's
own state; the services refuse the same steps when the state is wrong."""

from dataclasses import dataclass
from typing import Any

from cases.access import may_change

from .models import Plan


@dataclass(frozen=True)
class PlanActions:
    change: bool  # any change to the plan's record (reviews, ceasing, settings)
    edit_sections: bool  # a draft, or an issued plan under amendment or re-assessment
    issue: bool  # a draft issued as the final plan
    issue_after_reassessment: bool  # the plan issued after a re-assessment (reg 27)
    start_transfer_review: bool  # a statement in force, not yet replaced by an EHC plan
    record_transfer_notice: bool  # a plan transferred in whose reg 15(4) notice is due
    review_settings: bool  # review interval and phase transfer of a plan in force
    check_delivery: bool  # provision of a plan in force checked against what was delivered
    amendment_under_way: bool  # an issued plan open for changes (shown as a note)
    download_draft: bool  # the draft as a PDF marked DRAFT: whoever may see the plan


def plan_actions(user: Any, plan: Plan) -> PlanActions:
    can = may_change(user, plan.child)
    final = plan.status == Plan.Status.FINAL
    replaced = Plan.objects.filter(replaces=plan).exists() if plan.is_statement else False
    editable = plan.is_editable()
    return PlanActions(
        change=can,
        edit_sections=can and editable,
        issue=can and plan.status == Plan.Status.DRAFT,
        issue_after_reassessment=can and plan.open_reassessment() is not None,
        start_transfer_review=can and final and plan.is_statement and not replaced,
        record_transfer_notice=can and plan.awaits_transfer_notice,
        review_settings=can and final,
        check_delivery=can and final,
        amendment_under_way=final and editable,
        download_draft=editable,
    )
