"""Board reports: the list, asking for one, watching it build, reading it and downloading it,
changing its words, building it again, deleting it.

Who: `portal.run_board_report` (team managers and heads of service), checked on every view. A
board report holds council-wide aggregates and no child's details, so every manager may see
every report, whoever asked for it: a paper is often drafted by one manager and presented by
another.
"""

from datetime import timedelta
from typing import Any

from csp.decorators import csp_update
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import FileResponse, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from cases.access import require
from core.forms import add_service_errors, posted
from core.locking import StaleEdit, carry_version, sent_version
from reporting.models import BoardReport

from . import content, files
from . import render as paper
from .forms import EditWordsForm, NewReportForm
from .services import change_words, enqueue, requeue

PERMISSION = "portal.run_board_report"
Status = BoardReport.Status
# A report still "running" this long after it was asked for has lost its worker.
STUCK_AFTER = timedelta(hours=1)
DOWNLOADS = {
    "pdf": ("application/pdf", "PDF for the committee pack"),
    "html": ("text/html; charset=utf-8", "HTML page"),
    "csv": ("text/csv; charset=utf-8", "KPI table as CSV"),
    "xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "Spreadsheet (XLSX): KPIs, appendix and chart figures",
    ),
}


def _report(request, pk: int, *, charts: bool = False) -> BoardReport:
    require(request.user, PERMISSION)
    reports = BoardReport.objects.select_related("requested_by")
    return get_object_or_404(reports if charts else reports.defer("chart_svgs"), pk=pk)


def can_retry(report: BoardReport) -> bool:
    if report.status == Status.FAILED:
        return True
    waiting = report.status in (Status.QUEUED, Status.RUNNING)
    return waiting and timezone.now() - report.requested_at > STUCK_AFTER


def status_data(report: BoardReport) -> dict:
    """What the progress page shows, for the page itself and for its polling script."""
    kpis = max(report.steps - 2, 0)
    if report.status == Status.QUEUED:
        label = "Waiting for a worker to start the report"
    elif report.status == Status.RUNNING and report.steps and report.progress <= kpis:
        label = f"{report.progress} of {kpis} KPIs computed"
    elif report.status == Status.RUNNING and report.content:
        label = "Making the PDF, HTML, CSV and XLSX downloads"
    elif report.status == Status.RUNNING:
        label = "Drafting the charts and the appendix"
    elif report.status == Status.READY:
        label = "The report is ready"
    else:
        label = report.error or "The report could not be built"
    return {
        "status": report.status,
        "progress": report.progress,
        "steps": report.steps,
        "percent": report.percent_done,
        "label": label,
        "done": report.status in (Status.READY, Status.FAILED),
    }


@login_required
@require_safe
def report_list(request):
    require(request.user, PERMISSION)
    reports = BoardReport.objects.select_related("requested_by").defer("content", "chart_svgs")
    return render(request, "reporting/board/list.html", {"reports": reports})


@login_required
@require_http_methods(["GET", "POST"])
def report_new(request):
    require(request.user, PERMISSION)
    form = NewReportForm(
        posted(request), user=request.user, comparator_names=content.comparator_names()
    )
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            report = form.report(by=request.user)
            report.save()
            enqueue(report)
        return redirect("board:detail", pk=report.pk)
    return render(request, "reporting/board/form.html", {"form": form})


@login_required
@require_safe
def report_detail(request, pk: int):
    report = _report(request, pk, charts=True)
    context: dict[str, Any] = {
        "report": report,
        "state": status_data(report),
        "can_retry": can_retry(report),
        "downloads": [
            {"extension": ext, "label": label, "url": reverse("board:download", args=[pk, ext])}
            for ext, (_type, label) in DOWNLOADS.items()
        ],
    }
    if report.status == Status.READY:
        made = files.files_made(report)
        for download in context["downloads"]:
            download["preparing"] = download["extension"] not in made
        drawn = paper.charts_kept(report)
        if len(made) < len(DOWNLOADS) or not drawn:  # built before they were kept
            files.queue_files(report)
        context.update(paper.paper_context(report))
    return render(request, "reporting/board/detail.html", context)


@login_required
@require_safe
def report_status(request, pk: int):
    return JsonResponse(status_data(_report(request, pk)))


@login_required
@require_safe
def report_download(request, pk: int, extension: str):
    """Stream the stored file. Never renders: a missing or stale file (a report built before
    files were kept, or whose words just changed) is queued for the worker, and the page says
    it is being prepared."""
    require(request.user, PERMISSION)
    stored = files.current_file(pk, extension) if extension in DOWNLOADS else None
    if stored is not None:
        try:
            body = stored.file.open("rb")
        except FileNotFoundError:  # lost from the disk (a restore without media): make again
            stored.delete()
        else:
            response = FileResponse(
                body,
                as_attachment=extension != "html",
                filename=stored.filename,
                content_type=DOWNLOADS[extension][0],
            )
            # The decorator only marks the response, which it is handed in place of the request.
            return _self_contained_page(response) if extension == "html" else response  # type: ignore[arg-type]
    report = _report(request, pk)
    if report.status != Status.READY or extension not in DOWNLOADS:
        messages.error(request, "The report is not ready to download yet")
        return redirect("board:detail", pk=pk)
    files.queue_files(report)
    context = {
        "report": report,
        "label": DOWNLOADS[extension][1],
        "made": len(files.files_made(report)),
        "total": len(DOWNLOADS),
    }
    preparing = render(request, "reporting/board/preparing.html", context, status=202)
    preparing["Refresh"] = "5"
    return preparing


# The HTML paper is one page with its styles inline, so that it reads the same saved to disk:
# its response alone may use inline style, and in a sandbox, so it runs no script at all.
@csp_update({"style-src": "'unsafe-inline'", "sandbox": True})  # type: ignore[arg-type]
def _self_contained_page(response: HttpResponse) -> HttpResponse:
    return response


@login_required
@require_http_methods(["GET", "POST"])
def report_edit(request, pk: int):
    report = _report(request, pk)
    form = carry_version(EditWordsForm(posted(request), report=report), report)
    if request.method == "POST" and form.is_valid():
        fields = [*EditWordsForm.FIELDS, "recommendations"]
        try:
            change_words(
                report=report,
                version=sent_version(form),
                **{name: form.cleaned_data[name] for name in fields},
            )
        except StaleEdit as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The paper's words were saved; the figures are unchanged")
            return redirect("board:detail", pk=pk)
    return render(request, "reporting/board/edit.html", {"form": form, "report": report})


@login_required
@require_POST
def report_retry(request, pk: int):
    report = _report(request, pk)
    if not can_retry(report):
        messages.error(request, "The report is still being built")
    else:
        with transaction.atomic():
            requeue(report)
    return redirect("board:detail", pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def report_delete(request, pk: int):
    report = _report(request, pk)
    if request.method == "POST":
        report.delete()
        messages.success(request, f"The report “{report.title}” was deleted")
        return redirect("board:list")
    return render(request, "reporting/board/delete.html", {"report": report})
