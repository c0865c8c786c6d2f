"""``clskit export tet PATH -o plan.xlsx``: the platform's import template, filled.

The workbook has the template's three sheets (instructions, import sheet, drop-down
lists). By default the import sheet's header is the one the platform's parser checks
(«Titre de l'action» in D2, three header rows, data from row 4), so that the platform
takes the file as it is; ``--option header=template`` writes the published template's
own header («Titre de la fiche action», its fourth row of guidance, data from row 5).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from clskit import ExportRequest
from clskit.workbooks import put, save
from clskit_tet import layout
from clskit_tet.columns import BY_KEY, COLUMNS, NOTES_TITLE, fold
from clskit_tet.plan import PlanRow, plan_rows

#: At least this many rows carry the drop-down lists, as in the template (rows 5–199).
_FORMATTED_ROWS = 195
_AMOUNTS = ("amount1", "amount2", "amount3", "budget")


def _validations(worksheet: Any, first: int, last: int) -> None:
    from openpyxl.worksheet.datavalidation import DataValidation

    lists = f"'{layout.LISTS_SHEET}'"

    def span(*keys: str) -> list[str]:
        return [f"{_letter(k)}{first}:{_letter(k)}{last}" for k in keys]

    prompt = "Cliquez ici et choisissez une valeur dans la liste"
    for key, cells in (("participation", "$E$2:$E$6"), ("status", "$C$2:$C$9"),
                       ("priority", "$D$2:$D$4")):
        check = DataValidation(type="list", formula1=f"{lists}!{cells}", allow_blank=True,
                               showInputMessage=True, prompt=prompt)
        for cells_range in span(key):
            check.add(cells_range)
        worksheet.add_data_validation(check)
    top = f"{_letter('amount1')}{first}"
    money = DataValidation(type="custom", formula1=f"AND(ISNUMBER({top}),{top}>=0)",
                           allow_blank=True, showInputMessage=True,
                           prompt="Saisissez un nombre, sans espaces ni symboles (pas de € "
                                  "ni «HT»)")
    for cells_range in span(*_AMOUNTS):
        money.add(cells_range)
    worksheet.add_data_validation(money)
    start = f"{_letter('start')}{first}"
    dates = DataValidation(type="custom", formula1=f"ISNUMBER({start})", allow_blank=True,
                           showInputMessage=True,
                           prompt="Saisissez une date sous le format JJ/MM/AAAA")
    for cells_range in span("start", "end"):
        dates.add(cells_range)
    worksheet.add_data_validation(dates)
    title = f"{_letter('title')}{first}"
    length = DataValidation(type="custom", formula1=f"LEN({title})<=300", allow_blank=True,
                            showInputMessage=True,
                            prompt="Le contenu saisi ne doit pas excéder 300 caractères.")
    for cells_range in span("title", "sub_title"):
        length.add(cells_range)
    worksheet.add_data_validation(length)


def _letter(key: str) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(BY_KEY[key].index))


def _fill_rows(worksheet: Any, rows: list[PlanRow], first: int, notes_column: int) -> None:
    from openpyxl.styles import Alignment

    wrap = Alignment(wrap_text=True, vertical="top")
    for offset, plan_row in enumerate(rows):
        row = first + offset
        for column in COLUMNS:
            value = plan_row.cells.get(column.key)
            if value is None:
                continue
            cell = put(worksheet, row, column.index, value)
            cell.alignment = wrap
            if isinstance(value, dt.datetime):
                cell.number_format = "DD/MM/YYYY"
            elif column.key in _AMOUNTS:
                cell.number_format = "#,##0.##" if isinstance(value, float) else "#,##0"
        if plan_row.notes:
            put(worksheet, row, notes_column, plan_row.notes).alignment = wrap
        worksheet.row_dimensions[row].height = _height(worksheet, plan_row, notes_column)


def _height(worksheet: Any, plan_row: PlanRow, notes_column: int) -> float:
    """A row tall enough for its wrapped texts (neither Excel nor LibreOffice fits a row
    to its text when the file opens), at most about ten lines."""
    from openpyxl.utils import get_column_letter

    texts = [(c.index, plan_row.cells.get(c.key)) for c in COLUMNS]
    texts.append((notes_column, plan_row.notes))
    lines = 1
    for index, value in texts:
        if not isinstance(value, str):
            continue
        width = worksheet.column_dimensions[get_column_letter(index)].width or 13
        per_line = max(int(width * 1.1), 8)
        lines = max(lines, sum(-(-max(len(part), 1) // per_line) for part in value.split("\n")))
    return float(min(lines, 10) * 13 + 4)


def write(request: ExportRequest, path: Path) -> None:
    """Write the plan of ``request.contract`` at ``path``."""
    import openpyxl

    parser = request.options.get("header", "platform") == "platform"
    rows = plan_rows(request.contract)
    guide, data, lists = layout.template()
    book = openpyxl.Workbook()
    guide_sheet = book.active
    guide_sheet.title = layout.GUIDE_SHEET
    layout.put_sheet(guide_sheet, guide, max(guide.rows, default=0))
    guide_sheet.sheet_view.showGridLines = False
    sheet = book.create_sheet(layout.DATA_SHEET)
    header = layout.header_rows(parser)
    layout.put_sheet(sheet, data, header, parser_title=parser)
    first = header + 1
    notes_column = next(c for c, t in layout.data_titles().items() if fold(t) == fold(NOTES_TITLE))
    _fill_rows(sheet, rows, first, notes_column)
    sheet.freeze_panes = f"B{first}"
    sheet.sheet_properties.outlinePr.summaryRight = False
    _validations(sheet, first, max(first + _FORMATTED_ROWS - 1, first + len(rows) - 1))
    list_sheet = book.create_sheet(layout.LISTS_SHEET)
    layout.put_sheet(list_sheet, lists, max(lists.rows, default=0))
    book.active = 1
    save(book, path)


__all__ = ["write"]
