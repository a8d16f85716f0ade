"""Refuse any request whose form, query or upload name holds a NUL character, before a view runs.

NUL never occurs in text a person types, and PostgreSQL cannot store it in a text column: a value
with one that reached a query would end in a server error ("A string literal cannot contain NUL
characters") wherever a form does not happen to check for it. One check here covers every form,
filter, import and upload, present and future, with a message the person can act on.
"""

import logging

from django.shortcuts import render

logger = logging.getLogger(__name__)
NUL = "\x00"
MESSAGE = (
    "Something you entered, pasted or uploaded has a hidden 'null' character in it, which the "
    "service cannot store. Nothing was saved. Retype the text (rather than pasting it), or "
    "rename the file, and try again."
)


def null_character_in(request) -> str | None:
    """Where the first NUL is ("query", "form" or "file name"), or None."""
    if _has_nul(request.GET.lists()):
        return "query"
    if request.method in ("POST", "PUT", "PATCH"):
        if _has_nul(request.POST.lists()):
            return "form"
        names = [(key, [f.name or "" for f in files]) for key, files in request.FILES.lists()]
        if _has_nul(names):
            return "file name"
    return None


def _has_nul(items) -> bool:
    return any(NUL in key or any(NUL in value for value in values) for key, values in items)


class RejectNullCharactersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        where = null_character_in(request)
        if where is None:
            return self.get_response(request)
        # The path holds ids only; the values themselves are never logged.
        logger.warning("refused a %s with a null character in its %s", request.method, where)
        return render(
            request,
            "bad_request.html",
            {"heading": "There is a problem with what was sent", "message": MESSAGE},
            status=400,
        )
