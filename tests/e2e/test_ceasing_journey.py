"""Ceasing a plan in a real Chromium: a caseworker proposes ceasing a young person's plan, records
the consultation and sends the notice, sees the appeal window's closing date with the plan still
in force, and (the window having closed) records the plan ceased through check-your-answers."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.roles import CASEWORKER
from cases.statutory import add_months
from plans.services import lifecycle
from tests.factories import TEST_PASSWORD, ChildFactory, TeamFactory, UserFactory

from .conftest import axe_violations
from .test_assessment_journey import fill_date

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_caseworker_ceases_a_young_persons_plan_step_by_step(live_server, page):
    team = TeamFactory(name="North team")
    casey = UserFactory(
        username="casey", first_name="Casey", last_name="Walker", role=CASEWORKER, teams=[team]
    )
    today = timezone.localdate()
    child = ChildFactory(
        first_name="Jordan",
        last_name="Ellis",
        date_of_birth=today.replace(year=today.year - 20, month=1, day=1),
        team=team,
        lead_caseworker=casey,
    )
    plan = lifecycle.record_existing_plan(
        child=child, by=casey, kind="ehc_plan", issued_on=today - timedelta(days=700)
    )
    proposed = today - timedelta(days=100)
    consulted = today - timedelta(days=90)
    notice = today - timedelta(days=75)
    window_closes = add_months(notice, 2)

    page.goto(f"{live_server.url}/sign-in/")
    page.get_by_label("Username").fill("casey")
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{live_server.url}{plan.get_absolute_url()}")

    # The proposal, with the SEN2 reason (reg 31(1)(a)).
    page.get_by_role("link", name="Propose ceasing the plan").click()
    fill_date(page, "proposed_on", proposed)
    page.get_by_label("Moved on to higher education").check()
    page.get_by_role("button", name="Record the proposal").click()
    assert "Ceasing: proposed" in page.get_by_test_id("ceasing-status").inner_text()

    # The family and the college consulted (reg 31(1)(b)-(c)).
    page.get_by_role("link", name="Record the consultation").click()
    fill_date(page, "family_consulted_on", consulted)
    fill_date(page, "institution_consulted_on", consulted)
    page.get_by_role("button", name="Record the consultation").click()

    # The decision and notice: at 20 the outcomes must be answered (s45(3)).
    page.get_by_role("link", name="Record the decision to cease").click()
    fill_date(page, "decided_on", notice)
    fill_date(page, "notice_on", notice)
    fill_date(page, "intended_on", notice + timedelta(days=14))
    page.get_by_role("button", name="Continue").click()
    assert "s45(3)" in page.locator(".govuk-error-summary").inner_text()
    page.get_by_label("Achieved", exact=True).check()
    page.get_by_role("button", name="Continue").click()
    # Check your answers: the appeal window and the day the plan may cease, then confirm.
    assert f"until {window_closes:%-d %B %Y}" in page.get_by_test_id("consequences").inner_text()
    page.get_by_role("button", name="Record the decision to cease").click()

    # The plan is still in force, with the appeal window's last day shown.
    assert page.get_by_test_id("plan-status").inner_text() == "Final"
    closes = f"{window_closes:%-d %B %Y}"
    assert page.get_by_test_id("ceasing-status").inner_text() == (
        f"Ceasing: appeal window closed {closes}, plan to cease"
    )
    assert closes in page.get_by_test_id("appeal-window").inner_text()
    assert axe_violations(page) == []

    # The window has closed: record the plan ceased, checking the answers first.
    page.get_by_role("link", name="Record the plan ceased").click()
    fill_date(page, "ceases_on", window_closes)
    page.get_by_role("button", name="Continue").click()
    assert "can cease from" in page.locator(".govuk-error-summary").inner_text()
    ceases = window_closes + timedelta(days=1)
    fill_date(page, "ceases_on", ceases)
    page.get_by_role("button", name="Continue").click()
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Check your answers before ceasing the plan"
    )
    assert page.get_by_test_id("ceases-on").inner_text() == f"{ceases:%-d %B %Y}"
    assert axe_violations(page) == []
    page.get_by_role("button", name="Cease the plan").click()

    assert page.get_by_test_id("plan-status").inner_text() == "Ceased"
    assert f"Ceased {ceases:%-d %B %Y}" in page.get_by_test_id("cessation").inner_text()
    assert page.get_by_test_id("ceasing-status").count() == 0
    assert page.console_errors == []
