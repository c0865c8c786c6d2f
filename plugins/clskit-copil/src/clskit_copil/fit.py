"""Estimate the rendered size of Arial text, to split long lists and tables across slides.

python-pptx cannot measure text and "auto-fit" is only a flag PowerPoint applies later, so the
deck decides page breaks itself: advance widths come from ``_metrics`` (Liberation Sans, metric
compatible with Arial; no font file or Pillow needed at run time), lines are broken greedily
like LibreOffice/PowerPoint, and heights count lines at the renderer's line pitch.

Units are points. Calibration (LibreOffice 7.4.7, pptx → PDF, measured with
``pdftotext -bbox-layout``):

- text boxes: single-spaced line pitch is 1.2 × size (±0.03 pt of rounding) at 9, 10, 11,
  12, 14, 18, 20, 24 pt, regular and bold, and scales with proportional spacing (×1.5 →
  32.4 pt, ×0.9 → 19.44 pt at 18 pt); a 6 pt space-after adds exactly 6 pt. The pptx import
  uses "font independent line spacing" (1.2 em) to emulate PowerPoint, not the font's
  ascent + descent (1.117 em) or + line gap (1.149 em).
- table cells: LibreOffice uses ascent + descent there (13.41 pt per line at 12 pt) and
  margins of 3.6 + 3.6 pt; PowerPoint uses its 1.2 em, so ``row_height`` keeps 1.2 em and
  overestimates LibreOffice rows by about 7 %.
- line breaks: over 240 random paragraphs (9–32 pt, 100–830 pt wide), ``wrap`` never put
  fewer lines than LibreOffice, nor a break later than LibreOffice's; 190 had exactly
  LibreOffice's line count, 50 one line more (kerning and ``WIDTH_SLACK``).

Widths are the unkerned sum of advances. LibreOffice kerns (AV, Te, …) and PowerPoint does
from 12 pt (the template's ``kern="1200"``); kerning narrows a line, so the estimate errs on
the wide side.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Final

from clskit_copil import _metrics

__all__ = [
    "FONT_LINE_EM",
    "LINE_PITCH_EM",
    "SAFETY",
    "WIDTH_SLACK",
    "Column",
    "Continuation",
    "Font",
    "Frame",
    "RowPages",
    "balance",
    "line_height",
    "paginate_items",
    "paginate_rows",
    "row_height",
    "shrink_to_fit",
    "text_height",
    "text_width",
    "wrap",
]

#: Multiplier on estimated heights (``text_height``, ``row_height``, the paginators): the
#: calibration matches LibreOffice exactly, 5 % leaves room for PowerPoint's own rounding and
#: line breaking (about one line in twenty) without wasting a visible part of a slide.
SAFETY: Final = 1.05

#: Fraction of the width ``wrap`` keeps free: LibreOffice places glyphs on a grid, so a
#: rendered line is up to 0.7 % wider or narrower than the sum of advances (measured over
#: 1,500 words, 10 to 28 pt); breaking 1 % early keeps a line from spilling onto another.
WIDTH_SLACK: Final = 0.01

#: Single-spacing line pitch in em, measured in LibreOffice (see the module docstring).
LINE_PITCH_EM: Final = 1.2

#: The font's own line height (hhea ascent + descent), kept for reference: LibreOffice uses
#: it in table cells only; pptx text boxes (and PowerPoint) use ``LINE_PITCH_EM``.
FONT_LINE_EM: Final = (_metrics.ASCENT + _metrics.DESCENT) / 1000

_EPS: Final = 1e-9
_HARD_BREAK = re.compile(r"\r\n|[\n\r\v\u2028\u2029]")  # any forced line break
_PARAGRAPH_BREAK = re.compile(r"\r\n|[\n\r\u2029]")  # "\v" / U+2028 stay in the paragraph
# Line-breaking rules kept from UAX #14 (what LibreOffice's ICU and PowerPoint apply), with
# French typography in mind. Refusing a break the renderer would allow only costs a line.
_NO_BREAK_BEFORE: Final = frozenset(".,;:!?)]}»›…%’”")
_OPENERS: Final = frozenset("([{«‹“‘")
_DASHES: Final = frozenset("–—")


@dataclass(frozen=True, slots=True)
class Font:
    """Arial (rendered as Liberation Sans) at ``size`` points."""

    size: float
    bold: bool = False

    def __post_init__(self) -> None:
        if not self.size > 0:
            raise ValueError(f"font size must be positive, not {self.size!r}")

    def char_width(self, ch: str) -> float:
        """Advance width of one character in points; unknown ones get the widest glyph's."""
        if self.bold:
            em = _metrics.BOLD.get(ord(ch), _metrics.FALLBACK_BOLD)
        else:
            em = _metrics.REGULAR.get(ord(ch), _metrics.FALLBACK_REGULAR)
        return em * self.size / 1000


@dataclass(frozen=True, slots=True)
class Frame:
    """A text box; default insets are python-pptx's (0.1" left/right, 0.05" top/bottom)."""

    width: float
    height: float
    margin_left: float = 7.2
    margin_right: float = 7.2
    margin_top: float = 3.6
    margin_bottom: float = 3.6

    @property
    def inner_width(self) -> float:
        return self.width - self.margin_left - self.margin_right

    @property
    def inner_height(self) -> float:
        return self.height - self.margin_top - self.margin_bottom


@dataclass(frozen=True, slots=True)
class Column:
    """A table column; ``row_height`` accepts these or bare widths."""

    width: float


class Continuation(str):
    """The tail of a bullet item split across pages by ``paginate_items``.

    Render it as a paragraph without a bullet marker (at the item's indent), so it reads as
    the same item carried over rather than a new one. It compares equal to the plain string.
    """

    __slots__ = ()


class RowPages(list[list[int]]):
    """Row indices per page, as ``paginate_rows`` returns them.

    ``too_tall`` lists the rows higher than their page (header included): each got a page of
    its own and will still overflow it, so the caller should shrink its font or cut its text.
    """

    too_tall: tuple[int, ...]

    def __init__(self, pages: Iterable[list[int]] = (), too_tall: Iterable[int] = ()) -> None:
        super().__init__(pages)
        self.too_tall = tuple(too_tall)


# --- widths and line breaking ---------------------------------------------------------------


def _table(font: Font) -> tuple[dict[int, float], float]:
    return ((_metrics.BOLD, _metrics.FALLBACK_BOLD) if font.bold
            else (_metrics.REGULAR, _metrics.FALLBACK_REGULAR))


def text_width(text: str, font: Font) -> float:
    """Advance width in points; for text with line breaks, the widest line."""
    table, fallback = _table(font)
    # One table lookup per character, in C (map), not a Python call per character.
    return max(sum(map(table.get, map(ord, line), itertools.repeat(fallback)))
               for line in _HARD_BREAK.split(text)) * font.size / 1000


# A line may start after spaces (at the next character) unless the text before them ends
# with an opener or the character refuses a break before it, and after a hyphen or dash
# attached to a word (a hyphen not before a digit: "-5", "2020-2025").
_AFTER_SPACES = re.compile(r"(?<=([^ ])) +(?=([^ ]))")
_AFTER_DASH = re.compile(r"(?<=[^ ])([-–—])(?=([^ ]))")


def _break_positions(text: str) -> list[int]:
    """Indices where a line may start, inside one line of text without hard breaks."""
    positions = [m.end() for m in _AFTER_SPACES.finditer(text)
                 if m.group(1) not in _OPENERS and m.group(2) not in _NO_BREAK_BEFORE]
    positions += [m.end() for m in _AFTER_DASH.finditer(text)
                  if m.group(2) not in _NO_BREAK_BEFORE
                  and (m.group(1) != "-" or not m.group(2).isdigit())]
    positions.sort()
    return positions


#: Characters of one paragraph that are measured exactly. No slide shows more than a few
#: thousand characters, but a record may validly hold a text of megabytes; past this
#: many, the paragraph's remaining lines are laid out at the average length of its
#: measured lines (an estimate: the text overflows its box at any size anyway). This is
#: what keeps fitting linear in the text's length — a 5 MB text with no space took 49 s
#: (#13; ``benchmarks/bench_fit.py``).
MEASURED_CHARS: Final = 20_000


def _wrap_line(text: str, offset: int, font: Font, width: float) -> list[tuple[int, int]]:
    """Greedy line breaking of ``text`` (no hard breaks); spans are offset into the caller's
    string and exclude the spaces a line ends on, which renderers let hang in the margin.

    Exact over the first :data:`MEASURED_CHARS` characters, estimated beyond (see there):
    the cost is bounded by that prefix plus one span per estimated line."""
    if len(text) <= MEASURED_CHARS:
        return _wrap_exact(text, offset, font, width)
    spans = _wrap_exact(text[:MEASURED_CHARS], offset, font, width)
    # The last measured line may be cut short by the prefix's end: it is laid out again
    # with the estimated ones, from where the exact breaking started it.
    kept, start = spans[:-1], spans[-1][0] - offset
    per_line = (max(1, sum(b - a for a, b in kept) // len(kept)) if kept
                else MEASURED_CHARS)
    kept += [(offset + a, offset + min(a + per_line, len(text)))
             for a in range(start, len(text), per_line)]
    return kept


def _wrap_exact(text: str, offset: int, font: Font, width: float) -> list[tuple[int, int]]:
    """:func:`_wrap_line`, measured character by character; linear in ``text``."""
    # Cumulative advances in thousandths of an em: one table lookup per character.
    table, fallback = _table(font)
    advances = map(table.get, map(ord, text), itertools.repeat(fallback))
    cum = list(itertools.accumulate(advances, initial=0.0))
    room = width * 1000 / font.size + _EPS

    def fits(a: int, b: int) -> bool:
        return cum[b] - cum[a] <= room

    bounds = [0, *_break_positions(text), len(text)]
    spans: list[tuple[int, int]] = []
    start = end = 0  # current line: text[start:end] is its visible part
    for a, b in itertools.pairwise(bounds):
        visible_end = a + len(text[a:b].rstrip(" "))
        if fits(start, visible_end):
            end = visible_end
            continue
        if end > start:  # close the current line, the segment starts the next one
            spans.append((start, end))
            start = a
        while not fits(start, visible_end):  # a word wider than the line: break by chars
            # The last character that fits, found by bisection (advances are never
            # negative, so ``cum`` only grows), then checked with ``fits`` itself: the
            # same cut a character-by-character scan makes, without its quadratic cost
            # on a long word (#13).
            cut = max(start + 1, bisect.bisect_right(cum, cum[start] + room, start + 1,
                                                     visible_end + 1) - 1)
            while cut > start + 1 and not fits(start, cut):
                cut -= 1
            while cut < visible_end and fits(start, cut + 1):
                cut += 1
            if cut == visible_end:  # a single character wider than the line
                break
            # A cut may fall on a space where a break is refused ("mot »"): drop it.
            spans.append((start, start + len(text[start:cut].rstrip(" "))))
            start = cut
            while start < visible_end and text[start] == " ":
                start += 1
        end = visible_end
    spans.append((start, end))
    return [(offset + a, offset + b) for a, b in spans]


@functools.lru_cache(maxsize=16384)
def _wrap_spans(
    text: str, font: Font, width: float, slack: float = WIDTH_SLACK
) -> tuple[tuple[int, int], ...]:
    # Cached: a deck measures the same text again while it shrinks or paginates it.
    if not width > 0:
        raise ValueError(f"wrap width must be positive, not {width!r}")
    width *= 1 - slack
    spans: list[tuple[int, int]] = []
    pos = 0
    for match in [*_HARD_BREAK.finditer(text), None]:
        stop = match.start() if match else len(text)
        spans += _wrap_line(text[pos:stop], pos, font, width)
        if match:
            pos = match.end()
    return tuple(spans)


def wrap(text: str, font: Font, width: float, *, slack: float = WIDTH_SLACK) -> list[str]:
    """Break ``text`` into lines no wider than ``width`` points, as the renderer would.

    Breaks at spaces and after in-word hyphens and dashes, honours hard breaks ("\\n",
    "\\v", …), and cuts a word longer than a line by characters as a last resort. Lines carry
    no trailing spaces. An empty paragraph is one empty line, as it takes a line's height.
    Lines are filled to ``width × (1 - slack)`` only (see ``WIDTH_SLACK``).
    """
    return [text[a:b] for a, b in _wrap_spans(text, font, width, slack)]


# --- heights ---------------------------------------------------------------------------------


def line_height(font: Font, spacing: float = 1.0) -> float:
    """Line pitch in points: 1.2 × size × proportional ``spacing`` (calibrated, no SAFETY)."""
    return LINE_PITCH_EM * font.size * spacing


def _line_count(text: str, font: Font, width: float) -> tuple[int, int]:
    """(lines, paragraphs) of ``text``; "\\n" separates paragraphs, "\\v" only lines."""
    paragraphs = _PARAGRAPH_BREAK.split(text)
    return sum(len(_wrap_spans(p, font, width)) for p in paragraphs), len(paragraphs)


def text_height(
    text: str,
    font: Font,
    width: float,
    spacing: float = 1.0,
    paragraph_space: float = 0.0,
    *,
    safety: float = SAFETY,
) -> float:
    """Estimated height in points of ``text`` wrapped in ``width``, times ``safety``.

    ``paragraph_space`` is the gap between paragraphs ("\\n"), i.e. a space-after on every
    paragraph but the last (whose space never overflows a frame).
    """
    lines, paragraphs = _line_count(text, font, width)
    return (lines * line_height(font, spacing) + (paragraphs - 1) * paragraph_space) * safety


def _column_width(column: float | Column) -> float:
    return column.width if isinstance(column, Column) else float(column)


def row_height(
    cells: Sequence[str],
    widths: Sequence[float | Column],
    font: Font,
    *,
    cell_margin_lr: float = 7.2,
    cell_margin_tb: float = 3.6,
    spacing: float = 1.0,
    safety: float = SAFETY,
) -> float:
    """Height of a table row: its tallest cell's text (times ``safety``) plus cell margins.

    Defaults are the pptx cell margins (0.1" left/right, 0.05" top/bottom). An empty cell
    still holds one line. Lines count 1.2 em, PowerPoint's pitch (LibreOffice: 1.117 em).
    """
    if len(cells) != len(widths):
        raise ValueError(f"{len(cells)} cells for {len(widths)} columns")
    tallest = 0.0
    for text, column in zip(cells, widths, strict=True):
        inner = _column_width(column) - 2 * cell_margin_lr
        tallest = max(tallest, text_height(text, font, inner, spacing, safety=safety))
    return tallest + 2 * cell_margin_tb


# --- pagination ------------------------------------------------------------------------------


def paginate_items(
    items: Sequence[str],
    font: Font,
    frame: Frame,
    *,
    indent: float = 18.0,
    spacing: float = 1.0,
    paragraph_space: float = 6.0,
) -> list[list[str]]:
    """Split a bullet list into pages that fit ``frame``, one paragraph per item.

    Items wrap in ``frame.inner_width - indent``, are ``paragraph_space`` apart, and move
    whole to the next page when they fit an empty one. An item taller than a page fills the
    rest of the current page and continues on the next ones; its tail parts are
    ``Continuation`` strings (no bullet), cut between lines of the original text. A page holds
    at least one line, so only a frame lower than one line overflows. A "\n" inside an item
    is a line break within its paragraph. No items: ``[[]]``.
    """
    width = frame.inner_width - indent
    pitch = line_height(font, spacing)
    capacity = frame.inner_height

    def fits(lines: int, paragraphs: int) -> bool:
        height = lines * pitch + max(paragraphs - 1, 0) * paragraph_space
        return height * SAFETY <= capacity + _EPS

    pages: list[list[str]] = [[]]
    used = 0  # lines on the current page
    for item in items:
        spans = _wrap_spans(item, font, width)
        if fits(used + len(spans), len(pages[-1]) + 1):
            pages[-1].append(item)
            used += len(spans)
            continue
        if pages[-1] and fits(len(spans), 1):
            pages.append([item])
            used = len(spans)
            continue
        first = True
        while spans:  # taller than a page: cut between lines
            take = 0
            while take < len(spans) and fits(used + take + 1, len(pages[-1]) + 1):
                take += 1
            if take == 0:
                if pages[-1]:
                    pages.append([])
                    used = 0
                    continue
                take = 1  # frame lower than one line: overflow rather than loop
            part = item[spans[0][0] : spans[take - 1][1]]
            pages[-1].append(part if first else Continuation(part))
            used += take
            spans = spans[take:]
            first = False
    return pages


def paginate_rows(
    rows: Sequence[Sequence[str]],
    widths: Sequence[float | Column],
    font: Font,
    available_height: float,
    *,
    header: Sequence[str] | None = None,
    header_font: Font | None = None,
    first_page_height: float | None = None,
    min_row_height: float = 0.0,
    cell_margin_lr: float = 7.2,
    cell_margin_tb: float = 3.6,
    spacing: float = 1.0,
) -> RowPages:
    """Split table rows into pages of ``available_height`` points, header repeated on each.

    The header row (``header_font`` defaults to bold at the body size, as table styles set
    it) is subtracted from every page. ``first_page_height`` replaces ``available_height`` on
    the first page (e.g. below an introduction); if the first row does not fit there but
    fits a page, the first page is left empty (``[]``) and the table starts on the next. Each
    row is at least ``min_row_height`` high (rows are never lower than the height set on
    them). A row higher than a whole page gets a page of its own and is listed in
    ``RowPages.too_tall``. No rows: ``[[]]``.
    """
    kwargs = {
        "cell_margin_lr": cell_margin_lr,
        "cell_margin_tb": cell_margin_tb,
        "spacing": spacing,
    }
    header_height = 0.0
    if header is not None:
        hfont = header_font or Font(font.size, bold=True)
        header_height = max(min_row_height, row_height(header, widths, hfont, **kwargs))
    normal = available_height - header_height
    if not normal > 0:
        raise ValueError(f"no room for rows: page {available_height} pt, header {header_height}")
    first = normal if first_page_height is None else first_page_height - header_height

    pages: list[list[int]] = [[]]
    too_tall: list[int] = []
    used = 0.0
    for index, row in enumerate(rows):
        height = max(min_row_height, row_height(row, widths, font, **kwargs))
        capacity = first if len(pages) == 1 else normal
        if used + height > capacity + _EPS and (pages[-1] or height <= normal + _EPS):
            pages.append([])
            used, capacity = 0.0, normal
        if height > capacity + _EPS:  # alone on its page, and still overflowing it
            too_tall.append(index)
        pages[-1].append(index)
        used += height
    return RowPages(pages, too_tall)


def shrink_to_fit(
    text: str,
    frame: Frame,
    *,
    max_size: float,
    min_size: float,
    bold: bool = False,
    spacing: float = 1.0,
    paragraph_space: float = 0.0,
) -> Font | None:
    """The largest font, in 0.5 pt steps from ``max_size`` down, at which ``text`` fits
    ``frame`` (height with SAFETY); None if not even ``min_size`` fits — cut the text then."""
    if min_size > max_size:
        raise ValueError(f"min_size {min_size} > max_size {max_size}")
    step = math.floor(max_size * 2 + _EPS)
    while step / 2 >= min_size - _EPS and step > 0:
        font = Font(step / 2, bold)
        height = text_height(text, font, frame.inner_width, spacing, paragraph_space)
        if height <= frame.inner_height + _EPS:
            return font
        step -= 1
    return None


def _greedy(heights: Sequence[float], capacity: float) -> list[list[int]]:
    pages: list[list[int]] = [[]]
    used = 0.0
    for index, height in enumerate(heights):
        if pages[-1] and used + height > capacity + _EPS:
            pages.append([])
            used = 0.0
        pages[-1].append(index)
        used += height
    return pages


def balance(
    heights: Sequence[float],
    capacity: float,
    *,
    pages: int | None = None,
    keep_with_next: Sequence[bool] = (),
) -> list[list[int]]:
    """Indices of ``heights`` per page, as evenly filled as the fewest pages allow.

    Greedy filling leaves the last page nearly empty (15 rows: 12 + 3); a reader expects
    8 + 7. The number of pages is the greedy one (or ``pages``, when a neighbouring column
    needs more), then the smallest capacity that still gives that many is searched and
    the items are laid out greedily with it, so no page is fuller than it must be. An
    item marked in ``keep_with_next`` (a subheading) never ends a page while the item it
    heads could follow it. An item taller than ``capacity`` gets a page of its own. No
    items: ``[[]]``.
    """
    if not heights:
        return [[]]
    glued = list(keep_with_next) + [False] * (len(heights) - len(keep_with_next))
    # Units: a subheading and what it heads are placed as one.
    units: list[list[int]] = []
    for index in range(len(heights)):
        if units and index > 0 and glued[index - 1]:
            units[-1].append(index)
        else:
            units.append([index])
    sizes = [sum(heights[i] for i in unit) for unit in units]
    target = len(_greedy(sizes, capacity)) if pages is None else max(pages, 1)
    # Never fuller than ``capacity``: search the smallest capacity up to it that still
    # gives ``target`` pages (greedy at ``capacity`` gives at most that many).
    if target == 1 and sum(sizes) <= capacity + _EPS:
        return [list(range(len(heights)))]
    low, high = sum(sizes) / target / 2, capacity
    if len(_greedy(sizes, high)) <= target:
        for _ in range(14):     # to a ten-thousandth of the page: finer changes nothing
            middle = (low + high) / 2
            if len(_greedy(sizes, middle)) <= target:
                high = middle
            else:
                low = middle
    return [[i for u in page for i in units[u]] for page in _greedy(sizes, high)]
