from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from simple_history.admin import SimpleHistoryAdmin

from core.admin import ReadOnlyAdmin

from . import access_changes
from .models import AccessChange, Team, TwoFactorEvent, User


@admin.register(User)
class UserAdmin(SimpleHistoryAdmin, BaseUserAdmin):
    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),
        ("Casework", {"fields": ("job_title", "teams")}),
    )
    filter_horizontal = ("groups", "user_permissions", "teams")
    list_display = ("username", "first_name", "last_name", "email", "is_active")
    list_filter = ("groups", "teams", "is_active")

    def get_readonly_fields(self, request, obj=None):
        refused = access_changes.fields_refused(by=request.user, user=obj)
        return (*super().get_readonly_fields(request, obj), *sorted(refused))

    def save_model(self, request, obj, form, change):
        # Read from the database before the save: the form has already set the new flags.
        form.access_before = access_changes.access_of(obj)
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # A read-only field is left out of the form, but a request is not to be trusted: the
        # change is checked as stored, inside the admin's transaction, so a refusal undoes it.
        user = form.instance
        before = getattr(form, "access_before", None) or access_changes.access_of(None)
        after = access_changes.access_of(user)
        access_changes.check_change(by=request.user, user=user, before=before, after=after)
        access_changes.record_change(by=request.user, user=user, before=before, after=after)

    def user_change_password(self, request, id, form_url=""):
        response = super().user_change_password(request, id, form_url)
        # The page redirects only once the new password is saved.
        if request.method == "POST" and response.status_code == 302:
            user = self.get_object(request, id)
            if user is not None:
                access_changes.record_password_set(by=request.user, user=user)
        return response


@admin.register(AccessChange)
class AccessChangeAdmin(ReadOnlyAdmin):
    """The audit trail of changes to roles, teams and flags: read only, kept whatever happens."""

    list_display = ("at", "user", "what", "before", "after", "by")
    list_filter = ("what",)
    search_fields = ("user__username",)
    date_hierarchy = "at"
    list_select_related = ("user", "by")


@admin.register(Team)
class TeamAdmin(SimpleHistoryAdmin):
    list_display = ("name", "description")
    search_fields = ("name",)


@admin.register(TwoFactorEvent)
class TwoFactorEventAdmin(ReadOnlyAdmin):
    """The audit trail of two-factor set-ups and removals: read only, kept whatever happens."""

    list_display = ("at", "user", "kind", "by")
    list_filter = ("kind",)
    search_fields = ("user__username",)
    date_hierarchy = "at"
    list_select_related = ("user", "by")
