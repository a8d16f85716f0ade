"""A letter as the PDF that is filed on the child's record and posted (issue 20): A4, the
council's details as the letterhead, the recipient's address where a window envelope shows it,
real text (tagged, so a screen reader can read it), page numbers and "End of letter"."""

from django.conf import settings
from django.template.loader import render_to_string

from .models import Letter

# Where the address goes: inside the window of a C5/DL window envelope and of the address area
# GOV.UK Notify prints (its precompiled letter specification): mm from the page's top left.
ADDRESS_LEFT_MM = 24
ADDRESS_TOP_MM = 50
ADDRESS_WIDTH_MM = 95
ADDRESS_HEIGHT_MM = 27
MARGIN_MM = 15  # Notify: nothing printed within 15 mm of the edges but its own marks


HEADING_MOST = 80
NOT_HEADINGS = ("Dear ", "Yours ")


def is_heading(paragraph: str) -> bool:
    """A short line of its own with no closing punctuation ("Your right to appeal") is a
    heading of the letter, tagged as one so a screen reader can move between them."""
    return (
        "\n" not in paragraph
        and len(paragraph) <= HEADING_MOST
        and paragraph[-1] not in ".:,;)"
        and not paragraph.startswith(NOT_HEADINGS)
    )


def letter_html(letter: Letter) -> str:
    paragraphs = [
        {"text": p.strip(), "heading": is_heading(p.strip())}
        for p in letter.body.split("\n\n")
        if p.strip()
    ]
    return render_to_string(
        "letters/letter_pdf.html",
        {
            "letter": letter,
            "paragraphs": paragraphs,
            "address_lines": [
                line.strip()
                for line in [letter.recipient_name, *letter.recipient_address.splitlines()]
                if line.strip()
            ],
            "council_name": settings.COUNCIL_NAME,
            "service_name": settings.LETTERS_SERVICE_NAME,
            "council_address": settings.LETTERS_ADDRESS.splitlines(),
            "council_phone": settings.LETTERS_PHONE,
            "council_email": settings.LETTERS_EMAIL,
            "address": {
                "left": ADDRESS_LEFT_MM,
                "top": ADDRESS_TOP_MM,
                "width": ADDRESS_WIDTH_MM,
                "height": ADDRESS_HEIGHT_MM,
            },
            "margin": MARGIN_MM,
        },
    )


def letter_pdf(letter: Letter) -> bytes:
    # Imported here: WeasyPrint loads Pango, and a server without it should still serve every
    # other page. The page links to nothing, so nothing is fetched while it renders.
    import weasyprint

    return weasyprint.HTML(string=letter_html(letter)).write_pdf(pdf_variant="pdf/ua-1")
