"""Finding the platform's data sheet, checking its header, and where its data starts.

The platform takes the first sheet whose A2 is exactly «Axe (x)», checks the titles of
A2:AB2 and stops at the first wrong one. Here every wrong title is reported, with the
column where the expected title was found when the columns were only moved, and a sheet
whose header is a row off is still found (with a warning: the platform would refuse it).
"""

from __future__ import annotations

import re

from attrs import define, field

from clskit import Diagnostic, Location, Severity
from clskit.workbooks import CODES, Problems, Sheet, Workbook, column_letter
from clskit_tet.columns import (
    BY_KEY,
    COLUMNS,
    HEADER_ROW,
    NOT_IMPORTED,
    NOTES_TITLE,
    SHEET_MARK,
    TITLE_PARSER,
    TITLE_TEMPLATE,
    fold,
    is_guidance_row,
    is_placeholder,
)


@define
class DataSheet:
    """The data sheet, its header row, its first data row and its free columns."""

    sheet: Sheet
    header_row: int
    first_row: int
    notes_column: int | None = None
    unread: dict[int, str] = field(factory=dict)  # column → title, filled but not imported


def _loose(title: str) -> str:
    """A title with no case, accent, space or punctuation: to say «the same title,
    written otherwise»."""
    return re.sub(r"[\W_]+", "", fold(title))


def _header_text(value: object) -> str:
    return "" if value is None else str(value).strip()


def find(book: Workbook, problems: Problems) -> DataSheet | None:
    """The data sheet as the platform finds it, else one a row off (with a warning),
    else an error naming the sheets that were looked at."""
    for sheet in book.sheets:
        if sheet.value(HEADER_ROW, 1) == SHEET_MARK:
            return DataSheet(sheet, HEADER_ROW, HEADER_ROW + 2)
    for sheet in book.sheets:
        for row in range(1, min(sheet.max_row, 12) + 1):
            value = sheet.value(row, 1)
            if isinstance(value, str) and fold(value) == fold(SHEET_MARK):
                problems.warning(
                    sheet.location(row, 1),
                    f"en-tête trouvé ligne {row} et non ligne {HEADER_ROW} (ou écrit "
                    f"«{value.strip()}») : la plateforme cherche exactement «{SHEET_MARK}» en "
                    f"A{HEADER_ROW} et refuserait ce fichier ; clskit le lit quand même",
                    "sheet")
                return DataSheet(sheet, row, row + 2)
    looked = ", ".join(f"«{s.title}»" for s in book.sheets) or "aucune"
    empty = all(s.max_row == 0 for s in book.sheets)
    detail = (" : le classeur est vide" if empty else
              f" : aucune feuille n'a «{SHEET_MARK}» en A{HEADER_ROW} (feuilles : {looked})")
    problems.error(Location(book.file), "L'onglet des données n'a pas été trouvé dans le "
                   f"fichier Excel{detail}", "sheet")
    return None


def check_header(data: DataSheet, problems: Problems) -> bool:
    """Every title of A:AB compared as the platform compares it (trimmed, otherwise
    exact); all the wrong ones are reported. Names the sheet's columns for the messages."""
    sheet, row = data.sheet, data.header_row
    found = [_header_text(sheet.value(row, c.index)) for c in COLUMNS]
    where = {text: i for i, text in reversed(list(enumerate(found, start=1))) if text}
    ok = True
    for column, text in zip(COLUMNS, found, strict=True):
        expected = column.title
        if text == expected or (column.key == "title" and text == TITLE_TEMPLATE):
            continue
        ok = False
        shown = f'"{text}"' if text else "une cellule vide"
        message = (f'La colonne {column_letter(column.index)} devrait être "{expected}" et '
                   f"non {shown}")
        elsewhere = where.get(expected)
        if elsewhere and elsewhere != column.index and found.count(expected) == 1:
            message += (f" ; ce titre est en colonne {column_letter(elsewhere)} : remettez "
                        "les colonnes dans l'ordre du modèle")
        elif text and _loose(text) == _loose(expected):
            message += (" ; même titre écrit autrement : la plateforme le compare exactement "
                        "(accents, majuscules, tirets)")
        problems.error(sheet.location(row, column.index), message, "column")
    if not ok and fold(_header_text(sheet.value(row, 5))) == "descriptif":
        problems.error(sheet.location(row), "ce classeur a la forme de l'export de la "
                       "plateforme, qui ne se réimporte pas : reportez ses colonnes dans le "
                       "modèle d'import (modele-import-pa.xlsx)", "column")
    sheet.use_header(row)
    return ok


def first_data_row(data: DataSheet, problems: Problems) -> None:
    """Row 4 with the parser's title, row 5 with the template's (its 4th row is guidance);
    decided on what row 4 holds, so that neither a guidance row nor an action is
    mistaken for the other."""
    sheet = data.sheet
    title = _header_text(sheet.value(data.header_row, BY_KEY["title"].index))
    row = data.first_row
    guidance = is_guidance_row(sheet.row_values(row))
    if guidance:
        data.first_row = row + 1
        if title == TITLE_PARSER:
            problems.warning(sheet.location(row), "ligne des consignes du modèle : ignorée "
                             "(la plateforme la lirait comme une action)", "odd")
    elif title == TITLE_TEMPLATE and not sheet.is_blank(row):
        problems.warning(sheet.location(row), f"avec le titre «{TITLE_TEMPLATE}», les "
                         f"données commencent ligne {row + 1} ; la ligne {row} n'est pas "
                         "celle des consignes : elle est lue comme une action", "odd")


def free_columns(data: DataSheet) -> None:
    """The columns after AB: «Notes» is read into the fiche's notes; the others (and the
    platform's unread «Indicateurs liés») are listed when something was typed in them."""
    sheet = data.sheet
    last = len(COLUMNS)
    for column, title in sorted(sheet.titles.items()):
        if column > last and fold(title) == fold(NOTES_TITLE):
            data.notes_column = column
    candidates = {c: t for c, t in sheet.titles.items() if c > last and
                  c != data.notes_column}
    candidates.update({BY_KEY[k].index: BY_KEY[k].title for k in NOT_IMPORTED})
    for column, title in sorted(candidates.items()):
        for row in sheet.rows(data.first_row):
            value = sheet.value(row, column)
            if value is not None and str(value).strip() and not is_placeholder(value):
                data.unread[column] = title
                break


def report_unread(data: DataSheet, problems: Problems) -> None:
    """One note per free column that holds something clskit (like the platform) does
    not import."""
    for column, title in data.unread.items():
        problems.items.append(Diagnostic(
            CODES["odd"], Severity.INFO,
            f"colonne «{title}» remplie mais non importée (la plateforme ne l'importe pas "
            "non plus) : à reporter à la main", data.sheet.location(None, column)))


__all__ = ["DataSheet", "check_header", "find", "first_data_row", "free_columns",
           "report_unread"]
