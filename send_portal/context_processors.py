from functools import cache

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from accounts import two_factor

# (label, url name, permission) in the order they appear; each shows only to those allowed.
PRIMARY_NAVIGATION = [
    ("Caseload", "cases:caseload", "portal.view_caseload"),
    ("Alerts", "cases:alerts", "portal.view_caseload"),
    ("Children", "cases:children", "portal.view_children"),
    ("Schools and settings", "placements:settings", "placements.view_directory"),
    ("Dashboard", "dashboard", "portal.view_dashboard"),
    ("Reports", "reports", "portal.view_reports"),
    ("Records", "records:retention", "portal.review_retention"),
    ("Letters", "letters:wordings", "portal.edit_letter_wording"),
    ("Admin", "admin:index", "portal.administer"),
]


def portal(request):
    context = {"COUNCIL_NAME": settings.COUNCIL_NAME, "SERVICE_NAME": settings.SERVICE_NAME}
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return context
    if two_factor.is_pending(request):
        # Until two-factor sign-in is set up (or its code typed), every page but those and
        # signing out sends the user back there: offer no link that would only do that.
        context["two_factor_pending"] = True
        return context
    items = []
    for label, url_name, perm in PRIMARY_NAVIGATION:
        if user.has_perm(perm):
            url = reverse(url_name)
            items.append(
                {
                    "label": label,
                    "url": url,
                    "current": request.path.startswith(url),
                    # The open alerts are counted on the item that lists them, where a
                    # caseworker looks for them, not beside their name.
                    "counts_alerts": url_name == "cases:alerts",
                }
            )
    context["primary_navigation"] = items
    context["header_query"] = request.GET.get("q", "") if request.method == "GET" else ""
    context["alert_count"] = _alert_count(user)
    return context


def _alert_count(user):
    """The Alerts navigation item's number: one COUNT, run only if a template asks for it (a
    template calls a callable it is given), and at most once per request however often it asks.

    Only caseworkers and team managers own deadlines (a lead caseworker must be one), so for
    heads of service and administrators the badge costs no query at all."""

    @cache
    def count() -> int:
        if not (user.is_caseworker or user.is_team_manager):
            return 0
        from cases.models import Alert

        return Alert.objects.open_for_owner(user, timezone.localdate()).count()

    return count
