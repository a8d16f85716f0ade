"""A letter drafted from the case: the record's details and the rules' dates filled in, the
caseworker's own words marked to write, the right person addressed (issue 20)."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from cases.models import Contact
from cases.models.assessment import Decision
from cases.statutory.ceasing import tribunal_appeal_deadline
from core.formatting import day
from letters import drafting
from letters.models import Letter
from letters.values import TO_WRITE
from tests.factories import AssessmentRequestFactory, ChildFactory, ContactFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def refused(caseworker):
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
        child=child, name="Grace Bello", address="1 Mill Lane\nAnytown\nAN1 2BC"
    )
    return request, parent


def test_the_letter_a_decision_calls_for_is_offered(refused):
    request, _ = refused
    assert drafting.letters_for_request(request) == ["decision_not_to_assess"]
    request.assess_decision, request.issue_decision = Decision.YES, Decision.NO
    assert drafting.letters_for_request(request) == ["decision_to_assess", "decision_not_to_issue"]


def test_a_draft_is_filled_in_from_the_case_and_the_rules(refused, caseworker):
    request, parent = refused
    letter = drafting.draft_letter(
        kind="decision_not_to_assess",
        child=request.child,
        by=caseworker,
        contact=parent,
        request=request,
    )
    today = timezone.localdate()
    assert letter.status == Letter.Status.DRAFT and letter.dated == today
    assert letter.wording.number == 1
    assert letter.subject.endswith("for Ayo Bello")
    assert letter.body.startswith("Dear Grace Bello")
    assert "your child, Ayo" in letter.body
    # 2 months from the letter (the Tribunal's time limit), as the rules count it.
    assert f"by {day(tribunal_appeal_deadline(today))}" in letter.body
    assert f"We received the request on {day(request.received_on)}" in letter.body
    # The reasons are the caseworker's to write: marked, and sending is refused until done.
    assert f"{TO_WRITE}the reasons for the decision, as recorded]" in letter.body
    assert letter.recipient_address == "1 Mill Lane\nAnytown\nAN1 2BC"
    assert letter.channel == Letter.Channel.POST
    assert any("[To write" in p for p in drafting.send_problems(letter, today))


def test_a_young_person_is_written_to_as_you(caseworker):
    child = ChildFactory(
        first_name="Sam", date_of_birth=date(2005, 3, 1), lead_caseworker=caseworker
    )
    themself = ContactFactory(
        child=child, name="Sam Jones", relationship=Contact.Relationship.YOUNG_PERSON
    )
    letter = drafting.draft_letter(
        kind="decision_not_to_assess", child=child, by=caseworker, contact=themself
    )
    assert "for you at this time" in letter.body
    assert "your child" not in letter.body


def test_a_draft_dated_another_day_must_be_filled_in_again(refused, caseworker):
    request, parent = refused
    letter = drafting.draft_letter(
        kind="decision_to_assess", child=request.child, by=caseworker, contact=parent
    )
    tomorrow = letter.dated + timedelta(days=1)
    assert any("dated today" in p for p in drafting.send_problems(letter, tomorrow))


def test_edits_are_kept_and_a_sent_letter_cannot_change(refused, caseworker):
    request, parent = refused
    letter = drafting.draft_letter(
        kind="decision_not_to_assess", child=request.child, by=caseworker, contact=parent
    )
    edited = drafting.change_draft(
        letter=letter,
        by=caseworker,
        subject="Our decision",
        body="Dear Grace Bello\n\nOur reasons.\n",
        channel=Letter.Channel.POST,
        version=letter.version,
    )
    assert (edited.subject, edited.body) == ("Our decision", "Dear Grace Bello\n\nOur reasons.\n")
    with pytest.raises(ValidationError, match="has no email address"):
        drafting.change_draft(
            letter=edited,
            by=caseworker,
            subject="x",
            body="y",
            channel=Letter.Channel.EMAIL,
            version=edited.version,
        )
    Letter.objects.filter(pk=letter.pk).update(status=Letter.Status.SENT)
    with pytest.raises(ValidationError, match="write a correction"):
        drafting.change_draft(
            letter=edited,
            by=caseworker,
            subject="x",
            body="y",
            channel=Letter.Channel.POST,
            version=None,
        )


def test_another_childs_contact_is_refused(refused, caseworker):
    request, _ = refused
    stranger = ContactFactory()
    with pytest.raises(ValidationError):
        drafting.draft_letter(
            kind="decision_to_assess", child=request.child, by=caseworker, contact=stranger
        )


def test_large_print_and_a_translation_go_with_the_contact(refused, caseworker, client):
    from django.urls import reverse

    from letters.pdf import letter_html

    request, parent = refused
    parent.large_print, parent.language = True, "Polish"
    parent.save()
    letter = drafting.draft_letter(
        kind="decision_to_assess", child=request.child, by=caseworker, contact=parent
    )
    assert (letter.large_print, letter.language) == (True, "Polish")
    assert "font: 18pt/1.5" in letter_html(letter)
    client.force_login(caseworker)
    page = client.get(reverse("letters:letter", args=[request.child_id, letter.pk]))
    assert "reads letters in Polish: arrange a translation" in page.content.decode()
    parent.large_print, parent.language = False, "English"
    parent.save()
    plain = drafting.draft_letter(
        kind="decision_to_assess", child=request.child, by=caseworker, contact=parent
    )
    assert (plain.large_print, plain.language) == (False, "")
    assert "font: 12pt/1.45" in letter_html(plain)


def test_a_posted_letter_needs_an_address_that_fits_the_window(refused, caseworker):
    request, parent = refused
    letter = drafting.draft_letter(
        kind="decision_to_assess", child=request.child, by=caseworker, contact=parent
    )
    today = letter.dated
    assert not any("address" in p for p in drafting.send_problems(letter, today))
    letter.recipient_address = "1 Mill Lane"
    assert any("full postal address" in p for p in drafting.send_problems(letter, today))
    letter.recipient_address = "\n".join(
        ["Flat 3", "1 Mill Lane", "Marsh", "Anytown", "Shire", "AN1"]
    )
    assert any("has 6 lines" in p for p in drafting.send_problems(letter, today))


def test_what_the_case_does_not_hold_is_marked_unless_the_wording_can_do_without(
    refused, caseworker
):
    request, parent = refused
    letter = drafting.draft_letter(
        kind="review_invitation", child=request.child, by=caseworker, contact=parent
    )
    # The review's date and place are not recorded yet: marked, so the letter cannot go blank.
    assert f"{TO_WRITE}the day of the review meeting]" in letter.body
    # The caseworker's phone is optional in the wording ({% if caseworker.phone %}): no marker.
    assert f"{TO_WRITE}the lead caseworker's phone number]" not in letter.body
