"""What a sent letter's page offers (issue 20): one that did not arrive can be sent again or
corrected, by someone who may change the record; one being sent, neither."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models.assessment import Decision
from letters import drafting
from letters.models import Letter
from tests.factories import AssessmentRequestFactory, ContactFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def letter(child, caseworker):
    request = AssessmentRequestFactory(
        child=child,
        received_on=timezone.localdate() - timedelta(weeks=5),
        assess_decision=Decision.NO,
        assess_decision_on=timezone.localdate(),
    )
    parent = ContactFactory(
        child=child, name="Grace Stone", address="1 Mill Lane\nAnytown\nAN1 2BC"
    )
    return drafting.draft_letter(
        kind="decision_not_to_assess", child=child, by=caseworker, contact=parent, request=request
    )


@pytest.mark.parametrize(
    ("status", "resend", "correct"),
    [
        (Letter.Status.SENDING, False, False),
        (Letter.Status.SENT, False, True),
        (Letter.Status.FAILED, True, True),
    ],
)
def test_a_letter_that_has_gone_can_be_sent_again_or_corrected(
    client, caseworker, head_of_service, letter, status, resend, correct
):
    Letter.objects.filter(pk=letter.pk).update(status=status)
    url = reverse("letters:letter", args=[letter.child_id, letter.pk])
    client.force_login(caseworker)
    page = client.get(url).content.decode()
    assert ("Send it again</button>" in page) is resend
    assert ("Write a correction</button>" in page) is correct
    client.force_login(head_of_service)  # reads the record, changes nothing
    page = client.get(url).content.decode()
    assert "Send it again</button>" not in page and "Write a correction</button>" not in page
