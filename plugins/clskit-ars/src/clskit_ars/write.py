"""``clskit export ars``: the fiche workbook (.xlsx), or one of its lists as a CSV.

The workbook's sheets, in order: «Fiches» (the list), «Axes», «Objectifs» (the tree),
«Bilan YEAR» when a period is given, one sheet per fiche action named after its code,
«Indicateurs», «Contrat». A CSV holds one list, chosen by ``--option list=…``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from clskit.errors import ExportError
from clskit.exporters import ExportRequest
from clskit.model import Contract
from clskit_ars import layout as L
from clskit_ars import tables

_CONTRACT_LISTS: dict[str, Callable[[Contract], tuple[tables.Row, list[tables.Row]]]] = {
    "fiches": tables.fiches, "axes": tables.axes, "objectives": tables.objectives,
    "indicators": tables.indicators,
}


def write(request: ExportRequest, path: Path) -> None:
    chosen = request.options.get("list")
    if request.format == "csv":
        write_csv(request, path, chosen or "fiches")
        return
    if chosen:
        raise ExportError("the option list chooses the list a CSV export holds; a workbook "
                          "(.xlsx) holds every list")
    write_workbook(request, path)


def _list_rows(request: ExportRequest, chosen: str) -> tuple[tables.Row, list[tables.Row]]:
    if chosen == "bilan":
        if request.snapshot is None:
            raise ExportError("the bilan needs a period: give --period YEAR")
        return tables.bilan(request.snapshot)
    return _CONTRACT_LISTS[chosen](request.contract)


def write_csv(request: ExportRequest, path: Path, chosen: str) -> None:
    """UTF-8 with a byte-order mark and «;» between fields: what French Excel opens
    by a double click with accents and columns right (:mod:`clskit.csvfile`, which also
    keeps a field that starts like a formula a text)."""
    from clskit.csvfile import write_csv as write_for_excel

    header, rows = _list_rows(request, chosen)
    write_for_excel(path, header, ([tables.csv_cell(v) for v in row] for row in rows))


def write_workbook(request: ExportRequest, path: Path) -> None:
    from openpyxl import Workbook

    from clskit.workbooks import safe_sheet_title, save
    from clskit_ars.contract_sheet import write_contract
    from clskit_ars.fiche import write_fiche
    from clskit_ars.sheet import table_sheet

    contract = request.contract
    book = Workbook()
    taken: set[str] = set()

    def sheet(title: str) -> Any:
        return book.create_sheet(safe_sheet_title(title, taken))

    book.remove(book.active)
    footer = contract.short_name or contract.name
    header, rows = tables.fiches(contract)
    table_sheet(sheet(L.FICHES), "Fiches action", header, rows, tables.widths(header),
                footer=footer)
    header, rows = tables.axes(contract)
    table_sheet(sheet(L.AXES), "Axes", header, rows, tables.widths(header), footer=footer)
    header, rows = tables.objectives(contract)
    depths = [d for _, d in tables.objective_depths(contract)]
    table_sheet(sheet(L.OBJECTIVES), "Arbre des objectifs", header, rows,
                tables.widths(header), footer=footer, indents=depths, indent_column=4)
    if request.snapshot is not None:
        header, rows = tables.bilan(request.snapshot)
        when = tables.period_label(request.snapshot)
        table_sheet(sheet(f"{L.BILAN} {when}"), f"Bilan par fiche — {when}", header, rows,
                    (9.0, 36.0, 16.0, 48.0, 34.0, 48.0), footer=footer)
    for action in contract.actions:
        write_fiche(sheet(action.code), contract, action)
    header, rows = tables.indicators(contract)
    table_sheet(sheet(L.INDICATORS), "Indicateurs", header, rows, tables.widths(header),
                footer=footer)
    write_contract(sheet(L.CONTRACT), contract)
    book.properties.title = f"Fiches action — {contract.name}"[:255]
    book.properties.creator = "clskit"
    save(book, path)
