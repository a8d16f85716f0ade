"""The form handling every step page shares, in cases and in the apps above it."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect

from ..forms import add_service_errors


def posted(request):
    """The form data of a POST, even an empty one (so that an empty POST shows the errors
    rather than an unbound form); None for a GET."""
    return request.POST if request.method == "POST" else None


def run_form(request, form, save, done: str):
    """On a valid POST call `save(form)` (a service call) and return a redirect to the URL it
    returns; a service's refusal goes on the form, keeping what was typed. None otherwise."""
    if request.method == "POST" and form.is_valid():
        try:
            next_url = save(form)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, done)
            return redirect(next_url)
    return None
