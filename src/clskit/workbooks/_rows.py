"""The worksheets' ``<sheetData>`` written directly, texts as shared strings.

openpyxl writes every cell through lxml's incremental writer, one element at a time,
and every text inline (which :mod:`._package` then moves into a shared-strings table
with a regex over the whole sheet). For the cells clskit's exporters write — numbers,
texts, booleans, dates, styled empty cells drawing the borders of merged ranges — this
module writes the same ``<row>``/``<c>`` elements as openpyxl 3.1 does, byte for byte,
as one string, with each text already an index into the table. Everything else in the
package (the sheets' other parts, styles, workbook, relationships) is openpyxl's.

A row holding anything else — a formula (including array and data-table formulae), an
error, rich text, a hyperlink, a comment, a timezone-aware or ISO-written date, a value
of another type, a row dimension of another class — is written by openpyxl's own
``write_row``, and its inline texts are then moved into the same table, in order.

Nothing here changes openpyxl: :class:`BookWriter` and :class:`SheetWriter` are
subclasses used for the one call of :func:`clskit.workbooks.save` that made them.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from typing import Any

import openpyxl
from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.drawing.spreadsheet_drawing import SpreadsheetDrawing
from openpyxl.utils.cell import get_column_letter
from openpyxl.utils.datetime import to_excel
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.worksheet.dimensions import RowDimension
from openpyxl.writer.excel import ExcelWriter
from openpyxl.xml.functions import xmlfile

#: The openpyxl whose ``write_row``/``write_cell`` this module reproduces. Another
#: version is written by openpyxl itself and normalised afterwards.
SUPPORTED = openpyxl.__version__.startswith("3.1.")

_INF = float("inf")
#: What openpyxl's writer leaves where the rows go (lxml writes an empty element so).
_PLACEHOLDER = re.compile(rb"<sheetData(?:></sheetData>|\s*/>)")
_DATE_TYPES = (dt.datetime, dt.date, dt.time, dt.timedelta)
#: A text cell as openpyxl writes it, from its type on: ``<c r="A1" s="3" `` comes
#: before. Anchored on the literal type, and the text (escaped: no ``<`` in it) read up to
#: the next tag, so the scan does not backtrack.
INLINE = re.compile(
    r't="inlineStr"([^>]*)><is><t(?: xml:space="preserve")?>([^<]*)</t></is></c>')
INLINE_EMPTY = re.compile(
    r'<c ([^>]*?)t="inlineStr"([^>]*)>(?:<is>(?:<t(?: [^>]*)?/>|<t(?: [^>]*)?></t>)?</is>)?</c>')
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def shared(xml: str, strings: Strings) -> str:
    """Worksheet ``xml`` as openpyxl writes it with its inline texts in ``strings``."""
    xml = INLINE.sub(strings.cell, xml)
    if 'inlineStr"' in xml:  # an empty text is an empty cell
        xml = INLINE_EMPTY.sub(lambda m: f"<c {m.group(1)}{m.group(2)}".rstrip() + "/>", xml)
    return xml


def escape(text: str) -> str:
    """``text`` escaped as lxml escapes an element's text (``\\r`` as a reference)."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    if "\r" in text:
        text = text.replace("\r", "&#13;")
    return text


class Strings:
    """The shared-strings table: escaped text → index, and how many cells use one."""

    def __init__(self) -> None:
        self.index: dict[str, int] = {}
        self.uses = 0
        self._raw: dict[str, int] = {}  # the same, by the text as the cell holds it

    def number(self, text: str) -> int:
        """The index of ``text`` (unescaped), counted as one more use."""
        self.uses += 1
        found = self._raw.get(text)
        if found is None:
            key = escape(text)
            found = self.index.get(key)
            if found is None:
                found = self.index[key] = len(self.index)
            self._raw[text] = found
        return found

    def cell(self, match: re.Match[str]) -> str:
        """An inline text as openpyxl writes it (see :data:`INLINE`) as a shared one."""
        self.uses += 1
        index = self.index
        number = index.get(match[2])
        if number is None:
            number = index[match[2]] = len(index)
        return f't="s"{match[1]}><v>{number}</v></c>'

    def part(self) -> str:
        """``xl/sharedStrings.xml``."""
        items = "".join(
            f'<si><t xml:space="preserve">{text}</t></si>' if text != text.strip() or
            "\n" in text else f"<si><t>{text}</t></si>" for text in self.index)
        return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="{_MAIN}" '
                f'count="{self.uses}" uniqueCount="{len(self.index)}">{items}</sst>')


class SheetWriter(WorksheetWriter):  # type: ignore[misc]
    """openpyxl's worksheet writer, in memory, with the rows written by :meth:`sheet_data`."""

    def __init__(self, ws: Any, strings: Strings) -> None:
        super().__init__(ws, out=io.BytesIO())
        self.strings = strings
        self.rows_xml = b""

    def write_rows(self) -> None:
        # Before the tail, as openpyxl's: a fallback row collects hyperlinks and comments.
        self.rows_xml = self.sheet_data().encode("utf-8")
        xf = self.xf.send(True)
        with xf.element("sheetData"):
            pass
        self.xf.send(None)

    def xml(self) -> bytes:
        """The worksheet part, with the rows in place."""
        content: bytes = self.read()
        found = _PLACEHOLDER.search(content)
        if found is None:  # pragma: no cover - openpyxl wrote no sheetData
            raise RuntimeError("openpyxl wrote no <sheetData> to fill")
        return content[:found.start()] + self.rows_xml + content[found.end():]

    def sheet_data(self) -> str:
        ws = self.ws
        cells = ws._cells
        dims = ws.row_dimensions
        rows: dict[int, list[Any]] = {}
        for key in sorted(cells):
            found = rows.get(key[0])
            if found is None:
                rows[key[0]] = [cells[key]]
            else:
                found.append(cells[key])
        for index in dims.keys() - rows.keys():  # rows styled or sized, without cells
            rows[index] = []
        out = ["<sheetData>"]
        fast = self.fast_row
        for index in sorted(rows):
            row = rows[index]
            written = fast(index, row, dims.get(index))
            out.append(written if written is not None else self.fallback_row(index, row))
        out.append("</sheetData>")
        return "".join(out)

    def fast_row(self, index: int, row: list[Any], dim: Any) -> str | None:
        """The ``<row>`` openpyxl would write, or None if it holds what only it writes."""
        if dim is None:
            out = [f'<row r="{index}">']
        elif type(dim) is RowDimension:
            out = [_row_start(index, dim)]
        else:
            return None
        styles = self.ws.parent._cell_styles
        style_of = styles._dict.get
        letters = _LETTERS
        texts: list[tuple[int, str]] = []  # (place in out, text), numbered if the row is ours
        for cell in row:
            kind = type(cell)
            if kind is MergedCell:
                style = cell._style
                if style is None or not any(style):
                    continue
                sid = style_of(style)
                if sid is None:
                    sid = styles.add(style)
                column = cell.column
                letter = letters.get(column) or _letter(column)
                out.append(f'<c r="{letter}{cell.row}" s="{sid}" t="n"></c>')
                continue
            if kind is not Cell or cell._comment is not None or cell._hyperlink is not None:
                return None
            value = cell._value
            style = cell._style
            if style is not None and any(style):
                sid = style_of(style)
                if sid is None:
                    sid = styles.add(style)
                s = f' s="{sid}"'
            elif value is None:
                continue
            else:
                s = ""
            column = cell.column
            letter = letters.get(column) or _letter(column)
            data_type = cell.data_type
            if value is None:
                if data_type != "n":
                    return None
                out.append(f'<c r="{letter}{cell.row}"{s} t="n"></c>')
            elif data_type == "s":
                if type(value) is not str:
                    return None
                if value:
                    out.append(f'<c r="{letter}{cell.row}"{s} t="s"><v>')
                    texts.append((len(out), value))
                    out.append("")
                    out.append("</v></c>")
                else:  # an empty text is an empty cell
                    out.append(f'<c r="{letter}{cell.row}"{s}/>')
            elif data_type == "n":
                kind = type(value)
                if kind is float:
                    if value != value or value == _INF or value == -_INF:
                        return None
                elif kind is not int:
                    return None
                out.append(f'<c r="{letter}{cell.row}"{s} t="n"><v>{value:.16g}</v></c>')
            elif data_type == "b":
                if type(value) is not bool:
                    return None
                out.append(f'<c r="{letter}{cell.row}"{s} t="b"><v>{1 if value else 0}</v></c>')
            elif data_type == "d":
                serial = self.serial(value)
                if serial is None:
                    return None
                out.append(f'<c r="{letter}{cell.row}"{s} t="n"><v>{serial}</v></c>')
            else:  # formulas, errors
                return None
        number = self.strings.number
        for place, text in texts:
            out[place] = str(number(text))
        out.append("</row>")
        return "".join(out)

    def serial(self, value: Any) -> str | None:
        """A date as openpyxl writes it (an Excel serial number), or None."""
        if not isinstance(value, _DATE_TYPES) or self.ws.parent.iso_dates:
            return None
        if getattr(value, "tzinfo", None) is not None:  # openpyxl refuses it: let it say so
            return None
        serial = to_excel(value, self.ws.parent.epoch)
        if type(serial) not in (int, float) or serial != serial or serial in (_INF, -_INF):
            return None
        return f"{serial:.16g}"

    def fallback_row(self, index: int, row: list[Any]) -> str:
        """The row as openpyxl writes it, its inline texts moved into the table."""
        buffer = io.BytesIO()
        with xmlfile(buffer, encoding="utf-8") as xf, xf.element("sheetData"):
            self.write_row(xf, row, index)
        text: str = buffer.getvalue().decode("utf-8")
        text = text[text.index("<sheetData>") + len("<sheetData>"):text.rindex("</sheetData>")]
        return shared(text, self.strings)


_LETTERS: dict[int, str] = {}


def _letter(column: int) -> str:
    letter: str = get_column_letter(column)
    _LETTERS[column] = letter
    return letter


def _row_start(index: int, dim: Any) -> str:
    """``<row …>`` with the attributes openpyxl writes from ``dim`` (``dict(dim)``)."""
    out = f'<row r="{index}"'
    if dim.hidden:
        out += ' hidden="1"'
    if dim.outlineLevel:
        out += f' outlineLevel="{dim.outlineLevel:.16g}"'
    if dim.collapsed:
        out += ' collapsed="1"'
    height = dim.ht
    if height:
        out += f' ht="{height:.16g}"'
    styled = dim.has_style
    if styled:
        out += ' customFormat="1"'
    if height is not None:
        out += ' customHeight="1"'
    style = dim.style_id  # openpyxl asks for it (and registers the style) on every row
    if style:
        out += f' s="{style}"'
    if dim.thickBot:
        out += ' thickBot="1"'
    if dim.thickTop:
        out += ' thickTop="1"'
    return out + ">"


class BookWriter(ExcelWriter):  # type: ignore[misc]
    """openpyxl's package writer with :class:`SheetWriter` for the worksheets and a
    shared-strings table written after them."""

    def __init__(self, workbook: Any, archive: zipfile.ZipFile, strings: Strings) -> None:
        super().__init__(workbook, archive)
        self.strings = strings

    def write_worksheet(self, ws: Any) -> None:  # openpyxl 3.1's, in memory
        ws._drawing = SpreadsheetDrawing()
        ws._drawing.charts = ws._charts
        ws._drawing.images = ws._images
        writer = SheetWriter(ws, self.strings)
        writer.write()
        ws._rels = writer._rels
        self._archive.writestr(ws.path[1:], writer.xml())
        self.manifest.append(ws)

    def _write_worksheets(self) -> None:
        super()._write_worksheets()
        if self.strings.index:
            self._archive.writestr("xl/sharedStrings.xml", self.strings.part())


__all__ = ["INLINE", "INLINE_EMPTY", "SUPPORTED", "BookWriter", "Strings", "escape", "shared"]
