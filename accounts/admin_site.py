"""The admin site, which lets in only staff who have entered a two-factor code this session."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django_otp.admin import OTPAdminSite


class PortalAdminSite(OTPAdminSite):
    site_header = "SEND Portal administration"
    site_title = "SEND Portal administration"

    def __init__(self, name="admin"):
        super().__init__(name)

    def login(self, request, extra_context=None):
        """Everyone signs in on the service's own page, with its lockout and two-factor steps;
        someone signed in but not allowed here gets a 403 rather than a second sign-in form."""
        if request.user.is_authenticated:
            raise PermissionDenied
        next_url = request.GET.get("next") or reverse("admin:index")
        return redirect(f"{reverse('login')}?{urlencode({'next': next_url})}")
