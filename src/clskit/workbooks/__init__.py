"""Workbooks in and out, shared by every importer and spreadsheet exporter.

Reading (:func:`open_workbook`) turns whatever a coordinator hands over — a real .xlsx,
a CSV renamed .xlsx, a password-protected file, an .xlsm with macros, a bomb of a zip —
into either a :class:`Workbook` or one placed message, never a traceback. Every cell
read through :class:`Sheet` knows its place, so that a problem reads «fiches.xlsx,
feuille FA 3, ligne 14, colonne C (Porteur de l'action) : …», and the value parsers
(:func:`text`, :func:`number`, :func:`date`, :func:`yes_no`) record a problem in a
:class:`Problems` and go on, so that **all** problems are reported at once.

Writing (:func:`put`) keeps a text that starts with ``=``, ``+``, ``-`` or ``@`` a text:
a value from the record never becomes a formula in a coordinator's Excel. :func:`save`
writes an openpyxl workbook as a package Excel opens without repairing or rewriting it
(shared strings, fonts in schema order; checked against the OOXML schemas in CI).
"""

from clskit.workbooks._cells import (
    CODES,
    Cell,
    Problems,
    column_letter,
    date,
    number,
    text,
    yes_no,
)
from clskit.workbooks._package import save
from clskit.workbooks._read import Limits, Sheet, Workbook, open_workbook
from clskit.workbooks._write import put, safe_sheet_title

__all__ = [
    "CODES",
    "Cell",
    "Limits",
    "Problems",
    "Sheet",
    "Workbook",
    "column_letter",
    "date",
    "number",
    "open_workbook",
    "put",
    "safe_sheet_title",
    "save",
    "text",
    "yes_no",
]
