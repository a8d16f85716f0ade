"""The SEN2 pages: pre-submission checks with the download, and the import (preview, confirm).
The download and the import need `portal.submit_sen2` (head of service only: the
return names every child, and an administrator reads no child's file); the
checks page is also open to team managers, for their own teams' children
(`cases.access.access_sen2_checks`)."""

import base64
from datetime import date

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from accounts.models import Team
from accounts.rules import refusal
from cases.access import access_sen2_checks, require
from core.ids import parse_id
from core.uploads import check_upload

from ..kpis.base import census_day
from . import rules, years
from .checks import blocks_file, run_checks
from .export import export_return, file_name
from .importing import SEN2_UPLOAD, ImportRefused, import_sen2

PERMISSION = "portal.submit_sen2"
SESSION_KEY = "sen2_import"


def _reference_date(params) -> tuple[date, str]:
    """The reference date from ?day=&month=&year= (or ?date=YYYY-MM-DD), with an error message;
    by default the census day (third Thursday of January) of this year."""
    if params.get("date"):
        try:
            return date.fromisoformat(params["date"]), ""
        except ValueError:
            return census_day(timezone.localdate().year), "Enter a real reference date"
    parts = [params.get(name, "").strip() for name in ("day", "month", "year")]
    if not any(parts):
        return census_day(timezone.localdate().year), ""
    try:
        return date(int(parts[2]), int(parts[1]), int(parts[0])), ""
    except (ValueError, OverflowError):  # a year of 99999999999 overflows before it is checked
        return census_day(timezone.localdate().year), "Enter a real reference date"


def _year_error(day: date) -> str:
    try:
        years.for_reference_date(day)
    except years.UnsupportedYear as error:
        return str(error)
    return ""


@login_required
@require_safe
def check(request):
    """The checks of the whole return, or (for a team manager) of their own teams' children:
    the return is selected council-wide either way, so cross-child checks (duplicates) see
    everyone, and only the problems shown are narrowed."""
    visible = access_sen2_checks(request.user)
    day, date_error = _reference_date(request.GET)
    date_error = date_error or _year_error(day)
    problems, counts, file_blocked = [], None, True
    if not date_error:
        sen2, xml = export_return(day, settings.LA_CODE)
        problems = run_checks(sen2, xml)
        file_blocked = blocks_file(problems) or not sen2.persons
        counts = sen2.counts
        if visible is not None:
            in_return = [person.child.pk for person in sen2.persons]
            ids = set(visible.filter(pk__in=in_return).values_list("pk", flat=True))
            problems = [p for p in problems if p.child_id in ids]
            counts = sen2.counts_for(ids)
    return render(
        request,
        "reporting/sen2/check.html",
        {
            "reference_date": day,
            "date_error": date_error,
            "la_code": settings.LA_CODE,
            "counts": counts,
            "errors": [p for p in problems if p.is_error],
            "warnings": [p for p in problems if not p.is_error],
            "schema_valid": not file_blocked,
            "file_name": file_name(day, settings.LA_CODE),
            "may_produce": visible is None,
            "own_teams_only": visible is not None,
            "refusal": refusal(PERMISSION),
            "rules": rules.RULES,
            "coverage": rules.coverage(),
            "years": years.supported(),
        },
    )


@login_required
@require_safe
def download(request):
    require(request.user, PERMISSION)
    day, date_error = _reference_date(request.GET)
    back = f"{reverse('sen2:check')}?date={day:%Y-%m-%d}"
    date_error = date_error or _year_error(day)
    if date_error:
        messages.error(request, date_error)
        return redirect(back)
    sen2, xml = export_return(day, settings.LA_CODE)
    problems = run_checks(sen2, xml)
    errors = [p for p in problems if p.is_error]
    if blocks_file(problems) or not sen2.persons:
        messages.error(request, "The file would not be valid SEN2: fix the errors first")
        return redirect(back)
    if errors and request.GET.get("anyway") != "1":
        messages.error(
            request,
            f"Not downloaded: {len(errors)} error{'s' if len(errors) != 1 else ''} to fix, or "
            "choose to download anyway for checking",
        )
        return redirect(back)
    response = HttpResponse(xml, content_type="application/xml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{file_name(day, settings.LA_CODE)}"'
    return response


def _teams():
    return list(Team.objects.order_by("name"))


def _chosen_team(value):
    if not value:
        return None
    key = parse_id(str(value))
    return Team.objects.filter(pk=key).first() if key is not None else None


@login_required
@require_http_methods(["GET", "POST"])
def import_file(request):
    """Step 1: upload; the file is read and imported in a rolled-back transaction, and the page
    shows every problem, or what would be created with a button to confirm (step 2)."""
    require(request.user, PERMISSION)
    context = {"teams": _teams(), "problems": [], "result": None, "file_error": ""}
    if request.method == "POST":
        upload = request.FILES.get("file")
        team = _chosen_team(request.POST.get("team"))
        try:
            check_upload(upload, SEN2_UPLOAD)
        except ValidationError as error:
            context["file_error"] = error.messages[0]
        else:
            data = upload.read()
            try:
                result = import_sen2(data, by=request.user, team=team, dry_run=True)
            except ImportRefused as refused:
                context["problems"] = refused.problems
                context["file_error"] = (
                    "The file was not imported: fix the problems listed and upload it again"
                )
            else:
                request.session[SESSION_KEY] = {
                    "data": base64.b64encode(data).decode("ascii"),
                    "team": team.pk if team else None,
                    "name": upload.name,
                }
                context.update(
                    result=result,
                    created=sorted(result.created.items()),
                    existing=sum(result.existing.values()),
                    team=team,
                    name=upload.name,
                )
                return render(request, "reporting/sen2/import_preview.html", context)
    return render(request, "reporting/sen2/import.html", context)


@login_required
@require_http_methods(["POST"])
def import_confirm(request):
    """Step 2: import the file previewed in step 1 (kept in the session)."""
    require(request.user, PERMISSION)
    pending = request.session.get(SESSION_KEY)
    if not pending:
        messages.error(request, "Upload the file again: the preview has expired")
        return redirect("sen2:import")
    data = base64.b64decode(pending["data"])
    try:
        result = import_sen2(data, by=request.user, team=_chosen_team(pending["team"]))
    except ImportRefused as refused:
        del request.session[SESSION_KEY]
        return render(
            request,
            "reporting/sen2/import.html",
            {
                "teams": _teams(),
                "problems": refused.problems,
                "file_error": "The file was not imported: fix the problems listed",
            },
        )
    del request.session[SESSION_KEY]
    messages.success(
        request,
        f"Imported {pending['name']}: {result.total_created} records created"
        + (f", {sum(result.existing.values())} already there" if result.existing else ""),
    )
    return redirect("sen2:import")
