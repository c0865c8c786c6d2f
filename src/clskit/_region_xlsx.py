"""The region as a workbook an ARS analyst filters and sorts in Excel or LibreOffice.

One sheet per table of the HTML page, with the same figures (both read
:mod:`clskit._region_report`): «Synthèse» (the as-of date, totals and the contracts that
failed to load), «Contrats» (a row per contract, filters on), «Instances en retard»,
«Partenaires communs», «Sans nouvelles», «Thèmes». Cells are written through
:func:`clskit.workbooks.put` (a text from the records never becomes a formula) and saved
through :func:`clskit.workbooks.save` (a package Excel opens without repair).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

from clskit import fr
from clskit._region_report import (
    STALE_MONTHS,
    behind,
    by_contract_status,
    by_generation,
    contract_name,
    first_message,
    generation_label,
    last_fact,
    stale,
)
from clskit.indicators import IndicatorStatus, status_label
from clskit.model import ActionStatus
from clskit.region import Region
from clskit.workbooks import column_letter, put, save

_DATE_FORMAT = "DD/MM/YYYY"


def _sheet(book: Any, title: str, headers: Sequence[str], rows: Sequence[Sequence[Any]],
           widths: Sequence[int]) -> Any:
    from openpyxl.styles import Font

    sheet = book.create_sheet(title)
    bold = Font(bold=True)
    for col, header in enumerate(headers, start=1):
        put(sheet, 1, col, header).font = bold
        sheet.column_dimensions[column_letter(col)].width = widths[col - 1]
    for r, values in enumerate(rows, start=2):
        for col, value in enumerate(values, start=1):
            cell = put(sheet, r, col, value)
            if hasattr(value, "isoformat"):
                cell.number_format = _DATE_FORMAT
    sheet.freeze_panes = "A2"
    if rows:
        sheet.auto_filter.ref = f"A1:{column_letter(len(headers))}{len(rows) + 1}"
    return sheet


def _status_name(status: ActionStatus | None) -> str:
    return fr.enum(status) if status is not None else f"Statut {fr.UNKNOWN_STATUS}"


def _summary(book: Any, region: Region) -> None:
    from openpyxl.styles import Font

    sheet = book.active
    sheet.title = "Synthèse"
    lines: list[tuple[str, Any]] = [
        ("Contrats locaux de santé : synthèse régionale", None),
        ("Situation au", region.as_of),
        ("Contrats chargés", len(region.rows)),
        ("Contrats non chargés", len(region.failures)),
        ("Fiches action", region.actions),
        *[(f"Fiches : {_status_name(s).lower()}", n)
          for s, n in region.actions_by_status.items()],
        *[(f"Indicateurs : {status_label(s).lower()}", n)
          for s, n in region.indicators.items()],
        ("Instances en retard sur leur rythme", region.bodies_behind),
        *[(f"Contrats : {fr.enum(s).lower()}", n) for s, n in by_contract_status(region).items()],
        *[(f"Contrats : {generation_label(g)}", n) for g, n in by_generation(region).items()],
        (f"Contrats sans fait daté depuis {STALE_MONTHS} mois", len(stale(region))),
    ]
    for r, (name, value) in enumerate(lines, start=1):
        put(sheet, r, 1, name)
        if value is not None:
            cell = put(sheet, r, 2, value)
            if hasattr(value, "isoformat"):
                cell.number_format = _DATE_FORMAT
    sheet["A1"].font = Font(bold=True, size=14)
    row = len(lines) + 2
    failed = first_message(region)
    if failed:
        put(sheet, row, 1, "Contrats non chargés (non comptés)").font = Font(bold=True)
        for source, count, text in failed:
            row += 1
            put(sheet, row, 1, source)
            put(sheet, row, 2, f"{fr.plural(count, 'erreur')}" + (f" ; première : {text}"
                                                                 if text else ""))
    sheet.column_dimensions["A"].width = 48
    sheet.column_dimensions["B"].width = 60


def write_xlsx(region: Region, path: str | os.PathLike[str]) -> None:
    """Write the workbook of ``region`` at ``path`` (the caller makes it atomic)."""
    from openpyxl import Workbook

    book = Workbook()
    _summary(book, region)
    contracts = []
    for row in region.rows:
        c = row.contract
        contracts.append([
            contract_name(c), c.name, c.territory.name, fr.enum(c.status), c.generation,
            c.period.start if c.period else None, c.period.end if c.period else None,
            len(c.actions),
            *[row.actions_by_status.get(s, 0) for s in ActionStatus],
            row.actions_by_status.get(None, 0),
            *[row.indicators.get(s, 0) for s in IndicatorStatus],
            len(row.bodies_behind), row.partners, row.meetings_held,
            last_fact(c, region.as_of), row.source])
    headers = (["Contrat", "Nom complet", "Territoire", "Statut", "Génération", "Début",
                "Fin", "Fiches action"]
               + [f"Fiches : {fr.enum(s).lower()}" for s in ActionStatus]
               + [f"Fiches : statut {fr.UNKNOWN_STATUS}"]
               + [f"Indicateurs : {status_label(s).lower()}" for s in IndicatorStatus]
               + ["Instances en retard", "Partenaires", "Réunions tenues", "Dernier fait daté",
                  "Source"])
    _sheet(book, "Contrats", headers, contracts,
           [28, 40, 28, 14, 11, 12, 12, 10] + [12] * (len(ActionStatus) + 1)
           + [12] * len(IndicatorStatus) + [12, 12, 12, 14, 20])
    _sheet(book, "Instances en retard", ["Contrat", "Instance", "Réunions tenues",
                                         "Attendues à date"],
           [[contract_name(b.row.contract), b.name, b.held, b.expected]
            for b in behind(region)], [32, 40, 16, 16])
    _sheet(book, "Partenaires communs", ["Partenaire", "Contrats"],
           [[name, n] for name, n in region.partners.items() if n > 1], [48, 12])
    _sheet(book, "Sans nouvelles", ["Contrat", "Territoire", "Dernier fait daté"],
           [[contract_name(row.contract), row.contract.territory.name, last]
            for row, last in stale(region)], [32, 32, 18])
    _sheet(book, "Thèmes", ["Thème", "Fiches"],
           [[t, n] for t, n in region.actions_by_theme.items()], [48, 12])
    save(book, path)
