"""Reading the plans the council issued: each version as the document it sent (on screen, for
printing and as a PDF), and what changed between two versions or since the last one.

Every page renders from the version's frozen `content`, never from today's rows, so a version
reads as it was issued however the working copy has moved on since - and the page costs the
same few queries however long the plan is.
"""

from datetime import date
from decimal import Decimal, InvalidOperation

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Layout, Size
from django import forms
from django.contrib.auth.decorators import login_required
from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import path
from django.views.decorators.http import require_safe

from cases.views.access import access_child, child_context

from .. import diff
from ..content import SECTIONS, snapshot
from ..models import Plan, PlanVersion
from ..models.content import Area

PRINT_CSS = "plans/print.css"


def _plan(child, plan_id: int) -> Plan:
    return get_object_or_404(Plan, pk=plan_id, child=child)


def _version(plan: Plan, number: int) -> PlanVersion:
    return get_object_or_404(
        PlanVersion.objects.select_related("issued_by"), plan=plan, number=number
    )


def _heading(section, content: dict) -> str:
    _key, letter, title, statement_name = section
    if content.get("kind") == Plan.Kind.STATEMENT:
        return statement_name
    return f"Section {letter}: {title}"


def plan_document(content: dict) -> list[dict]:
    """The sections of a frozen plan in statutory order, ready to lay out."""
    sections_text = content.get("sections", {})
    outcomes = content.get("outcomes", [])
    described = {outcome.get("id"): outcome.get("description", "") for outcome in outcomes}
    document = []
    for section in SECTIONS:
        key = section[0]
        part = {"key": key, "heading": _heading(section, content), "text": ""}
        if key == "e":
            part["outcome_groups"] = [
                {"label": label, "outcomes": rows}
                for value, label in Area.choices
                if (rows := [o for o in outcomes if o.get("area") == value])
            ]
            # An area the code list no longer has still belongs in the plan that named it.
            known = {value for value, _ in Area.choices}
            strays = [o for o in outcomes if o.get("area") not in known]
            if strays:
                part["outcome_groups"].append({"label": "Other", "outcomes": strays})
            part["empty"] = not outcomes
        elif key == "f":
            part["provision"] = [
                {**item, "outcome": described.get(item.get("outcome_id"), "")}
                for item in content.get("provision", [])
            ]
            part["empty"] = not part["provision"]
        else:
            part["text"] = sections_text.get(key) or ""
            part["named_settings"] = [
                {**setting, "from_day": _day(setting.get("from"))}
                for setting in (content.get("named_settings", []) if key == "i" else [])
            ]
            part["personal_budgets"] = [
                {**budget, "amount_text": _money(budget.get("amount"))}
                for budget in (content.get("personal_budgets", []) if key == "j" else [])
            ]
            part["empty"] = not (
                part["text"].strip() or part["named_settings"] or part["personal_budgets"]
            )
        document.append(part)
    return document


def _day(value) -> date | None:
    """A date the snapshot holds as ISO text; None if missing or unreadable."""
    try:
        return date.fromisoformat(value or "")
    except (TypeError, ValueError):
        return None


def _money(value) -> str:
    try:
        return f"£{Decimal(str(value)):,.2f}"
    except (InvalidOperation, ValueError):
        return str(value)


def _document_context(plan, version) -> dict:
    return {
        "born": _day(version.content.get("child", {}).get("date_of_birth")),
        "plan": plan,
        "version": version,
        "content": version.content,
        "document": plan_document(version.content),
        "is_statement": version.content.get("kind") == Plan.Kind.STATEMENT,
        "kind_label": version.content.get("kind_label") or plan.get_kind_display(),
    }


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
        child_context(request, child, **_document_context(plan, version)),
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
        {"child": child, "for_pdf": False, **_document_context(plan, version)},
    )


@login_required
@require_safe
def version_pdf(request, pk: int, plan_id: int, number: int):
    child = access_child(request, pk)
    plan = _plan(child, plan_id)
    version = _version(plan, number)
    # Imported here: WeasyPrint loads Pango, and a server without it should still serve every
    # other page.
    import weasyprint

    html = render_to_string(
        "plans/version_print.html",
        {"child": child, "for_pdf": True, **_document_context(plan, version)},
        request=request,
    )
    # The stylesheet is read from disk and the page links to nothing, so WeasyPrint never
    # fetches a URL while it renders a child's plan.
    pdf = weasyprint.HTML(string=html).write_pdf(
        stylesheets=[weasyprint.CSS(filename=finders.find(PRINT_CSS))]
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    # The file name travels in emails and download folders, so it names the plan, not the child.
    response["Content-Disposition"] = f'attachment; filename="plan-{plan.pk}-v{version.number}.pdf"'
    return response


class CompareForm(forms.Form):
    """Which two versions to compare, by number; asked for in the query string."""

    def __init__(self, versions, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [
            (v.number, f"Version {v.number}, issued {v.issued_on:%-d %B %Y}") for v in versions
        ]
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
        self.helper = FormHelper()
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
        start = f", from {day:%-d %B %Y}" if (day := _day(row.get("from"))) else ""
        return f"{row.get('name', '')}{urn}{start}"
    if key == "j":
        paid = ", as a direct payment" if row.get("direct_payment") else ""
        return f"{row.get('kind_label', '')}: {_money(row.get('amount'))}{paid}"
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
    return f"children/<int:pk>/plans/<int:plan_id>/versions/{suffix}"


urlpatterns = [
    path(_p(""), version_list, name="versions"),
    path(_p("compare/"), version_compare, name="compare"),
    path(_p("not-yet-issued/"), working_changes, name="working_changes"),
    path(_p("<int:number>/"), version_detail, name="version"),
    path(_p("<int:number>/print/"), version_print, name="version_print"),
    path(_p("<int:number>/pdf/"), version_pdf, name="version_pdf"),
]
