"""Issuing a child's EHC plan after their re-assessment, from the plan page."""

from django.contrib.auth.decorators import login_required
from django.urls import path
from django.views.decorators.http import require_http_methods

from cases.access import access_child
from core.form_fields import date_field
from core.forms import GovForm, posted

from ..services import reassessment
from .common import form_page, get_plan


class IssueAfterReassessmentForm(GovForm):
    submit_label = "Issue the plan"
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

    return form_page(
        request,
        child,
        form,
        heading="Issue the plan after re-assessment",
        caption="What the plan says now becomes its next version, amended or replaced",
        cancel=plan.get_absolute_url(),
        save=save,
        done="Plan issued after re-assessment",
    )


urlpatterns = [
    path(
        "children/<id:pk>/plans/<id:plan_id>/issue-after-reassessment/",
        plan_reassessed_issue,
        name="plan_reassessed_issue",
    ),
]
