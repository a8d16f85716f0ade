"""A letter as the PDF that is filed on the child's record and posted (issue 20): A4, the
council's details as the letterhead, the recipient's address where a window envelope shows it,
real text (tagged, so a screen reader can read it), page numbers and "End of letter"."""

from django.conf import settings
from django.template.loader import render_to_string

from .models import Letter

# GOV.UK Notify's letter specification (v2.4), in mm from the page's top left: the address in
# its block (24.6 to 120 mm across, 39.5 to 66.3 mm down: the envelope's window), nothing else
# level with it left of 125 mm, and the letter itself from 95 mm down.
ADDRESS_LEFT_MM = 26
ADDRESS_TOP_MM = 41
ADDRESS_WIDTH_MM = 92
ADDRESS_HEIGHT_MM = 25  # six lines of 10 pt at 1.2
SENDER_LEFT_MM = 125
BODY_TOP_MM = 96
MARGIN_MM = 15  # Notify: nothing printed within 15 mm of the sides


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
            # Positions inside the page's margins, where the layout measures from.
            "address": {
                "left": ADDRESS_LEFT_MM - MARGIN_MM,
                "top": ADDRESS_TOP_MM - MARGIN_MM,
                "width": ADDRESS_WIDTH_MM,
                "height": ADDRESS_HEIGHT_MM,
            },
            "sender_width": 210 - MARGIN_MM - SENDER_LEFT_MM,
            "body_top": BODY_TOP_MM - MARGIN_MM,
            "margin": MARGIN_MM,
        },
    )


def letter_pdf(letter: Letter) -> bytes:
    # Imported here: WeasyPrint loads Pango, and a server without it should still serve every
    # other page. The page links to nothing, so nothing is fetched while it renders.
    import weasyprint

    return weasyprint.HTML(string=letter_html(letter)).write_pdf(pdf_variant="pdf/ua-1")
