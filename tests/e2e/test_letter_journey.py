"""A decision letter in a real Chromium (issue 20): the caseworker records the decision not to
assess, writes the letter the step offers (the reasons are theirs to write: sending is refused
until they have), checks it and sends it; the worker files its PDF, the chronology notes it and
the request shows the day the family was told."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.roles import CASEWORKER
from cases.services import assessment as assessment_services
from letters.models import Letter
from tests.factories import ChildFactory, ContactFactory, TeamFactory, UserFactory

from .conftest import axe_violations, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

REASONS = "Her school has shown it can meet her needs from its own resources."


def fill_date(page, name: str, day) -> None:
    page.locator(f"input[name={name}_0]").fill(str(day.day))
    page.locator(f"input[name={name}_1]").fill(str(day.month))
    page.locator(f"input[name={name}_2]").fill(str(day.year))


def test_caseworker_writes_checks_and_sends_a_decision_letter(
    live_server, page, council_details, eager_worker, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    team = TeamFactory(name="North team")
    casey = UserFactory(username="casey", role=CASEWORKER, teams=[team])
    child = ChildFactory(first_name="Ayo", last_name="Bello", team=team, lead_caseworker=casey)
    ContactFactory(child=child, name="Grace Bello", address="1 Mill Lane\nAnytown\nAN1 2BC")
    today = timezone.localdate()
    request = assessment_services.record_request(
        child=child,
        by=casey,
        regime="ehcp",
        source="parent",
        received_on=today - timedelta(weeks=5),
    )

    sign_in(page, live_server, "casey")
    page.goto(f"{live_server.url}{request.get_absolute_url()}")
    page.get_by_role("link", name="Record the decision whether to assess").click()
    page.get_by_label("No").check()
    fill_date(page, "decided_on", today)
    page.get_by_role("button", name="Record the decision").click()
    assert "Family not yet told in writing" in page.get_by_test_id("family-told").inner_text()

    page.get_by_role("link", name="Write the letter: Decision not to carry out").click()
    page.get_by_role("button", name="Draft the letter").click()
    assert "Write the parts marked" in page.get_by_test_id("send-problems").inner_text()
    assert axe_violations(page) == []
    body = page.get_by_label("The letter")
    text = body.input_value()
    assert text.startswith("Dear Grace Bello")
    body.fill(text.replace("[To write: the reasons for the decision, as recorded]", REASONS))
    page.get_by_role("button", name="Save and check before sending").click()

    page.wait_for_url("**/send/")
    assert "Check the letter before it is sent" in page.get_by_role("heading", level=1).inner_text()
    assert "By post to:" in page.locator(".govuk-summary-list").inner_text()
    assert "told of the decision" in page.get_by_test_id("consequences").inner_text()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Send the letter").click()

    # The worker (eager here: the real task, no broker) has filed it to print and post.
    assert page.get_by_test_id("letter-status").inner_text() == "To print and post"
    assert REASONS in page.get_by_test_id("letter-body").inner_text()
    with page.expect_download() as download:
        page.get_by_role("link", name="The letter as sent (PDF)").click()
    assert download.value.path().read_bytes().startswith(b"%PDF")

    page.get_by_role("link", name="Chronology").click()
    assert "Letter sent to print and post" in page.locator("main").inner_text()
    page.goto(f"{live_server.url}{request.get_absolute_url()}")
    told = page.get_by_test_id("family-told").inner_text()
    assert f"Family told in writing {today:%-d %B %Y}" in told
    # The letter has gone: the step no longer offers it.
    assert page.get_by_role("link", name="Write the letter: Decision not to carry out").count() == 0
    assert page.console_errors == []


def test_a_decision_to_assess_letter_goes_through_gov_uk_notify(
    live_server, page, council_details, eager_worker, fake_notify, settings, tmp_path
):
    """The issue's own journey: the decision to assess recorded, the offered letter edited and
    sent through (the fake) GOV.UK Notify, seen in the documents and the chronology with its
    status, and the day the family was told on the request."""
    settings.MEDIA_ROOT = tmp_path
    team = TeamFactory(name="North team")
    casey = UserFactory(username="casey", role=CASEWORKER, teams=[team])
    child = ChildFactory(first_name="Ayo", last_name="Bello", team=team, lead_caseworker=casey)
    ContactFactory(child=child, name="Grace Bello", address="1 Mill Lane\nAnytown\nAN1 2BC")
    today = timezone.localdate()
    request = assessment_services.record_request(
        child=child,
        by=casey,
        regime="ehcp",
        source="parent",
        received_on=today - timedelta(weeks=4),
    )
    added = "We have asked Hill Primary School for its advice first."

    sign_in(page, live_server, "casey")
    page.goto(f"{live_server.url}{request.get_absolute_url()}")
    page.get_by_role("link", name="Record the decision whether to assess").click()
    page.get_by_label("Yes").check()
    fill_date(page, "decided_on", today)
    page.get_by_role("button", name="Record the decision").click()

    page.get_by_role("link", name="Write the letter: Decision to carry out").click()
    page.get_by_role("button", name="Draft the letter").click()
    body = page.get_by_label("The letter")
    text = body.input_value()
    salutation, _, rest = text.partition("\n\n")
    body.fill(f"{salutation}\n\n{added}\n\n{rest}")
    page.get_by_role("button", name="Save and check before sending").click()
    page.wait_for_url("**/send/")
    page.get_by_role("button", name="Send the letter").click()

    # Notify took the posted letter: its PDF inside the letter specification, our reference.
    assert page.get_by_test_id("letter-status").inner_text() == "Sent"
    assert len(fake_notify.letters) == 1 and fake_notify.letters[0].problems == []
    assert added in page.get_by_test_id("letter-body").inner_text()
    assert axe_violations(page) == []

    subject = Letter.objects.get(child=child).subject
    page.get_by_role("link", name="Documents").click()
    assert subject in page.locator("main").inner_text()
    page.get_by_role("link", name="Chronology").click()
    assert "Letter sent by post" in page.locator("main").inner_text()
    page.goto(f"{live_server.url}{request.get_absolute_url()}")
    told = page.get_by_test_id("family-told").inner_text()
    assert f"Family told in writing {today:%-d %B %Y}" in told
    assert page.console_errors == []
