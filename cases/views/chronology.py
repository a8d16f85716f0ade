"""The Chronology tab: events, notes and documents on one timeline; adding a case note."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_http_methods

from cases.access import access_child
from cases.pages import child_context
from core.forms import add_service_errors, posted

from ..forms.notes import NoteForm
from ..history import CHRONOLOGY_TYPES, chronology_page
from ..services.notes import add_note


@login_required
def chronology(request, pk: int):
    child = access_child(request, pk)
    # One type or all: a single value survives the shared pagination links.
    chosen = request.GET.get("type", "")
    types = [chosen] if chosen in CHRONOLOGY_TYPES else []
    return render(
        request,
        "cases/chronology.html",
        child_context(
            request,
            child,
            page=chronology_page(child=child, types=types, page=request.GET.get("page")),
            types=CHRONOLOGY_TYPES,
            chosen=types[0] if types else "",
            can_edit=request.user.has_perm("cases.change_child_record", child),
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def note_new(request, pk: int):
    child = access_child(request, pk, edit=True)
    form = NoteForm(posted(request) or None)
    if request.method == "POST" and form.is_valid():
        try:
            add_note(child=child, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Note added to the chronology")
            return redirect("cases:chronology", pk=child.pk)
    return render(request, "cases/note_form.html", child_context(request, child, form=form))


urlpatterns = [
    path("children/<id:pk>/chronology/", chronology, name="chronology"),
    path("children/<id:pk>/chronology/notes/new/", note_new, name="note_new"),
]
