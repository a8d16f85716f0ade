"""The reference data pages: what is stored, the three CSV uploads, and targets edited on screen.
Every page needs `portal.manage_reference_data` (head of service, administrator)."""

from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from cases.access import require
from core.forms import posted, run_form
from core.locking import carry_version, sent_version

from ..kpis.base import KPIS, ordered
from ..models import Area, Comparator, PopulationCount, Target
from . import importing, selectors, services
from .forms import ImportForm, PopulationImportForm, TargetForm, target_initial

PERMISSION = "portal.manage_reference_data"

IMPORT_PAGES: dict[str, dict[str, Any]] = {
    "population": {
        "heading": "Import school population counts",
        "form": PopulationImportForm,
        "done": "reference:population",
        "intro": [
            "One row per council, census year and phase: the January school census count of "
            "pupils, and where published the pupils with a statement or EHC plan and the pupils "
            "on SEN support. These are the denominators of the PREV and SUPP KPIs, and the "
            "figures of the comparison table.",
            "Council, year and pupils are required; la_code, phase (all, primary, secondary, "
            "special; blank means all), with_plan and sen_support are optional. Published "
            "tables' own column names are read too: total_pupils, pupils_with_statements and "
            "published_percent, as in Stockport's appendix of pupils with statements.",
            "A row for a council, year and phase already stored updates it; any other row "
            "adds one.",
        ],
    },
    "comparators": {
        "heading": "Import comparator values",
        "form": ImportForm,
        "done": "reference:comparators",
        "intro": [
            "One row per KPI, year and area: the value another area published. The area is "
            "neighbours (the statistical-neighbour average), england, region or council (a "
            "named council); a region or council needs its name in area_name.",
            "A percentage KPI's value must be from 0 to 100. A file with no kpi column but "
            "with la_name, year and published_percent (a published table of councils' % of "
            "pupils with a statement or plan) is read as named councils' PREV values.",
            "A row for a KPI, year and area already stored updates it; any other row adds one.",
        ],
    },
    "targets": {
        "heading": "Import targets",
        "form": ImportForm,
        "done": "reference:targets",
        "intro": [
            "One row per KPI and year: the target, in the KPI's unit, and the tolerance by "
            "which the KPI may miss it and still be amber (0 when blank). Baseline, "
            "baseline_year and note are optional.",
            "A row for a KPI and year already stored updates that target (the change is kept "
            "in its history); any other row adds one.",
        ],
    },
}


def manager_page(view):
    """Signed in (else to the sign-in page) and allowed to manage reference data (else 403)."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        require(request.user, PERMISSION)
        return view(request, *args, **kwargs)

    return wrapped


@require_safe
@manager_page
def index(request):
    return render(
        request,
        "reporting/reference/index.html",
        {
            "years": selectors.reference_summary(),
            "totals": {
                "population": PopulationCount.objects.count(),
                "comparators": Comparator.objects.count(),
                "targets": Target.objects.count(),
            },
        },
    )


def _chosen_year(request, years: list[int]) -> int | None:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return None
    return year if year in years else None


def _years(model) -> list[int]:
    return list(model.objects.order_by("-year").values_list("year", flat=True).distinct())


@require_safe
@manager_page
def population_list(request):
    years = _years(PopulationCount)
    year = _chosen_year(request, years) or (years[0] if years else None)
    rows = PopulationCount.objects.filter(year=year).order_by("la_name", "phase")
    return render(
        request,
        "reporting/reference/population.html",
        {
            "years": years,
            "year": year,
            "rows": [
                {"count": row, "percent": selectors.percent_of(row.with_plan, row.pupils)}
                for row in rows
            ],
        },
    )


@require_safe
@manager_page
def comparator_list(request):
    years = _years(Comparator)
    year = _chosen_year(request, years) or (years[0] if years else None)
    rows = Comparator.objects.filter(year=year)
    return render(
        request,
        "reporting/reference/comparators.html",
        {
            "years": years,
            "year": year,
            "rows": [
                {"row": row, "title": KPIS[row.kpi].title if row.kpi in KPIS else ""}
                for row in rows
            ],
            "areas": Area,
        },
    )


@require_safe
@manager_page
def prevalence(request):
    table = selectors.prevalence_table()
    return render(request, "reporting/reference/prevalence.html", {"table": table})


@require_http_methods(["GET", "POST"])
@manager_page
def upload(request, kind: str):
    if kind not in IMPORT_PAGES:
        raise Http404
    page = IMPORT_PAGES[kind]
    data = posted(request)
    form = page["form"](data, request.FILES if data is not None else None)
    problems = []
    if request.method == "POST" and form.is_valid():
        uploaded = form.cleaned_data["file"]
        options = {}
        if kind == "population":
            options["record_percentages"] = form.cleaned_data["record_percentages"]
        if kind in ("population", "comparators"):
            options["source"] = f"Imported from {uploaded.name}"
        try:
            result = importing.run_import(kind, data=uploaded.read(), by=request.user, **options)
        except importing.ImportRefused as refused:
            problems = refused.lines
            form.add_error(
                "file",
                f"The file was not imported: {len(problems)} problem"
                f"{'s' if len(problems) != 1 else ''} to fix (listed below)",
            )
        else:
            messages.success(request, f"Import finished: {result.summary}")
            return redirect(page["done"])
    layout = importing.LAYOUTS[kind]
    return render(
        request,
        "reporting/reference/import.html",
        {
            "form": form,
            "problems": problems,
            "kind": kind,
            "heading": page["heading"],
            "intro": page["intro"],
            "columns": layout.columns,
            "required": layout.required,
            "template_url": reverse("reference:template", args=[kind]),
            "back_url": reverse(page["done"]),
            "kpis": ordered() if kind != "population" else [],
            "areas": Area.choices if kind == "comparators" else [],
        },
    )


@require_safe
@manager_page
def template(request, kind: str):
    if kind not in importing.LAYOUTS:
        raise Http404
    response = HttpResponse(importing.template_csv(kind), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{kind}-template.csv"'
    return response


@require_safe
@manager_page
def target_list(request):
    targets = Target.objects.select_related("updated_by").order_by("-year", "kpi")
    position = {indicator.code: index for index, indicator in enumerate(ordered())}
    by_year: dict[int, list] = {}
    for target in targets:
        indicator = KPIS.get(target.kpi)
        by_year.setdefault(target.year, []).append(
            {
                "target": target,
                "title": indicator.title if indicator else "",
                "unit": indicator.unit if indicator else "",
                "better": indicator.better if indicator else "",
            }
        )
    for rows in by_year.values():
        rows.sort(key=lambda row: position.get(row["target"].kpi, len(position)))
    return render(
        request,
        "reporting/reference/targets.html",
        {"groups": [{"year": year, "rows": rows} for year, rows in by_year.items()]},
    )


def _target_page(request, form, *, target, heading):
    def save(form):
        services.save_target(
            by=request.user,
            fields=form.target_fields(),
            target=target,
            version=sent_version(form) if target is not None else None,
        )
        return reverse("reference:targets")

    answer = run_form(request, form, save, "Target saved")
    if answer is not None:
        return answer
    return render(
        request,
        "reporting/reference/target_form.html",
        {
            "form": form,
            "heading": heading,
            "target": target,
            "history": services.target_history(target) if target else [],
            "back_url": reverse("reference:targets"),
        },
    )


@require_http_methods(["GET", "POST"])
@manager_page
def target_new(request):
    initial = {"kpi": request.GET.get("kpi", ""), "year": request.GET.get("year", "")}
    form = TargetForm(posted(request), initial=initial)
    return _target_page(request, form, target=None, heading="Add a target")


@require_http_methods(["GET", "POST"])
@manager_page
def target_edit(request, pk: int):
    target = get_object_or_404(Target, pk=pk)
    form = carry_version(TargetForm(posted(request), initial=target_initial(target)), target)
    return _target_page(
        request, form, target=target, heading=f"Change the {target.kpi} target for {target.year}"
    )


@require_http_methods(["GET", "POST"])
@manager_page
def target_delete(request, pk: int):
    """GET asks; only POST deletes (a link or a prefetch must never delete anything)."""
    target = get_object_or_404(Target, pk=pk)
    if request.method == "POST":
        services.delete_target(by=request.user, target=target)
        messages.success(request, f"The {target.kpi} target for {target.year} was deleted")
        return redirect("reference:targets")
    indicator = KPIS.get(target.kpi)
    return render(
        request,
        "reporting/reference/target_delete.html",
        {
            "target": target,
            "title": indicator.title if indicator else "",
            "back_url": reverse("reference:target_edit", args=[target.pk]),
        },
    )
