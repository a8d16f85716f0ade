"""The Documents tab: list, upload, download and remove a child's documents."""

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.views.decorators.http import require_http_methods

from cases.access import access_child
from cases.pages import child_context
from core.forms import add_service_errors

from ..forms.documents import DocumentForm
from ..services.documents import remove_document, upload_document

logger = logging.getLogger(__name__)


@login_required
def document_list(request, pk: int):
    child = access_child(request, pk)
    documents = child.documents.select_related("uploaded_by", "request")
    return render(
        request,
        "cases/documents.html",
        child_context(
            request,
            child,
            documents=documents,
            can_edit=request.user.has_perm("cases.change_child_record", child),
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def document_new(request, pk: int):
    child = access_child(request, pk, edit=True)
    form = DocumentForm(request.POST or None, request.FILES or None, child=child)
    if request.method == "POST" and form.is_valid():
        try:
            document = upload_document(
                child=child,
                by=request.user,
                kind=form.cleaned_data["kind"],
                title=form.cleaned_data["title"],
                request=form.cleaned_data.get("request"),
                uploaded_file=form.cleaned_data["file"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"'{document.title}' uploaded")
            return redirect("cases:documents", pk=child.pk)
    return render(request, "cases/document_form.html", child_context(request, child, form=form))


@login_required
def document_download(request, pk: int, document_pk: int):
    # access_child logs the download as a view of the record.
    child = access_child(request, pk)
    document = get_object_or_404(child.documents, pk=document_pk)
    try:
        handle = document.file.open("rb")
    except FileNotFoundError as error:
        logger.warning("document %s has no file in storage", document.pk)
        raise Http404("The file is missing") from error
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=document.original_name,
        content_type=document.content_type,
    )
    # Never let a browser guess a type and render an upload inline, nor keep a copy.
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def document_remove(request, pk: int, document_pk: int):
    child = access_child(request, pk, edit=True)
    document = get_object_or_404(child.documents.select_related("uploaded_by"), pk=document_pk)
    if request.method == "POST":
        title = document.title
        remove_document(document=document, by=request.user)
        messages.success(request, f"'{title}' removed")
        return redirect("cases:documents", pk=child.pk)
    # One template for both of the tab's forms: the upload, and this confirmation.
    return render(
        request, "cases/document_form.html", child_context(request, child, document=document)
    )


urlpatterns = [
    path("children/<id:pk>/documents/", document_list, name="documents"),
    path("children/<id:pk>/documents/new/", document_new, name="document_new"),
    path(
        "children/<id:pk>/documents/<id:document_pk>/",
        document_download,
        name="document_download",
    ),
    path(
        "children/<id:pk>/documents/<id:document_pk>/remove/",
        document_remove,
        name="document_remove",
    ),
]
