"""Check your answers before a legally significant step (issuing a plan, an amended plan, a plan
after re-assessment; the decision to cease): the form, then a page listing what the plan says,
what is missing, and what the step sets in motion, then the step itself.

The check page re-posts the form's answers with `confirmed=yes`; only that POST calls the
service. Before the page is shown the service is run and rolled back, so a date the service
would refuse is caught on the form, not after the caseworker has confirmed."""

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import render
from django.urls import reverse

from cases.pages import child_context
from core.forms import add_service_errors, run_form

from ..content import snapshot
from ..document import plan_document
from ..services.completeness import plan_gaps

NOT_POSTED_AGAIN = {"csrfmiddlewaretoken", "confirmed", "submit"}


class _RolledBack(Exception):
    pass


def dry_run(save: Callable[[], object]) -> None:
    """Run a service and undo everything it wrote; its refusal is raised as usual."""
    try:
        with transaction.atomic():
            save()
            raise _RolledBack
    except _RolledBack:
        pass


def content_rows(plan) -> list[dict[str, str]]:
    """The plan's sections as summary-list rows, each with where to change it."""
    sections = reverse("plans:sections", args=[plan.child_id, plan.pk])
    page = plan.get_absolute_url()
    rows = []
    for part in plan_document(snapshot(plan)):
        key = part["key"]
        if key == "e":
            count = sum(len(group["outcomes"]) for group in part["outcome_groups"])
            value = f"{count} outcome{'s' if count != 1 else ''}" if count else ""
            change = f"{page}#outcomes"
        elif key == "f":
            count = len(part["provision"])
            value = f"{count} item{'s' if count != 1 else ''} of provision" if count else ""
            change = f"{page}#provision"
        else:
            names = [setting["name"] for setting in part["named_settings"]]
            value = "; ".join(filter(None, [*names, part["text"].strip()]))
            change = f"{sections}#id_section_{key}"
        if len(value) > 200:
            value = value[:199] + "…"
        rows.append({"key": part["heading"], "value": value or "Not written", "change": change})
    return rows


def checked_form_page(
    request,
    child,
    form,
    *,
    plan,
    heading: str,
    caption: str,
    action: str,
    cancel: str,
    save: Callable[[Any], str],
    done: str,
    check: Callable[[Any], dict],
    gaps: bool = True,
):
    """Step 1 `form`; step 2 the check page (`check(form)` gives its answers and consequences);
    then `save(form)`. With `gaps`, a plan that is not complete is shown its gaps and no button."""
    if request.POST.get("confirmed") == "yes":
        answer = run_form(request, form, save, done)
        if answer is not None:
            return answer
    elif request.method == "POST" and form.is_valid():
        found = plan_gaps(plan) if gaps else []
        try:
            if not found:
                dry_run(lambda: save(form))
            context = check(form)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return render(
                request,
                "plans/check.html",
                child_context(
                    request,
                    child,
                    plan=plan,
                    heading=heading,
                    caption=caption,
                    action=action,
                    cancel=cancel,
                    change=request.path,
                    gaps=found,
                    content=content_rows(plan) if gaps else [],
                    posted=[
                        (name, value)
                        for name, values in form.data.lists()
                        if name not in NOT_POSTED_AGAIN
                        for value in values
                    ],
                    **context,
                ),
            )
    return render(
        request,
        "plans/form.html",
        child_context(
            request,
            child,
            form=form,
            heading=heading,
            caption=f"{caption}. You can check your answers before you {action[0].lower()}"
            f"{action[1:]}",
            cancel=cancel,
        ),
    )
