"""Generate the review's default Word template, ``src/clskit_review/templates/default.docx``.

Run from the repository root: ``python plugins/clskit-review/tools/make_template.py``.
The template is python-docx's blank document with the review's styles set by name
(Arial, navy headings, each part on a new page), an A4 page, a cover with the
placeholders, the markers ``{{ toc }}`` and ``{{ sections }}``, a header naming the
review and a footer with the page number. A territory copies it and restyles it in
Word (see docs/exporters/review.md).
"""

from __future__ import annotations

import sys
from pathlib import Path

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

NAVY = RGBColor(0x1F, 0x4E, 0x79)
BLUE = RGBColor(0x2E, 0x75, 0xB6)
GREY = RGBColor(0x59, 0x59, 0x59)
FONT = "Arial"
HERE = Path(__file__).resolve().parent
TARGET = HERE.parent / "src" / "clskit_review" / "templates" / "default.docx"


def paragraph_style(doc: docx.document.Document, name: str) -> docx.styles.style.ParagraphStyle:
    for s in doc.styles:
        if s.type == WD_STYLE_TYPE.PARAGRAPH and (s.name or "").lower() == name.lower():
            return s
    made = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    made.base_style = doc.styles["Normal"]
    return made


def set_font(s: docx.styles.style.ParagraphStyle, size: float, *, bold: bool = False,
             italic: bool = False, colour: RGBColor | None = None) -> None:
    s.font.name = FONT
    rpr = s.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
        fonts.attrib.pop(qn(attr), None)
    s.font.size = Pt(size)
    s.font.bold = bold
    s.font.italic = italic
    if colour is not None:
        s.font.color.rgb = colour


def page_field(paragraph: docx.text.paragraph.Paragraph) -> None:
    """A PAGE field: the page number, computed by Word and LibreOffice."""
    for kind, text in (("begin", None), ("instr", " PAGE "), ("separate", None),
                       ("text", "1"), ("end", None)):
        run = OxmlElement("w:r")
        if kind == "instr":
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        elif kind == "text":
            el = OxmlElement("w:t")
            el.text = text
        else:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        run.append(el)
        paragraph._p.append(run)


def build(target: Path = TARGET) -> Path:
    doc = docx.Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.2)
    section.top_margin, section.bottom_margin = Cm(2.2), Cm(2.0)
    section.different_first_page_header_footer = True

    normal = doc.styles["Normal"]
    set_font(normal, 10.5)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.15
    # French text: language of every run, for hyphenation and the spell checker.
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "fr-FR")
    normal.element.get_or_add_rPr().append(lang)

    title = paragraph_style(doc, "Title")
    set_font(title, 24, bold=True, colour=NAVY)
    title.paragraph_format.space_before = Pt(150)
    title.paragraph_format.space_after = Pt(24)
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    pbdr = title.element.get_or_add_pPr().find(qn("w:pBdr"))
    if pbdr is not None:
        pbdr.getparent().remove(pbdr)
    subtitle = paragraph_style(doc, "Subtitle")
    set_font(subtitle, 16, colour=BLUE)
    subtitle.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    subtitle.paragraph_format.space_after = Pt(12)

    h1 = paragraph_style(doc, "Heading 1")
    set_font(h1, 16, bold=True, colour=NAVY)
    h1.paragraph_format.page_break_before = True      # each part on a new page, as the seed
    h1.paragraph_format.space_before = Pt(0)
    h1.paragraph_format.space_after = Pt(12)
    h1.paragraph_format.keep_with_next = True
    h2 = paragraph_style(doc, "Heading 2")
    set_font(h2, 12.5, bold=True, colour=BLUE)
    h2.paragraph_format.space_before = Pt(14)
    h2.paragraph_format.space_after = Pt(6)
    h2.paragraph_format.keep_with_next = True

    bullet = paragraph_style(doc, "List Bullet")
    set_font(bullet, 10.5)
    bullet.paragraph_format.space_after = Pt(3)
    quote = paragraph_style(doc, "Quote")
    set_font(quote, 10.5, italic=True, colour=GREY)
    quote.paragraph_format.left_indent = Cm(1)
    caption = paragraph_style(doc, "Caption")
    set_font(caption, 9.5, bold=True, colour=NAVY)
    caption.paragraph_format.space_before = Pt(6)
    lead = paragraph_style(doc, "Revue – chapeau")
    set_font(lead, 10.5, bold=True, colour=NAVY)
    lead.paragraph_format.space_before = Pt(6)
    lead.paragraph_format.space_after = Pt(3)
    lead.paragraph_format.keep_with_next = True
    note = paragraph_style(doc, "Revue – note")
    set_font(note, 9, italic=True, colour=GREY)
    toc_heading = paragraph_style(doc, "TOC Heading")
    set_font(toc_heading, 18, bold=True, colour=NAVY)
    toc_heading.paragraph_format.space_after = Pt(18)
    outline = toc_heading.element.get_or_add_pPr().find(qn("w:outlineLvl"))
    if outline is not None:
        outline.getparent().remove(outline)
    for level, size in ((1, 11), (2, 10)):
        toc = paragraph_style(doc, f"toc {level}")
        set_font(toc, size, bold=level == 1)
        toc.paragraph_format.left_indent = Cm(0.6 * (level - 1))
        toc.paragraph_format.space_after = Pt(4 if level == 1 else 2)

    body = doc.paragraphs[0] if doc.paragraphs else doc.add_paragraph()
    body.text = "{{ contract_name }}"
    body.style = title
    doc.add_paragraph("{{ title }}", style=subtitle)
    doc.add_paragraph("{{ territory }}").alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    doc.add_paragraph("{{ toc }}")
    doc.add_paragraph("{{ sections }}")

    header = section.header.paragraphs[0]
    header.text = "{{ short_name }} — {{ title }}"
    header.runs[0].font.size = Pt(8.5)
    header.runs[0].font.color.rgb = GREY
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    footer.add_run("Page ").font.size = Pt(8.5)
    page_field(footer)

    props = doc.core_properties
    props.author = props.last_modified_by = "clskit"
    props.title = "Revue du Contrat Local de Santé"
    props.language = "fr-FR"
    import datetime as dt

    props.created = props.modified = dt.datetime(2024, 1, 1)
    props.revision = 1
    target.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(target))
    return target


if __name__ == "__main__":
    out = build(Path(sys.argv[1]) if len(sys.argv) > 1 else TARGET)
    print(out)
