"""The Annex A page: what List 1 holds and where each column comes from, and the download (with
an optional supplement CSV). Heads of service only (`portal.produce_annex_a`); every download
is recorded (models.AnnexAProduction)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from cases.access import require, visible_children
from core.uploads import check_upload

from ..models import AnnexAProduction
from .build import children_listed
from .columns import LIST_1
from .render import CONTENT_TYPES, WRITERS
from .services import produce_list1, read_list_supplement
from .supplement import SUPPLEMENT_UPLOAD, SupplementRefused

PERMISSION = "portal.produce_annex_a"


def _page(request, **context):
    day = timezone.localdate()
    children = visible_children(request.user)
    context.setdefault("file_format", "xlsx")
    return render(
        request,
        "reporting/annex_a/list1.html",
        {
            "day": day,
            "row_count": children_listed(day, children),
            "columns": LIST_1,
            "imported": [column for column in LIST_1 if not column.held],
            "recent": AnnexAProduction.objects.select_related("produced_by")[:5],
            **context,
        },
        status=400 if context.get("error") else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def list1(request):
    require(request.user, PERMISSION)
    if request.method == "GET":
        return _page(request)
    file_format = request.POST.get("format", "")
    if file_format not in WRITERS:
        return _page(request, error="Choose Excel workbook or CSV", error_field="format-xlsx")
    day = timezone.localdate()
    children = visible_children(request.user)
    supplement = None
    upload = request.FILES.get("supplement")
    if upload:
        try:
            check_upload(upload, SUPPLEMENT_UPLOAD)
            supplement = read_list_supplement(upload.read(), day=day, children=children)
        except ValidationError as error:
            return _page(
                request, error=error.messages[0], error_field="supplement", file_format=file_format
            )
        except SupplementRefused as refused:
            return _page(
                request,
                error="The supplement was not used: fix the problems listed and upload it again",
                error_field="supplement",
                problems=refused.problems,
                file_format=file_format,
            )
        if supplement.unknown_upns and request.POST.get("ignore_unknown") != "1":
            return _page(
                request,
                error="Some UPNs in the supplement are not children on the list",
                error_field="supplement",
                problems=supplement.unknown_upns,
                ask_ignore=True,
                file_format=file_format,
            )
    produced = produce_list1(
        day=day,
        children=children,
        file_format=file_format,
        channel=AnnexAProduction.Channel.PAGE,
        by=request.user,
        supplement=supplement,
    )
    response = HttpResponse(produced.content, content_type=CONTENT_TYPES[file_format])
    response["Content-Disposition"] = f'attachment; filename="{produced.file_name}"'
    response["Cache-Control"] = "no-store"
    return response
