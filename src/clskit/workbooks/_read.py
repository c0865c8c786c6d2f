"""Open a workbook safely and read its sheets as grids of placed cells."""

from __future__ import annotations

import io
import itertools
import os
import unicodedata
import warnings
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from attrs import define, field

from clskit.diagnostics import Location
from clskit.workbooks._cells import Cell, Problems, column_letter

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # encrypted OOXML and .xls share this container
_ZIP = b"PK\x03\x04"


@define(frozen=True)
class Limits:
    """What a workbook may weigh before clskit refuses to read it (a bomb, a mistake)."""

    max_bytes: int = 50 * 1024 * 1024          # the file itself
    max_unpacked: int = 400 * 1024 * 1024      # all its parts, once unzipped
    max_parts: int = 10_000
    max_rows: int = 100_000                    # per sheet
    max_columns: int = 500


def _normal(title: str) -> str:
    folded = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    return " ".join(folded.lower().split())


@define
class Sheet:
    """One sheet as a grid of values (merged cells carry their range's value), read once.

    Rows and columns count from 1, as Excel shows them. :meth:`use_header` names the
    columns, so that each cell's place says its column's title.
    """

    title: str
    file: str
    grid: list[tuple[Any, ...]]
    titles: dict[int, str] = field(factory=dict)

    @property
    def max_row(self) -> int:
        return len(self.grid)

    @property
    def max_column(self) -> int:
        return max((len(r) for r in self.grid), default=0)

    def value(self, row: int, column: int) -> Any:
        if 1 <= row <= len(self.grid):
            values = self.grid[row - 1]
            if 1 <= column <= len(values):
                return values[column - 1]
        return None

    def location(self, row: int | None = None, column: int | None = None) -> Location:
        return Location(self.file, sheet=self.title, row=row,
                        column=column_letter(column) if column else None,
                        column_title=self.titles.get(column) if column else None)

    def cell(self, row: int, column: int) -> Cell:
        return Cell(self.value(row, column), self.location(row, column))

    def row_values(self, row: int) -> tuple[Any, ...]:
        return self.grid[row - 1] if 1 <= row <= len(self.grid) else ()

    def is_blank(self, row: int) -> bool:
        return all(v is None or (isinstance(v, str) and not v.strip())
                   for v in self.row_values(row))

    def rows(self, start: int = 1) -> Iterator[int]:
        """The numbers of the rows from ``start`` that hold something."""
        for row in range(start, len(self.grid) + 1):
            if not self.is_blank(row):
                yield row

    def use_header(self, row: int) -> dict[int, str]:
        """Name the columns after the texts of ``row``; returns column → title."""
        self.titles = {i: " ".join(str(v).split()) for i, v in
                       enumerate(self.row_values(row), start=1) if v is not None and
                       str(v).strip()}
        return self.titles

    def find_row(self, predicate: Callable[[tuple[Any, ...]], bool],
                 within: int = 30) -> int | None:
        """The first of the top ``within`` rows whose values satisfy ``predicate``."""
        for row in range(1, min(within, len(self.grid)) + 1):
            if predicate(self.row_values(row)):
                return row
        return None


@define
class Workbook:
    """The sheets of a workbook, in their order, and the file's name as shown to users."""

    file: str
    sheets: list[Sheet]
    has_macros: bool = False

    def sheet(self, title: str) -> Sheet | None:
        """The sheet of this title, matched without regard to case, accents or spaces."""
        wanted = _normal(title)
        for sheet in self.sheets:
            if _normal(sheet.title) == wanted:
                return sheet
        return None

    def titles(self) -> list[str]:
        return [s.title for s in self.sheets]


def _sniff(path: Path, shown: str, problems: Problems, limits: Limits) -> bytes | None:
    """The file's bytes when they can be a workbook; else one placed problem."""
    where = Location(shown)
    try:
        size = path.stat().st_size
        if size > limits.max_bytes:
            problems.error(where, f"le fichier pèse {size // (1024 * 1024)} Mo : plus que les "
                           f"{limits.max_bytes // (1024 * 1024)} Mo qu'un classeur peut "
                           "peser ici", "unreadable")
            return None
        data = path.read_bytes()
    except OSError as exc:
        problems.error(where, f"ne peut être lu : {exc.strerror or exc}", "unreadable")
        return None
    if data.startswith(_OLE):
        problems.error(where, "classeur protégé par un mot de passe, ou au format Excel "
                       "97-2003 (.xls) : enregistrez-le en .xlsx, sans mot de passe",
                       "unreadable")
        return None
    if not data.startswith(_ZIP):
        head = data[:2048]
        textual = head and all(b >= 9 for b in head.replace(b"\x00", b""))
        hint = (" : c'est un fichier texte (un CSV renommé ?) ; ouvrez-le dans Excel et "
                "enregistrez-le au format .xlsx") if textual and head.strip() else ""
        problems.error(where, f"n'est pas un classeur Excel (.xlsx){hint}", "unreadable")
        return None
    return data


def _check_parts(archive: zipfile.ZipFile, shown: str, problems: Problems,
                 limits: Limits) -> bool:
    where = Location(shown)
    infos = archive.infolist()
    unpacked = sum(i.file_size for i in infos)
    if len(infos) > limits.max_parts or unpacked > limits.max_unpacked:
        problems.error(where, f"le classeur se décompresse en {unpacked // (1024 * 1024)} Mo "
                       f"et {len(infos)} parties : plus qu'un classeur ne peut en tenir ici",
                       "unreadable")
        return False
    names = {i.filename for i in infos}
    if "xl/workbook.xml" not in names and not any(n.endswith("workbook.xml") for n in names):
        other = ("un document Word" if "word/document.xml" in names else
                 "une présentation PowerPoint" if "ppt/presentation.xml" in names else
                 "une archive zip")
        problems.error(where, f"n'est pas un classeur Excel : c'est {other}", "unreadable")
        return False
    return True


def _grid(worksheet: Any, limits: Limits) -> list[tuple[Any, ...]] | None:
    rows = list(itertools.islice(worksheet.iter_rows(values_only=True), limits.max_rows + 1))
    if len(rows) > limits.max_rows:
        return None
    # Trailing empty rows (formatting carried far down) are not data.
    while rows and all(v is None for v in rows[-1]):
        rows.pop()
    grid = [tuple(r[:limits.max_columns]) for r in rows]
    merged_cells = getattr(worksheet, "merged_cells", None)  # none in read-only sheets
    ranges = list(merged_cells.ranges) if merged_cells else []
    if not ranges:
        return grid
    editable = [list(r) for r in grid]
    for merged in ranges:
        top = worksheet.cell(merged.min_row, merged.min_col).value
        for row in range(merged.min_row, min(merged.max_row, len(editable)) + 1):
            values = editable[row - 1]
            for column in range(merged.min_col, min(merged.max_col, limits.max_columns) + 1):
                while len(values) < column:
                    values.append(None)
                values[column - 1] = top
    return [tuple(r) for r in editable]


def open_workbook(path: str | os.PathLike[str], problems: Problems, *,
                  shown: str | None = None, limits: Limits | None = None) -> Workbook | None:
    """Read the workbook at ``path``: every sheet's values (cached formula results, not
    formulas). On a file that cannot be a workbook, records one placed error in
    ``problems`` and returns ``None``; a macro workbook reads with a warning (its macros
    are ignored, never run)."""
    import openpyxl

    limits = limits or Limits()
    source = Path(path)
    name = shown or source.name
    data = _sniff(source, name, problems, limits)
    if data is None:
        return None
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        problems.error(Location(name), "n'est pas un classeur Excel lisible (archive "
                       "endommagée)", "unreadable")
        return None
    with archive:
        if not _check_parts(archive, name, problems, limits):
            return None
        has_macros = any(n.endswith("vbaProject.bin") for n in archive.namelist())
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl's notes on unsupported extensions
            book = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a damaged file
        problems.error(Location(name), f"ne peut être lu comme un classeur : "
                       f"{type(exc).__name__}: {exc}", "unreadable")
        return None
    if has_macros:
        problems.warning(Location(name), "classeur avec macros : elles sont ignorées (jamais "
                         "exécutées), seules les valeurs des cellules sont lues")
    sheets = []
    for worksheet in book.worksheets:
        grid = _grid(worksheet, limits)
        if grid is None:
            problems.error(Location(name, sheet=worksheet.title),
                           f"plus de {limits.max_rows} lignes : trop pour une feuille de "
                           "suivi ; elle n'est pas lue", "unreadable")
            continue
        sheets.append(Sheet(worksheet.title, name, grid))
    return Workbook(name, sheets, has_macros)


__all__ = ["Limits", "Sheet", "Workbook", "open_workbook"]
