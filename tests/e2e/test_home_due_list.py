"""The home page's due list in a real Chromium (issue 19): a caseworker with a late request sees
it overdue, red, with its open alert counted on the Alerts item of the navigation, and goes
from the line straight to the form that records the step."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.roles import CASEWORKER
from cases.services import assessment as assessment_services
from tests.factories import ChildFactory, TeamFactory, UserFactory

from .conftest import axe_violations, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_caseworker_goes_from_an_overdue_line_to_its_form(live_server, page):
    team = TeamFactory(name="North team")
    casey = UserFactory(username="casey", role=CASEWORKER, teams=[team])
    child = ChildFactory(first_name="Ayo", last_name="Bello", team=team, lead_caseworker=casey)
    # Received 8 weeks ago: the decision whether to assess (6 weeks) is overdue. No scan has
    # run: recording the request raised its alert.
    assessment_services.record_request(
        child=child,
        by=casey,
        regime="ehcp",
        source="parent",
        received_on=timezone.localdate() - timedelta(weeks=8),
    )

    sign_in(page, live_server, "casey")
    overdue = page.get_by_test_id("due-overdue")
    line = overdue.get_by_test_id("due-line").first
    assert "Ayo Bello" in line.inner_text()
    assert "Decide whether to assess" in line.inner_text()
    assert "Overdue" in line.locator(".govuk-tag--red").inner_text()
    assert page.get_by_test_id("due-today-empty").inner_text() == "Nothing due today."
    assert "Decide whether to assess" in page.get_by_test_id("home-alerts").inner_text()
    # The count is on the Alerts item, read as "Alerts, 1 open".
    nav = page.get_by_role("navigation", name="Primary navigation")
    alerts_link = nav.get_by_test_id("alert-count")
    assert alerts_link.evaluate("a => a.textContent.replace(/\\s+/g, ' ')") == "Alerts, 1 open", (
        alerts_link.evaluate("a => a.textContent")
    )
    # Chromium names it "Alerts , 1 open": the hidden comma is a span of its own.
    named = nav.get_by_role("link", name=re.compile(r"^Alerts\s*,\s*1\s*open$"))
    assert named.count() == 1, nav.aria_snapshot()
    assert axe_violations(page) == []
    assert page.console_errors == []

    line.get_by_test_id("step-link").click()
    page.wait_for_url("**/decision/")
    assert page.get_by_role("heading", name="Record the decision whether to assess").is_visible()
