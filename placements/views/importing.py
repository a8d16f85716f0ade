"""Uploading the settings directory as a CSV file, and the template to fill in."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_http_methods, require_safe

from cases.access import require

from ..codes import SettingType
from ..forms.directory import ImportForm
from ..services.importing import COLUMNS, ImportRefused, import_settings, template_csv
from .common import posted


@login_required
@require_http_methods(["GET", "POST"])
def settings_import(request):
    require(request.user, "placements.change_directory")
    form = ImportForm(posted(request), request.FILES if posted(request) is not None else None)
    problems = []
    if request.method == "POST" and form.is_valid():
        try:
            result = import_settings(data=form.cleaned_data["file"].read(), by=request.user)
        except ImportRefused as refused:
            problems = refused.lines
            form.add_error(
                "file",
                f"The file was not imported: {len(problems)} problem"
                f"{'s' if len(problems) != 1 else ''} to fix (listed below)",
            )
        else:
            messages.success(
                request,
                f"Import finished: {result.created} added, {result.updated} updated, "
                f"{result.unchanged} unchanged",
            )
            return redirect("placements:settings")
    return render(
        request,
        "placements/import.html",
        {
            "form": form,
            "problems": problems,
            "columns": COLUMNS,
            "type_choices": SettingType.choices,
        },
    )


@login_required
@require_safe
def settings_template(request):
    require(request.user, "placements.change_directory")
    response = HttpResponse(template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="settings-template.csv"'
    return response


urlpatterns = [
    path("directory/import/", settings_import, name="settings_import"),
    path("directory/import/template.csv", settings_template, name="settings_template"),
]
