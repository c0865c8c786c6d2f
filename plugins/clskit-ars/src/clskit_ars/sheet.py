"""Writing styled cells and printable sheets with openpyxl.

Excel and LibreOffice never grow a row to fit a *merged* cell's wrapped text, and every
value of a fiche sits in merged cells: so the writer sets each row's height itself, from
an estimate of the lines the text takes at the column's width (generous, so that text is
never cut on paper).
"""

from __future__ import annotations

import datetime as dt
import math
import weakref
from collections.abc import Sequence
from copy import copy
from typing import Any

from openpyxl.cell import Cell
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import CellRange, MultiCellRange
from openpyxl.worksheet.dimensions import RowDimension
from openpyxl.worksheet.worksheet import Worksheet

from clskit.workbooks import put

FONT = "Arial"
SIZE = 9
LINE_HEIGHT = 11.5          # points per line of 9-point Arial, with leading
CHARS_PER_UNIT = 1.2        # 9-point characters per unit of column width, on average
MAX_ROW_HEIGHT = 409.0      # Excel's limit

THIN = Side(style="thin", color="7F7F7F")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="top")
CENTRE = Alignment(wrap_text=True, vertical="center", horizontal="center")
LABEL_FILL = PatternFill("solid", fgColor="DCE6F1")
SECTION_FILL = PatternFill("solid", fgColor="1F4E79")
BANNER_FILL = PatternFill("solid", fgColor="C00000")
HEADER_FILL = PatternFill("solid", fgColor="DCE6F1")
PLAIN = Font(name=FONT, size=SIZE)
BOLD = Font(name=FONT, size=SIZE, bold=True)
GREY = Font(name=FONT, size=SIZE - 1, color="7F7F7F")
WHITE = Font(name=FONT, size=SIZE + 1, bold=True, color="FFFFFF")
BANNER_FONT = Font(name=FONT, size=SIZE + 4, bold=True, color="FFFFFF")
ITALIC = Font(name=FONT, size=SIZE, italic=True)
DATE_FORMAT = "DD/MM/YYYY"


def lines_needed(value: Any, width: float) -> int:
    """How many lines ``value`` takes in a cell ``width`` units wide (wrapped)."""
    if value is None:
        return 1
    text = value.strftime("%d/%m/%Y") if isinstance(value, dt.date) else str(value)
    per_line = max(1, int(width * CHARS_PER_UNIT) - 1)
    return sum(max(1, math.ceil(len(part) / per_line)) for part in text.split("\n"))


def height_for(lines: int) -> float:
    return min(MAX_ROW_HEIGHT, lines * LINE_HEIGHT + 4)


_NAMED: weakref.WeakKeyDictionary[Any, dict[tuple[int, ...], StyleArray]] = (
    weakref.WeakKeyDictionary())


def _style(book: Any, known: dict[tuple[int, ...], StyleArray], font: Font,
           fill: PatternFill | None, align: Alignment, indent: int, border: bool,
           is_date: bool) -> StyleArray:
    """The style record of the named style combining these, registered in ``book`` on
    first use (under the styles' identities: hashing a font compares all its fields).

    A cell gets a copy of the named style's record, which is what ``cell.style = name``
    copies: setting font, fill, border and alignment one by one hashes each against the
    workbook's lists, and finding a named style by its name lists every name, for each
    cell (benchmarks/bench_ars.py).
    """
    style = NamedStyle(name=f"Fiche ARS {len(known) + 1}", font=font,
                       alignment=(Alignment(wrap_text=True, vertical="top", indent=indent)
                                  if indent else align),
                       border=BOX if border else Border())
    if fill is not None:
        style.fill = fill
    if is_date:
        style.number_format = DATE_FORMAT
    book.add_named_style(style)
    found = known[(id(font), id(fill), id(align), indent, border, is_date)] = copy(
        style.as_tuple())
    return found


class _Into:
    """What :func:`clskit.workbooks.put` writes into: the cell just made, so that its
    value goes through ``put`` (texts that look like formulas stay texts)."""

    __slots__ = ("target",)

    def __init__(self) -> None:
        self.target: Cell | None = None

    def cell(self, row: int, column: int) -> Cell | None:
        return self.target


class SheetWriter:
    """Writes a sheet row by row over fixed column widths, each row's height set from
    its text.

    A cell is made with its style record and given to the sheet as it is (asking the
    sheet for a cell, then naming its style, cost three times as much); the merged
    ranges are registered once, at the end.
    """

    def __init__(self, worksheet: Worksheet, widths: Sequence[float]) -> None:
        self.ws = worksheet
        self.book = worksheet.parent
        self.styles = _NAMED.setdefault(self.book, {})
        self.widths = list(widths)
        self.row = 0  # the last row written; a caller may add one to leave a row empty
        self._into = _Into()
        self._add = worksheet._add_cell  # the sheet's own way to take a made cell
        self.merged: list[CellRange] = []
        self._heights: dict[float, RowDimension] = {}
        for i, width in enumerate(self.widths, start=1):
            worksheet.column_dimensions[get_column_letter(i)].width = width

    def span_width(self, first: int, last: int) -> float:
        return sum(self.widths[first - 1:last])

    def cell(self, column: int, value: Any, *, last: int | None = None, font: Font = PLAIN,
             fill: PatternFill | None = None, align: Alignment = WRAP,
             border: bool = True, indent: int = 0) -> int:
        """Write ``value`` at ``column`` of the current row (merged up to ``last``);
        returns the lines it needs."""
        end = last or column
        ws, row, add = self.ws, self.row, self._add
        is_date = isinstance(value, dt.date)
        style = self.styles.get((id(font), id(fill), id(align), indent, border, is_date))
        if style is None:
            style = _style(self.book, self.styles, font, fill, align, indent, border, is_date)
        first = Cell(ws, row=row, column=column, style_array=style)
        if value is not None:
            self._into.target = first  # after the style: put may set a quote prefix
            put(self._into, row, column, value)
        add(first)
        if end > column:
            if border:  # the other cells of the range draw its borders
                for col in range(column + 1, end + 1):
                    add(Cell(ws, row=row, column=col, style_array=style))
            self.merged.append(CellRange(min_col=column, min_row=row, max_col=end,
                                         max_row=row))
        return lines_needed(value, self.span_width(column, end) - indent * 1.5)

    def line(self, cells: Sequence[tuple[int, int, Any, dict[str, Any]]]) -> int:
        """A new row of ``(first column, last column, value, style)`` cells; returns it."""
        self.row += 1
        needed = max((self.cell(first, value, last=last, **style)
                      for first, last, value, style in cells), default=1)
        height = height_for(needed)
        # Rows of one height share one record: what is written of it is the height (the
        # row's number is the writer's), and making one per row cost more than its cells.
        record = self._heights.get(height)
        if record is None:
            record = self._heights[height] = RowDimension(self.ws, index=self.row, ht=height)
        self.ws.row_dimensions[self.row] = record
        return self.row

    def close(self) -> None:
        """Register the merged ranges, all at once: adding them one by one compares each
        with all the others."""
        self.ws.merged_cells = MultiCellRange(self.merged)


def printable(writer: SheetWriter, *, columns: int, title_rows: str, footer_left: str,
              footer_right: str, landscape: bool = False) -> None:
    """A4, fit to one page wide (as many pages tall as needed), repeated header rows, a
    footer with the contract and the sheet's subject, and the print area; the sheet's
    last step (it registers the merged ranges)."""
    writer.close()
    ws = writer.ws
    ws.print_area = f"A1:{get_column_letter(columns)}{max(writer.row, 1)}"
    ws.print_title_rows = title_rows
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = 0.6
    ws.page_margins.bottom = 0.7
    ws.page_margins.footer = 0.3
    ws.oddFooter.left.text = _footer_text(footer_left, 70)
    ws.oddFooter.left.size = 8
    ws.oddFooter.right.text = _footer_text(footer_right, 40) + " — page &P / &N"
    ws.oddFooter.right.size = 8


def _footer_text(text: str, room: int) -> str:
    # «&» starts a code in a header or footer; a literal one is doubled. Excel allows
    # 255 characters for the parts together, and a long name would run into the next.
    short = text if len(text) <= room else text[:room - 1].rstrip() + "…"
    return short.replace("&", "&&")


def table_sheet(ws: Worksheet, title: str, header: Sequence[str], rows: Sequence[Sequence[Any]],
                widths: Sequence[float], *, footer: str, indents: Sequence[int] = (),
                indent_column: int | None = None) -> None:
    """A summary sheet: a title row, a header row (repeated on every page, filtered,
    frozen), then the rows."""
    writer = SheetWriter(ws, widths)
    count = len(header)
    writer.line([(1, count, title, {"font": WHITE, "fill": SECTION_FILL, "border": False})])
    writer.line([(i, i, h, {"font": BOLD, "fill": HEADER_FILL, "align": CENTRE})
                 for i, h in enumerate(header, start=1)])
    for n, row in enumerate(rows):
        depth = indents[n] if n < len(indents) else 0
        writer.line([(i, i, value, {"indent": depth if i == indent_column else 0})
                     for i, value in enumerate(row, start=1)])
    ws.freeze_panes = "A3"
    if rows:
        ws.auto_filter.ref = f"A2:{get_column_letter(count)}{writer.row}"
    printable(writer, columns=count, title_rows="1:2", footer_left=footer, footer_right=title,
              landscape=sum(widths) > 120)
