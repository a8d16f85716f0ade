from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from simple_history.admin import SimpleHistoryAdmin

from .models import Team, User


@admin.register(User)
class UserAdmin(SimpleHistoryAdmin, BaseUserAdmin):
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        ("Casework", {"fields": ("job_title", "teams")}),
    )
    filter_horizontal = ("groups", "user_permissions", "teams")
    list_display = ("username", "first_name", "last_name", "email", "is_active")
    list_filter = ("groups", "teams", "is_active")


@admin.register(Team)
class TeamAdmin(SimpleHistoryAdmin):
    list_display = ("name", "description")
    search_fields = ("name",)
