"""The signed-in user's own settings: how often reminder emails come."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from ..forms import NotificationPreferencesForm


@login_required
def notification_preferences(request):
    form = NotificationPreferencesForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(
            request, f"Reminder emails: {request.user.get_digest_frequency_display().lower()}."
        )
        return redirect("notification_preferences")
    return render(request, "accounts/preferences.html", {"form": form})
