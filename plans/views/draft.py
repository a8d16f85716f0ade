"""The draft plan as a PDF marked DRAFT, for the family with the draft (reg 13(1)) or with the
proposed amendments: who may see the plan may download it (cases.access, as every plan page)."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_safe

from cases.access import access_child
from cases.pages import child_context

from .. import draft_pdf
from .common import get_plan


@login_required
@require_safe
def draft_pdf_download(request, pk: int, plan_id: int):
    child = access_child(request, pk)
    plan = get_plan(child, plan_id)
    if not plan.is_editable():
        raise Http404("Only a plan being drafted or amended has a draft")  # issued: its versions
    body = draft_pdf.stored_draft(plan)
    if body is None and draft_pdf.prepare_draft(plan):  # rendered here: the queue is down
        body = draft_pdf.stored_draft(plan)
    if body is None:  # the worker has not made it yet
        response = render(
            request,
            "plans/draft_pdf_preparing.html",
            child_context(request, child, plan=plan),
            status=202,
        )
        response["Refresh"] = "3"
        return response
    # The file name travels in emails and download folders: it names the plan, not the child.
    return FileResponse(
        body,
        as_attachment=True,
        filename=f"plan-{plan.pk}-draft.pdf",
        content_type="application/pdf",
    )


urlpatterns = [
    path("children/<id:pk>/plans/<id:plan_id>/draft.pdf", draft_pdf_download, name="draft_pdf"),
]
