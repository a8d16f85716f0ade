"""Issue 19, point 1, in a real Chromium: the plan's sections open in two tabs; section A saved
in the first, section B in the second. The second is refused, and the form it is shown again
holds the first tab's section A (saved now) with the second tab's section B, so saving it keeps
both. (Before, it held the second tab's stale section A, and saving it wiped the first's work.)"""

from datetime import date

import pytest
from django.urls import reverse

from accounts.roles import CASEWORKER
from cases.services import assessment
from plans.services import lifecycle
from tests.factories import ChildFactory, TeamFactory, UserFactory

from .conftest import axe_violations, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _draft_plan():
    team = TeamFactory(name="North team")
    casey = UserFactory(
        username="casey", first_name="Casey", last_name="Walker", role=CASEWORKER, teams=[team]
    )
    child = ChildFactory(date_of_birth=date(2012, 1, 1), team=team, lead_caseworker=casey)
    request = assessment.record_request(
        child=child, by=casey, regime="ehcp", source="parent", received_on=date(2024, 1, 8)
    )
    for step, on in (("assess", date(2024, 2, 12)), ("issue", date(2024, 4, 1))):
        record = getattr(assessment, f"record_{step}_decision")
        record(request=request, by=casey, decision="yes", decided_on=on)
    assessment.record_draft_sent(request=request, by=casey, sent_on=date(2024, 4, 22))
    return child, lifecycle.start_plan_from_request(request=request, by=casey)


def test_two_tabs_saving_different_sections_lose_neither(live_server, page):
    child, plan = _draft_plan()
    sign_in(page, live_server, "casey")
    url = live_server.url + reverse("plans:sections", args=[child.pk, plan.pk])
    first, second = page, page.context.new_page()
    first.goto(url)
    second.goto(url)

    first.get_by_label("A: views, interests and aspirations").fill("Wants to be a vet.")
    first.get_by_role("button", name="Save sections").click()
    first.wait_for_url(f"**{plan.get_absolute_url()}")

    second.get_by_label("B: special educational needs").fill("Reads aloud to the class.")
    second.get_by_role("button", name="Save sections").click()
    second.get_by_text("What is saved now and what you entered").wait_for()
    assert second.locator(".govuk-error-summary").is_visible()
    assert second.locator(".alert").count() == 0  # no unstyled Bootstrap list
    assert second.get_by_label("A: views, interests and aspirations").input_value() == (
        "Wants to be a vet."
    )
    assert second.get_by_label("B: special educational needs").input_value() == (
        "Reads aloud to the class."
    )
    assert axe_violations(second) == []

    second.get_by_role("button", name="Save sections").click()
    second.wait_for_url(f"**{plan.get_absolute_url()}")
    plan.refresh_from_db()
    assert plan.section_a == "Wants to be a vet."
    assert plan.section_b == "Reads aloud to the class."


def test_two_tabs_changing_the_same_section_must_choose(live_server, page):
    child, plan = _draft_plan()
    sign_in(page, live_server, "casey")
    url = live_server.url + reverse("plans:sections", args=[child.pk, plan.pk])
    first, second = page, page.context.new_page()
    first.goto(url)
    second.goto(url)
    label = "A: views, interests and aspirations"
    first.get_by_label(label, exact=True).fill("Wants to be a vet.")
    first.get_by_role("button", name="Save sections").click()
    first.wait_for_url(f"**{plan.get_absolute_url()}")

    second.get_by_label(label, exact=True).fill("Wants to be a zookeeper.")
    second.get_by_role("button", name="Save sections").click()
    second.get_by_text("Both changed: choose below").wait_for()
    second.get_by_role("button", name="Save sections").click()
    summary = second.locator(".govuk-error-summary")
    summary.get_by_text("Choose whether to keep your answer").wait_for()
    assert axe_violations(second) == []
    second.get_by_label("Keep mine (what is in the box above)").check()
    second.get_by_role("button", name="Save sections").click()
    second.wait_for_url(f"**{plan.get_absolute_url()}")
    plan.refresh_from_db()
    assert plan.section_a == "Wants to be a zookeeper."
