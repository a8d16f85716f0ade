"""Letters outside the family (issue 20): the request for advice to each body asked (reg 6, 8)
and the consultation of a school or college (s39(2), Code 9.83), offered on the request's page,
addressed to whom the record names, dated by the rules from the day the advice was asked or the
school consulted; the caseworker writes their address."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cases.models import AdviceRequest
from cases.statutory import assessment as assessment_rules
from core.formatting import day
from core.public_ids import encode
from letters import drafting
from letters.models import Letter
from tests.factories import (
    AdviceRequestFactory,
    ChildFactory,
    ConsultationFactory,
    ContactFactory,
)

pytestmark = pytest.mark.django_db

ASKED = date(2026, 10, 5)


@pytest.fixture
def advice(child):
    asked = AdviceRequestFactory(
        request__child=child,
        body=AdviceRequest.Body.HEALTH,
        note="Dr Amina Shah, community paediatrics",
    )
    AdviceRequest.objects.filter(pk=asked.pk).update(requested_on=ASKED)
    asked.refresh_from_db()
    return asked


def test_the_request_page_offers_a_letter_for_each_body_asked(client, caseworker, advice):
    consulted = ConsultationFactory(request=advice.request, setting_name="Hill Primary School")
    client.force_login(caseworker)
    page = client.get(advice.request.get_absolute_url()).content.decode()
    assert f"?kind=advice_request&amp;advice={encode(advice.pk)}" in page
    assert f"?kind=school_consultation&amp;consultation={encode(consulted.pk)}" in page
    drafting.draft_letter(
        kind="advice_request",
        child=advice.request.child,
        by=caseworker,
        contact=None,
        advice=advice,
    )
    page = client.get(advice.request.get_absolute_url()).content.decode()
    assert "kind=advice_request" not in page  # written: no longer offered
    assert "kind=school_consultation" in page


def test_an_advice_letter_is_addressed_and_dated_from_the_advice(caseworker, advice):
    letter = drafting.draft_letter(
        kind="advice_request",
        child=advice.request.child,
        by=caseworker,
        contact=None,
        advice=advice,
    )
    assert letter.recipient is None and letter.request == advice.request
    assert letter.recipient_name == "Dr Amina Shah, community paediatrics"
    assert letter.channel == Letter.Channel.POST and letter.recipient_address == ""
    # Reg 8(1): 6 weeks from the request for advice (5 October), not from the letter's date.
    assert day(assessment_rules.advice_due(ASKED)) == "16 November 2026"
    assert "16 November 2026" in letter.body
    assert "medical advice and information" in letter.body
    problems = drafting.send_problems(letter, letter.dated)
    assert any("postal address" in problem for problem in problems)


def test_a_consultation_letter_gives_the_15_days_from_the_day_it_was_sent(caseworker, child):
    consulted = ConsultationFactory(
        request__child=child, setting_name="Hill Primary School", sent_on=date(2026, 3, 1)
    )
    letter = drafting.draft_letter(
        kind="school_consultation",
        child=child,
        by=caseworker,
        contact=None,
        consultation=consulted,
    )
    assert "Hill Primary School" in letter.recipient_name
    assert "15 March 2026" in letter.body  # Code 9.83, counted with 1 March as day 1


def test_the_caseworker_writes_the_address_and_filling_in_again_keeps_it(
    client, caseworker, advice
):
    child = advice.request.child
    client.force_login(caseworker)
    response = client.post(
        reverse("letters:letter_new", args=[child.pk]),
        {"kind": "advice_request", "contact": "", "advice": advice.pk},
    )
    letter = Letter.objects.get(advice=advice)
    assert response.status_code == 302
    page = client.get(reverse("letters:letter", args=[child.pk, letter.pk]))
    assert 'name="recipient_address"' in page.content.decode()
    client.post(
        reverse("letters:letter", args=[child.pk, letter.pk]),
        {
            "recipient_name": "Dr A Shah",
            "recipient_address": "Children's Centre\nAnytown\nAN1 1AA",
            "recipient_email": "",
            "subject": letter.subject,
            "body": letter.body.replace(
                "Dear Dr Amina Shah, community paediatrics", "Dear Dr Shah"
            ),
            "channel": "post",
            "version": letter.version,
        },
    )
    letter.refresh_from_db()
    assert letter.recipient_name == "Dr A Shah"
    assert letter.recipient_address.splitlines()[-1] == "AN1 1AA"
    letter = drafting.redraft(letter=letter, by=caseworker, version=letter.version)
    assert letter.recipient_name == "Dr A Shah" and "AN1 1AA" in letter.recipient_address
    assert "Dear Dr A Shah" in letter.body


def test_a_family_letter_needs_a_family_contact(caseworker, child):
    with pytest.raises(ValidationError) as refused:
        drafting.draft_letter(kind="decision_to_assess", child=child, by=caseworker, contact=None)
    assert "contact" in refused.value.message_dict


def test_a_family_contacts_letter_has_no_address_fields(client, caseworker, advice):
    parent = ContactFactory(child=advice.request.child, address="1 Mill Lane\nAnytown\nAN1 2BC")
    letter = drafting.draft_letter(
        kind="decision_to_assess",
        child=parent.child,
        by=caseworker,
        contact=parent,
        request=advice.request,
    )
    client.force_login(caseworker)
    page = client.get(reverse("letters:letter", args=[parent.child.pk, letter.pk]))
    assert 'name="recipient_address"' not in page.content.decode()


def test_advice_asked_for_another_child_is_refused(client, caseworker, child, advice):
    other = ChildFactory(team=child.team)
    with pytest.raises(ValidationError):
        drafting.draft_letter(
            kind="advice_request", child=other, by=caseworker, contact=None, advice=advice
        )
    elsewhere = AdviceRequestFactory(request__child=other, requested_on=ASKED - timedelta(days=1))
    response_form = {"kind": "advice_request", "contact": "", "advice": elsewhere.pk}
    client.force_login(caseworker)
    response = client.post(reverse("letters:letter_new", args=[child.pk]), response_form)
    assert response.status_code == 200
    assert "Choose advice asked for this child" in response.content.decode()
