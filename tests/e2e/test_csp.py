"""The Content Security Policy in a real Chromium: the main pages of a caseworker and of a head
of service load, and their scripts run, with no violation reported, neither as a
`securitypolicyviolation` event in the page nor as a console message."""

from datetime import date

import pytest
from django.urls import reverse

from accounts.roles import CASEWORKER, HEAD_OF_SERVICE
from reporting.board.content import build_report_content
from reporting.models import BoardReport
from tests.factories import ChildFactory, TeamFactory, UserFactory

from .conftest import sign_in as form_sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# Added by Playwright before any page script runs (not subject to the page's own policy).
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(
    `${event.violatedDirective} blocked ${event.blockedURI || "inline"} ` +
    `at ${event.sourceFile}:${event.lineNumber} (${event.sample})`
  );
});
"""


@pytest.fixture
def watched(page):
    """The page, recording CSP violations; `check(page)` returns those of the current page
    and of the console so far."""
    page.context.add_init_script(RECORD_VIOLATIONS)
    console = []
    page.on(
        "console",
        lambda message: ("Content Security Policy" in message.text or "Refused to" in message.text)
        and console.append(message.text),
    )
    page.csp_console = console
    return page


def violations(page) -> list[str]:
    page.wait_for_load_state("load")
    return page.evaluate("window.__cspViolations || []") + page.csp_console


def sign_in(page, live_server, username: str) -> None:
    """Through the real form (and the two-factor code, for a user who needs one), checking
    the sign-in page itself on the way; Chromium's console keeps the violations of every page
    passed through."""
    page.goto(f"{live_server.url}/sign-in/")
    assert violations(page) == []
    form_sign_in(page, live_server, username)
    page.wait_for_url(lambda url: "/sign-in/" not in url)


def test_a_caseworkers_pages_break_no_rule(live_server, watched):
    team = TeamFactory(name="North team")
    casey = UserFactory(username="casey", first_name="Casey", role=CASEWORKER, teams=[team])
    child = ChildFactory(team=team, lead_caseworker=casey, first_name="Amelia", last_name="Stone")

    sign_in(watched, live_server, "casey")
    assert watched.url == f"{live_server.url}/"
    assert violations(watched) == []
    for path in (
        "/caseload/",
        "/children/?q=Stone",
        child.get_absolute_url(),
        reverse("cases:chronology", args=[child.pk]),
        "/children/new/",
    ):
        response = watched.goto(f"{live_server.url}{path}")
        assert response.status == 200, path
        assert violations(watched) == [], path
    # GOV.UK and MOJ Frontend's module scripts ran under the policy.
    assert "govuk-frontend-supported" in watched.locator("body").get_attribute("class")
    assert watched.console_errors == []


def _report(by, **fields) -> BoardReport:
    report = BoardReport(
        title="SEND performance 2024",
        report_to="Scrutiny Committee",
        reporting_officer="Harper Lee",
        period_start=date(2024, 1, 1),
        period_end=date(2024, 12, 31),
        snapshot=date(2025, 1, 16),
        requested_by=by,
        **fields,
    )
    report.save()
    return report


def test_a_head_of_services_dashboard_and_board_report_break_no_rule(live_server, watched):
    harper = UserFactory(username="harper", first_name="Harper", role=HEAD_OF_SERVICE)
    ready = _report(harper, status=BoardReport.Status.READY, steps=1, progress=1)
    ready.content = build_report_content(ready)
    ready.save()
    building = _report(harper, status=BoardReport.Status.RUNNING, steps=10, progress=2)

    sign_in(watched, live_server, "harper")
    watched.goto(f"{live_server.url}/dashboard/")
    assert watched.locator("h1").inner_text() == "Dashboard"
    assert watched.locator("svg.portal-chart").count() >= 1
    assert violations(watched) == []

    watched.goto(live_server.url + reverse("board:detail", args=[ready.pk]))
    assert watched.locator("figure.board-chart svg").count() >= 1
    # The chart shrinks to its column through the stylesheet, not an inline style.
    width = watched.locator("figure.board-chart svg").first.evaluate(
        "svg => getComputedStyle(svg).maxWidth"
    )
    assert width == "100%"
    assert violations(watched) == []

    # The page of a report being built polls its progress from static/js/board-progress.js.
    watched.goto(live_server.url + reverse("board:detail", args=[building.pk]))
    bar = watched.locator("#board-progress-bar")
    assert bar.get_attribute("value") == "2"
    assert bar.evaluate("bar => getComputedStyle(bar).width") != "auto"
    BoardReport.objects.filter(pk=building.pk).update(progress=7)
    watched.wait_for_function(
        "() => document.getElementById('board-progress-bar').value === 7", timeout=10_000
    )
    assert violations(watched) == []
    assert watched.console_errors == []
