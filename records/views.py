"""The pages of data subject rights and retention: a child's subject access export (asked for,
watched while the worker builds it, downloaded), the retention report and the reviewed
erasure. The data protection officer's only (accounts.rules)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import (
    require_GET,
    require_http_methods,
    require_POST,
    require_safe,
)

from cases.access import require
from cases.models import Child
from core import public_ids
from core.ids import parse_ids

from .erasure import ErasureRefused, confirm_erasure, review_erasure
from .exports import BUILD_LOST_AFTER, EXPORT_KEPT_FOR, record_download, request_export
from .forms import ConfirmErasureForm, ConfirmExportForm
from .models import Erasure, SubjectAccessExport
from .retention import RETENTION_YEARS, retention_date
from .selectors import children_past_retention, recent_exports

EXPORT = "portal.export_subject_access"
RETENTION = "portal.review_retention"
PAGE_SIZE = 50
# How often the page of an export being built reloads itself (seconds): no script needed.
REFRESH_EVERY = 5


def _posted(request):
    # An empty POST still binds the form, so a missing confirmation is shown as an error.
    return request.POST if request.method == "POST" else None


@login_required
@require_http_methods(["GET", "POST"])
def subject_access(request, pk: int):
    """Ask for a child's export: the worker builds it, and its page shows the progress."""
    require(request.user, EXPORT)
    child = get_object_or_404(Child.objects.select_related("team"), pk=pk)
    form = ConfirmExportForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        export = request_export(child=child, by=request.user)
        return redirect("records:subject_access_export", export.pk)
    return render(
        request,
        "records/subject_access_confirm.html",
        {
            "child": child,
            "form": form,
            "exports": recent_exports(child.pk),
            "kept_days": EXPORT_KEPT_FOR.days,
        },
    )


@login_required
@require_safe
def subject_access_export(request, pk: int):
    require(request.user, EXPORT)
    export = get_object_or_404(
        SubjectAccessExport.objects.select_related("requested_by", "child"), pk=pk
    )
    context = {
        "export": export,
        "exports": recent_exports(export.child_id),
        "stuck": export.is_waiting and timezone.now() - export.requested_at > BUILD_LOST_AFTER,
        "kept_days": EXPORT_KEPT_FOR.days,
    }
    response = render(request, "records/subject_access_export.html", context)
    if export.is_waiting:
        response["Refresh"] = str(REFRESH_EVERY)
    return response


@login_required
@require_GET  # not HEAD: each download is audited, and a HEAD takes nothing away
def subject_access_download(request, pk: int):
    """Stream the stored zip. Never builds: an export not ready goes back to its page."""
    require(request.user, EXPORT)
    export = get_object_or_404(SubjectAccessExport, pk=pk)
    if export.status != SubjectAccessExport.Status.READY or not export.file:
        messages.error(request, "This export has no zip to download")
        return redirect("records:subject_access_export", pk)
    try:
        body = export.file.open("rb")
    except FileNotFoundError:
        messages.error(request, "The zip of this export was not found: ask for the export again")
        return redirect("records:subject_access_export", pk)
    record_download(export=export, by=request.user)
    return FileResponse(
        body, as_attachment=True, filename=export.filename, content_type="application/zip"
    )


@login_required
@require_safe
def subject_access_find(request):
    """The data protection officer opens no child's file, so reaches an export by the child's
    record reference (the public id in the address of the child's pages), given with the
    request."""
    require(request.user, EXPORT)
    error = ""
    if "child" in request.GET:
        child_id = public_ids.find_in(request.GET["child"])
        if child_id is None:
            error = "Enter the child's record reference, like z77jttkl43n6vmyojxi6gvfgzy"
        elif Child.objects.filter(pk=child_id).exists():
            return redirect("records:subject_access", child_id)
        else:
            error = "No child's record has that reference"
    return render(
        request,
        "records/subject_access_find.html",
        {"error": error, "value": request.GET.get("child", "")[:20]},
    )


@login_required
@require_safe
def retention_report(request):
    require(request.user, RETENTION)
    today = timezone.localdate()
    children = children_past_retention(today).select_related("team")
    paginator = Paginator(children, PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    page.elided = list(paginator.get_elided_page_range(page.number, on_each_side=2))
    rows = [
        {
            "child": child,
            "retention_date": retention_date(child.date_of_birth),
            # Names only to those who may open the child's file anyway: the data protection
            # officer works on the records by their numbers.
            "show_name": request.user.has_perm("cases.view_child_record", child),
        }
        for child in page.object_list
    ]
    return render(
        request,
        "records/retention.html",
        {"page": page, "rows": rows, "today": today, "years": RETENTION_YEARS},
    )


@login_required
@require_POST
def erasure_review(request):
    require(request.user, RETENTION)
    chosen = request.POST.getlist("child")
    ids = sorted(parse_ids(chosen))
    try:
        erasure = review_erasure(child_ids=ids, by=request.user)
    except ErasureRefused as refused:
        messages.error(request, str(refused))
        return redirect("records:retention")
    return redirect("records:erasure_confirm", erasure.pk)


@login_required
@require_http_methods(["GET", "POST"])
def erasure_confirm(request, pk: int):
    require(request.user, RETENTION)
    erasure = get_object_or_404(Erasure.objects.select_related("reviewed_by"), pk=pk)
    if erasure.is_confirmed:
        messages.info(request, f"Erasure {erasure.pk} was already confirmed")
        return redirect("records:retention")
    form = ConfirmErasureForm(_posted(request), count=erasure.child_count)
    if request.method == "POST" and form.is_valid():
        try:
            confirm_erasure(erasure=erasure, by=request.user)
        except ErasureRefused as refused:
            messages.error(request, str(refused))
            return redirect("records:retention")
        records = "1 record" if erasure.child_count == 1 else f"{erasure.child_count} records"
        messages.success(request, f"The personal data in {records} was erased")
        return redirect("records:retention")
    child_ids = list(erasure.children.order_by("pk").values_list("pk", flat=True))
    return render(
        request,
        "records/erasure_confirm.html",
        {"erasure": erasure, "form": form, "child_ids": child_ids},
    )
