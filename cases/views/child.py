from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_safe

from cases.access import access_child
from cases.pages import child_context

from ..extensions import child_panels
from ..models import Child, RecordView
from ..presentation import status_tag
from ..services.lookups import may_see_holder


@login_required
@require_safe
def child_detail(request, pk: int):
    child = get_object_or_404(Child.objects.select_related("team", "lead_caseworker"), pk=pk)
    if not request.user.has_perm("cases.view_child_record", child):
        return _limited(request, child)
    child = access_child(request, pk)
    today = timezone.localdate()
    open_deadlines = [
        {"deadline": d, "status": status_tag(d.status(today))}
        for d in child.deadlines.open().select_related("request")[:5]
    ]
    current = child.requests.exclude(stage__in=["closed"]).first()
    return render(
        request,
        "cases/child.html",
        child_context(
            request,
            child,
            current_request=current,
            open_deadlines=open_deadlines,
            allocations=child.allocations.select_related("team", "lead_caseworker", "changed_by"),
            can_edit=request.user.has_perm("cases.change_child_record", child),
            panels=child_panels(request, child),
        ),
    )


def _limited(request, child):
    """Need to know: a caseworker may learn that another team holds the child, and whom to
    call, so as not to open a duplicate record, and nothing more; and only after finding the
    child by a precise search (services.lookups), so that walking ids finds nothing."""
    if not request.user.has_perm("portal.view_children"):
        raise PermissionDenied
    if not may_see_holder(request.user, child):
        raise Http404
    RecordView.objects.create(child=child, user=request.user, path=request.path[:255])
    return render(request, "cases/child_limited.html", {"child": child})


urlpatterns = [
    path("children/<id:pk>/", child_detail, name="child"),
]
