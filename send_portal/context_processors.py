from django.conf import settings
from django.urls import reverse

# (label, url name, permission) in the order they appear; each shows only to those allowed.
PRIMARY_NAVIGATION = [
    ("Caseload", "cases:caseload", "portal.view_caseload"),
    ("Children", "cases:children", "portal.view_children"),
    ("Dashboard", "dashboard", "portal.view_dashboard"),
    ("Reports", "reports", "portal.view_reports"),
    ("Admin", "admin:index", "portal.administer"),
]


def portal(request):
    context = {"COUNCIL_NAME": settings.COUNCIL_NAME, "SERVICE_NAME": settings.SERVICE_NAME}
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return context
    items = []
    for label, url_name, perm in PRIMARY_NAVIGATION:
        if user.has_perm(perm):
            url = reverse(url_name)
            items.append({"label": label, "url": url, "current": request.path.startswith(url)})
    context["primary_navigation"] = items
    context["header_query"] = request.GET.get("q", "") if request.method == "GET" else ""
    return context
