"""Cell values of the follow-up workbook, both ways: what is written, and how it is read.

The exporter writes a day as a date cell and a loose period as text (``2022-T1``, the
French «trimestre»); the importer reads back either, and the English forms of
:class:`clskit.Period` too. Every problem goes to :class:`clskit.workbooks.Problems`, placed
by sheet, row and column, and reading goes on.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from enum import Enum
from typing import TypeVar

from clskit import Period, workbooks
from clskit.workbooks import Cell, Problems
from clskit_suivi.references import Choices

E = TypeVar("E", bound=Enum)

_FRENCH_QUARTER = re.compile(r"^(\d{4})\s*-?\s*[Tt]([1-4])$|^[Tt]([1-4])\s*-?\s*(\d{4})$")
_MONTH_YEAR = re.compile(r"^(\d{1,2})[/.-](\d{4})$")
_SEPARATORS = re.compile(r"[,;\n]+")


def period_text(period: Period) -> str:
    """``2022-Q1`` → ``2022-T1`` (what a French reader writes); other periods unchanged."""
    return re.sub(r"-Q([1-4])$", r"-T\1", str(period))


def _period(text: str) -> Period | None:
    text = text.strip()
    if m := _FRENCH_QUARTER.match(text):
        year, quarter = (m[1], m[2]) if m[1] else (m[4], m[3])
        return Period.quarter(int(year), int(quarter))
    if m := _MONTH_YEAR.match(text):
        month = int(m[1])
        return Period.parse(f"{m[2]}-{month:02d}") if 1 <= month <= 12 else None
    try:
        return Period.parse(text)
    except ValueError:
        return None


def when(cell: Cell, problems: Problems) -> tuple[dt.date | None, Period | None]:
    """A day or a loose period: a date cell, ``JJ/MM/AAAA``, or ``2022-T1``, ``02/2022``,
    ``2022-02``, ``2022``. Empty: ``(None, None)``."""
    if cell.empty:
        return None, None
    if isinstance(cell.value, str):
        found = _period(cell.value)
        if found is not None:
            if found.start == found.end:
                return found.start, None
            return None, found
    return workbooks.date(cell, problems), None


def lines(cell: Cell) -> list[str]:
    """One item per line of the cell (agenda, decisions); blank lines dropped."""
    value = workbooks.text(cell)
    return [line.strip() for line in (value or "").split("\n") if line.strip()]


def tokens(cell: Cell) -> list[str]:
    """The items of a cell listing several (``FA 3, FA 4``)."""
    value = workbooks.text(cell)
    return [t.strip() for t in _SEPARATORS.split(value or "") if t.strip()]


def choice(cell: Cell, choices: Choices, problems: Problems, what: str) -> str | None:
    """The value a cell names among ``choices``; an error listing them when it is none."""
    value = workbooks.text(cell)
    if value is None:
        return None
    found = choices.find(value)
    if found is None:
        listed = choices.listed() or "aucun dans le dossier"
        problems.error(cell, f"«{value}» n'est pas {what} ; choisir dans la liste : {listed}",
                       "reference")
    return found


def enum_choice(cell: Cell, choices: Choices, kind: type[E], problems: Problems,
                what: str) -> E | None:
    found = choice(cell, choices, problems, what)
    return kind(found) if found is not None else None


def whole(cell: Cell, problems: Problems, what: str) -> int | None:
    """A whole number (a count of participants); a fraction is an error."""
    value = workbooks.number(cell, problems, what)
    if value is None:
        return None
    if not value.is_integer() or value < 0:
        problems.error(cell, f"«{workbooks.text(cell)}» n'est pas {what}")
        return None
    return int(value)


def number(value: float) -> int | float:
    """Whole numbers stay whole (6, not 6.0), as the model keeps them."""
    return int(value) if value.is_integer() else value


def joined_codes(codes: Sequence[str]) -> str | None:
    return ", ".join(codes) or None


__all__ = ["choice", "enum_choice", "joined_codes", "lines", "number", "period_text",
           "tokens", "when", "whole"]
