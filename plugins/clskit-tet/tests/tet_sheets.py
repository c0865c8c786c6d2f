"""Plan workbooks built in the tests the way a coordinator (or the platform) makes them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import openpyxl
from clskit_tet.columns import BY_KEY, COLUMNS, TITLE_TEMPLATE

HERE = Path(__file__).resolve().parent
#: A workbook the platform accepts, and its blank template (as the package ships it).
VALID = HERE / "data" / "nouveau-plan-valide.xlsx"
TEMPLATE = HERE.parent / "src" / "clskit_tet" / "template" / "modele-import-pa.xlsx"

Row = Mapping[str, Any]


def plan(path: Path, rows: Sequence[Row], *, template_header: bool = False,
         titles: Sequence[str] | None = None, extra: Mapping[str, Sequence[Any]] = {},
         sheet_title: str = "Fichier dimport") -> Path:
    """A workbook with the platform's header (row 2) and ``rows`` from row 4 (or, with
    the template's header, a guidance row 4 and data from row 5). ``rows`` map column
    keys (:mod:`clskit_tet.columns`) to values; ``extra`` adds free columns after AB
    (title → values by row)."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = sheet_title
    sheet["A1"] = "Présentation de l’action"
    header = list(titles) if titles is not None else [c.title for c in COLUMNS]
    if template_header and titles is None:
        header[BY_KEY["title"].index - 1] = TITLE_TEMPLATE
    for i, title in enumerate(header, start=1):
        sheet.cell(2, i, title)
        sheet.cell(3, i, "Champ texte")
    first = 4
    if template_header:
        sheet.cell(4, 1, "Si vos axes sont numérotés, indiquez d'abord :\n- le numéro")
        sheet.cell(4, 4, "Texte court de 300 caractères maximum, espaces compris.")
        first = 5
    for j, (title, column_values) in enumerate(extra.items(), start=len(header) + 1):
        sheet.cell(2, j, title)
        for k, value in enumerate(column_values):
            sheet.cell(first + k, j, value)
    for k, row in enumerate(rows):
        for key, value in row.items():
            sheet.cell(first + k, BY_KEY[key].index, value)
    book.save(path)
    return path


def action(title: str, axis: str | None = "1. Prévention", **cells: Any) -> dict[str, Any]:
    row: dict[str, Any] = {"title": title}
    if axis is not None:
        row["axis"] = axis
    row.update(cells)
    return row


#: A plan using every column the platform imports, and the odd shapes it accepts.
RICH_ROWS: list[dict[str, Any]] = [
    action("Coordonner le CLS", axis="1. Gouvernance", sub_axis="1.1. Animer",
           description="Animer le contrat.\n- réunir le COPIL\n- suivre les fiches",
           governance="COPIL santé, Groupe de travail «accès, droits»",
           objectives="Un COPIL par an", structures="Communauté d'agglomération",
           resources="- 1 ETP de coordination", partners="ARS Île-de-France, CPAM (77, 93)",
           services="Direction de la santé", pilots="Marie PAUL, Pierre GWEN",
           referents="Renée CHARLES", participation="Concertation",
           financing="Droit commun", funder1="ARS Île-de-France", amount1=30000,
           funder2="Communauté d'agglomération", amount2=25000.5, funder3="Région",
           budget=55000, status="En cours", priority="Élevé",
           start=dt.datetime(2023, 1, 1), end="31/12/2027"),
    action("Coordonner le CLS", axis="1. Gouvernance", sub_axis="1.1. Animer",
           sub_title="Préparer le COPIL", pilots="Marie PAUL", status="Réalisé",
           start=45000, end=45300),
    action("Mobiliser les habitants", axis="Participation", pilots="Renée CHARLES",
           referents="Renée CHARLES", participation="Co-construction", priority="Bas",
           status="À discuter"),
    action("Aller vers", axis="1. Gouvernance", sub_axis="Santé mentale",
           sub_sub_axis="1.2.1. Repérer", structures="CCAS", funder1="Fondation",
           amount1="1 500", status="Bloqué"),
    action("Action sans axe", axis=None, status="Abandonné"),
]
RICH_NOTES = ["Note de suivi", None, "Voir le COTECH", None, None]
