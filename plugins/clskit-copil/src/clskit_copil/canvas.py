"""Slides, text, bullets and tables that never overflow.

python-pptx cannot measure rendered text, so every block is measured with the font
metrics of :mod:`clskit_copil.fit` before it is placed; lists and tables too long for a
slide continue on slides titled «(suite)», the table header repeated.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, Protocol

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
SUBHEAD = RGBColor(0xF2, 0xF2, 0xF2)
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


#: The most characters of one text the deck writes: no slide shows a tenth of it, but a
#: record may validly hold megabytes, and a 5 MB text of short lines made millions of
#: XML elements, past what libxml2's XPath can walk (#13). Longer texts end with «…».
MAX_SHOWN_CHARS = 20_000


def clip(text: str) -> str:
    """``text``, cut to :data:`MAX_SHOWN_CHARS` characters."""
    return text if len(text) <= MAX_SHOWN_CHARS else text[:MAX_SHOWN_CHARS - 1] + "…"


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
MIN_SIZE = 10.0  # the smallest text the deck shrinks to: a projected slide's floor
GAP = 12.0  # points between two blocks stacked on one slide
_ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]


def roman(number: int) -> str:
    """«I», «II»… as agenda parts are numbered (past XII, the number itself)."""
    return _ROMAN[number - 1] if 0 < number <= len(_ROMAN) else str(number)


class Subheading(str):
    """A table row that is one cell across the table: an objective over its fiches."""

    __slots__ = ()


@define
class Part:
    """A part of the agenda («Déploiement des actions», «état d'avancement»), numbered
    when its first slide is made, so the agenda and the slide titles agree."""

    title: str
    detail: str | None = None
    number: int = 0

    @property
    def heading(self) -> str:
        """«I. Déploiement des actions (état d'avancement)», as the slides are titled."""
        # A long detail (the seed's «suivi du déploiement – gouvernance – dynamique
        # partenariale») is said by the agenda and the divider; a title keeps one line.
        short = self.detail and len(self.detail) <= 30
        return f"{roman(self.number)}. {self.title}" + (f" ({self.detail})" if short else "")


class Block(Protocol):
    """Content stacked on slides: measured, cut into pages, drawn page by page."""

    def pages(self, deck: Deck, width: int, capacity: float) -> list[tuple[float, Any]]:
        """(height in points, what to draw) per page, each at most ``capacity`` high
        unless a single unit is taller."""
        ...

    def draw(self, deck: Deck, slide: Any, rect: Rect, page: Any, continued: bool) -> None:
        """Draw one of the pages returned by :meth:`pages` in ``rect``."""
        ...


@define
class Deck:
    """The presentation being built, with the geometry of its template."""

    prs: Any
    layouts: Layouts
    footer: str = ""
    slide_notes: dict[int, list[str]] = field(factory=dict)
    scrub: Any = field(default=_identity)   # redaction of names, set by the deck
    dividers: bool = True       # a divider slide opens each part of the agenda
    parts: list[Part] = field(factory=list)
    agenda_notes: str = ""

    _pending: Part | None = field(default=None, init=False, repr=False)
    _current: Part | None = field(default=None, init=False, repr=False)
    _agenda: tuple[Any, Rect] | None = field(default=None, init=False, repr=False)
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

    def cover(self, title: str, lines: Sequence[str], *, upper: bool = False) -> Any:
        """A slide on the cover layout: the title, the cover and closing slides and the
        part dividers (``upper``: the title in capitals, as the seed's dividers)."""
        layout = self.layouts.cover
        slide = self.prs.slides.add_slide(layout)
        # Title and lines centred alike, whatever the layout aligns them to.
        self._fill_placeholder(slide, layout, self.layouts.cover_title,
                               title.upper() if upper else title, max_size=40,
                               min_size=24, bold=True, color=NAVY, align="ctr")
        frame = self._frame(layout, self.layouts.cover_subtitle)
        font = fit.shrink_to_fit("\n".join(lines), frame, max_size=24, min_size=12)
        size = font.size if font else 12
        _xml.set_paragraphs(self._placeholder_body(slide, self.layouts.cover_subtitle), [
            _xml.paragraph([self.run_xml(line, size, bold=i == 0, color=NAVY if i == 0 else INK)],
                           align="ctr")
            for i, line in enumerate(lines)])
        return slide

    # ------------------------------------------------------------------ parts

    #: A slide title that stands for the current part's heading («I. Déploiement des
    #: actions (état d'avancement)»), known only once the part's first slide is made.
    PART = "\ue000"

    def enter(self, title: str | None, detail: str | None = None) -> None:
        """The slides that follow belong to the part ``title`` (None: to no part, as the
        cover and the closing). The part is numbered, and its divider made, with its
        first slide: a part whose sections have nothing to show takes no number."""
        if title is None:
            self._pending = self._current = None
            return
        if self._current is not None and self._current.title == title:
            return
        known = next((p for p in self.parts if p.title == title), None)
        if known is not None:        # sections reordered back into a part already open
            self._current, self._pending = known, None
        else:
            self._current, self._pending = None, Part(title, detail)

    @property
    def heading(self) -> str:
        """The current part's heading, or "" outside a part."""
        return self._current.heading if self._current is not None else ""

    def _open_part(self) -> None:
        part, self._pending = self._pending, None
        if part is None:
            return
        part.number = len(self.parts) + 1
        self.parts.append(part)
        self._current = part
        if self.dividers:
            slide = self.cover(f"{roman(part.number)}. {part.title}",
                               [f"({part.detail})"] if part.detail else [], upper=True)
            self.notes(slide, f"Partie {roman(part.number)} de l'ordre du jour : "
                       f"{part.heading}.")

    def agenda(self, title: str) -> Any:
        """The agenda slide; its parts are written by :meth:`finish`, once known."""
        slide, body = self.slide(title)
        self._agenda = (slide, body)
        return slide

    def _write_agenda(self) -> None:
        if self._agenda is None:
            return
        slide, body = self._agenda
        if not self.parts:      # nothing numbered: no agenda to show
            ids = self.prs.slides._sldIdLst
            for entry in list(ids):
                if self.prs.part.related_part(entry.rId) is slide.part:
                    self.prs.part.drop_rel(entry.rId)
                    ids.remove(entry)
            return
        paras: list[Para] = []
        for part in self.parts:
            paras.append(Para([Run(f"{roman(part.number)}. ", bold=True, color=NAVY),
                               Run(part.title, bold=True, color=NAVY)], size=26,
                              space_after=2 if part.detail else 18))
            if part.detail:
                paras.append(Para.of(f"({part.detail})", size=18, color=MUTED,
                                     space_after=18))
        self.text(slide, body.below(Inches(0.3)), paras)
        if self.agenda_notes:
            self.notes(slide, self.agenda_notes)

    # ------------------------------------------------------------------ content slides

    def _subtitle_height(self, subtitle: str | None) -> int:
        if not subtitle:
            return 0
        size = 16.0
        lines = fit.wrap(clip(subtitle), fit.Font(size, bold=True), pt(self.body.width) - 14.4)
        return Emu(int((len(lines) * fit.line_height(fit.Font(size, True)) + 10)
                       * EMU_PER_PT))

    def area(self, subtitle: str | None = None) -> Rect:
        """The free body of a content slide under ``subtitle`` (before making one)."""
        height = self._subtitle_height(subtitle)
        return self.body.below(height + Inches(0.08)) if height else self.body

    def slide(self, title: str, subtitle: str | None = None) -> tuple[Any, Rect]:
        """A content slide; returns it and the free body area. ``title`` may start with
        :attr:`PART`, the current part's heading."""
        self._open_part()
        if title.startswith(self.PART):
            title = self.heading + title[len(self.PART):]
        slide = self.prs.slides.add_slide(self.layouts.content)
        self._fill_placeholder(slide, self.layouts.content, self.layouts.content_title, title,
                               max_size=26, min_size=16, bold=True, color=NAVY)
        body = self.body
        if subtitle:
            height = self._subtitle_height(subtitle)
            self.text(slide, Rect(body.left, body.top, body.width, height),
                      [Para([Run(subtitle, bold=True)], size=16.0, color=ACCENT,
                            space_after=0)])
            body = body.below(height + Inches(0.08))
        return slide, body

    def _plan(self, blocks: Sequence[Block], area: Rect
              ) -> list[list[tuple[float, Block, Any, bool]]]:
        """Which page of which block goes on which slide, at which height (points from
        the top of ``area``): a block that fits the room left on a slide goes there; one
        taller than a slide is cut into balanced pages of its own."""
        capacity = pt(area.height)
        slides: list[list[tuple[float, Block, Any, bool]]] = []
        used = 0.0
        for block in blocks:
            for n, (height, page) in enumerate(block.pages(self, area.width, capacity)):
                if slides and n == 0 and used > 0 and used + GAP + height <= capacity + 0.01:
                    top = used + GAP
                else:
                    slides.append([])
                    top = 0.0
                slides[-1].append((top, block, page, n > 0))
                used = top + height
        return slides

    def stack(self, title: str, blocks: Sequence[Block], *, subtitle: str | None = None,
              alternatives: Sequence[Sequence[Block]] = ()) -> list[Any]:
        """Blocks one under the other on as few slides as they fit (see :meth:`_plan`).
        Of ``blocks`` and its ``alternatives`` (the same content arranged otherwise, or
        smaller), the first that needs the fewest slides is drawn. Later slides say
        «(suite)» (in the subtitle when there is one)."""
        area = self.area(subtitle)
        plan = self._plan(blocks, area)
        for option in alternatives:
            if len(plan) <= 1:      # nothing fewer to find
                break
            other = self._plan(option, area)
            if len(other) < len(plan):
                plan = other
        made: list[Any] = []
        for parts in plan:
            more = CONTINUED if made else ""
            slide, _ = self.slide(title + ("" if subtitle else more),
                                  subtitle + more if subtitle else None)
            made.append(slide)
            for top, block, page, continued in parts:
                offset = int(top * EMU_PER_PT)
                block.draw(self, slide, Rect(area.left, area.top + offset, area.width,
                                             area.height - offset), page, continued)
        if not made:
            made.append(self.slide(title, subtitle)[0])
        return made

    def notes(self, slide: Any, text: str) -> None:
        if text.strip():
            self.slide_notes.setdefault(id(slide), []).append(
                clean(self.scrub(clip(text.strip()))))

    def finish(self) -> None:
        """The agenda, footers and speaker notes, once the parts and the slide count are
        known."""
        self._write_agenda()
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
        return _xml.run(clean(self.scrub(clip(text))), size, font=FONT, color=hex_colour(color),
                        bold=bold, italic=italic)

    def _paragraph(self, para: Para) -> str:
        runs: list[str] = []
        last = len(para.runs) - 1
        for n, spec in enumerate(para.runs):
            text = clip(spec.text.rstrip("\n") if n == last else spec.text)
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
                          color: RGBColor, align: str | None = None) -> None:
        text = clip(text)
        font = fit.shrink_to_fit(text, self._frame(layout, idx), max_size=max_size,
                                 min_size=min_size, bold=bold)
        size = font.size if font else min_size
        _xml.set_paragraphs(self._placeholder_body(slide, idx), [
            _xml.paragraph([self.run_xml(text, size, bold=bold, color=color)], align=align)])

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
        # Measured as drawn: clipped (see MAX_SHOWN_CHARS), which also bounds the work.
        return fit.text_height(clip(para.text), font, inner) + para.space_after

    def _shrunk(self, para: Para, width: int, room: float) -> float:
        """``para``'s height in ``width``; a paragraph taller than ``room`` gets smaller
        text (not below MIN_SIZE) rather than overflowing."""
        need = self.measure(para, width)
        while need > room and para.size > MIN_SIZE:
            para.size -= 1.0
            need = self.measure(para, width)
        return need

    def flow(self, title: str, paras: Sequence[Para], *,
             subtitle: str | None = None) -> list[Any]:
        """Place paragraphs on as many slides as they need, balanced (titles get
        «(suite)»)."""
        return self.stack(title, [ListBlock(list(paras))], subtitle=subtitle)

    def two_lists(self, title: str, left: tuple[str, Sequence[Para]],
                  right: tuple[str, Sequence[Para]], *, subtitle: str | None = None) -> list[Any]:
        """Two headed lists side by side («Objectifs atteints» / «Reste-à-faire»)."""
        return self.stack(title, [TwoLists(left[0], list(left[1]), right[0], list(right[1]))],
                          subtitle=subtitle)

    def _header_band(self, slide: Any, rect: Rect, text: str) -> None:
        _xml.add_shape(slide, "rect", (rect.left, rect.top, rect.width, rect.height),
                       fill=hex_colour(ACCENT), line=None, anchor="ctr", name="Rectangle",
                       paragraphs=[_xml.paragraph([self.run_xml(text, 16, bold=True,
                                                             color=WHITE)], align="ctr")])

    def tile(self, slide: Any, rect: Rect, number: str, label: str) -> None:
        """A key figure: a big number over its label."""
        label, number = clip(label), clip(number)
        inner = pt(rect.width) - 14.4
        size = 32.0
        while size > 18 and fit.text_width(number, fit.Font(size, True)) > inner:
            size -= 2
        label_size = 13.0
        while label_size > MIN_SIZE and fit.text_height(label, fit.Font(label_size), inner) > \
                pt(rect.height) - size * 1.3 - 12:
            label_size -= 0.5
        _xml.add_shape(slide, "roundRect", (rect.left, rect.top, rect.width, rect.height),
                       fill=hex_colour(PALE), line=hex_colour(ACCENT), adjust=0.08, anchor="ctr",
                       name="Rounded Rectangle", paragraphs=[
                           _xml.paragraph([self.run_xml(number, size, bold=True, color=NAVY)],
                                          align="ctr"),
                           _xml.paragraph([self.run_xml(label, label_size)], align="ctr")])

    # ------------------------------------------------------------------ tables

    def table(self, title: str, header: Sequence[str], rows: Sequence[Sequence[str] | Subheading],
              shares: Sequence[float], *, subtitle: str | None = None, size: float = 14.0,
              bold_first: bool = True) -> list[Any]:
        """A table over as many slides as it needs, balanced, the header repeated; one
        or two points smaller (not under 11 pt) when that saves a slide."""
        smaller = [[Table(header, rows, shares, size - step, bold_first)]
                   for step in (1.0, 2.0) if size - step >= 11]
        return self.stack(title, [Table(header, rows, shares, size, bold_first)],
                          subtitle=subtitle, alternatives=smaller)

    def _table_shape(self, slide: Any, body: Rect, header: Sequence[str],
                     rows: Sequence[Sequence[str] | Subheading], widths: Sequence[int],
                     size: float, bold_first: bool) -> Any:
        heights = [Table.row_height(header, widths, size, True, False)]
        heights += [Table.row_height(r, widths, size, False, bold_first) for r in rows]
        total = int(sum(heights) * EMU_PER_PT)
        # One row and column from python-pptx (the frame, the table style); the grid and
        # the rows are written at once.
        shape = slide.shapes.add_table(1, 1, body.left, body.top, sum(widths),
                                       min(total, body.height))
        lines = [[self._cell(text, size, bold=True, color=WHITE, fill=NAVY)
                  for text in header]]
        stripe = 0
        for row in rows:
            if isinstance(row, Subheading):
                stripe = 0
                lines.append([_xml.spanning_cell(
                    [_xml.paragraph([self.run_xml(row, size, bold=True, color=NAVY)])],
                    hex_colour(SUBHEAD), len(widths))])
                continue
            stripe += 1
            lines.append([self._cell(text, size, bold=bold_first and c == 0, color=INK,
                                     fill=PALE if stripe % 2 == 1 else WHITE)
                          for c, text in enumerate(row)])
        _xml.set_rows(shape.table._tbl, widths,
                      [(int(h * EMU_PER_PT), cells) for h, cells in zip(heights, lines,
                                                                        strict=True)])
        return shape

    def _cell(self, text: str, size: float, *, bold: bool, color: RGBColor,
              fill: RGBColor) -> str:
        """A cell's paragraphs, one per line; with ``bold``, only the first is bold (a
        fiche's title over its pilot and dates)."""
        return _xml.cell([_xml.paragraph([self.run_xml(
            line, size, bold=bold and n == 0, color=color)])
            for n, line in enumerate(clip(text).split("\n"))], hex_colour(fill))


# --------------------------------------------------------------------------- blocks


@define
class ListBlock:
    """Paragraphs, under an optional bold heading repeated on each page."""

    paras: list[Para]
    head: str | None = None
    head_size: float = 16.0

    def _head(self, continued: bool) -> list[Para]:
        if not self.head:
            return []
        return [Para([Run(self.head + (CONTINUED if continued else ""), bold=True)],
                     size=self.head_size, color=NAVY, space_after=6)]

    def pages(self, deck: Deck, width: int, capacity: float) -> list[tuple[float, Any]]:
        if not self.paras:
            return []
        head = sum(deck.measure(p, width) for p in self._head(True))
        room = capacity - 7.2 - head
        heights = [deck._shrunk(p, width, room) for p in self.paras]
        glue = [p.bold and not p.bullet for p in self.paras]   # a subheading heads items
        pages = fit.balance(heights, room, keep_with_next=glue)
        return [(7.2 + head + sum(heights[i] for i in page), page) for page in pages]

    def draw(self, deck: Deck, slide: Any, rect: Rect, page: Any, continued: bool) -> None:
        deck.text(slide, rect, [*self._head(continued), *(self.paras[i] for i in page)])


_BAND = Inches(0.5)     # the coloured heading band of a column


@define
class TwoLists:
    """Two headed lists side by side, cut into the same number of pages."""

    left_head: str
    left: list[Para]
    right_head: str
    right: list[Para]

    def pages(self, deck: Deck, width: int, capacity: float) -> list[tuple[float, Any]]:
        if not self.left and not self.right:
            return []
        column = Rect(0, 0, width, 0).columns(2)[0].width
        band = pt(Inches(0.6))
        room = capacity - band - 7.2
        heights = [[deck._shrunk(p, column, room) for p in side]
                   for side in (self.left, self.right)]
        glues = [[p.bold and not p.bullet for p in side] for side in (self.left, self.right)]
        count = max(len(fit.balance(h, room, keep_with_next=g)) if h else 1
                    for h, g in zip(heights, glues, strict=True))
        sides: list[list[list[int]]] = [
            fit.balance(h, room, pages=count, keep_with_next=g) if h else [[]]
            for h, g in zip(heights, glues, strict=True)]
        for side in sides:
            side += [[]] * (count - len(side))
        out = []
        for n in range(count):
            tall = max(sum(heights[k][i] for i in sides[k][n]) for k in (0, 1))
            # An empty column says «—»: one line of 16 pt.
            out.append((band + 7.2 + max(tall, 16 * 1.2 * fit.SAFETY),
                        (sides[0][n], sides[1][n])))
        return out

    def draw(self, deck: Deck, slide: Any, rect: Rect, page: Any, continued: bool) -> None:
        suffix = CONTINUED if continued else ""
        for column, items, paras, head in zip(rect.columns(2), page, (self.left, self.right),
                                              (self.left_head, self.right_head), strict=True):
            deck._header_band(slide, Rect(column.left, column.top, column.width, _BAND),
                              head + suffix)
            area = column.below(Inches(0.6))
            if items:
                deck.text(slide, area, [paras[i] for i in items])
            elif not continued:
                deck.text(slide, area, [Para.of("—", size=16, color=MUTED)])


@define
class Table:
    """A table cut row by row into balanced pages, its header on each."""

    header: Sequence[str]
    rows: Sequence[Sequence[str] | Subheading]
    shares: Sequence[float]
    size: float = 14.0
    bold_first: bool = True

    @staticmethod
    def row_height(row: Sequence[str] | Subheading, widths: Sequence[int], size: float,
                   bold: bool, bold_first: bool) -> float:
        widths_pt = [pt(w) for w in widths]
        if isinstance(row, Subheading):
            return fit.row_height([clip(row)], [sum(widths_pt)], fit.Font(size, True))
        row = [clip(cell) for cell in row]   # measured as drawn (see MAX_SHOWN_CHARS)
        if bold_first and not bold:   # the first column's first line is bold
            first = fit.row_height([row[0]], widths_pt[:1], fit.Font(size, True))
            return max(first, fit.row_height(list(row), widths_pt, fit.Font(size)))
        return fit.row_height(list(row), widths_pt, fit.Font(size, bold))

    def _widths(self, width: int) -> list[int]:
        return [int(width * s / sum(self.shares)) for s in self.shares]

    def pages(self, deck: Deck, width: int, capacity: float) -> list[tuple[float, Any]]:
        widths = self._widths(width)
        room = capacity - 4
        # A row taller than a whole slide cannot be split: shrink the table's text until
        # every row fits on a slide of its own.
        while True:
            head = self.row_height(self.header, widths, self.size, True, False)
            heights = [self.row_height(r, widths, self.size, False, self.bold_first)
                       for r in self.rows]
            if all(head + h <= room for h in heights) or self.size <= MIN_SIZE:
                break
            self.size -= 1.0
        glue = [isinstance(r, Subheading) for r in self.rows]
        pages = fit.balance(heights, room - head, keep_with_next=glue) if self.rows else [[]]
        return [(head + sum(heights[i] for i in page) + 4, page) for page in pages]

    def draw(self, deck: Deck, slide: Any, rect: Rect, page: Any, continued: bool) -> None:
        deck._table_shape(slide, rect, self.header, [self.rows[i] for i in page],
                          self._widths(rect.width), self.size, self.bold_first)
