from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from simple_history.admin import SimpleHistoryAdmin

from .models import Team, TwoFactorEvent, User


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


@admin.register(TwoFactorEvent)
class TwoFactorEventAdmin(admin.ModelAdmin):
    """The audit trail of two-factor set-ups and removals: read only, kept whatever happens."""

    list_display = ("at", "user", "kind", "by")
    list_filter = ("kind",)
    search_fields = ("user__username",)
    date_hierarchy = "at"
    list_select_related = ("user", "by")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
