"""Caseworkers' daily digests: claimed, sent once, retried after a failure, never lost."""

import smtplib
from datetime import date, timedelta

import pytest
from celery.schedules import crontab
from django.conf import settings as django_settings
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.utils import timezone

from accounts.roles import CASEWORKER
from cases.models import Alert, ReminderLog
from cases.services.alerts import scan_deadlines
from cases.services.reminders import CLAIM_LEASE, send_digests
from cases.tasks import daily_deadline_scan

from ..factories import ChildFactory, ReminderLogFactory, UserFactory
from .test_alerts import make_deadline

pytestmark = pytest.mark.django_db

TODAY = date(2024, 6, 14)


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = "https://send.example.gov.uk/"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def cases(child, caseworker, team):
    """Casey has two children with something due; Sam has only a deadline weeks away."""
    other = ChildFactory(team=team, lead_caseworker=caseworker, first_name="Ben", last_name="Ash")
    make_deadline(child, caseworker, due_on=TODAY - timedelta(days=2))  # overdue
    make_deadline(child, caseworker, due_on=TODAY + timedelta(days=10))  # due soon
    make_deadline(other, caseworker, due_on=TODAY)  # due today
    sam = UserFactory(username="sam", role=CASEWORKER, teams=[team])
    make_deadline(ChildFactory(team=team, lead_caseworker=sam), sam, due_on=TODAY + timedelta(40))
    scan_deadlines(today=TODAY)
    return {"amelia": child, "ben": other, "sam": sam}


def log_for(user) -> ReminderLog:
    return ReminderLog.objects.get(recipient=user, kind="caseworker_digest", for_date=TODAY)


def test_one_digest_for_the_caseworker_with_something_due(cases, caseworker):
    result = send_digests(today=TODAY)
    assert result.sent == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [caseworker.email]
    assert message.subject == (
        "SEND Portal: 1 overdue, 1 due today, 1 due soon, 3 deadlines to look at"
    )
    assert "Amelia" not in message.subject  # nothing personal in a subject line
    assert not ReminderLog.objects.filter(recipient=cases["sam"]).exists()
    assert log_for(caseworker).sent_at is not None


def test_the_digest_lists_items_grouped_by_child_with_links(cases, caseworker):
    send_digests(today=TODAY)
    message = mail.outbox[0]
    body = message.body
    amelia, ben = cases["amelia"], cases["ben"]
    # Most urgent child first; each child's items under their name, in due-date order. The
    # email names a child by first name, initial and case reference, never in full (issue 19).
    amelia_named, ben_named = (
        f"Amelia S. (case {amelia.reference})",
        f"Ben A. (case {ben.reference})",
    )
    assert body.index(amelia_named) < body.index("Overdue: Health advice, due 12 June 2024")
    assert body.index("Overdue:") < body.index("Due soon: Health advice, due 24 June 2024")
    assert body.index("Due soon:") < body.index(ben_named) < body.index("Due today:")
    assert "Stone" not in body and "Ash" not in body
    assert f"https://send.example.gov.uk{amelia.get_absolute_url()}" in body
    assert f"https://send.example.gov.uk{ben.get_absolute_url()}" in body
    assert "https://send.example.gov.uk//" not in body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert f'href="https://send.example.gov.uk{amelia.get_absolute_url()}"' in html
    assert amelia_named in html and "Stone" not in html
    assert html.count("<table") == 2


def test_running_twice_sends_one_email(cases, caseworker):
    send_digests(today=TODAY)
    scan_deadlines(today=TODAY)
    second = send_digests(today=TODAY)
    assert len(mail.outbox) == 1
    assert second.sent == 0
    assert second.skipped["already_sent_or_claimed"] == 1
    assert log_for(caseworker).attempts == 1


def test_a_claimed_but_unsent_row_is_retried_and_sent_once(cases, caseworker):
    ReminderLogFactory(
        recipient=caseworker,
        kind="caseworker_digest",
        for_date=TODAY,
        claimed_at=timezone.now() - CLAIM_LEASE - timedelta(minutes=1),
        attempts=1,
    )
    assert send_digests(today=TODAY).sent == 1
    assert send_digests(today=TODAY).sent == 0
    assert len(mail.outbox) == 1
    assert log_for(caseworker).attempts == 2


def test_a_row_claimed_just_now_by_another_run_is_left_to_it(cases, caseworker):
    ReminderLogFactory(
        recipient=caseworker, kind="caseworker_digest", for_date=TODAY, claimed_at=timezone.now()
    )
    assert send_digests(today=TODAY).sent == 0
    assert mail.outbox == []


def test_a_sent_row_is_skipped(cases, caseworker):
    ReminderLogFactory(
        recipient=caseworker, kind="caseworker_digest", for_date=TODAY, sent_at=timezone.now()
    )
    assert send_digests(today=TODAY).sent == 0
    assert mail.outbox == []


def test_an_smtp_failure_leaves_the_row_claimed_and_a_later_run_sends_it_once(
    cases, caseworker, monkeypatch
):
    def refuse(self, fail_silently=False):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")

    with monkeypatch.context() as patched:
        patched.setattr(EmailMultiAlternatives, "send", refuse)
        with pytest.raises(smtplib.SMTPServerDisconnected):
            send_digests(today=TODAY)
    log = log_for(caseworker)
    assert (log.sent_at, log.attempts) == (None, 1)
    assert log.last_error == "SMTPServerDisconnected: Connection unexpectedly closed"
    assert mail.outbox == []

    assert send_digests(today=TODAY).sent == 1
    assert send_digests(today=TODAY).sent == 0
    assert len(mail.outbox) == 1
    log.refresh_from_db()
    assert (log.attempts, log.last_error) == (2, "")
    assert log.sent_at is not None


def test_a_refused_recipient_does_not_hold_up_the_others(cases, caseworker, team, monkeypatch):
    sam = cases["sam"]
    make_deadline(ChildFactory(team=team, lead_caseworker=sam), sam, due_on=TODAY)
    scan_deadlines(today=TODAY)
    real_send = EmailMultiAlternatives.send

    def refuse_casey(self, fail_silently=False):
        if self.to == [caseworker.email]:
            raise smtplib.SMTPRecipientsRefused({caseworker.email: (550, b"no such user")})
        return real_send(self, fail_silently)

    monkeypatch.setattr(EmailMultiAlternatives, "send", refuse_casey)
    with pytest.raises(smtplib.SMTPRecipientsRefused):
        send_digests(today=TODAY)
    assert [m.to for m in mail.outbox] == [[sam.email]]
    assert log_for(caseworker).sent_at is None
    assert log_for(sam).sent_at is not None


def test_acknowledged_snoozed_and_completed_items_are_not_sent(cases, caseworker):
    amelia, ben = cases["amelia"], cases["ben"]
    now = timezone.now()
    Alert.objects.filter(deadline__child=amelia).update(acknowledged_at=now)
    ben.deadlines.update(completed_on=TODAY)
    assert send_digests(today=TODAY).sent == 0
    assert mail.outbox == []
    Alert.objects.filter(deadline__child=amelia).update(acknowledged_at=None, snoozed_until=TODAY)
    assert send_digests(today=TODAY).sent == 0
    assert send_digests(today=TODAY + timedelta(days=1)).sent == 1  # the snooze has ended


def test_the_daily_task_scans_and_sends(cases, caseworker):
    result = daily_deadline_scan(for_date=TODAY.isoformat())
    assert result["digests_sent"] == 1
    assert daily_deadline_scan(for_date=TODAY.isoformat())["digests_sent"] == 0
    assert len(mail.outbox) == 1


def test_the_task_retries_mail_errors_with_backoff_and_runs_at_half_past_six():
    assert OSError in daily_deadline_scan.autoretry_for
    assert issubclass(smtplib.SMTPException, OSError)
    assert daily_deadline_scan.retry_backoff is True
    assert daily_deadline_scan.max_retries == 8
    entry = django_settings.CELERY_BEAT_SCHEDULE["daily-deadline-scan"]
    assert entry["task"] == daily_deadline_scan.name == "cases.daily_deadline_scan"
    assert entry["schedule"] == crontab(hour=6, minute=30)
