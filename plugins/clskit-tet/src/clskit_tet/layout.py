"""The platform's import template, rebuilt: its sheets, header rows, colours and lists.

The shipped ``template/modele-import-pa.xlsx`` is read, never re-saved: saved by
openpyxl, it would lose its drop-down lists (an extension openpyxl drops), keep defined
names that point nowhere and an unused table. Instead a fresh workbook is written with
the template's texts, colours, widths, hidden columns and lists, and standard data
validations, so that the file is valid Office Open XML and the dropdowns work.
"""

from __future__ import annotations

from copy import copy
from functools import lru_cache
from importlib.resources import as_file, files
from typing import Any

from attrs import define

from clskit_tet.columns import COLUMNS, HEADER_ROW, TITLE_PARSER

TEMPLATE = "modele-import-pa.xlsx"
GUIDE_SHEET, DATA_SHEET, LISTS_SHEET = "Mode demploi", "Fichier dimport", "Listes déroulantes"
#: The template's header rows: sections, titles, field types, guidance.
TEMPLATE_HEADER_ROWS = 4


@define(frozen=True)
class StyledCell:
    value: Any
    font: Any
    fill: Any
    alignment: Any
    border: Any
    hyperlink: str | None = None


@define(frozen=True)
class SheetLayout:
    title: str
    rows: dict[int, dict[int, StyledCell]]
    widths: dict[str, float]
    hidden: frozenset[str]
    outline: dict[str, int]
    heights: dict[int, float]
    merged: tuple[str, ...]


def _sheet(worksheet: Any, last_row: int) -> SheetLayout:
    rows: dict[int, dict[int, StyledCell]] = {}
    for row in worksheet.iter_rows(min_row=1, max_row=last_row):
        for cell in row:
            if cell.value is None and not cell.has_style:
                continue
            rows.setdefault(cell.row, {})[cell.column] = StyledCell(
                cell.value.strip() if isinstance(cell.value, str) and cell.row > 1 and
                worksheet.title == LISTS_SHEET else cell.value,
                copy(cell.font), copy(cell.fill), copy(cell.alignment), copy(cell.border),
                cell.hyperlink.target if cell.hyperlink is not None else None)
    from openpyxl.utils import get_column_letter

    widths: dict[str, float] = {}
    hidden: set[str] = set()
    outline: dict[str, int] = {}
    for dim in worksheet.column_dimensions.values():
        for index in range(dim.min or 1, (dim.max or dim.min or 1) + 1):
            letter = get_column_letter(index)
            if dim.width:
                widths[letter] = dim.width
            if dim.hidden:
                hidden.add(letter)
            if dim.outlineLevel:
                outline[letter] = dim.outlineLevel
    return SheetLayout(
        title=worksheet.title, rows=rows, widths=widths, hidden=frozenset(hidden),
        outline=outline,
        heights={r: d.height for r, d in worksheet.row_dimensions.items()
                 if d.height and r <= last_row},
        merged=tuple(str(m) for m in worksheet.merged_cells.ranges if m.max_row <= last_row))


@lru_cache(maxsize=1)
def template() -> tuple[SheetLayout, SheetLayout, SheetLayout]:
    """The guide, data (header rows only) and lists sheets of the shipped template."""
    import warnings

    import openpyxl

    with as_file(files("clskit_tet") / "template" / TEMPLATE) as path, \
            warnings.catch_warnings():
        warnings.simplefilter("ignore")  # «Data Validation extension is not supported»
        book = openpyxl.load_workbook(path)
    guide = _sheet(book[GUIDE_SHEET], book[GUIDE_SHEET].max_row)
    data = _sheet(book[DATA_SHEET], TEMPLATE_HEADER_ROWS)
    lists = _sheet(book[LISTS_SHEET], book[LISTS_SHEET].max_row)
    return guide, data, lists


def header_rows(parser: bool) -> int:
    """How many header rows the export writes: three as the platform's parser reads
    them, or the template's four."""
    return TEMPLATE_HEADER_ROWS - 1 if parser else TEMPLATE_HEADER_ROWS


def data_titles() -> dict[int, str]:
    """Column → title of row 2 of the template (trailing spaces kept, as published)."""
    _, data, _ = template()
    return {c: str(s.value) for c, s in data.rows.get(HEADER_ROW, {}).items()
            if s.value is not None}


def put_sheet(worksheet: Any, layout: SheetLayout, last_row: int, *,
              parser_title: bool = False) -> None:
    """Write ``layout``'s rows up to ``last_row`` with their styles, widths and merges."""
    from openpyxl.worksheet.dimensions import ColumnDimension

    title_column = COLUMNS[3].index
    for row, cells in layout.rows.items():
        if row > last_row:
            continue
        for column, styled in cells.items():
            cell = worksheet.cell(row=row, column=column)
            value = styled.value
            if parser_title and row == HEADER_ROW and column == title_column:
                value = TITLE_PARSER
            cell.value = value
            cell.font, cell.fill = copy(styled.font), copy(styled.fill)
            cell.alignment, cell.border = copy(styled.alignment), copy(styled.border)
            if styled.hyperlink:
                cell.hyperlink = styled.hyperlink
    for letter, width in layout.widths.items():
        dim = worksheet.column_dimensions.setdefault(letter, ColumnDimension(worksheet,
                                                                             index=letter))
        dim.width = width
        dim.hidden = letter in layout.hidden
        dim.outlineLevel = layout.outline.get(letter, 0)
    for row, height in layout.heights.items():
        if row <= last_row:
            worksheet.row_dimensions[row].height = height
    for merged in layout.merged:
        worksheet.merge_cells(merged)


__all__ = ["DATA_SHEET", "GUIDE_SHEET", "LISTS_SHEET", "TEMPLATE", "TEMPLATE_HEADER_ROWS",
           "SheetLayout", "data_titles", "header_rows", "put_sheet", "template"]
