"""``clskit export suivi``: the workbook a coordinator fills for a period.

openpyxl is imported here only, when a workbook is written: registering the plugin stays
light. Every value from the record goes through :func:`clskit.workbooks.put`, so that a
text starting with ``=`` is never a formula.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from clskit import Contract, ExportRequest, Period, workbooks
from clskit_suivi import prefill, rows
from clskit_suivi.instructions import instructions
from clskit_suivi.layout import (
    DATA_SHEETS,
    INSTRUCTIONS,
    LAST_FORMATTED_ROW,
    LISTS,
    META_COLUMN,
    META_CONTRACT,
    META_PERIOD,
    Column,
    SheetLayout,
)
from clskit_suivi.references import References
from clskit_suivi.values import period_text

_HEADER_FILL = "1F4E79"
_PREFILLED_FILL = "EDEDED"
_DATE_FORMAT = "DD/MM/YYYY"


def write(request: ExportRequest, path: Path) -> None:
    """Write the follow-up workbook of the request's window at ``path``."""
    assert request.snapshot is not None  # the exporter needs a snapshot
    workbooks.save(build(request.contract, request.snapshot.window), path)


def build(contract: Contract, window: Period) -> Any:
    """The workbook (an ``openpyxl.Workbook``) for ``contract`` over ``window``."""
    from openpyxl import Workbook

    book = Workbook()
    guide = book.active
    guide.title = INSTRUCTIONS
    _write_instructions(guide, instructions(contract, window))
    refs = References.of(contract)
    list_columns = _write_lists(book.create_sheet(LISTS), refs.lists(), contract, window)
    for layout, prefilled in _prefilled(contract, window):
        sheet = book.create_sheet(layout.name, index=len(book.sheetnames) - 1)
        _write_data_sheet(sheet, layout, prefilled, list_columns)
    return book


def _prefilled(contract: Contract,
               window: Period) -> Iterable[tuple[SheetLayout, list[dict[str, Any]]]]:
    journal, meetings, indicators, partners = DATA_SHEETS
    yield journal, [{"key": prefill.journal_key(e), **rows.journal_cells(e, contract)}
                    for e in prefill.journal(contract, window)]
    yield meetings, [rows.meeting_cells(m, contract) for m in prefill.meetings(contract, window)]
    yield indicators, [{"key": prefill.measurement_key(i, m), **rows.measurement_cells(i, m)}
                       for i, m in prefill.measurements(contract, window)]
    yield partners, [rows.partner_cells(o) for o in prefill.partners(contract, window)]


def _lines(text: Any, width: float) -> int:
    """How many lines a wrapped text takes in a column ``width`` characters wide: row
    heights are not computed on opening (LibreOffice and Excel keep what the file says),
    so a row of long texts would show one line of each."""
    if not isinstance(text, str) or not text:
        return 1
    per_line = max(1, int(width * 1.1))
    return sum(max(1, math.ceil(len(line) / per_line)) for line in text.split("\n"))


def _write_instructions(sheet: Any, paragraphs: Sequence[tuple[str, str]]) -> None:
    from openpyxl.styles import Alignment, Font

    width = 95
    sheet.column_dimensions["A"].width = width
    for row, (style, text) in enumerate(paragraphs, start=1):
        cell = workbooks.put(sheet, row, 1, text)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        size = {"title": 16, "heading": 12}.get(style, 11)
        if style in ("title", "heading"):
            cell.font = Font(bold=True, size=size, color=_HEADER_FILL)
        sheet.row_dimensions[row].height = _lines(text, width * 11 / size) * size * 1.4 + 4
    sheet.sheet_view.showGridLines = False
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


def _write_lists(sheet: Any, lists: Mapping[str, Sequence[str]], contract: Contract,
                 window: Period) -> dict[str, str]:
    """Write the reference values, one list per column; returns list name → the range a
    drop-down points at (``Listes!$A$2:$A$16``), for the lists that are not empty."""
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    ranges: dict[str, str] = {}
    for column, (name, entries) in enumerate(lists.items(), start=1):
        workbooks.put(sheet, 1, column, name).font = Font(bold=True)
        for row, value in enumerate(entries, start=2):
            workbooks.put(sheet, row, column, value)
        letter = get_column_letter(column)
        sheet.column_dimensions[letter].width = 30
        if entries:
            ranges[name] = f"{LISTS}!${letter}$2:${letter}${len(entries) + 1}"
    workbooks.put(sheet, 1, META_COLUMN, META_CONTRACT)
    workbooks.put(sheet, 1, META_COLUMN + 1, contract.id)
    workbooks.put(sheet, 2, META_COLUMN, META_PERIOD)
    workbooks.put(sheet, 2, META_COLUMN + 1, period_text(window))
    sheet.sheet_state = "hidden"
    return ranges


def _validation(column: Column, letter: str, ranges: Mapping[str, str]) -> Any:
    from openpyxl.worksheet.datavalidation import DataValidation

    target = ranges.get(column.choices) if column.choices else None
    if target is not None:
        validation = DataValidation(type="list", formula1=target, allow_blank=True)
        validation.showErrorMessage = column.strict
        validation.errorStyle = "stop"
        validation.errorTitle = "Valeur hors liste"
        validation.error = "Choisir une valeur de la liste déroulante."
    else:
        validation = DataValidation(allow_blank=True)
    validation.showInputMessage = True
    validation.promptTitle = column.title[:32]
    validation.prompt = column.help[:255]
    validation.add(f"{letter}2:{letter}{LAST_FORMATTED_ROW}")
    return validation


def _write_data_sheet(sheet: Any, layout: SheetLayout, prefilled: list[dict[str, Any]],
                      ranges: Mapping[str, str]) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    header_font = Font(bold=True, color="FFFFFF")
    header_fill = PatternFill("solid", fgColor=_HEADER_FILL)
    grey = PatternFill("solid", fgColor=_PREFILLED_FILL)
    for column, spec in enumerate(layout.columns, start=1):
        letter = get_column_letter(column)
        cell = workbooks.put(sheet, 1, column, spec.title)
        cell.font, cell.fill = header_font, header_fill
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        dimension = sheet.column_dimensions[letter]
        dimension.width = spec.width
        if spec.name == "key":
            dimension.hidden = True
        sheet.add_data_validation(_validation(spec, letter, ranges))
    for row, data in enumerate(prefilled, start=2):
        for column, spec in enumerate(layout.columns, start=1):
            cell = workbooks.put(sheet, row, column, data.get(spec.name))
            cell.fill = grey
            cell.alignment = Alignment(wrap_text=spec.wrap, vertical="top", horizontal="left")
            if isinstance(data.get(spec.name), dt.date):
                cell.number_format = _DATE_FORMAT
        lines = max(_lines(data.get(spec.name), spec.width) if spec.wrap else 1
                    for spec in layout.columns)
        sheet.row_dimensions[row].height = 15 * lines
    for column, spec in enumerate(layout.columns, start=1):
        if spec.name in ("when", "due", "joined"):
            for row in range(len(prefilled) + 2, LAST_FORMATTED_ROW + 1):
                sheet.cell(row=row, column=column).number_format = _DATE_FORMAT
    sheet.freeze_panes = "A2"
    sheet.row_dimensions[1].height = 32
    sheet.print_title_rows = "1:1"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


__all__ = ["build", "write"]
