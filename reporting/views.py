import csv

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render

from cases.access import visible_children

from .selectors import headline_figures


@login_required
def reports(request):
    if not request.user.has_perm("portal.view_reports"):
        raise PermissionDenied
    return render(request, "reporting/reports.html")


@login_required
def need_breakdown_csv(request):
    """Primary need of the children the user may see, as CSV for a spreadsheet."""
    if not request.user.has_perm("portal.view_reports"):
        raise PermissionDenied
    figures = headline_figures(visible_children(request.user))
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="primary-need.csv"'
    writer = csv.writer(response)
    writer.writerow(["need_code", "need", "children", "percent"])
    for row in figures["need_rows"]:
        writer.writerow([row["code"], row["label"], row["count"], f"{row['share']:.1f}"])
    return response
