"""A posted letter that does not arrive, in a real Chromium (issue 20): the caseworker sends a
decision letter through GOV.UK Notify (the fake one, tests/letters/fake_notify.py), Notify
later says it could not be delivered, the half-hourly check reads that back, and the caseworker
finds the alert on their home page, opens the letter it names, sees it was not delivered and
starts sending it again."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.roles import CASEWORKER
from cases.models.assessment import Decision
from letters import drafting
from letters.deliveries import check_deliveries
from letters.models import Letter
from tests.factories import (
    AssessmentRequestFactory,
    ChildFactory,
    ContactFactory,
    TeamFactory,
    UserFactory,
)

from .conftest import axe_violations, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

REASONS = "Her school has shown it can meet her needs from its own resources."
NOT_DELIVERED = "Letter not delivered"


def _path(name: str, *args: int) -> str:
    return reverse(name, args=args)


@pytest.fixture
def written_letter(council_details):
    """A decision letter drafted from the case, the reasons written: ready to check and send."""
    team = TeamFactory(name="North team")
    casey = UserFactory(username="casey", role=CASEWORKER, teams=[team])
    child = ChildFactory(first_name="Ayo", last_name="Bello", team=team, lead_caseworker=casey)
    parent = ContactFactory(
        child=child, name="Grace Bello", address="1 Mill Lane\nAnytown\nAN1 2BC"
    )
    request = AssessmentRequestFactory(
        child=child,
        received_on=timezone.localdate() - timedelta(weeks=5),
        assess_decision=Decision.NO,
        assess_decision_on=timezone.localdate(),
    )
    letter = drafting.draft_letter(
        kind="decision_not_to_assess", child=child, by=casey, contact=parent, request=request
    )
    return drafting.change_draft(
        letter=letter,
        by=casey,
        subject=letter.subject,
        body=letter.body.replace("[To write: the reasons for the decision, as recorded]", REASONS),
        channel=Letter.Channel.POST,
        version=letter.version,
    )


def test_a_letter_notify_could_not_deliver_raises_an_alert_that_leads_to_sending_it_again(
    live_server, page, fake_notify, eager_worker, written_letter, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    letter = written_letter
    child = letter.child
    sign_in(page, live_server, "casey")

    page.goto(f"{live_server.url}{_path('letters:letter_check', child.pk, letter.pk)}")
    assert "By post to:" in page.locator(".govuk-summary-list").inner_text()
    page.get_by_role("button", name="Send the letter").click()

    # The worker posted it through Notify, which took it.
    assert page.get_by_test_id("letter-status").inner_text() == "Sent"
    letter.refresh_from_db()
    assert letter.notify_id and len(fake_notify.letters) == 1
    assert fake_notify.letters[0].problems == []  # inside Notify's letter specification
    assert check_deliveries() == {"sent": 1}  # Notify has nothing to say yet

    page.goto(f"{live_server.url}/")
    assert NOT_DELIVERED not in page.locator("main").inner_text()

    # Royal Mail could not deliver it, Notify says; the half-hourly check reads that back.
    fake_notify.set_status(letter.notify_id, "permanent-failure")
    assert check_deliveries() == {"failed": 1}

    page.reload()
    alerts = page.get_by_test_id("home-alerts").inner_text()
    assert f"{NOT_DELIVERED}: {letter.subject}" in alerts
    assert axe_violations(page) == []
    page.get_by_test_id("step-link").filter(has_text=NOT_DELIVERED).click()

    page.wait_for_url(f"**{_path('letters:letter', child.pk, letter.pk)}")
    assert page.get_by_test_id("letter-status").inner_text() == "Not delivered"
    assert page.get_by_test_id("delivery").inner_text().startswith("Permanent failure")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Send it again").click()

    again = Letter.objects.get(corrects=letter)
    page.wait_for_url(f"**{_path('letters:letter', child.pk, again.pk)}")
    assert page.get_by_test_id("letter-status").inner_text() == "Draft"
    assert "The letter dated" in page.get_by_test_id("letter-summary").inner_text()
    assert again.channel == Letter.Channel.POST
    assert axe_violations(page) == []
    assert page.console_errors == []
