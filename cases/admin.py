"""The administrator's view of the reminder machinery: what is waiting to be sent, and the alerts
the daily scan raised. Both read-only: alerts are dealt with on the alerts page, reminders by
the jobs (cases.services.reminders)."""

from django.contrib import admin
from django.template.defaultfilters import truncatechars

from core.admin import ReadOnlyAdmin

from .models import Alert, ReminderLog


class PendingFilter(admin.SimpleListFilter):
    title = "delivery"
    parameter_name = "delivery"

    def lookups(self, request, model_admin):
        return [
            ("pending", "Pending (claimed or not, not sent)"),
            ("claimed", "Claimed, not sent"),
            ("sent", "Sent"),
        ]

    def queryset(self, request, queryset):
        if self.value() == "pending":
            return queryset.filter(sent_at__isnull=True)
        if self.value() == "claimed":
            return queryset.filter(sent_at__isnull=True, claimed_at__isnull=False)
        if self.value() == "sent":
            return queryset.filter(sent_at__isnull=False)
        return queryset


@admin.register(ReminderLog)
class ReminderLogAdmin(ReadOnlyAdmin):
    list_display = (
        "recipient",
        "kind",
        "for_date",
        "claimed_at",
        "sent_at",
        "attempts",
        "short_error",
    )
    list_filter = (PendingFilter, "kind", "for_date")
    list_select_related = ("recipient",)
    date_hierarchy = "for_date"
    search_fields = ("recipient__username", "recipient__email")

    @admin.display(description="Last error")
    def short_error(self, obj):
        return truncatechars(obj.last_error, 80)


@admin.register(Alert)
class AlertAdmin(ReadOnlyAdmin):
    list_display = (
        "deadline",
        "kind",
        "raised_on",
        "owner",
        "acknowledged_at",
        "acknowledged_by",
        "snoozed_until",
    )
    list_filter = ("kind", "raised_on")
    list_select_related = ("deadline", "owner", "acknowledged_by")
    date_hierarchy = "raised_on"
