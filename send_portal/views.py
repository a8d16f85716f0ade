from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from cases.selectors import caseload


@login_required
def home(request):
    """Each role lands where its work is: caseworkers on their cases, managers on figures."""
    user = request.user
    if user.has_perm("portal.view_caseload") and not user.is_head_of_service:
        context = {
            "my_cases": caseload(user, scope="mine").count(),
            "team_cases": caseload(user, scope="team").count(),
        }
        return render(request, "home.html", context)
    if user.has_perm("portal.view_dashboard"):
        return redirect("dashboard")
    if user.has_perm("portal.administer"):
        return redirect("admin:index")
    if user.has_perm("portal.review_retention"):
        return redirect("records:retention")
    return render(request, "home.html", {"no_role": True})
