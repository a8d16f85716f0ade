"""Administrators change a letter's wording on screen, with a preview (issue 20)."""

import pytest
from django.urls import reverse

from letters.models import LetterTemplateVersion

pytestmark = pytest.mark.django_db


def _form(**changes):
    return {
        "subject": "About {{ child.first_name }}",
        "body": "{{ recipient.salutation }}\n\nYou may appeal until {{ appeal.by }}.\n",
        "reason": "",
        "based_on": "1",
        **changes,
    }


def test_only_administrators_edit_wording(client, one_letter, caseworker, head_of_service):
    for user in (caseworker, head_of_service):
        client.force_login(user)
        assert client.get(reverse("letters:wordings")).status_code == 403
        assert client.get(reverse("letters:wording", args=[one_letter])).status_code == 403


def test_the_list_names_each_letter_and_the_law_it_serves(client, one_letter, administrator):
    client.force_login(administrator)
    page = client.get(reverse("letters:wordings")).content.decode()
    assert "Test letter" in page and "SI 2014/1530 reg 5(3)" in page
    assert "As shipped" in page


def test_a_preview_fills_in_made_up_details_and_saves_nothing(client, one_letter, administrator):
    client.force_login(administrator)
    url = reverse("letters:wording", args=[one_letter])
    page = client.post(url, _form(preview="Preview")).content.decode()
    assert 'data-testid="preview"' in page
    assert "<strong>Subject:</strong> About Ayo" in page
    assert "Dear Ms Okafor" in page
    assert LetterTemplateVersion.objects.count() == 1


def test_an_unknown_placeholder_is_refused_with_its_line(client, one_letter, administrator):
    client.force_login(administrator)
    url = reverse("letters:wording", args=[one_letter])
    typed = "Dear parent\n\n{{ child.nickname }}\n"
    response = client.post(url, _form(body=typed, reason="Friendlier", save="Save"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Line 3: {{ child.nickname }} is not a placeholder we know" in page
    assert "Dear parent\n\n{{ child.nickname }}" in page  # what was typed is kept
    assert 'data-testid="preview"' not in page
    assert LetterTemplateVersion.objects.count() == 1


def test_saving_needs_a_reason_then_makes_version_2(client, one_letter, administrator):
    client.force_login(administrator)
    url = reverse("letters:wording", args=[one_letter])
    refused = client.post(url, _form(subject="Your request", save="Save")).content.decode()
    assert "Say why you are changing the wording" in refused
    response = client.post(url, _form(subject="Your request", reason="Plainer", save="Save"))
    assert response.status_code == 302
    saved = LetterTemplateVersion.objects.get(number=2)
    assert (saved.subject, saved.written_by, saved.reason) == (
        "Your request",
        administrator,
        "Plainer",
    )
    page = client.get(url).content.decode()
    assert page.count('data-testid="version-row"') == 2


def test_a_save_over_someone_elses_keeps_what_was_typed(client, one_letter, administrator):
    client.force_login(administrator)
    url = reverse("letters:wording", args=[one_letter])
    client.post(url, _form(subject="First", reason="one", save="Save"))
    response = client.post(url, _form(subject="Second", reason="two", save="Save"))
    page = response.content.decode()
    assert "Someone saved version 2 while you were editing" in page
    assert 'value="Second"' in page
    assert "<strong>Subject:</strong> First" in page  # theirs, to compare
    assert LetterTemplateVersion.objects.count() == 2


def test_an_unknown_letter_is_not_found(client, one_letter, administrator):
    client.force_login(administrator)
    assert client.get(reverse("letters:wording", args=["nothing"])).status_code == 404
