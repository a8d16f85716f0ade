"""Reading the plans the council issued: each version as the document it sent (on screen, for
printing and as a PDF), and what changed between two versions or since the last one.

Every page renders from the version's frozen `content`, never from today's rows, so a version
reads as it was issued however the working copy has moved on since - and the page costs the
same few queries however long the plan is.
"""

from crispy_forms_gds.layout import Layout, Size
from django import forms
from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import get_object_or_404, render
from django.urls import path
from django.views.decorators.http import require_safe

from cases.access import access_child
from cases.pages import child_context
from core.formatting import day, money
from core.forms import GovHelper

from .. import diff, pdf
from ..content import SECTIONS, snapshot
from ..document import (
    _day,
    _heading,
    document_context,
)
from ..models import Plan, PlanVersion


def _plan(child, plan_id: int) -> Plan:
    return get_object_or_404(Plan, pk=plan_id, child=child)


def _version(plan: Plan, number: int) -> PlanVersion:
    return get_object_or_404(
        PlanVersion.objects.select_related("issued_by"), plan=plan, number=number
    )


@login_required
@require_safe
def version_list(request, pk: int, plan_id: int):
    child = access_child(request, pk)
    plan = _plan(child, plan_id)
    versions = list(plan.versions.select_related("issued_by"))
    form = CompareForm(versions, initial=_latest_two(versions))
    return render(
        request,
        "plans/versions.html",
        child_context(request, child, plan=plan, versions=versions, form=form),
    )


@login_required
@require_safe
def version_detail(request, pk: int, plan_id: int, number: int):
    child = access_child(request, pk)
    plan = _plan(child, plan_id)
    version = _version(plan, number)
    return render(
        request,
        "plans/version.html",
        child_context(request, child, **document_context(plan, version)),
    )


@login_required
@require_safe
def version_print(request, pk: int, plan_id: int, number: int):
    child = access_child(request, pk)
    plan = _plan(child, plan_id)
    version = _version(plan, number)
    return render(
        request,
        "plans/version_print.html",
        {"child": child, "for_pdf": False, **document_context(plan, version)},
    )


@login_required
@require_safe
def version_pdf(request, pk: int, plan_id: int, number: int):
    child = access_child(request, pk)
    plan = _plan(child, plan_id)
    version = _version(plan, number)
    body = pdf.stored_pdf(plan, version)
    if body is None and pdf.prepare_pdf(plan, version):  # rendered here: the queue is down
        body = version.pdf.open("rb")
    if body is None:  # not yet rendered by the worker, or drawn from a page since changed
        response = render(
            request,
            "plans/version_pdf_preparing.html",
            child_context(request, child, plan=plan, version=version),
            status=202,
        )
        response["Refresh"] = "3"
        return response
    # The file name travels in emails and download folders, so it names the plan, not the child.
    return FileResponse(
        body,
        as_attachment=True,
        filename=f"plan-{plan.pk}-v{version.number}.pdf",
        content_type="application/pdf",
    )


class CompareForm(forms.Form):
    """Which two versions to compare, by number; asked for in the query string."""

    def __init__(self, versions, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(v.number, f"Version {v.number}, issued {day(v.issued_on)}") for v in versions]
        messages = {
            "required": "Choose a version",
            "invalid_choice": "Choose a version this plan has",
        }
        self.fields["from"] = forms.TypedChoiceField(
            label="Compare version", choices=choices, coerce=int, error_messages=messages
        )
        self.fields["to"] = forms.TypedChoiceField(
            label="with version", choices=choices, coerce=int, error_messages=messages
        )
        self.helper = GovHelper()
        self.helper.layout = Layout("from", "to")
        self.helper.label_size = Size.SMALL
        self.helper.form_tag = False
        # A GET form: a CSRF token would only end up in the address bar and the logs.
        self.helper.disable_csrf = True

    def clean(self):
        data = super().clean()
        if data.get("from") is not None and data.get("from") == data.get("to"):
            self.add_error("to", "Choose two different versions")
        return data


def _latest_two(versions: list[PlanVersion]) -> dict:
    if len(versions) < 2:
        return {}
    return {"from": versions[-2].number, "to": versions[-1].number}


# What the rows of a section are called, and how one row reads in a list of changes.
ROWS_LABEL = {
    "e": "Outcomes",
    "f": "Provision",
    "i": "Named settings",
    "j": "Personal budgets",
}


def _describe(key: str, row: dict) -> str:
    if key == "e":
        when = f", by {row['by_when']}" if row.get("by_when") else ""
        return f"{row.get('description', '')} ({row.get('area_label', row.get('area'))}{when})"
    if key == "f":
        funder = row.get("funded_by_label", row.get("funded_by", ""))
        return (
            f"{row.get('description', '')}: {row.get('provider', '')}, "
            f"{row.get('frequency', '')}, funded by {str(funder).lower()}"
        )
    if key == "i":
        urn = f" (URN {row['urn']})" if row.get("urn") else ""
        start = f", from {day(starts)}" if (starts := _day(row.get("from"))) else ""
        return f"{row.get('name', '')}{urn}{start}"
    if key == "j":
        paid = ", as a direct payment" if row.get("direct_payment") else ""
        return f"{row.get('kind_label', '')}: {money(row.get('amount'))}{paid}"
    return str(row)


def _changes(old: dict, new: dict) -> list[dict]:
    """The comparison laid out in statutory order, each section with its heading and its rows
    described in words."""
    found = diff.compare(old, new)
    changes = []
    for section in SECTIONS:
        key = section[0]
        if key not in found:
            continue
        part = found[key]
        changes.append(
            {
                "key": key,
                "heading": _heading(section, new),
                "diff": part,
                "rows_label": ROWS_LABEL.get(key, "Rows"),
                "added": [_describe(key, row) for row in part.added],
                "removed": [_describe(key, row) for row in part.removed],
                "changed": [
                    {"row": _describe(key, change.new), "fields": change.fields}
                    for change in part.changed
                ],
            }
        )
    return changes


@login_required
@require_safe
def version_compare(request, pk: int, plan_id: int):
    child = access_child(request, pk)
    plan = _plan(child, plan_id)
    versions = list(plan.versions.select_related("issued_by"))
    asked = "from" in request.GET or "to" in request.GET
    form = CompareForm(versions, request.GET if asked else _latest_two(versions) or None)
    context = {"plan": plan, "versions": versions, "form": form, "working": False}
    if form.is_bound and form.is_valid():
        by_number = {v.number: v for v in versions}
        old, new = by_number[form.cleaned_data["from"]], by_number[form.cleaned_data["to"]]
        context.update(old=old, new=new, changes=_changes(old.content, new.content))
    return render(request, "plans/compare.html", child_context(request, child, **context))


@login_required
@require_safe
def working_changes(request, pk: int, plan_id: int):
    """The working copy against the latest issued version: what an amendment would change."""
    child = access_child(request, pk)
    plan = _plan(child, plan_id)
    latest = plan.versions.select_related("issued_by").order_by("-number").first()
    context = {"plan": plan, "working": True, "old": latest}
    if latest is not None:
        context["changes"] = _changes(latest.content, snapshot(plan))
    return render(request, "plans/compare.html", child_context(request, child, **context))


def _p(suffix: str) -> str:
    return f"children/<id:pk>/plans/<id:plan_id>/versions/{suffix}"


urlpatterns = [
    path(_p(""), version_list, name="versions"),
    path(_p("compare/"), version_compare, name="compare"),
    path(_p("not-yet-issued/"), working_changes, name="working_changes"),
    path(_p("<id:number>/"), version_detail, name="version"),
    path(_p("<id:number>/print/"), version_print, name="version_print"),
    path(_p("<id:number>/pdf/"), version_pdf, name="version_pdf"),
]
