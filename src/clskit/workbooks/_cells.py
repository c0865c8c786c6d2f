"""Cells with their place, problems collected by place, and the value parsers."""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from typing import Any

from attrs import define, field

from clskit.diagnostics import Diagnostic, Location, Severity

#: Rule ids of what reading a workbook reports (every importer uses them).
CODES = {
    "unreadable": "CLS201",   # not a workbook, encrypted, too big: nothing can be read
    "sheet": "CLS202",        # a sheet missing, empty, or found under another name
    "column": "CLS203",       # a column missing, out of order or with another title
    "value": "CLS204",        # a value of the wrong kind (text in an amount, a bad date)
    "odd": "CLS205",          # an odd but readable value (a warning: the import goes on)
    "duplicate": "CLS206",    # the same thing twice (two actions with one title)
    "reference": "CLS207",    # a row names what does not exist (an unknown fiche)
}


def column_letter(index: int) -> str:
    """1 → ``A``, 27 → ``AA``."""
    letters = ""
    while index > 0:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@define(frozen=True)
class Cell:
    """A value read from a sheet, with where it was read."""

    value: Any
    location: Location

    @property
    def empty(self) -> bool:
        return self.value is None or (isinstance(self.value, str) and not self.value.strip())


@define
class Problems:
    """Every problem met while reading, in order; errors and warnings alike."""

    items: list[Diagnostic] = field(factory=list)

    def error(self, where: Location | Cell, message: str, code: str = "value") -> None:
        self._add(where, message, code, Severity.ERROR)

    def warning(self, where: Location | Cell, message: str, code: str = "odd") -> None:
        self._add(where, message, code, Severity.WARNING)

    def _add(self, where: Location | Cell, message: str, code: str,
             severity: Severity) -> None:
        location = where.location if isinstance(where, Cell) else where
        self.items.append(Diagnostic(CODES.get(code, code), severity, message, location))

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity is Severity.ERROR]

    @property
    def ok(self) -> bool:
        return not self.errors

    def diagnostics(self) -> tuple[Diagnostic, ...]:
        return tuple(self.items)


def _shown(value: Any) -> str:
    text_value = str(value)
    return text_value if len(text_value) <= 60 else text_value[:57] + "…"


def text(cell: Cell, problems: Problems | None = None) -> str | None:
    """The cell as text, spaces trimmed (``None`` when empty). Numbers keep their
    writing (``3`` not ``3.0``); a date reads as ``JJ/MM/AAAA``."""
    value = cell.value
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        value = value.date() if value.time() == dt.time() else value
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y")
    shown = unicodedata.normalize("NFC", str(value)).replace("\r\n", "\n").strip()
    return shown or None


_NUMBER = re.compile(r"^[+-]?\d+(?:[.,]\d+)?$")


def number(cell: Cell, problems: Problems, what: str = "un nombre") -> float | None:
    """A number: a numeric cell, or a text such as ``12 500,50 €`` (French writing)."""
    value = cell.value
    if value is None or cell.empty:
        return None
    if isinstance(value, bool):
        problems.error(cell, f"{_shown(value)!r} n'est pas {what}")
        return None
    if isinstance(value, int | float):
        if isinstance(value, float) and not math.isfinite(value):
            problems.error(cell, f"{_shown(value)!r} n'est pas {what}")
            return None
        return float(value)
    raw = str(value)
    cleaned = re.sub(r"[\s\u00a0\u202f€]", "", raw)
    if _NUMBER.match(cleaned):
        return float(cleaned.replace(",", "."))
    problems.error(cell, f"{_shown(raw)!r} n'est pas {what}")
    return None


_MONTHS = {
    "janv": 1, "jan": 1, "janvier": 1, "fevr": 2, "fev": 2, "févr": 2, "fév": 2,
    "fevrier": 2, "février": 2, "mars": 3, "mar": 3, "avr": 4, "avril": 4, "mai": 5,
    "juin": 6, "juil": 7, "juillet": 7, "aout": 8, "août": 8, "sept": 9, "sep": 9,
    "septembre": 9, "oct": 10, "octobre": 10, "nov": 11, "novembre": 11, "dec": 12,
    "déc": 12, "decembre": 12, "décembre": 12,
}
_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_MY = re.compile(r"^(\d{1,2})[/.-](\d{4})$")
_MONTH_YEAR = re.compile(r"^([a-zéû]+)\.?[\s/-]*(\d{2}|\d{4})$")
#: Excel's day 1 is 1900-01-01, and it believes 1900 was a leap year.
_EXCEL_EPOCH = dt.date(1899, 12, 30)


def _year(digits: str) -> int:
    year = int(digits)
    return year + 2000 if len(digits) == 2 else year


def _month_only(cell: Cell, problems: Problems, year: int, month: int) -> dt.date:
    day = dt.date(year, month, 1)  # ValueError for month 13: the caller says so
    problems.warning(cell, f"{_shown(cell.value)!r} ne donne que le mois : lu comme le "
                           f"{day.strftime('%d/%m/%Y')}")
    return day


def date(cell: Cell, problems: Problems) -> dt.date | None:
    """A date: a date cell, an Excel serial number, or a text written ``JJ/MM/AAAA``,
    ``AAAA-MM-JJ``, ``MM/AAAA`` or ``oct-19`` / ``octobre 2019`` (a month alone is read as
    its first day, with a warning)."""
    value = cell.value
    if value is None or cell.empty:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if math.isfinite(value) and 1 <= value < 2958466:  # up to 9999-12-31
            return _EXCEL_EPOCH + dt.timedelta(days=int(value))
        problems.error(cell, f"{_shown(value)!r} n'est pas une date")
        return None
    raw = str(value).strip().lower()
    try:
        if m := _DMY.match(raw):
            return dt.date(_year(m[3]), int(m[2]), int(m[1]))
        if m := _ISO.match(raw):
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        if m := _MY.match(raw):
            return _month_only(cell, problems, int(m[2]), int(m[1]))
        if (m := _MONTH_YEAR.match(raw)) and m[1] in _MONTHS:
            return _month_only(cell, problems, _year(m[2]), _MONTHS[m[1]])
    except ValueError:
        problems.error(cell, f"{_shown(value)!r} n'est pas une date qui existe")
        return None
    problems.error(cell, f"{_shown(value)!r} n'est pas une date (écrire JJ/MM/AAAA)")
    return None


_YES = {"oui", "o", "x", "yes", "y", "vrai", "true", "1"}
_NO = {"non", "n", "no", "faux", "false", "0"}


def yes_no(cell: Cell, problems: Problems) -> bool | None:
    """«Oui» / «Non» (and x, vrai, 1…), whatever the case and spaces; empty is ``None``.
    Anything else is a warning, read as empty."""
    value = cell.value
    if value is None or cell.empty:
        return None
    if isinstance(value, bool):
        return value
    word = str(value).strip().lower().rstrip(".")
    if word in _YES:
        return True
    if word in _NO:
        return False
    problems.warning(cell, f"{_shown(value)!r} n'est ni «Oui» ni «Non» : case laissée vide")
    return None


__all__ = ["CODES", "Cell", "Problems", "column_letter", "date", "number", "text",
           "yes_no"]
