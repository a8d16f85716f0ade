"""The Contacts tab of a child's record: the people around the child, and who held the case."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms.models import model_to_dict
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_http_methods

from accounts.http import AuthenticatedRequest
from cases.access import access_child
from cases.pages import child_context
from core.forms import add_service_errors, posted
from core.locking import carry_version, sent_version

from ..forms.contacts import CONTACT_FIELDS, ContactForm
from ..services import children as services


def _contacts_url(child) -> str:
    return reverse("cases:contacts", args=[child.pk])


@login_required
@require_http_methods(["GET"])
def contact_list(request: HttpRequest, pk: int) -> HttpResponse:
    child = access_child(request, pk)
    return render(
        request,
        "cases/contacts.html",
        child_context(
            request,
            child,
            contacts=child.contacts.all(),
            can_edit=request.user.has_perm("cases.change_child_record", child),
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def contact_new(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    child = access_child(request, pk, edit=True)
    form = ContactForm(posted(request) or None, submit_label="Add contact")
    if request.method == "POST" and form.is_valid():
        contact = services.add_contact(child=child, by=request.user, **form.contact_fields())
        messages.success(request, f"{contact.name} added")
        return redirect(_contacts_url(child))
    return render(
        request, "cases/contact_form.html", child_context(request, child, form=form, contact=None)
    )


@login_required
@require_http_methods(["GET", "POST"])
def contact_edit(request: AuthenticatedRequest, pk: int, contact_pk: int) -> HttpResponse:
    child = access_child(request, pk, edit=True)
    contact = get_object_or_404(child.contacts, pk=contact_pk)
    # Bound to a copy of the stored values, so the service sees what changed.
    form = ContactForm(
        posted(request) or None, initial=model_to_dict(contact, fields=CONTACT_FIELDS)
    )
    carry_version(form, contact)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_contact(
                contact=contact,
                by=request.user,
                version=sent_version(form),
                **form.contact_fields(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{contact.name}'s details saved")
            return redirect(_contacts_url(child))
    return render(
        request,
        "cases/contact_form.html",
        child_context(request, child, form=form, contact=contact),
    )


@login_required
@require_http_methods(["GET", "POST"])
def contact_delete(request: AuthenticatedRequest, pk: int, contact_pk: int) -> HttpResponse:
    """GET asks; only POST removes (a link or a prefetch must never delete anything)."""
    child = access_child(request, pk, edit=True)
    contact = get_object_or_404(child.contacts, pk=contact_pk)
    if request.method == "POST":
        services.remove_contact(contact=contact, by=request.user)
        messages.success(request, f"{contact.name} removed from contacts")
        return redirect(_contacts_url(child))
    return render(
        request, "cases/contact_confirm_delete.html", child_context(request, child, contact=contact)
    )


urlpatterns = [
    path("children/<id:pk>/contacts/", contact_list, name="contacts"),
    path("children/<id:pk>/contacts/new/", contact_new, name="contact_new"),
    path("children/<id:pk>/contacts/<id:contact_pk>/edit/", contact_edit, name="contact_edit"),
    path(
        "children/<id:pk>/contacts/<id:contact_pk>/remove/",
        contact_delete,
        name="contact_delete",
    ),
]
