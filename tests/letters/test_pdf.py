"""A letter's PDF meets GOV.UK Notify's letter specification (issue 20): A4, the address in the
envelope window's block, nothing beside it, the letter from 95 mm down, real text throughout.
Checked by the same rules the fake Notify applies to a posted letter."""

import io

import pytest
from pypdf import PdfReader

from letters import drafting
from letters.pdf import is_heading, letter_pdf
from tests.factories import ChildFactory, ContactFactory
from tests.letters.fake_notify import letter_problems

pytestmark = pytest.mark.django_db


@pytest.fixture
def letter(caseworker, settings):
    settings.LETTERS_ADDRESS = "Town Hall\nHigh Street\nAnytown\nAN1 1AA"
    settings.LETTERS_PHONE, settings.LETTERS_EMAIL = "0300 000 0002", "send@anytown.gov.uk"
    child = ChildFactory(first_name="Ayo", last_name="Bello", lead_caseworker=caseworker)
    parent = ContactFactory(
        child=child,
        name="Grace Bello",
        address="Flat 3\n1 Mill Lane\nLittle Marsh\nAnytown\nAN1 2BC",
    )
    return drafting.draft_letter(
        kind="decision_not_to_assess", child=child, by=caseworker, contact=parent
    )


@pytest.mark.parametrize("large_print", [False, True])
def test_the_pdf_meets_notifys_letter_specification(letter, large_print):
    letter.large_print = large_print
    pdf = letter_pdf(letter)
    assert letter_problems(pdf) == []
    pages = PdfReader(io.BytesIO(pdf)).pages
    text = "\n".join(page.extract_text() for page in pages)
    assert "Grace Bello" in text and "AN1 2BC" in text and "End of letter" in text
    assert f"Page {len(pages)} of {len(pages)}" in text
    assert len(pages) <= 10
    if large_print:
        assert len(pages) > 2  # the same words at 18 point take more pages


def test_an_address_outside_the_window_is_caught(letter):
    """The check can fail: an address of eight lines does not fit the block."""
    letter.recipient_address = "\n".join(f"Line {n}" for n in range(1, 8)) + "\nAN1 2BC"
    assert letter_problems(letter_pdf(letter)) != []


def test_short_lines_of_their_own_are_headings():
    assert is_heading("Your right to appeal")
    assert not is_heading("Dear Grace Bello")
    assert not is_heading("Yours sincerely")
    assert not is_heading("We have decided not to carry out an assessment.")
    assert not is_heading("Jo Patel\nSEND Team")
