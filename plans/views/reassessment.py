"""Issuing a child's EHC plan after their re-assessment, from the plan page."""

from django.contrib.auth.decorators import login_required
from django.urls import path
from django.views.decorators.http import require_http_methods

from cases.access import access_child
from core.form_fields import date_field
from core.formatting import day
from core.forms import GovForm, posted

from ..services import consequences, reassessment
from .checking import checked_form_page
from .common import get_plan


class IssueAfterReassessmentForm(GovForm):
    submit_label = "Continue"  # to check your answers
    issued_on = date_field("Date the amended or replacement plan was issued")


@login_required
@require_http_methods(["GET", "POST"])
def plan_reassessed_issue(request, pk: int, plan_id: int):
    child = access_child(request, pk, edit=True)
    plan = get_plan(child, plan_id)
    form = IssueAfterReassessmentForm(posted(request))

    def save(f):
        reassessment.issue_reassessed_plan(plan=plan, by=request.user, **f.cleaned_data)
        return plan.get_absolute_url()

    def check(f):
        issued_on = f.cleaned_data["issued_on"]
        return {
            "answers": [{"key": "Date of issue", "value": f"{day(issued_on)}"}],
            "consequences": consequences.reassessment_consequences(plan, issued_on),
        }

    return checked_form_page(
        request,
        child,
        form,
        plan=plan,
        heading="Issue the plan after re-assessment",
        caption="What the plan says now becomes its next version, amended or replaced",
        action="Issue the plan",
        cancel=plan.get_absolute_url(),
        save=save,
        done="Plan issued after re-assessment",
        check=check,
    )


urlpatterns = [
    path(
        "children/<id:pk>/plans/<id:plan_id>/issue-after-reassessment/",
        plan_reassessed_issue,
        name="plan_reassessed_issue",
    ),
]
