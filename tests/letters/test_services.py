"""Letter wording is versioned: the shipped words are version 1, each change the next (issue 20)."""

import pytest

from letters import services, templating
from letters.models import LetterTemplateVersion

pytestmark = pytest.mark.django_db


def test_the_shipped_wording_is_version_1(one_letter):
    first = services.wording(one_letter)
    assert (first.number, first.written_by) == (1, None)
    assert first.subject == "About {{ child.first_name }}"
    assert "You may appeal until {{ appeal.by }}." in first.body
    assert services.wording(one_letter) == first
    assert LetterTemplateVersion.objects.count() == 1


def test_a_change_is_the_next_version_and_says_who_and_why(one_letter, administrator):
    services.wording(one_letter)
    second = services.change_wording(
        kind=one_letter,
        subject="Your request for {{ child.first_name }}",
        body="{{ recipient.salutation }}\n\nNew words.\n",
        reason="Plainer subject",
        by=administrator,
        based_on=1,
    )
    assert (second.number, second.written_by, second.reason) == (
        2,
        administrator,
        "Plainer subject",
    )
    assert services.wording(one_letter) == second
    assert LetterTemplateVersion.objects.get(number=1).body.startswith("{{ recipient.salutation }}")


def test_wording_with_an_unknown_placeholder_is_not_saved(one_letter, administrator):
    services.wording(one_letter)
    with pytest.raises(templating.WordingError) as refused:
        services.change_wording(
            kind=one_letter,
            subject="About {{ child.surname }}",
            body="Hello\n{{ council.secret }}\n",
            reason="x",
            by=administrator,
            based_on=1,
        )
    assert [str(p) for p in refused.value.problems] == [
        "Line 1: Subject: {{ child.surname }} is not a placeholder we know: choose one from "
        "the list",
        "Line 2: {{ council.secret }} is not a placeholder we know: choose one from the list",
    ]
    assert LetterTemplateVersion.objects.count() == 1  # only the shipped version 1


def test_a_change_made_meanwhile_is_not_overwritten(one_letter, administrator):
    services.wording(one_letter)
    services.change_wording(
        kind=one_letter, subject="A", body="B\n", reason="r", by=administrator, based_on=1
    )
    with pytest.raises(services.StaleWording) as stale:
        services.change_wording(
            kind=one_letter, subject="C", body="D\n", reason="r", by=administrator, based_on=1
        )
    assert stale.value.saved.number == 2
    assert services.wording(one_letter).subject == "A"


def test_an_unknown_kind_is_refused(one_letter):
    with pytest.raises(services.UnknownLetter):
        services.wording("not_a_letter")
