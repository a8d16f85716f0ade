"""Only the directory is in the admin: placements, costs and budgets are about a child, and
children's records are read and changed through the service's own pages, where access is
checked and logged."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Setting


@admin.register(Setting)
class SettingAdmin(SimpleHistoryAdmin):
    list_display = ("name", "urn", "ukprn", "setting_type", "la_code", "in_area", "is_open")
    list_filter = ("setting_type", "in_area", "is_open")
    search_fields = ("name", "urn", "ukprn")
    readonly_fields = ("in_area",)

    def save_model(self, request, obj, form, change):
        obj.in_area = Setting.in_area_for(obj.la_code)
        super().save_model(request, obj, form, change)
