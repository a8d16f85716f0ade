"""A letter as a Word document (issue 20), for councils that finish their letters in Word: the
same words as the PDF (letters.pdf) on A4, the council's details at the top, the recipient's
address, the date, our reference, the subject and the body. Built from Word's own styles (the
subject a Heading 1, the letter's headings Heading 2) and marked as British English, so a
screen reader can move between its headings and read it in the right voice."""

from __future__ import annotations

import io
from datetime import datetime

from django.conf import settings
from django.utils import timezone
from docx import Document
from docx.document import Document as WordDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.styles.style import ParagraphStyle
from docx.text.paragraph import Paragraph

from core.formatting import day

from .models import Letter
from .pdf import ADDRESS_LEFT_MM, MARGIN_MM, is_heading

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
LANGUAGE = "en-GB"
FONT = "Arial"
INK = RGBColor(0x0B, 0x0C, 0x0C)  # the PDF's text colour
# Sizes in points, as the PDF's: (body, subject, headings in the body).
SIZES = {False: (12, 14, 12), True: (18, 20, 18)}
SMALL = 10  # the letterhead, the address block and "End of letter", as on the PDF


def _style(style: ParagraphStyle, size: int, *, bold: bool = False) -> None:
    """Arial in the PDF's ink at `size`: Word's template gives headings a theme font and blue,
    which a font name alone does not override (the theme attributes win), so they go."""
    font = style.font
    font.name, font.size, font.bold, font.italic = FONT, Pt(size), bold, False
    font.color.rgb = INK
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attribute), None)


def _language(document: WordDocument) -> None:
    """Every run is British English unless it says otherwise (Word's proofing and a screen
    reader's voice come from here; the core properties' language is only a label)."""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    assert defaults is not None  # python-docx's template has them
    run_defaults = defaults.find(qn("w:rPrDefault"))
    assert run_defaults is not None
    properties = run_defaults.find(qn("w:rPr"))
    assert properties is not None
    language = properties.find(qn("w:lang"))
    if language is None:
        language = OxmlElement("w:lang")
        properties.append(language)
    for attribute in ("w:val", "w:eastAsia", "w:bidi"):
        language.set(qn(attribute), LANGUAGE)


def _field(paragraph: Paragraph, instruction: str) -> None:
    """A field Word fills in as it lays the page out (PAGE, NUMPAGES)."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _page(document: WordDocument) -> None:
    """A4 with the PDF's margins, "Page n of m" at the foot on the right."""
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = section.top_margin = Mm(MARGIN_MM)
    section.bottom_margin, section.footer_distance = Mm(20), Mm(8)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    footer.add_run("Page ")
    _field(footer, "PAGE")
    footer.add_run(" of ")
    _field(footer, "NUMPAGES")


def _lines(paragraph: Paragraph, lines: list[str]) -> Paragraph:
    """The lines in one paragraph, a line break (not a new paragraph) between each."""
    for number, line in enumerate(lines):
        run = paragraph.add_run(line)
        if number < len(lines) - 1:
            run.add_break()
    return paragraph


def _letterhead(document: WordDocument) -> None:
    lines = [
        settings.LETTERS_SERVICE_NAME,
        *settings.LETTERS_ADDRESS.splitlines(),
        settings.LETTERS_PHONE,
        settings.LETTERS_EMAIL,
    ]
    sender = document.add_paragraph()
    sender.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    sender.add_run(settings.COUNCIL_NAME).bold = True
    for line in (line.strip() for line in lines):
        if line:
            sender.add_run().add_break()
            sender.add_run(line).font.size = Pt(SMALL)


def _address(document: WordDocument, letter: Letter) -> None:
    """The recipient's name and address where the PDF has them, in a window envelope's view."""
    lines = [
        line.strip()
        for line in [letter.recipient_name, *letter.recipient_address.splitlines()]
        if line.strip()
    ]
    block = _lines(document.add_paragraph(), lines)
    block.paragraph_format.left_indent = Mm(ADDRESS_LEFT_MM - MARGIN_MM)
    block.paragraph_format.space_before = Mm(12)
    block.paragraph_format.space_after = Mm(12)
    for run in block.runs:
        run.font.size = Pt(SMALL)


def _properties(document: WordDocument, letter: Letter, now: datetime) -> None:
    properties = document.core_properties
    properties.title = letter.subject
    properties.language = LANGUAGE
    properties.author = properties.last_modified_by = settings.COUNCIL_NAME
    properties.comments = ""  # python-docx's template says it made the file
    properties.created = properties.modified = now
    properties.revision = 1


def letter_docx(letter: Letter) -> bytes:
    document = Document()
    body_size, subject_size, heading_size = SIZES[letter.large_print]
    _style(document.styles["Normal"], body_size)
    _style(document.styles["Heading 1"], subject_size, bold=True)
    _style(document.styles["Heading 2"], heading_size, bold=True)
    _style(document.styles["Footer"], SMALL)
    _language(document)
    _page(document)
    _properties(document, letter, timezone.now())

    _letterhead(document)
    _address(document, letter)
    _lines(
        document.add_paragraph(),
        [day(letter.dated), f"Our reference: {letter.child.reference}"],
    )
    document.add_heading(letter.subject, level=1)
    for text in (p.strip() for p in letter.body.split("\n\n")):
        if not text:
            continue
        if is_heading(text):
            document.add_heading(text, level=2)
        else:
            _lines(document.add_paragraph(), [line.strip() for line in text.splitlines()])
    end = document.add_paragraph()
    end.paragraph_format.space_before = Mm(8)
    end.add_run("End of letter").font.size = Pt(SMALL)

    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
