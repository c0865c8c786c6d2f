"""Finding a data sheet's columns by their titles, and its rows as cells named by column.

Columns are found by title wherever they stand: a coordinator who moved one loses nothing
(a warning says so, because the drop-down lists stay under their letters). A column the
importer needs and cannot find is an error placed on the header row.
"""

from __future__ import annotations

from collections.abc import Iterator

from clskit.workbooks import Cell, Problems, Sheet
from clskit_suivi.layout import SheetLayout
from clskit_suivi.references import normal
from clskit_suivi.rows import Row

#: The header is looked for in these first rows (a coordinator may add a title above it).
_HEADER_WITHIN = 5


def _titles(layout: SheetLayout) -> dict[str, str]:
    return {normal(c.title): c.name for c in layout.columns}


def columns(sheet: Sheet, layout: SheetLayout,
            problems: Problems) -> tuple[int, dict[str, int]] | None:
    """The header row and column name → position; ``None`` when the sheet cannot be read
    (its problems said)."""
    if sheet.max_row == 0:
        problems.warning(sheet.location(), "la feuille est vide : rien n'en est importé",
                         "sheet")
        return None
    known = _titles(layout)
    needed = max(2, len([c for c in layout.columns if c.required]))

    def is_header(values: tuple[object, ...]) -> bool:
        hits = sum(1 for v in values if v is not None and normal(str(v)) in known)
        return hits >= min(needed, len(known))

    header = sheet.find_row(is_header, within=_HEADER_WITHIN)
    if header is None:
        expected = ", ".join(f"«{c.title}»" for c in layout.columns if c.name != "key")
        problems.error(sheet.location(row=1), "ligne d'en-tête introuvable dans les "
                       f"{_HEADER_WITHIN} premières lignes : les colonnes attendues sont "
                       f"{expected}", "column")
        return None
    found: dict[str, int] = {}
    for column, title in sheet.use_header(header).items():
        name = known.get(normal(title))
        if name is None:
            problems.warning(sheet.location(header, column), f"colonne «{title}» inconnue : "
                             "elle n'est pas lue", "column")
        elif name in found:
            problems.error(sheet.location(header, column), f"colonne «{title}» en double "
                           f"(déjà en {sheet.location(header, found[name]).column})", "column")
        else:
            found[name] = column
    for spec in layout.columns:
        if spec.name not in found and spec.required:
            problems.error(sheet.location(header), f"colonne «{spec.title}» absente : elle "
                           "est obligatoire", "column")
    if any(found[name] != layout.index(name) for name in found):
        problems.warning(sheet.location(header), "les colonnes ne sont plus dans l'ordre du "
                         "classeur exporté : elles sont lues d'après leur titre, mais les "
                         "listes déroulantes ne sont plus sous leur colonne", "column")
    return header, found


def data_rows(sheet: Sheet, layout: SheetLayout, header: int,
              found: dict[str, int]) -> Iterator[tuple[int, Row]]:
    """Each row below the header that holds something, as column name → cell (a column
    the sheet lacks reads as an empty cell placed on the row)."""
    for row in sheet.rows(header + 1):
        cells = {spec.name: (sheet.cell(row, found[spec.name]) if spec.name in found
                             else Cell(None, sheet.location(row)))
                 for spec in layout.columns}
        if all(cells[spec.name].empty for spec in layout.columns):
            continue  # something only in a column nobody reads
        yield row, cells


def only_key(cells: Row, key: str = "key") -> bool:
    """Whether a row holds nothing but its mark (a pre-filled row emptied)."""
    return all(cell.empty for name, cell in cells.items() if name != key)


__all__ = ["columns", "data_rows", "only_key"]
