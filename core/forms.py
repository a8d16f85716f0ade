"""Form handling every page shares: the GOV.UK form, a refusal shown on it, a POST run through
a service."""

from collections.abc import Callable
from typing import Any

from crispy_forms.utils import TEMPLATE_PACK
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Size, Submit
from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect

from . import kept_post
from .locking import StaleEdit, show_stale


def add_service_errors(form: BaseForm, error: ValidationError) -> None:
    """Put a service's refusal on the field it names, or at the top of the form."""
    if isinstance(error, StaleEdit):
        # Someone else saved first: show what is saved now beside what was typed.
        show_stale(form, error)
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def posted(request: HttpRequest) -> QueryDict | None:
    """The form data of a POST, even an empty one (so that an empty POST shows the errors
    rather than an unbound form); None for a GET, unless this user's sign-in ran out as they
    posted this form (core.kept_post): the form is then shown holding what they typed."""
    if request.method == "POST":
        return request.POST
    kept = kept_post.take(request)
    if kept is not None:
        messages.info(request, kept_post.RESTORED_MESSAGE)
    return kept


def run_form(
    request: HttpRequest, form: BaseForm, save: Callable[[Any], str], done: str
) -> HttpResponse | None:
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


class GovHelper(FormHelper):
    """crispy-forms-gds' helper, whose label and legend sizes reach a form rendered without a
    layout as the bare size ("s": `class="govuk-label s"`, which styles nothing). Here they are
    GOV.UK's own classes whichever way the form is drawn. Forms are `novalidate`: the service's
    own messages, in GOV.UK's error summary, never the browser's pop-up."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        attrs: dict[str, Any] = getattr(self, "attrs", {})
        self.attrs = {"novalidate": True, **attrs}

    def get_attributes(self, template_pack: str = TEMPLATE_PACK) -> dict[str, Any]:
        items = super().get_attributes(template_pack)
        if self.label_size:
            items["label_size"] = Size.for_label(self.label_size)
        if self.legend_size:
            items["legend_size"] = Size.for_legend(self.legend_size)
        return items


class GovForm(forms.Form):
    """A GOV.UK form: small labels and legends, one submit button (crispy-forms-gds). A step
    form names its button (`submit_label`); a page may rename it when it makes the form."""

    submit_label = "Save"

    def __init__(self, *args: Any, submit_label: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = GovHelper()
        self.helper.label_size = Size.SMALL
        self.helper.legend_size = Size.SMALL
        self.helper.add_input(Submit("submit", submit_label or self.submit_label))
