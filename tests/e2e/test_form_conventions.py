"""GOV.UK form conventions in a real Chromium (issue 19.11): an empty required form is sent to
the server and answered with GOV.UK's error summary, not stopped by the browser's pop-up; the
date boxes ask for the number pad."""

import pytest
from django.urls import reverse

from accounts.roles import CASEWORKER
from tests.factories import ChildFactory, TeamFactory, UserFactory

from .conftest import axe_violations, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_an_empty_note_gets_the_services_own_messages(live_server, page):
    team = TeamFactory(name="North team")
    casey = UserFactory(username="casey", role=CASEWORKER, teams=[team])
    child = ChildFactory(first_name="Ayo", last_name="Bello", team=team, lead_caseworker=casey)
    sign_in(page, live_server, "casey")
    page.goto(live_server.url + reverse("cases:note_new", args=[child.pk]))
    assert page.locator("form[novalidate]").count() >= 1
    boxes = page.locator("input.govuk-date-input__input")
    assert boxes.count() == 3
    assert all(boxes.nth(i).get_attribute("inputmode") == "numeric" for i in range(3))
    page.locator("form[novalidate] [type=submit]").first.click()
    summary = page.locator(".govuk-error-summary")
    summary.wait_for()
    assert "There is a problem" in summary.inner_text()
    assert axe_violations(page) == []
