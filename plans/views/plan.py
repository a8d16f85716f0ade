"""The Plans tab: a child's plans, starting one, issuing it, its review settings. Ceasing a plan
has its own steps, in plans.views.cessation."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from cases import statutory
from cases.access import access_child
from cases.models import AssessmentRequest
from cases.models.assessment import Decision
from cases.pages import child_context
from cases.presentation import status_tag
from core.formatting import day
from core.forms import posted
from core.locking import carry_version

from .. import forms
from ..actions import plan_actions
from ..extensions import step_panels
from ..services import consequences, lifecycle, provision, schedule
from ..services.completeness import plan_gaps
from .cessation import cessation_context
from .checking import checked_form_page
from .common import confirm_page, form_page, get_plan


def _plans_url(child) -> str:
    return reverse("plans:plans", args=[child.pk])


def _sections_url(plan) -> str:
    return reverse("plans:sections", args=[plan.child_id, plan.pk])


@login_required
@require_safe
def plan_list(request, pk: int):
    child = access_child(request, pk)
    plans = list(child.plans.select_related("request", "replaces", "cessation"))
    with_plan = {p.request_id for p in plans if p.request_id}
    ready = [
        r
        for r in child.requests.filter(issue_decision=Decision.YES, closure="")
        if r.pk not in with_plan
    ]
    return render(
        request,
        "plans/plans.html",
        child_context(
            request,
            child,
            plans=plans,
            ready_requests=ready,
            can_edit=request.user.has_perm("cases.change_child_record", child),
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_start(request, pk: int, request_id: int):
    child = access_child(request, pk, edit=True)
    assessment = get_object_or_404(AssessmentRequest, pk=request_id, child=child)
    return confirm_page(
        request,
        child,
        heading=f"Start the {assessment.draft_name}",
        body=f"For the {assessment.get_regime_display().lower()} received "
        f"{day(assessment.received_on)}. You can then write its sections, outcomes and "
        "provision, and issue it.",
        cancel=_plans_url(child),
        action="Start the plan",
        # Drafting starts where the writing is: the plan's sections.
        save=lambda: _sections_url(
            lifecycle.start_plan_from_request(request=assessment, by=request.user)
        ),
        done="Plan started",
    )


@login_required
@require_http_methods(["GET", "POST"])
def transfer_in(request, pk: int):
    child = access_child(request, pk, edit=True)
    form = forms.TransferInForm(posted(request))
    return form_page(
        request,
        child,
        form,
        heading="Record a plan transferred in from another council",
        cancel=_plans_url(child),
        save=lambda f: lifecycle.record_transfer_in(
            child=child, by=request.user, **f.cleaned_data
        ).get_absolute_url(),
        done="Plan recorded",
    )


@login_required
@require_safe
def plan_detail(request, pk: int, plan_id: int):
    child = access_child(request, pk)
    plan = get_plan(child, plan_id)
    today = timezone.localdate()
    reviews = list(plan.reviews.all())
    for review in reviews:
        review.status_tag = status_tag(review.completion_status(today))  # type: ignore[attr-defined]  # for the template
    can_edit = request.user.has_perm("cases.change_child_record", child)
    actions = plan_actions(request.user, plan)
    return render(
        request,
        "plans/plan.html",
        child_context(
            request,
            child,
            plan=plan,
            outcomes=plan.outcomes.all(),
            provision=provision.items_with_last_check(plan),
            reviews=reviews,
            versions=plan.versions.select_related("issued_by"),
            can_edit=can_edit,  # the ceasing steps' include asks it
            actions=actions,
            # What is still missing before a draft (or an amendment) can be issued.
            gaps=plan_gaps(plan) if actions.edit_sections else [],
            today=today,
            interval=schedule.interval_for(plan, today) if plan.issued_on else None,
            interval_basis=schedule.interval_basis(plan, today),
            next_transfer=schedule.next_transfer(plan, today),
            transfer_notice_due=statutory.transfer_in_notice_due(plan.responsible_from)
            if plan.responsible_from
            else None,
            **cessation_context(plan, today),
            step_panels=step_panels(request, child, plan),
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_issue(request, pk: int, plan_id: int):
    """The date, then check your answers (the plan's content, its gaps, the appeal window and the
    first review), then the issue."""
    child = access_child(request, pk, edit=True)
    plan = get_plan(child, plan_id)
    form = forms.IssueForm(posted(request))

    def save(f):
        lifecycle.issue_plan(plan=plan, by=request.user, **f.cleaned_data)
        return plan.get_absolute_url()

    def check(f):
        issued_on = f.cleaned_data["issued_on"]
        return {
            "answers": [{"key": "Date of issue", "value": f"{day(issued_on)}"}],
            "consequences": consequences.issue_consequences(plan, issued_on),
        }

    kind = plan.get_kind_display()
    return checked_form_page(
        request,
        child,
        form,
        plan=plan,
        heading=f"Issue the final {kind}",
        caption=kind,
        action="Issue the final plan",
        cancel=plan.get_absolute_url(),
        save=save,
        done=f"Final {kind} issued",
        check=check,
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_convert(request, pk: int, plan_id: int):
    child = access_child(request, pk, edit=True)
    statement = get_plan(child, plan_id)
    return confirm_page(
        request,
        child,
        heading="Start the transfer review to an EHC plan",
        body="A draft EHC plan is opened from this statement's content. The statement stays in "
        "force until the EHC plan is issued.",
        cancel=statement.get_absolute_url(),
        action="Start the EHC plan",
        save=lambda: lifecycle.start_conversion(
            statement=statement, by=request.user
        ).get_absolute_url(),
        done="Draft EHC plan started",
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_review_settings(request, pk: int, plan_id: int):
    child = access_child(request, pk, edit=True)
    plan = get_plan(child, plan_id)
    form = forms.ReviewSettingsForm(
        posted(request),
        initial={f: getattr(plan, f) for f in lifecycle.PLAN_SETTING_FIELDS},
    )
    carry_version(form, plan)

    def save(f):
        lifecycle.update_review_settings(plan=plan, by=request.user, **f.cleaned_data)
        return plan.get_absolute_url()

    return form_page(
        request,
        child,
        form,
        heading="Review settings",
        cancel=plan.get_absolute_url(),
        save=save,
        done="Review settings saved; the next review's dates are updated",
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_transfer_notice(request, pk: int, plan_id: int):
    child = access_child(request, pk, edit=True)
    plan = get_plan(child, plan_id)
    form = forms.TransferNoticeForm(posted(request))

    def save(f):
        lifecycle.record_transfer_notice(plan=plan, by=request.user, **f.cleaned_data)
        return plan.get_absolute_url()

    return form_page(
        request,
        child,
        form,
        heading="Record the notice to the family about the transfer",
        caption="Within 6 weeks of the transfer: that the plan was transferred, whether the "
        "council proposes to assess, and when it will review the plan (reg 15(4))",
        cancel=plan.get_absolute_url(),
        save=save,
        done="Notice recorded",
    )


def _p(route: str) -> str:
    return f"children/<id:pk>/plans/{route}"


urlpatterns = [
    path(_p(""), plan_list, name="plans"),
    path(_p("from-request/<id:request_id>/"), plan_start, name="plan_start"),
    path(_p("transfer-in/"), transfer_in, name="transfer_in"),
    path(_p("<id:plan_id>/"), plan_detail, name="plan"),
    path(_p("<id:plan_id>/issue/"), plan_issue, name="plan_issue"),
    path(_p("<id:plan_id>/transfer-review/"), plan_convert, name="plan_convert"),
    path(_p("<id:plan_id>/review-settings/"), plan_review_settings, name="plan_review_settings"),
    path(_p("<id:plan_id>/transfer-notice/"), plan_transfer_notice, name="plan_transfer_notice"),
]
