"""A letter as a Word document to download (issue 20), for councils that finish letters in
Word: the draft to work on, or the letter as it went. Only someone who may change the child's
record may take it away to edit."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.views.decorators.http import require_safe

from cases.access import access_child

from .docx import CONTENT_TYPE, letter_docx


def filename_for(letter) -> str:
    """letter-<the child's reference>-<kind>.docx: no personal data, and the caseworker can
    tell which case and which letter it is."""
    return f"letter-{letter.child.reference}-{slugify(letter.kind)}.docx"


@require_safe
@login_required
def letter_docx_download(request, pk: int, letter_id: int):
    child = access_child(request, pk, edit=True)
    letter = get_object_or_404(child.letters.select_related("child"), pk=letter_id)
    response = HttpResponse(letter_docx(letter), content_type=CONTENT_TYPE)
    disposition = content_disposition_header(as_attachment=True, filename=filename_for(letter))
    response["Content-Disposition"] = disposition or "attachment"  # None only if inline, unnamed
    # As for a document on the record: never sniffed into something else, nor kept in a cache.
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
