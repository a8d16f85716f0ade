"""What every page of a child's record shows around its own content: the child and its tabs.

Other apps add tabs (cases.extensions) and render their pages inside the record with
`child_context`."""

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

from .extensions import CHILD_TABS
from .models import Child


def child_tabs(request: HttpRequest, child: Child) -> list[dict]:
    tabs = []
    for label, name in CHILD_TABS:
        try:
            url = reverse(name, args=[child.pk])
        except NoReverseMatch:
            continue
        tabs.append({"label": label, "url": url, "current": request.path == url})
    return tabs


def child_context(request: HttpRequest, child: Child, **extra) -> dict:
    """The child and the tabs, with the page's own context."""
    return {"child": child, "child_tabs": child_tabs(request, child), **extra}
