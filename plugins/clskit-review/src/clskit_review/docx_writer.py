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
from docx.oxml.text.run import _RunContentAppender
from docx.shared import Cm, Emu, Pt
from docx.text.paragraph import Paragraph as DocxParagraph
from lxml.etree import SubElement

from clskit import ExportError
from clskit_review.document import Block, Bullets, Figure, Heading, Paragraph, Review, Run, Table
from clskit_review.docx_template import fill_placeholders, markers, open_template, style
from clskit_review.sections import DEFAULT_ORDER
from clskit_review.zipfix import save_normalised

PLACEHOLDER_PAGE = "00"      # as wide as the numbers the layout pass writes
_HEADER_FILL = "1F4E79"

# The body's paragraphs and runs are written as python-docx writes them, element by
# element, without its proxies: ``add_paragraph`` and ``add_run`` look up each child's
# place in the schema, and ``Run.text`` reads the text a character at a time — most
# of the review's time in Word. The XML is the same, byte for byte.
_P, _PPR, _PSTYLE, _R, _RPR, _T, _BR = (qn(f"w:{n}") for n in (
    "p", "pPr", "pStyle", "r", "rPr", "t", "br"))
_B, _I, _COLOR, _SZ, _SPACING, _VAL, _AFTER = (qn(f"w:{n}") for n in (
    "b", "i", "color", "sz", "spacing", "val", "after"))
_TR_PR, _CANT_SPLIT, _TBL_HEADER, _TC_PR, _SHD = (qn(f"w:{n}") for n in (
    "trPr", "cantSplit", "tblHeader", "tcPr", "shd"))
_SPACE = qn("xml:space")
_SPECIAL = ("\t", "\r", "\n")              # what python-docx writes as w:tab, w:br
_CELL_SIZE = str(int(Pt(9.5).pt * 2))        # w:sz is in half-points: «19»
_CELL_AFTER = str(Pt(1).twips)               # w:spacing/@w:after in twips: «20»


def _text(r: Any, text: str) -> None:
    """``text`` appended to the run ``r`` as python-docx's ``Run.text`` writes it."""
    if any(c in text for c in _SPECIAL):
        _RunContentAppender.append_to_run_from_text(r, text)
        return
    t = SubElement(r, _T)
    t.text = text
    if len(text.strip()) < len(text):
        t.set(_SPACE, "preserve")

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
        self._grid: Any = None                  # the template's «Table Grid», once found
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
        """A new paragraph in the style called ``name``, as python-docx's
        ``add_paragraph(text)`` writes it."""
        return DocxParagraph(self._p(text, name), self.doc._body)

    def _p(self, text: str = "", name: str | None = None) -> Any:
        """The ``w:p`` of :meth:`add`, appended to the body before its ``w:sectPr``; the
        style by its id (python-docx's own lookup walks every style for each one)."""
        p = SubElement(self.body, _P)
        sect = self.body.sectPr
        if sect is not None:
            sect.addprevious(p)
        if name is not None:
            if name not in self._styles:
                self._styles[name] = style(self.doc, name).style_id
            SubElement(SubElement(p, _PPR), _PSTYLE).set(_VAL, self._styles[name])
        if text:
            _text(SubElement(p, _R), text)
        return p

    def runs(self, p: Any, runs: tuple[Run, ...]) -> None:
        """The runs in the ``w:p`` ``p``, a line break where a text has «\\n»."""
        for run in runs:
            lines = run.text.split("\n")
            last = len(lines) - 1
            for i, line in enumerate(lines):
                r = SubElement(p, _R)
                props = SubElement(r, _RPR)
                if run.bold:
                    SubElement(props, _B)
                if run.italic:
                    SubElement(props, _I)
                if line:
                    _text(r, line)
                if i < last:
                    SubElement(r, _BR)

    def heading(self, block: Heading) -> None:
        p = self._p(block.text, f"Heading {block.level}")
        self._bookmark += 1
        start = OxmlElement("w:bookmarkStart")
        start.set(qn("w:id"), str(self._bookmark))
        start.set(qn("w:name"), block.anchor)
        end = OxmlElement("w:bookmarkEnd")
        end.set(qn("w:id"), str(self._bookmark))
        p.insert(1 if p.pPr is not None else 0, start)
        p.append(end)

    def paragraph(self, block: Paragraph) -> None:
        name = {"quote": "Quote", "lead": "Revue – chapeau", "note": "Revue – note"}.get(
            block.style)
        self.runs(self._p("", name), block.runs)

    def bullets(self, block: Bullets) -> None:
        for item in block.items:
            self.runs(self._p("", "List Bullet"), item)

    def table(self, block: Table) -> None:
        if block.caption:
            caption = self.add(block.caption, "Caption")
            caption.paragraph_format.keep_with_next = True
        columns = len(block.header)
        table = self.doc.add_table(rows=1 + len(block.rows), cols=columns)
        if self._grid is None:
            self._grid = next((s for s in self.doc.styles if s.name == "Table Grid"), False)
        if self._grid is not False:
            table.style = self._grid
        widths = block.widths or tuple(1 / columns for _ in range(columns))
        table.autofit = False
        grid = table._tbl.tblGrid
        for col, share in zip(grid.findall(qn("w:gridCol")), widths, strict=False):
            col.set(qn("w:w"), str(int(self.text_width * share / 635)))
        tbl_width = table._tbl.tblPr.find(qn("w:tblW"))
        if tbl_width is not None:
            tbl_width.set(qn("w:type"), "dxa")
            tbl_width.set(qn("w:w"), str(int(self.text_width / 635)))
        # The cells as python-docx writes them (cell.width, runs in 9.5 pt, white bold
        # on the header's fill, 1 pt after each paragraph), from the rows' elements:
        # ``table.rows[i].cells`` lays the whole grid out again for every row.
        cell_widths = [Emu(int(self.text_width * share)) for share in widths]
        for row_index, (tr, cells) in enumerate(zip(table._tbl.tr_lst,
                                                    (block.header, *block.rows),
                                                    strict=True)):
            props = tr.get_or_add_trPr()
            SubElement(props, _CANT_SPLIT)
            if row_index == 0:
                SubElement(props, _TBL_HEADER)
            for tc, text, width in zip(tr.tc_lst, cells, cell_widths, strict=False):
                tc.width = width
                for i, line in enumerate(text.split("\n")):
                    p = tc.p_lst[0] if i == 0 else SubElement(tc, _P)
                    SubElement(SubElement(p, _PPR), _SPACING).set(_AFTER, _CELL_AFTER)
                    r = SubElement(p, _R)
                    font = SubElement(r, _RPR)
                    if row_index == 0:
                        SubElement(font, _B)
                        SubElement(font, _COLOR).set(_VAL, "FFFFFF")
                    SubElement(font, _SZ).set(_VAL, _CELL_SIZE)
                    if line:
                        _text(r, line)
                if row_index == 0:
                    shade = SubElement(tc.find(_TC_PR), _SHD)
                    shade.set(qn("w:val"), "clear")
                    shade.set(qn("w:color"), "auto")
                    shade.set(qn("w:fill"), _HEADER_FILL)
        self._p()

    def figure(self, block: Figure) -> None:
        width = min(Cm(block.width_cm), self.text_width)
        self.doc.add_picture(io.BytesIO(block.png), width=Emu(int(width)))
        picture = DocxParagraph(self.body.findall(_P)[-1], self.doc._body)
        picture.paragraph_format.keep_with_next = True
        docpr = picture._p.find(".//" + qn("wp:docPr"))
        if docpr is not None:
            docpr.set("descr", block.alt)
        self._p(block.caption, "Caption")

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
        self._p(review.contract_name, "Title")
        self._p(review.title, "Subtitle")
        self._p(review.territory)
        self.add().add_run().add_break(WD_BREAK.PAGE)

    def toc(self, review: Review, with_pages: bool) -> None:
        """«Sommaire» and a TOC field holding one entry per heading.

        With ``with_pages``, each entry ends with a tab and a placeholder number the
        layout pass replaces; without, the field is marked dirty (Word updates it)."""
        self._p("Sommaire", "TOC Heading")
        headings = list(review.headings())
        if not headings:
            return
        paragraphs = []
        for heading in headings:
            p = self._p("", f"toc {heading.level}")
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
            p.append(link)
            paragraphs.append(p)
        first, last = paragraphs[0], paragraphs[-1]
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

    def save(self, day_iso: str | None = None) -> bytes:
        """The DOCX; with ``day_iso``, its archive fixed as :mod:`zipfix` says."""
        if day_iso is not None:
            return save_normalised(self.doc, day_iso)
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


def lay_out(review: Review, template: str | None, with_pages: bool,
            opened: tuple[DocumentObject, str] | None = None) -> Layout:
    """The review in the template (``opened``: the template already opened, which this
    writes into): placeholders rendered, markers replaced."""
    doc, name = opened or open_template(template)
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
