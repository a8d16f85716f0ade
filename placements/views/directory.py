"""The settings directory: find a setting, see who is placed there and what it costs."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from cases.access import require
from core.locking import carry_version, sent_version

from ..forms.directory import DirectoryFilterForm, SettingForm, setting_initial
from ..models import Setting
from ..selectors import cost_summary, setting_children_now, setting_cost_lines
from ..services import directory as services
from ..years import financial_year_label
from .common import chosen_year, paginate, posted, run_form

PAGE_SIZE = 25


@login_required
@require_safe
def setting_list(request):
    require(request.user, "placements.view_directory")
    filters = DirectoryFilterForm(request.GET or None)
    settings = Setting.objects.all()
    if filters.is_valid():
        data = filters.cleaned_data
        settings = settings.search(data["q"])
        if data["type"]:
            settings = settings.filter(setting_type=data["type"])
        if data["area"]:
            settings = settings.filter(in_area=data["area"] == "in")
    filtered = bool(filters.is_bound and any(filters.data.get(k) for k in filters.fields))
    return render(
        request,
        "placements/settings.html",
        {
            "filters": filters,
            "filtered": filtered,
            "page": paginate(request, settings, PAGE_SIZE),
            "can_change": request.user.has_perm("placements.change_directory"),
        },
    )


@login_required
@require_safe
def setting_detail(request, setting_pk: int):
    require(request.user, "placements.view_directory")
    setting = get_object_or_404(Setting, pk=setting_pk)
    placed, others = setting_children_now(setting, user=request.user, today=timezone.localdate())
    lines = setting_cost_lines(setting)
    years = sorted(set(lines.values_list("financial_year", flat=True)), reverse=True)
    year = chosen_year(request, years)
    return render(
        request,
        "placements/setting.html",
        {
            "setting": setting,
            "placed": placed,
            "others": others,
            "summary": cost_summary(lines, year=year),
            "year_choices": [(y, financial_year_label(y)) for y in years],
            "can_change": request.user.has_perm("placements.change_directory"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def setting_new(request):
    require(request.user, "placements.change_directory")
    form = SettingForm(posted(request), submit_label="Add setting")

    def save(form):
        return services.create_setting(by=request.user, **form.setting_fields()).get_absolute_url()

    answer = run_form(request, form, save, "Setting added")
    return answer or render(
        request,
        "placements/setting_form.html",
        {"form": form, "heading": "Add a setting", "back_url": reverse("placements:settings")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def setting_edit(request, setting_pk: int):
    require(request.user, "placements.change_directory")
    setting = get_object_or_404(Setting, pk=setting_pk)
    form = carry_version(SettingForm(posted(request), initial=setting_initial(setting)), setting)

    def save(form):
        services.update_setting(
            setting=setting, by=request.user, version=sent_version(form), **form.setting_fields()
        )
        return setting.get_absolute_url()

    answer = run_form(request, form, save, "Setting saved")
    return answer or render(
        request,
        "placements/setting_form.html",
        {"form": form, "heading": f"Change {setting}", "back_url": setting.get_absolute_url()},
    )


urlpatterns = [
    path("directory/", setting_list, name="settings"),
    path("directory/new/", setting_new, name="setting_new"),
    path("directory/<id:setting_pk>/", setting_detail, name="setting"),
    path("directory/<id:setting_pk>/edit/", setting_edit, name="setting_edit"),
]
