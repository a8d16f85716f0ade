from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone

from cases.home import MINE, TEAM, caseload_url, home_work
from cases.selectors import caseload
from reporting.dashboard.selectors import Scope, against_targets, period_for, tiles


@login_required
def home(request):
    """Each role lands where its work is: a caseworker on what is due across their children, a
    team manager on the same across their teams with their dashboard's headlines, a head of
    service on the dashboard."""
    user = request.user
    if user.has_perm("portal.view_caseload") and not user.is_head_of_service:
        today = timezone.localdate()
        scope = TEAM if user.is_team_manager else MINE
        context = {
            "scope": scope,
            "caseload_url": caseload_url(scope),
            "work": home_work(user, scope=scope, today=today, now=timezone.now()),
            "my_cases": caseload(user, scope="mine").count(),
            "team_cases": caseload(user, scope="team").count(),
        }
        if user.has_perm("portal.view_dashboard"):
            context.update(_tiles(user, today))
        return render(request, "home.html", context)
    if user.has_perm("portal.view_dashboard"):
        return redirect("dashboard")
    if user.has_perm("portal.administer"):
        return redirect("admin:index")
    if user.has_perm("portal.review_retention"):
        return redirect("records:retention")
    return render(request, "home.html", {"no_role": True})


def _tiles(user, today) -> dict:
    """The dashboard's headline tiles for this year to date, for the user's teams."""
    year = today.year
    headline = tiles(period_for(year, today=today), Scope.of(user))
    against_targets(headline, year)
    return {"tiles": headline, "year": year}
