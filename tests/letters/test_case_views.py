"""A caseworker writes, edits, checks and sends a letter from the child's record (issue 20)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.roles import CASEWORKER
from cases.models.assessment import Decision
from letters import drafting
from letters.models import Letter
from tests.factories import AssessmentRequestFactory, ContactFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def decided(child):
    request = AssessmentRequestFactory(
        child=child,
        received_on=timezone.localdate() - timedelta(weeks=5),
        assess_decision=Decision.NO,
        assess_decision_on=timezone.localdate(),
    )
    ContactFactory(child=child, name="Grace Stone", address="1 Mill Lane\nAnytown\nAN1 2BC")
    return request


def test_the_request_page_offers_the_letter_its_decision_calls_for(client, caseworker, decided):
    client.force_login(caseworker)
    page = client.get(decided.get_absolute_url()).content.decode()
    new = reverse("letters:letter_new", args=[decided.child_id])
    assert f'href="{new}?kind=decision_not_to_assess"' in page
    assert "Write the letter: Decision not to carry out an EHC needs assessment" in page


def test_drafting_editing_and_checking_a_letter(client, caseworker, decided, child):
    client.force_login(caseworker)
    new = reverse("letters:letter_new", args=[child.pk])
    form = client.get(f"{new}?kind=decision_not_to_assess").content.decode()
    assert 'value="decision_not_to_assess" selected' in form
    contact = child.contacts.get()
    response = client.post(
        new, {"kind": "decision_not_to_assess", "contact": contact.pk, "request": decided.pk}
    )
    letter = Letter.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("letters:letter", args=[child.pk, letter.pk])
    page = client.get(response.url).content.decode()
    assert "Write the parts marked" in page  # listed before it can be sent
    assert "[To write: the reasons for the decision, as recorded]" in page

    # Saving with the reasons written, then checking: still the council's services to fill.
    body = letter.body.replace(
        "[To write: the reasons for the decision, as recorded]", "Her school meets her needs."
    )
    saved = client.post(
        response.url,
        {
            "subject": letter.subject,
            "body": body,
            "channel": "post",
            "version": letter.version,
            "check": "1",
        },
    )
    check_url = reverse("letters:letter_check", args=[child.pk, letter.pk])
    assert saved.url == check_url
    check = client.get(check_url).content.decode()
    assert "The letter cannot be sent yet" in check
    assert "Send the letter</button>" not in check
    letter.refresh_from_db()
    assert "Her school meets her needs." in letter.body
    assert client.post(check_url, {"version": letter.version}).status_code == 200
    assert Letter.objects.get().status == Letter.Status.DRAFT


def test_a_checked_letter_is_sent_from_the_check_page(
    client, caseworker, decided, child, settings, django_capture_on_commit_callbacks
):
    settings.LETTERS_MEDIATION_SERVICE = "Anytown Mediation, 0300 000 0000"
    settings.LETTERS_DISAGREEMENT_SERVICE = "Anytown Mediation, 0300 000 0000"
    settings.LETTERS_INFORMATION_SERVICE = "Anytown SENDIASS, 0300 000 0001"
    settings.LETTERS_PHONE, settings.LETTERS_EMAIL = "0300 000 0002", "send@anytown.gov.uk"
    settings.LETTERS_ADDRESS, settings.LETTERS_LOCAL_OFFER_URL = "Town Hall", "anytown.gov.uk"
    letter = drafting.draft_letter(
        kind="decision_not_to_assess",
        child=child,
        by=caseworker,
        contact=child.contacts.get(),
        request=decided,
    )
    letter = drafting.change_draft(
        letter=letter,
        by=caseworker,
        subject=letter.subject,
        body=letter.body.replace("[To write: the reasons for the decision, as recorded]", "R."),
        channel="post",
        version=letter.version,
    )
    client.force_login(caseworker)
    check_url = reverse("letters:letter_check", args=[child.pk, letter.pk])
    check = client.get(check_url).content.decode()
    assert "Send the letter</button>" in check
    assert "The request will show the family as told of the decision" in check
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = client.post(check_url, {"version": letter.version})
    assert response.status_code == 302 and len(queued) == 1
    assert Letter.objects.get().status == Letter.Status.SENDING
    # Sent or being sent: no longer editable, and the check page goes back to the letter.
    page = client.get(reverse("letters:letter", args=[child.pk, letter.pk])).content.decode()
    assert 'name="body"' not in page and "Being sent" in page
    assert client.get(check_url).status_code == 302


def test_another_teams_caseworker_cannot_reach_a_letter(client, caseworker, other_team, decided):
    letter = drafting.draft_letter(
        kind="decision_not_to_assess",
        child=decided.child,
        by=caseworker,
        contact=decided.child.contacts.get(),
        request=decided,
    )
    stranger = UserFactory(role=CASEWORKER, teams=[other_team])
    client.force_login(stranger)
    child_id = decided.child_id
    for url in (
        reverse("letters:child_letters", args=[child_id]),
        reverse("letters:letter_new", args=[child_id]),
        reverse("letters:letter", args=[child_id, letter.pk]),
        reverse("letters:letter_check", args=[child_id, letter.pk]),
    ):
        assert client.get(url).status_code in (403, 404), url
    assert client.post(reverse("letters:letter_check", args=[child_id, letter.pk])).status_code in (
        403,
        404,
    )
    assert Letter.objects.get().status == Letter.Status.DRAFT


def test_the_letters_tab_lists_them_with_their_status(client, caseworker, decided, child):
    drafting.draft_letter(
        kind="decision_not_to_assess",
        child=child,
        by=caseworker,
        contact=child.contacts.get(),
        request=decided,
    )
    client.force_login(caseworker)
    page = client.get(reverse("letters:child_letters", args=[child.pk])).content.decode()
    assert page.count('data-testid="letter-row"') == 1
    assert ">Draft</strong>" in page and "Grace Stone" in page


def test_the_request_page_says_when_the_family_was_told(client, caseworker, decided):
    client.force_login(caseworker)
    page = client.get(decided.get_absolute_url()).content.decode()
    assert "Family not yet told in writing" in page
    decided.assess_decision_notified_on = timezone.localdate()
    decided.save()
    page = client.get(decided.get_absolute_url()).content.decode()
    assert f"Family told in writing {timezone.localdate():%-d %B %Y}" in page
