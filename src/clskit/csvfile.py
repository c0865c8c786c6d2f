"""CSV files that French Excel opens right with a double click.

Excel in a French locale reads a CSV as Windows-1252 with «;» between fields unless the
file starts with a UTF-8 byte-order mark: written as here (UTF-8 with its mark, «;»,
CRLF line ends, dates ``JJ/MM/AAAA``, decimal comma), accents and columns come out
right with no import dialogue. A field from the record that starts like a formula
(``=``, ``+``, ``-``, ``@``) gets an apostrophe in front, as Excel itself writes such a
text, so that opening the file never runs it.

>>> from clskit import csvfile
>>> csvfile.write_csv("fiches.csv", ["Code", "Début"],
...                   [["FA 1", datetime.date(2021, 12, 7)]])           # doctest: +SKIP
"""

from __future__ import annotations

import csv
import datetime as dt
import os
from collections.abc import Iterable, Sequence
from enum import Enum
from pathlib import Path
from typing import Any

from clskit import fr

#: The field separator French Excel expects.
DELIMITER = ";"
#: UTF-8 with a byte-order mark: how Excel knows the file is UTF-8.
ENCODING = "utf-8-sig"


def safe(text: str) -> str:
    """``text`` with an apostrophe in front when a spreadsheet would read it as a
    formula (``=SOMME(…)``, ``+33…``, ``-``, ``@``)."""
    return "'" + text if text.startswith(("=", "+", "-", "@")) else text


def cell(value: Any) -> str:
    """A value as French Excel reads it from a CSV: ``None`` empty, dates
    ``07/12/2021``, decimals with a comma (``12,5``), true/false «oui»/«non», model
    values by their French label, anything else as text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, dt.datetime):
        return f"{fr.short_date(value.date())} {value:%H:%M}"
    if isinstance(value, dt.date):
        return fr.short_date(value)
    if isinstance(value, float):
        return str(value).replace(".", ",")
    if isinstance(value, Enum):
        return fr.enum(value)
    return str(value)


def write_csv(path: str | os.PathLike[str], header: Sequence[str],
              rows: Iterable[Sequence[Any]]) -> Path:
    """Write ``header`` then ``rows`` at ``path`` for French Excel; every value goes
    through :func:`cell` then :func:`safe`. Returns the path.

    In an exporter, ``path`` is the temporary file clskit hands to ``write``: the
    target appears whole, or not at all.
    """
    target = Path(path)
    with target.open("w", encoding=ENCODING, newline="") as out:
        writer = csv.writer(out, delimiter=DELIMITER, lineterminator="\r\n")
        writer.writerow([safe(str(h)) for h in header])
        for row in rows:
            writer.writerow([safe(cell(v)) for v in row])
    return target


__all__ = ["DELIMITER", "ENCODING", "cell", "safe", "write_csv"]
