"""Writing cells from the record: a text stays a text, a sheet title is one Excel takes."""

from __future__ import annotations

import re
from typing import Any

_FORMULA_START = ("=", "+", "-", "@")
_BAD_TITLE = re.compile(r"[\[\]:*?/\\]")


def put(worksheet: Any, row: int, column: int, value: Any) -> Any:
    """Write ``value`` into the cell at ``row``, ``column`` and return the cell.

    A text from the record that starts with ``=``, ``+``, ``-`` or ``@`` is written as a
    text (openpyxl would make it a formula, Excel would run it): its type is forced to
    string and Excel's «quote prefix» is set, so that editing the cell keeps it a text.
    Control characters that XML cannot carry are dropped.
    """
    cell = worksheet.cell(row=row, column=column)
    if isinstance(value, str):
        value = _printable(value)
        cell.value = value
        if value.startswith(_FORMULA_START):
            cell.data_type = "s"
            cell.quotePrefix = True
    else:
        cell.value = value
    return cell


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f]")


def _printable(text: str) -> str:
    return _CONTROL.sub("", text) if _CONTROL.search(text) else text


def safe_sheet_title(title: str, taken: set[str] | None = None) -> str:
    """``title`` as Excel accepts a sheet's name (31 characters, no ``[]:*?/\\``),
    unique among ``taken`` (compared as Excel does, without case); adds it to ``taken``."""
    base = _BAD_TITLE.sub("-", title).strip("' ") or "Feuille"
    base = base[:31]
    used = taken if taken is not None else set()
    name, n = base, 2
    while name.lower() in {t.lower() for t in used}:
        suffix = f" ({n})"
        name, n = base[:31 - len(suffix)] + suffix, n + 1
    used.add(name)
    return name


__all__ = ["put", "safe_sheet_title"]
