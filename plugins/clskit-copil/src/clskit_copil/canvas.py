"""Slides, text, bullets and tables that never overflow.

python-pptx cannot measure rendered text, so every block is measured with the font
metrics of :mod:`clskit_copil.fit` before it is placed; lists and tables too long for a
slide continue on slides titled «(suite)», the table header repeated.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from attrs import define, field, frozen
from pptx.dml.color import RGBColor
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Emu, Inches, Pt

from clskit_copil import _notes, _xml, fit
from clskit_copil.template import Layouts

FONT = "Arial"
NAVY = RGBColor(0x1F, 0x4E, 0x79)
ACCENT = RGBColor(0x2E, 0x75, 0xB6)
INK = RGBColor(0x1A, 0x1A, 0x1A)
MUTED = RGBColor(0x59, 0x59, 0x59)
PALE = RGBColor(0xDE, 0xEB, 0xF7)
WHITE = RGBColor(0xFF, 0xFF, 0xFF)
EMU_PER_PT = 12700
CONTINUED = " (suite)"
# Control characters that lxml refuses; the loader cleans text, but sections also
# receive text from other plugins.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def pt(emu: int) -> float:
    return emu / EMU_PER_PT


def clean(text: str) -> str:
    return _CONTROL.sub("", text)


def _identity(text: str) -> str:
    return text


_PH = f"{{{_xml.P_NS}}}nvSpPr/{{{_xml.P_NS}}}nvPr/{{{_xml.P_NS}}}ph"


def hex_colour(color: RGBColor | str) -> str:
    """RRGGBB, as DrawingML writes it, from an RGBColor or a "#rrggbb" text."""
    return color.lstrip("#").upper() if isinstance(color, str) else str(color)


@frozen
class Rect:
    """A rectangle on a slide, in EMU."""

    left: int
    top: int
    width: int
    height: int

    @property
    def bottom(self) -> int:
        return self.top + self.height

    def below(self, offset: int) -> Rect:
        return Rect(self.left, self.top + offset, self.width, max(self.height - offset, 0))

    def columns(self, count: int, gap: int = Inches(0.3)) -> list[Rect]:
        width = (self.width - gap * (count - 1)) // count
        return [Rect(self.left + i * (width + gap), self.top, width, self.height)
                for i in range(count)]


@frozen
class Run:
    text: str
    bold: bool = False
    italic: bool = False
    color: RGBColor | None = None


@define
class Para:
    """A paragraph: runs, an optional bullet, a size."""

    runs: list[Run]
    size: float = 18.0
    bullet: bool = False
    level: int = 0
    color: RGBColor = INK
    align: Any = None
    space_after: float = 6.0
    bold: bool = False

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs).rstrip("\n")

    @classmethod
    def of(cls, text: str, **kwargs: Any) -> Para:
        return cls([Run(text)], **kwargs)

    @classmethod
    def labelled(cls, label: str, text: str, **kwargs: Any) -> Para:
        """«FA 5 : texte» with the label in bold."""
        return cls([Run(label, bold=True), Run(f" : {text}")], **kwargs)


INDENT = 18.0  # points of hanging indent for bullets
MIN_SIZE = 10.0  # the smallest text the deck shrinks to


@define
class Deck:
    """The presentation being built, with the geometry of its template."""

    prs: Any
    layouts: Layouts
    footer: str = ""
    slide_notes: dict[int, list[str]] = field(factory=dict)
    scrub: Any = field(default=_identity)   # redaction of names, set by the deck

    _body: Rect | None = field(default=None, init=False, repr=False)
    _frames: dict[tuple[int, int], fit.Frame] = field(factory=dict, init=False, repr=False)

    @property
    def width(self) -> int:
        return int(self.prs.slide_width)

    @property
    def height(self) -> int:
        return int(self.prs.slide_height)

    def _title_box(self) -> Rect:
        placeholders: Any = self.layouts.content.placeholders
        for shape in placeholders:
            if shape.placeholder_format.idx == self.layouts.content_title:
                return Rect(int(shape.left), int(shape.top), int(shape.width),
                            int(shape.height))
        raise AssertionError("content layout lost its title")

    @property
    def body(self) -> Rect:
        """Where content goes: under the title, above the footer."""
        if self._body is None:
            title = self._title_box()
            top = title.bottom + Inches(0.12)
            bottom = self.height - Inches(0.5)
            self._body = Rect(title.left, top, title.width, bottom - top)
        return self._body

    # ------------------------------------------------------------------ slides

    def cover(self, title: str, lines: Sequence[str]) -> Any:
        layout = self.layouts.cover
        slide = self.prs.slides.add_slide(layout)
        self._fill_placeholder(slide, layout, self.layouts.cover_title, title, max_size=40,
                               min_size=24, bold=True, color=NAVY)
        frame = self._frame(layout, self.layouts.cover_subtitle)
        font = fit.shrink_to_fit("\n".join(lines), frame, max_size=24, min_size=12)
        size = font.size if font else 12
        _xml.set_paragraphs(self._placeholder_body(slide, self.layouts.cover_subtitle), [
            _xml.paragraph([self.run_xml(line, size, bold=i == 0, color=NAVY if i == 0 else INK)])
            for i, line in enumerate(lines)])
        return slide

    def slide(self, title: str, subtitle: str | None = None) -> tuple[Any, Rect]:
        """A content slide; returns it and the free body area."""
        slide = self.prs.slides.add_slide(self.layouts.content)
        self._fill_placeholder(slide, self.layouts.content, self.layouts.content_title, title,
                               max_size=26, min_size=16, bold=True, color=NAVY)
        body = self.body
        if subtitle:
            size = 16.0
            lines = fit.wrap(subtitle, fit.Font(size, bold=True), pt(body.width) - 14.4)
            height = Emu(int((len(lines) * fit.line_height(fit.Font(size, True)) + 10)
                             * EMU_PER_PT))
            self.text(slide, Rect(body.left, body.top, body.width, height),
                      [Para([Run(subtitle, bold=True)], size=size, color=ACCENT,
                            space_after=0)])
            body = body.below(height + Inches(0.08))
        return slide, body

    def notes(self, slide: Any, text: str) -> None:
        if text.strip():
            self.slide_notes.setdefault(id(slide), []).append(clean(self.scrub(text.strip())))

    def finish(self) -> None:
        """Footers and speaker notes, once the slide count is known."""
        slides = list(self.prs.slides)
        total = len(slides)
        _notes.add_notes(self.prs, [(slide, "\n\n".join(self.slide_notes[id(slide)]))
                                    for slide in slides if self.slide_notes.get(id(slide))])
        for number, slide in enumerate(slides, start=1):
            if number == 1 or number == total or not self.footer:
                continue
            box = Rect(self.body.left, self.height - Inches(0.42), self.body.width,
                       Inches(0.3))
            self.text(slide, box, [Para([Run(self.footer)], size=10, color=MUTED,
                                        space_after=0)], anchor=MSO_ANCHOR.MIDDLE)
            self.text(slide, box, [Para([Run(f"{number} / {total}")], size=10, color=MUTED,
                                        align=PP_ALIGN.RIGHT, space_after=0)],
                      anchor=MSO_ANCHOR.MIDDLE)

    # ------------------------------------------------------------------ text

    def run_xml(self, text: str, size: float, *, bold: bool = False, italic: bool = False,
                color: RGBColor | str = INK) -> str:
        """The XML of a run of ``text``, cleaned and (when redacting) scrubbed."""
        return _xml.run(clean(self.scrub(text)), size, font=FONT, color=hex_colour(color),
                        bold=bold, italic=italic)

    def _paragraph(self, para: Para) -> str:
        runs: list[str] = []
        last = len(para.runs) - 1
        for n, spec in enumerate(para.runs):
            text = spec.text.rstrip("\n") if n == last else spec.text
            # A line break inside a paragraph, not a new bulleted paragraph; the
            # measurement counts these breaks the same way.
            for k, line in enumerate(text.split("\n")):
                if k:
                    runs.append(_xml.BREAK)
                runs.append(self.run_xml(line, para.size, bold=spec.bold or para.bold,
                                      italic=spec.italic, color=spec.color or para.color))
        indent = int(Pt(INDENT))
        bullet = (("•" if para.level == 0 else "–", indent * (para.level + 1), indent)
                  if para.bullet else None)
        return _xml.paragraph(runs, align=para.align.xml_value if para.align else None,
                              space_after=para.space_after, bullet=bullet, bullet_font=FONT)

    def _frame(self, layout: Any, idx: int) -> fit.Frame:
        """The box of a layout's placeholder, which a new slide's placeholder inherits;
        asked once (python-pptx looks inherited geometry up anew on every access)."""
        key = (id(layout), idx)
        if key not in self._frames:
            shape = next(s for s in layout.placeholders if s.placeholder_format.idx == idx)
            self._frames[key] = fit.Frame(pt(int(shape.width)), pt(int(shape.height)))
        return self._frames[key]

    @staticmethod
    def _placeholder_body(slide: Any, idx: int) -> Any:
        """The text body of a new slide's placeholder ``idx``, its text set to wrap."""
        for shape in slide.shapes._spTree.iterchildren(_xml.P_SP):
            ph = shape.find(_PH)
            if ph is not None and int(ph.get("idx", "0")) == idx:
                body = shape.find(_xml.P_TXBODY)
                body.find(_xml.A_BODYPR).set("wrap", "square")
                return body
        raise AssertionError(f"the slide lost its placeholder {idx}")

    def _fill_placeholder(self, slide: Any, layout: Any, idx: int, text: str, *,
                          max_size: float, min_size: float, bold: bool,
                          color: RGBColor) -> None:
        font = fit.shrink_to_fit(text, self._frame(layout, idx), max_size=max_size,
                                 min_size=min_size, bold=bold)
        size = font.size if font else min_size
        _xml.set_paragraphs(self._placeholder_body(slide, idx), [
            _xml.paragraph([self.run_xml(text, size, bold=bold, color=color)])])

    def text(self, slide: Any, rect: Rect, paras: Sequence[Para], *,
             anchor: Any = MSO_ANCHOR.TOP) -> Any:
        return _xml.add_shape(slide, "rect", (rect.left, rect.top, rect.width, rect.height),
                              fill=None, line=None, anchor=anchor.xml_value,
                              paragraphs=[self._paragraph(p) for p in paras],
                              name="TextBox", text_box=True)

    def measure(self, para: Para, width: int) -> float:
        """Height in points of ``para`` in a box of ``width`` EMU."""
        inner = pt(width) - 14.4 - (INDENT * (para.level + 1) if para.bullet else 0)
        font = fit.Font(para.size, bold=para.bold)
        return fit.text_height(para.text, font, inner) + para.space_after

    def flow(self, title: str, paras: Sequence[Para], *, subtitle: str | None = None,
             columns: int = 1) -> list[Any]:
        """Place paragraphs on as many slides as they need (titles get «(suite)»)."""
        slides: list[Any] = []
        pending = list(paras)
        while pending or not slides:
            slide, body = self.slide(title + (CONTINUED if slides else ""), subtitle)
            slides.append(slide)
            for rect in body.columns(columns) if columns > 1 else [body]:
                self._fill(slide, rect, pending)
            if not pending:
                break
        return slides

    def _fill(self, slide: Any, rect: Rect, queue: list[Para]) -> bool:
        """Place the paragraphs of ``queue`` that fit in ``rect`` (taking them off it).

        A paragraph too tall even for an empty box gets smaller text rather than
        overflowing. Returns whether anything was placed."""
        room = pt(rect.height) - 7.2
        taken: list[Para] = []
        while queue:
            need = self.measure(queue[0], rect.width)
            if need > room and taken:
                break
            while need > room and queue[0].size > MIN_SIZE:
                queue[0].size -= 1.0
                need = self.measure(queue[0], rect.width)
            taken.append(queue.pop(0))
            room -= need
        if taken:
            self.text(slide, rect, taken)
        return bool(taken)

    def two_lists(self, title: str, left: tuple[str, Sequence[Para]],
                  right: tuple[str, Sequence[Para]], *, subtitle: str | None = None) -> list[Any]:
        """Two headed lists side by side («Objectifs atteints» / «Reste-à-faire»)."""
        slides: list[Any] = []
        queues = [list(left[1]), list(right[1])]
        heads = [left[0], right[0]]
        while any(queues) or not slides:
            suffix = CONTINUED if slides else ""
            slide, body = self.slide(title + suffix, subtitle)
            slides.append(slide)
            for rect, queue, head in zip(body.columns(2), queues, heads, strict=True):
                header = Rect(rect.left, rect.top, rect.width, Inches(0.5))
                self._header_band(slide, header, head + suffix)
                area = rect.below(Inches(0.6))
                if not self._fill(slide, area, queue) and not suffix:
                    self.text(slide, area, [Para.of("—", size=16, color=MUTED)])
        return slides

    def _header_band(self, slide: Any, rect: Rect, text: str) -> None:
        _xml.add_shape(slide, "rect", (rect.left, rect.top, rect.width, rect.height),
                       fill=hex_colour(ACCENT), line=None, anchor="ctr", name="Rectangle",
                       paragraphs=[_xml.paragraph([self.run_xml(text, 16, bold=True,
                                                             color=WHITE)], align="ctr")])

    def tile(self, slide: Any, rect: Rect, number: str, label: str) -> None:
        """A key figure: a big number over its label."""
        inner = pt(rect.width) - 14.4
        size = 32.0
        while size > 18 and fit.text_width(number, fit.Font(size, True)) > inner:
            size -= 2
        label_size = 13.0
        while label_size > 9 and fit.text_height(label, fit.Font(label_size), inner) > \
                pt(rect.height) - size * 1.3 - 12:
            label_size -= 0.5
        _xml.add_shape(slide, "roundRect", (rect.left, rect.top, rect.width, rect.height),
                       fill=hex_colour(PALE), line=hex_colour(ACCENT), adjust=0.08, anchor="ctr",
                       name="Rounded Rectangle", paragraphs=[
                           _xml.paragraph([self.run_xml(number, size, bold=True, color=NAVY)],
                                          align="ctr"),
                           _xml.paragraph([self.run_xml(label, label_size)], align="ctr")])

    # ------------------------------------------------------------------ tables

    def table(self, title: str, header: Sequence[str], rows: Sequence[Sequence[str]],
              shares: Sequence[float], *, subtitle: str | None = None, size: float = 14.0,
              bold_first: bool = True) -> list[Any]:
        """A table over as many slides as it needs, the header repeated on each."""
        slides: list[Any] = []
        probe_slide, body = self.slide(title, subtitle)
        widths = [int(body.width * s / sum(shares)) for s in shares]
        widths_pt = [pt(w) for w in widths]
        # A row taller than a whole slide cannot be split: shrink the table's text until
        # every row fits on a slide of its own.
        while True:
            font, head_font = fit.Font(size), fit.Font(size, bold=True)
            pages = fit.paginate_rows(
                [list(r) for r in rows], widths_pt, font, pt(body.height) - 4,
                header=list(header), header_font=head_font)
            if not pages.too_tall or size <= MIN_SIZE:
                break
            size -= 1.0
        for number, page in enumerate(pages or [[]]):
            if number == 0:
                slide = probe_slide
            else:
                slide, body = self.slide(title + CONTINUED, subtitle)
            slides.append(slide)
            chosen = [rows[i] for i in page]
            self._table_shape(slide, body, header, chosen, widths, size, bold_first)
        return slides

    def _table_shape(self, slide: Any, body: Rect, header: Sequence[str],
                     rows: Sequence[Sequence[str]], widths: Sequence[int], size: float,
                     bold_first: bool) -> Any:
        heights = [fit.row_height(list(header), [pt(w) for w in widths], fit.Font(size, True))]
        heights += [fit.row_height(list(r), [pt(w) for w in widths], fit.Font(size))
                    for r in rows]
        total = int(sum(heights) * EMU_PER_PT)
        # One row and column from python-pptx (the frame, the table style); the grid and
        # the rows are written at once.
        shape = slide.shapes.add_table(1, 1, body.left, body.top, sum(widths),
                                       min(total, body.height))
        lines = [[self._cell(text, size, bold=True, color=WHITE, fill=NAVY)
                  for text in header]]
        lines += [[self._cell(text, size, bold=bold_first and c == 0, color=INK,
                              fill=PALE if r % 2 == 0 else WHITE)
                   for c, text in enumerate(row)] for r, row in enumerate(rows, start=1)]
        _xml.set_rows(shape.table._tbl, widths,
                      [(int(h * EMU_PER_PT), cells) for h, cells in zip(heights, lines,
                                                                        strict=True)])
        return shape

    def _cell(self, text: str, size: float, *, bold: bool, color: RGBColor,
              fill: RGBColor) -> str:
        return _xml.cell([_xml.paragraph([self.run_xml(line, size, bold=bold, color=color)])
                          for line in text.split("\n")], hex_colour(fill))

