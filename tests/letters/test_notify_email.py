"""The service's own emails through GOV.UK Notify (letters.notify_email), against the fake:
the caseworkers' digest and a password reset go as they are, claimed once as before."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import EmailMessage, EmailMultiAlternatives

from accounts.password_reset import send_reset_links
from cases.models import ReminderLog
from cases.services.alerts import scan_deadlines
from cases.services.reminders import send_digests
from letters.notify import NotifyRejected, NotifyUnavailable
from letters.notify_email import send_message

from ..cases.test_alerts import make_deadline
from ..factories import ChildFactory

pytestmark = pytest.mark.django_db

BACKEND = "letters.notify_email.EmailBackend"


@pytest.fixture
def notify_email(settings, fake_notify):
    settings.EMAIL_BACKEND = BACKEND
    settings.SITE_URL = "https://send.example.gov.uk/"
    return fake_notify


@pytest.fixture
def due(child, caseworker, team):
    """Two of the caseworker's children have something due (as tests/cases/test_reminders)."""
    from ..cases.test_reminders import TODAY

    other = ChildFactory(team=team, lead_caseworker=caseworker, first_name="Ben", last_name="Ash")
    make_deadline(child, caseworker, due_on=TODAY - timedelta(days=2))
    make_deadline(other, caseworker, due_on=TODAY)
    scan_deadlines(today=TODAY)
    return TODAY


def test_the_digest_goes_through_notify_with_its_subject_and_body(notify_email, due, caseworker):
    result = send_digests(today=due)

    assert result.sent == 1
    [email] = notify_email.emails
    assert email.body["template_id"] == notify_email.template("email").id
    assert email.body["email_address"] == caseworker.email
    assert set(email.body["personalisation"]) == {"subject", "body"}
    assert email.body["personalisation"]["subject"] == (
        "SEND Portal: 1 overdue, 1 due today, 2 deadlines to look at"
    )
    body = email.body["personalisation"]["body"]
    assert "Overdue: Health advice" in body and "https://send.example.gov.uk/" in body
    assert "\\(case " in body  # "(case C-…)", its brackets escaped for Notify's Markdown
    assert email.answer["content"]["body"] == body  # the generic template is ((body))
    assert mail.outbox == []  # not Django's test backend: Notify's
    log = ReminderLog.objects.get(recipient=caseworker, for_date=due)
    assert log.sent_at is not None
    assert send_digests(today=due).sent == 0  # claimed once: a second run sends nothing
    assert len(notify_email.emails) == 1


def test_a_digest_notify_could_not_take_is_sent_by_the_retry(notify_email, due, caseworker):
    notify_email.fail_next(500)
    failed = send_digests(today=due, raise_errors=False)
    assert failed.failed == 1
    assert isinstance(failed.error, NotifyUnavailable)
    log = ReminderLog.objects.get(recipient=caseworker, for_date=due)
    assert log.claimed_at is None and log.sent_at is None
    assert log.last_error.startswith("NotifyUnavailable: Notify answered 500 Exception")

    assert send_digests(today=due).sent == 1
    assert [r.status for r in notify_email.received] == [500, 201]


def test_a_password_reset_goes_through_notify(notify_email, caseworker):
    assert send_reset_links(caseworker.email) == 1
    [email] = notify_email.emails
    assert email.body["email_address"] == caseworker.email
    assert "https://send.example.gov.uk/" in email.body["personalisation"]["body"]


def test_a_message_naming_its_template_is_sent_with_it(notify_email):
    message = EmailMultiAlternatives(
        subject="Your reminders",
        body="Two things are due.",
        to=["casey@example.gov.uk"],
        headers={"x-notify-template": "reminder_digest", "X-Notify-Reference": "digest-42"},
    )
    message.attach_alternative("<p>Two things are due.</p>", "text/html")
    assert message.send() == 1
    [email] = notify_email.emails
    assert email.body["template_id"] == notify_email.template("reminder_digest").id
    assert email.body["reference"] == "digest-42"
    assert email.answer["content"]["body"] == "Your reminders\n\nTwo things are due."


def test_a_template_name_without_an_id_falls_back_to_the_generic_one(notify_email, caplog):
    EmailMessage("S", "B", to=["a@example.gov.uk"], headers={"X-Notify-Template": "nope"}).send()
    assert notify_email.emails[0].body["template_id"] == notify_email.template("email").id
    assert "No Notify template for 'nope'" in caplog.text


def test_each_recipient_gets_their_own_notification(notify_email):
    message = EmailMessage("S", "B", to=["a@example.gov.uk"], cc=["b@example.gov.uk"])
    assert len(send_message(message)) == 2
    assert [e.body["email_address"] for e in notify_email.emails] == [
        "a@example.gov.uk",
        "b@example.gov.uk",
    ]


def test_a_refused_email_raises_unless_told_to_fail_silently(notify_email):
    notify_email.fail_next(400, times=2)
    with pytest.raises(NotifyRejected):
        EmailMessage("S", "B", to=["a@example.gov.uk"]).send()
    assert EmailMessage("S", "B", to=["a@example.gov.uk"]).send(fail_silently=True) == 0
    assert notify_email.emails == []


def test_a_letter_attached_goes_as_a_link_the_recipient_confirms(notify_email):
    """Notify does not attach files: it keeps the file and links to it from the email."""
    message = EmailMessage(
        "A letter from Demo Borough Council", "Please read the letter.", to=["parent@example.org"]
    )
    message.attach("decision-to-assess.pdf", b"%PDF-1.7 a letter", "application/pdf")
    assert message.send() == 1

    [email] = notify_email.emails
    assert email.body["template_id"] == notify_email.template("email_with_file").id
    upload = email.body["personalisation"]["link_to_file"]
    assert upload["filename"] == "decision-to-assess.pdf"
    assert upload["confirm_email_before_download"] is True  # a child's records
    [(link, kept)] = notify_email.files.items()
    assert kept["content"] == b"%PDF-1.7 a letter"
    assert email.answer["content"]["body"] == (
        f"Please read the letter.\n\nOpen the letter: {link}"
    )


def test_one_file_an_email_of_at_most_2_mb(notify_email):
    two = EmailMessage("S", "B", to=["a@example.gov.uk"])
    two.attach("a.pdf", b"%PDF-1.7", "application/pdf")
    two.attach("b.pdf", b"%PDF-1.7", "application/pdf")
    with pytest.raises(NotifyRejected, match="one file"):
        two.send()
    big = EmailMessage("S", "B", to=["a@example.gov.uk"])
    big.attach("big.pdf", b"%PDF-1.7" + b"x" * 2 * 1024 * 1024, "application/pdf")
    with pytest.raises(NotifyRejected, match="larger than 2MB"):
        big.send()
    assert notify_email.received == []


def test_a_file_needs_the_template_with_its_link(settings, notify_email):
    del settings.NOTIFY_TEMPLATES["email_with_file"]
    message = EmailMessage("S", "B", to=["a@example.gov.uk"])
    message.attach("letter.pdf", b"%PDF-1.7", "application/pdf")
    with pytest.raises(ImproperlyConfigured, match="NOTIFY_TEMPLATE_IDS=email_with_file="):
        message.send()


def test_no_generic_template_is_a_configuration_error(settings, notify_email):
    settings.NOTIFY_TEMPLATES = {}
    with pytest.raises(ImproperlyConfigured, match="NOTIFY_EMAIL_TEMPLATE_ID"):
        EmailMessage("S", "B", to=["a@example.gov.uk"]).send()


def test_a_name_cannot_become_a_link_in_the_body(notify_email):
    """Notify reads Markdown in personalisation: the body's link characters are escaped."""
    EmailMessage(
        "Case (C-1)",
        "Amelia [click](https://evil.example) (case C-1)\nhttps://send.example.gov.uk/cases/x",
        to=["a@example.gov.uk"],
    ).send()
    personalisation = notify_email.emails[0].body["personalisation"]
    assert personalisation["body"] == (
        "Amelia \\[click\\]\\(https://evil.example\\) \\(case C-1\\)\n"
        "https://send.example.gov.uk/cases/x"
    )
    assert personalisation["subject"] == "Case (C-1)"  # subjects are not Markdown


def test_a_message_without_recipients_sends_nothing(notify_email):
    assert EmailMessage("S", "B", to=[]).send() == 0
    assert notify_email.received == []


def test_a_digest_notify_refuses_does_not_hold_back_the_others(notify_email, team):
    """A Notify 400 (an address it will not send to) fails that caseworker's digest only; a
    403 (the key refused) stops the run, to be retried whole."""
    from ..cases.test_reminders import TODAY
    from ..factories import UserFactory

    caseworkers = [
        UserFactory(username=f"cw{n}", role="Caseworker", teams=[team]) for n in range(3)
    ]
    for n, who in enumerate(caseworkers):
        child = ChildFactory(team=team, lead_caseworker=who, first_name=f"C{n}", last_name="Ash")
        make_deadline(child, who, due_on=TODAY)
    scan_deadlines(today=TODAY)

    notify_email.fail_next(
        400, error="ValidationError", message="email_address Not a valid email address"
    )
    result = send_digests(today=TODAY, raise_errors=False)
    assert (result.sent, result.failed) == (2, 1)
    assert len(notify_email.emails) == 2

    ReminderLog.objects.all().delete()
    notify_email.fail_next(403)
    result = send_digests(today=TODAY, raise_errors=False)
    assert (result.sent, result.failed) == (0, 1)
    assert isinstance(result.error, NotifyRejected)
