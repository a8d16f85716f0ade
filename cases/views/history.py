"""The History tab: who changed what on the child's record, and who has looked at it."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import path

from cases.access import access_child
from cases.pages import child_context

from ..history import RECENT_VIEWS, audit_page, recent_views


@login_required
def history(request, pk: int):
    child = access_child(request, pk)
    return render(
        request,
        "cases/history.html",
        child_context(
            request,
            child,
            page=audit_page(child=child, page=request.GET.get("page")),
            views=recent_views(child=child),
            views_limit=RECENT_VIEWS,
        ),
    )


urlpatterns = [
    path("children/<id:pk>/history/", history, name="history"),
]
