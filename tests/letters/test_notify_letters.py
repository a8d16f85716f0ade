"""Letters sent through GOV.UK Notify (the local fake, checking each request as Notify
documents it): posted as a precompiled PDF or emailed with its PDF as a link, never twice,
and what became of each read back; a letter not delivered becomes a step for its caseworker,
with an alert, until it is sent again (issue 20)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from cases.models import Alert, Deadline
from cases.models.assessment import Decision
from cases.services.alerts import scan_deadlines
from letters import deliveries, drafting, sending
from letters.models import Letter
from tests.factories import AssessmentRequestFactory, ChildFactory, ContactFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def council(settings):
    settings.LETTERS_PHONE, settings.LETTERS_EMAIL = "0300 000 0002", "send@anytown.gov.uk"
    settings.LETTERS_ADDRESS = "Town Hall\nAnytown\nAN1 1AA"
    settings.LETTERS_LOCAL_OFFER_URL = "www.anytown.gov.uk/localoffer"
    for name in ("INFORMATION", "MEDIATION", "DISAGREEMENT"):
        setattr(settings, f"LETTERS_{name}_SERVICE", f"Anytown {name.lower()}, 0300 000 0009")


def approved(caseworker, channel, django_capture_on_commit_callbacks) -> Letter:
    child = ChildFactory(
        first_name="Ayo",
        last_name="Bello",
        team=caseworker.teams.first(),
        lead_caseworker=caseworker,
    )
    request = AssessmentRequestFactory(
        child=child,
        received_on=timezone.localdate() - timedelta(weeks=5),
        assess_decision=Decision.NO,
        assess_decision_on=timezone.localdate(),
    )
    parent = ContactFactory(
        child=child,
        name="Grace Bello",
        address="1 Mill Lane\nAnytown\nAN1 2BC",
        email="grace@example.org",
    )
    letter = drafting.draft_letter(
        kind="decision_not_to_assess", child=child, by=caseworker, contact=parent, request=request
    )
    letter = drafting.change_draft(
        letter=letter,
        by=caseworker,
        subject=letter.subject,
        body=letter.body.replace("[To write: the reasons for the decision, as recorded]", "R."),
        channel=channel,
        version=letter.version,
    )
    with django_capture_on_commit_callbacks(execute=False):
        return sending.approve_letter(letter=letter, by=caseworker, version=letter.version)


def test_a_posted_letter_goes_to_notify_as_a_pdf_once(
    fake_notify, council, caseworker, django_capture_on_commit_callbacks
):
    letter = approved(caseworker, Letter.Channel.POST, django_capture_on_commit_callbacks)
    assert sending.send_letter.run(letter.pk) == "sent"
    assert sending.send_letter.run(letter.pk) == "not claimed"
    (posted,) = fake_notify.letters
    assert posted.status == 201 and posted.problems == []  # meets the letter specification
    assert posted.body["reference"] == f"letter-{letter.pk}"
    assert posted.body["postage"] == "first"
    letter.refresh_from_db()
    assert (letter.status, letter.notify_id, letter.delivery_status) == (
        Letter.Status.SENT,
        posted.answer["id"],
        "sending",
    )
    letter.request.refresh_from_db()
    assert letter.request.assess_decision_notified_on == timezone.localdate()


def test_an_emailed_letter_goes_with_its_pdf_as_a_link(
    fake_notify, council, caseworker, django_capture_on_commit_callbacks
):
    letter = approved(caseworker, Letter.Channel.EMAIL, django_capture_on_commit_callbacks)
    sending.send_letter.run(letter.pk)
    (email,) = fake_notify.emails
    assert email.status == 201
    assert email.body["email_address"] == "grace@example.org"
    assert email.body["template_id"] == fake_notify.template("email_with_file").id
    assert email.body["reference"] == f"letter-{letter.pk}"
    assert email.body["personalisation"]["link_to_file"]["file"]  # the PDF, base64
    assert Letter.objects.get().status == Letter.Status.SENT


def test_an_answer_lost_on_the_way_back_does_not_send_it_twice(
    fake_notify, council, caseworker, django_capture_on_commit_callbacks
):
    letter = approved(caseworker, Letter.Channel.POST, django_capture_on_commit_callbacks)
    sending.send_letter.run(letter.pk)
    first = Letter.objects.get()
    # As if the worker died after Notify took the letter, before it wrote Notify's answer down.
    Letter.objects.update(status=Letter.Status.SENDING, notify_id="", claimed_at=None, sent_at=None)
    assert sending.send_letter.run(letter.pk) == "sent"
    assert len(fake_notify.letters) == 1  # asked for it by reference instead
    assert Letter.objects.get().notify_id == first.notify_id


def test_notify_refusing_a_letter_marks_it_and_gives_the_caseworker_a_step(
    fake_notify, council, caseworker, django_capture_on_commit_callbacks
):
    letter = approved(caseworker, Letter.Channel.EMAIL, django_capture_on_commit_callbacks)
    fake_notify.fail_next(400, error="BadRequestError", message="Can't send to this recipient")
    assert sending.send_letter.run(letter.pk) == "sent"  # done with: retrying cannot help
    letter.refresh_from_db()
    assert letter.status == Letter.Status.FAILED and letter.sent_at is None
    assert letter.delivery_status == "refused: BadRequestError"
    letter.request.refresh_from_db()
    assert letter.request.assess_decision_notified_on is None  # the family was not told
    step = Deadline.objects.get(kind=Deadline.Kind.LETTER_NOT_DELIVERED)
    assert step.due_on == timezone.localdate() and step.owner == caseworker
    assert Alert.objects.filter(deadline=step).exists()


def test_notify_unavailable_is_retried(
    fake_notify, council, caseworker, django_capture_on_commit_callbacks
):
    from letters import notify

    letter = approved(caseworker, Letter.Channel.POST, django_capture_on_commit_callbacks)
    fake_notify.fail_next(503)
    with pytest.raises(notify.NotifyUnavailable):
        sending.send_letter.run(letter.pk)
    assert Letter.objects.get().status == Letter.Status.SENDING
    Letter.objects.update(approved_at=timezone.now() - timedelta(hours=1))
    assert sending.sweep_unsent_letters() == 1
    posts = fake_notify.requests_to("POST", "/v2/notifications/letter")
    assert [r.status for r in posts] == [503, 201]
    # Before sending again it asked whether the first attempt had reached Notify after all.
    assert any(r.path.startswith("/v2/notifications?") for r in fake_notify.received)


def test_deliveries_are_read_back_and_a_returned_letter_raises_an_alert(
    fake_notify, council, caseworker, django_capture_on_commit_callbacks
):
    letter = approved(caseworker, Letter.Channel.POST, django_capture_on_commit_callbacks)
    sending.send_letter.run(letter.pk)
    letter.refresh_from_db()
    assert deliveries.check_deliveries() == {Letter.Status.SENT: 1}
    fake_notify.set_status(letter.notify_id, "received")
    assert deliveries.check_deliveries() == {Letter.Status.DELIVERED: 1}
    assert not Deadline.objects.filter(kind=Deadline.Kind.LETTER_NOT_DELIVERED).exists()
    # Weeks later Royal Mail returns it: still asked about, and now it has failed.
    fake_notify.set_status(letter.notify_id, "returned-letter")
    assert deliveries.check_deliveries() == {Letter.Status.FAILED: 1}
    letter.refresh_from_db()
    assert (letter.status, letter.delivery_status) == (Letter.Status.FAILED, "returned letter")
    step = Deadline.objects.get(kind=Deadline.Kind.LETTER_NOT_DELIVERED)
    assert Alert.objects.filter(deadline=step, acknowledged_at=None).count() == 1
    scan_deadlines(today=timezone.localdate())  # the morning scan keeps the one alert
    assert Alert.objects.filter(deadline=step).count() == 1
    assert deliveries.check_deliveries() == {}  # a failed letter is not asked about again

    # Sent again: the new letter says which one it replaces, and going completes the step.
    again = drafting.draft_again(letter=letter, by=caseworker, why="resend")
    assert again.corrects == letter
    assert "our letter dated" in again.body and "did not reach you" in again.body
    again = drafting.change_draft(
        letter=again,
        by=caseworker,
        subject=again.subject,
        body=again.body.replace("[To write: the reasons for the decision, as recorded]", "R."),
        channel=Letter.Channel.POST,
        version=again.version,
    )
    with django_capture_on_commit_callbacks(execute=False):
        sending.approve_letter(letter=again, by=caseworker, version=again.version)
    sending.send_letter.run(again.pk)
    step.refresh_from_db()
    assert step.completed_on == timezone.localdate()
    assert not Alert.objects.filter(deadline=step, acknowledged_at=None).exists()


def test_without_notify_nothing_is_asked(council, caseworker, django_capture_on_commit_callbacks):
    letter = approved(caseworker, Letter.Channel.POST, django_capture_on_commit_callbacks)
    sending.send_letter.run(letter.pk)
    assert Letter.objects.get().status == Letter.Status.TO_PRINT
    assert deliveries.check_deliveries() == {}
