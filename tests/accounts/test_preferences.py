"""How often reminder emails come: the preferences page and the digests that honour it."""

import re
from datetime import date, timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from cases.services.alerts import scan_deadlines
from cases.services.reminders import frequency_allows, send_digests
from cases.tasks import daily_deadline_scan

from ..cases.test_alerts import make_deadline

pytestmark = pytest.mark.django_db

MONDAY = date(2024, 6, 17)
FRIDAY = date(2024, 6, 14)


@pytest.fixture(autouse=True)
def locmem(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def test_daily_is_the_default_and_weekly_means_mondays():
    assert frequency_allows("daily", FRIDAY) and frequency_allows("daily", MONDAY)
    assert frequency_allows("weekly", MONDAY) and not frequency_allows("weekly", FRIDAY)
    assert not frequency_allows("off", MONDAY)


def test_the_page_needs_sign_in(client):
    response = client.get(reverse("notification_preferences"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_the_page_shows_govuk_radios_with_the_current_choice(client, caseworker):
    assert reverse("notification_preferences") == "/account/notifications/"
    assert caseworker.digest_frequency == "daily"
    client.force_login(caseworker)
    page = client.get(reverse("notification_preferences")).content.decode()
    assert "govuk-radios" in page
    assert re.search(r'value="daily"\s+checked', page)
    assert "Mondays only" in page
    for label in ("Off", "Daily", "Weekly, on Mondays"):
        assert label in page


def test_saving_a_choice(client, caseworker):
    client.force_login(caseworker)
    url = reverse("notification_preferences")
    response = client.post(url, {"digest_frequency": "weekly"}, follow=True)
    assert response.redirect_chain == [(url, 302)]
    assert "Reminder emails: weekly, on mondays." in response.content.decode()
    caseworker.refresh_from_db()
    assert caseworker.digest_frequency == "weekly"


def test_an_invalid_choice_shows_an_error(client, caseworker):
    client.force_login(caseworker)
    response = client.post(reverse("notification_preferences"), {"digest_frequency": "hourly"})
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    caseworker.refresh_from_db()
    assert caseworker.digest_frequency == "daily"


@pytest.fixture
def due(child, caseworker):
    make_deadline(child, caseworker, due_on=FRIDAY - timedelta(days=1))  # overdue from Friday
    scan_deadlines(today=FRIDAY)


@pytest.mark.parametrize(
    ("frequency", "friday", "monday"), [("daily", 1, 1), ("weekly", 0, 1), ("off", 0, 0)]
)
def test_the_digest_honours_the_preference(due, caseworker, frequency, friday, monday):
    caseworker.digest_frequency = frequency
    caseworker.save()
    assert send_digests(today=FRIDAY).sent == friday
    assert send_digests(today=MONDAY).sent == monday
    assert len(mail.outbox) == friday + monday


def test_the_daily_task_sends_a_weekly_digest_on_monday_only(due, caseworker):
    caseworker.digest_frequency = "weekly"
    caseworker.save()
    with time_machine.travel("2024-06-14 06:30 +01:00", tick=False):  # a Friday
        assert daily_deadline_scan()["digests_sent"] == 0
    with time_machine.travel("2024-06-17 06:30 +01:00", tick=False):  # a Monday
        assert daily_deadline_scan()["digests_sent"] == 1
        assert daily_deadline_scan()["digests_sent"] == 0
    assert [m.to for m in mail.outbox] == [[caseworker.email]]
