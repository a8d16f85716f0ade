"""What every plan page shares: finding the plan within the child's record, and the one form
page every step uses."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render

from cases.pages import child_context
from core.forms import run_form

from ..models import Plan


def get_plan(child, plan_id: int) -> Plan:
    return get_object_or_404(
        Plan.objects.select_related("child", "request"), pk=plan_id, child=child
    )


def form_page(request, child, form, *, heading: str, cancel: str, save, done: str, caption=""):
    """Show `form`; on a valid POST call `save(form)` (a service call), report `done` and go to
    what `save` returns (a URL). A service's refusal goes on the form, keeping what was typed."""
    answer = run_form(request, form, save, done)
    if answer is not None:
        return answer
    return render(
        request,
        "plans/form.html",
        child_context(request, child, form=form, heading=heading, cancel=cancel, caption=caption),
    )


def confirm_page(request, child, *, heading: str, body: str, cancel: str, action: str, save, done):
    """GET asks; only POST acts (a link or a prefetch must never delete anything)."""
    if request.method == "POST":
        try:
            next_url = save()
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(cancel)
        messages.success(request, done)
        return redirect(next_url)
    return render(
        request,
        "plans/confirm.html",
        child_context(request, child, heading=heading, body=body, cancel=cancel, action=action),
    )
