"""Lay the review out in Word: the template's styles by name, its markers replaced by
the sections, a table of contents field whose entries carry page numbers.

python-docx writes XML; it cannot know on which page a heading will fall. The table
of contents is written as a real TOC field with one entry per heading and, when
LibreOffice is present, its page numbers come from a layout pass (:mod:`toc`): Word
and LibreOffice then open the file with the table filled, no «update the fields»
prompt. Without LibreOffice, the entries carry no number and the field is marked
dirty, so Word refreshes it on opening.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

from docx.document import Document as DocumentObject
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Emu, Pt, RGBColor

from clskit import ExportError
from clskit_review.document import Block, Bullets, Figure, Heading, Paragraph, Review, Run, Table
from clskit_review.docx_template import fill_placeholders, markers, open_template, style
from clskit_review.sections import DEFAULT_ORDER

PLACEHOLDER_PAGE = "00"      # as wide as the numbers the layout pass writes
_HEADER_FILL = "1F4E79"

#: Children of w:pPr that the schema places after w:tabs.
_AFTER_TABS = {qn(f"w:{name}") for name in (
    "suppressAutoHyphens", "kinsoku", "wordWrap", "overflowPunct", "topLinePunct",
    "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd", "snapToGrid", "spacing", "ind",
    "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc", "textDirection",
    "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr",
    "sectPr", "pPrChange")}


class Layout:
    """The document being written, with the table of contents it will fill."""

    def __init__(self, doc: DocumentObject) -> None:
        self.doc = doc
        self.body = doc.element.body
        self.toc_numbers: list[tuple[str, Any]] = []     # (anchor, the page's w:t)
        self.toc_begin: Any = None
        self._bookmark = 0
        self._styles: dict[str, str] = {}
        section = doc.sections[-1]
        width = (section.page_width or Cm(21)) - (section.left_margin or Cm(2.5)) \
            - (section.right_margin or Cm(2.5))
        self.text_width = Emu(int(width))

    # ------------------------------------------------------------------ placing

    def at(self, anchor: Any, build: Callable[[], None]) -> None:
        """Run ``build`` (which appends to the body) and move what it wrote before
        ``anchor``, which is then removed; ``anchor`` None leaves it at the end."""
        sect = self.body.find(qn("w:sectPr"))
        before = len(self.body)
        build()
        if anchor is None:
            return
        added = [el for el in list(self.body)[before - (1 if sect is not None else 0):]
                 if el is not sect]
        for el in added:
            anchor.addprevious(el)
        anchor.getparent().remove(anchor)

    # ------------------------------------------------------------------ blocks

    def add(self, text: str = "", name: str | None = None) -> Any:
        """A new paragraph in the style called ``name``, by its id: python-docx's own
        lookup walks every style for each paragraph."""
        p = self.doc.add_paragraph(text)
        if name is not None:
            if name not in self._styles:
                self._styles[name] = style(self.doc, name).style_id
            p._p.style = self._styles[name]
        return p

    def runs(self, paragraph: Any, runs: tuple[Run, ...]) -> None:
        for run in runs:
            lines = run.text.split("\n")
            for i, line in enumerate(lines):
                r = paragraph.add_run(line)
                r.bold = run.bold or None
                r.italic = run.italic or None
                if i < len(lines) - 1:
                    r.add_break()

    def heading(self, block: Heading) -> None:
        p = self.add(block.text, f"Heading {block.level}")
        self._bookmark += 1
        start = OxmlElement("w:bookmarkStart")
        start.set(qn("w:id"), str(self._bookmark))
        start.set(qn("w:name"), block.anchor)
        end = OxmlElement("w:bookmarkEnd")
        end.set(qn("w:id"), str(self._bookmark))
        p._p.insert(1 if p._p.pPr is not None else 0, start)
        p._p.append(end)

    def paragraph(self, block: Paragraph) -> None:
        name = {"quote": "Quote", "lead": "Revue – chapeau", "note": "Revue – note"}.get(
            block.style)
        self.runs(self.add("", name), block.runs)

    def bullets(self, block: Bullets) -> None:
        for item in block.items:
            self.runs(self.add("", "List Bullet"), item)

    def table(self, block: Table) -> None:
        if block.caption:
            caption = self.add(block.caption, "Caption")
            caption.paragraph_format.keep_with_next = True
        columns = len(block.header)
        table = self.doc.add_table(rows=1 + len(block.rows), cols=columns)
        if any(s.name == "Table Grid" for s in self.doc.styles):
            table.style = self.doc.styles["Table Grid"]
        widths = block.widths or tuple(1 / columns for _ in range(columns))
        table.autofit = False
        grid = table._tbl.tblGrid
        for col, share in zip(grid.findall(qn("w:gridCol")), widths, strict=False):
            col.set(qn("w:w"), str(int(self.text_width * share / 635)))
        tbl_width = table._tbl.tblPr.find(qn("w:tblW"))
        if tbl_width is not None:
            tbl_width.set(qn("w:type"), "dxa")
            tbl_width.set(qn("w:w"), str(int(self.text_width / 635)))
        for row_index, cells in enumerate((block.header, *block.rows)):
            row = table.rows[row_index]
            props = row._tr.get_or_add_trPr()
            props.append(OxmlElement("w:cantSplit"))
            if row_index == 0:
                props.append(OxmlElement("w:tblHeader"))
            for cell, text, share in zip(row.cells, cells, widths, strict=False):
                cell.width = Emu(int(self.text_width * share))
                lines = text.split("\n")
                for i, line in enumerate(lines):
                    p = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
                    r = p.add_run(line)
                    r.font.size = Pt(9.5)
                    if row_index == 0:
                        r.bold = True
                        r.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
                    p.paragraph_format.space_after = Pt(1)
                if row_index == 0:
                    shade = OxmlElement("w:shd")
                    shade.set(qn("w:val"), "clear")
                    shade.set(qn("w:color"), "auto")
                    shade.set(qn("w:fill"), _HEADER_FILL)
                    cell._tc.get_or_add_tcPr().append(shade)
        self.doc.add_paragraph()

    def figure(self, block: Figure) -> None:
        width = min(Cm(block.width_cm), self.text_width)
        self.doc.add_picture(io.BytesIO(block.png), width=Emu(int(width)))
        picture = self.doc.paragraphs[-1]
        picture.paragraph_format.keep_with_next = True
        docpr = picture._p.find(".//" + qn("wp:docPr"))
        if docpr is not None:
            docpr.set("descr", block.alt)
        self.add(block.caption, "Caption")

    def block(self, block: Block) -> None:
        if isinstance(block, Heading):
            self.heading(block)
        elif isinstance(block, Paragraph):
            self.paragraph(block)
        elif isinstance(block, Bullets):
            self.bullets(block)
        elif isinstance(block, Table):
            self.table(block)
        else:
            self.figure(block)

    # ------------------------------------------------------------------ cover and TOC

    def cover(self, review: Review) -> None:
        self.add(review.contract_name, "Title")
        self.add(review.title, "Subtitle")
        self.doc.add_paragraph(review.territory)
        self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def toc(self, review: Review, with_pages: bool) -> None:
        """«Sommaire» and a TOC field holding one entry per heading.

        With ``with_pages``, each entry ends with a tab and a placeholder number the
        layout pass replaces; without, the field is marked dirty (Word updates it)."""
        self.add("Sommaire", "TOC Heading")
        headings = list(review.headings())
        if not headings:
            return
        paragraphs = []
        for heading in headings:
            p = self.add("", f"toc {heading.level}")
            link = OxmlElement("w:hyperlink")
            link.set(qn("w:anchor"), heading.anchor)
            link.set(qn("w:history"), "1")
            link.append(_run(heading.text))
            if with_pages:
                tab = OxmlElement("w:r")
                tab.append(OxmlElement("w:tab"))
                link.append(tab)
                number = _run(PLACEHOLDER_PAGE)
                link.append(number)
                self.toc_numbers.append((heading.anchor, number.find(qn("w:t"))))
            p._p.append(link)
            paragraphs.append(p)
        first, last = paragraphs[0]._p, paragraphs[-1]._p
        begin = _field_char("begin")
        if not with_pages:
            begin.find(qn("w:fldChar")).set(qn("w:dirty"), "true")
        instr = OxmlElement("w:r")
        text = OxmlElement("w:instrText")
        text.set(qn("xml:space"), "preserve")
        text.text = ' TOC \\o "1-2" \\h \\z \\u '
        instr.append(text)
        anchor = first.pPr
        for el in (begin, instr, _field_char("separate")):
            if anchor is not None:
                anchor.addnext(el)
            else:
                first.insert(0, el)
            anchor = el
        last.append(_field_char("end"))
        self.toc_begin = begin

    def tab_stops(self) -> None:
        """Right-aligned, dotted tab at the text's right edge for the TOC styles."""
        twips = int(self.text_width / 635)
        for level in (1, 2):
            s = style(self.doc, f"toc {level}")
            ppr = s.element.get_or_add_pPr()
            if ppr.find(qn("w:tabs")) is not None:
                continue
            tabs = OxmlElement("w:tabs")
            tab = OxmlElement("w:tab")
            tab.set(qn("w:val"), "right")
            tab.set(qn("w:leader"), "dot")
            tab.set(qn("w:pos"), str(twips))
            tabs.append(tab)
            # CT_PPrBase is a sequence: w:tabs comes before spacing, ind, jc… (Word
            # «repairs» a style whose tabs follow them).
            later = next((child for child in ppr if child.tag in _AFTER_TABS), None)
            if later is not None:
                later.addprevious(tabs)
            else:
                ppr.append(tabs)

    def pages(self, found: dict[str, int]) -> None:
        """Write the pages the layout pass found into the table of contents."""
        for anchor, node in self.toc_numbers:
            node.text = str(found[anchor]) if anchor in found else ""

    def save(self) -> bytes:
        buffer = io.BytesIO()
        self.doc.save(buffer)
        return buffer.getvalue()


def _run(text: str) -> Any:
    r = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.set(qn("xml:space"), "preserve")
    t.text = text
    r.append(t)
    return r


def _field_char(kind: str) -> Any:
    r = OxmlElement("w:r")
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    r.append(char)
    return r


def lay_out(review: Review, template: str | None, with_pages: bool) -> Layout:
    """The review in the template: placeholders rendered, markers replaced."""
    doc, name = open_template(template)
    values = {"title": review.title, "contract_name": review.contract_name,
              "short_name": review.short_name, "territory": review.territory,
              "period": review.period}
    fill_placeholders(doc, name, values)
    layout = Layout(doc)
    layout.tab_stops()
    found = markers(doc)
    parts = {p.name: p for p in review.parts}
    placed = {what for _, what in found}
    for _, what in found:
        if what not in {"toc", "sections"} and what not in DEFAULT_ORDER:
            raise ExportError(f"template {name}: unknown section marker «section.{what}»; "
                              f"the sections are {', '.join(DEFAULT_ORDER)}")

    def blocks_of(names: list[str]) -> Callable[[], None]:
        def build() -> None:
            for part in review.parts:
                if any(part.name == n or (n == "extra" and part.name.startswith("extra-"))
                       for n in names):
                    for block in part.blocks:
                        layout.block(block)
        return build

    if not found:
        layout.at(None, lambda: layout.cover(review))
        layout.at(None, lambda: layout.toc(review, with_pages))
        layout.at(None, blocks_of([p.name for p in review.parts]))
        return layout
    rest = [p.name for p in review.parts if p.name not in placed
            and not (p.name.startswith("extra-") and "extra" in placed)]
    for anchor, what in found:
        if what == "toc":
            layout.at(anchor, lambda: layout.toc(review, with_pages))
        elif what == "sections":
            layout.at(anchor, blocks_of(rest))
        elif what in parts or what == "extra":
            layout.at(anchor, blocks_of([what]))
        else:
            anchor.getparent().remove(anchor)
    return layout
