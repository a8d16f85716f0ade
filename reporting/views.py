from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from cases.selectors import children_visible_to

from .selectors import headline_figures


@login_required
def dashboard(request):
    if not request.user.has_perm("portal.view_dashboard"):
        raise PermissionDenied
    figures = headline_figures(children_visible_to(request.user))
    return render(request, "reporting/dashboard.html", figures)
