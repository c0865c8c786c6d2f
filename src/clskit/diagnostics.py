"""What checking a contract reports: diagnostics with a rule id, a severity and a place."""

from __future__ import annotations

from enum import Enum

from attrs import define, field

from clskit._records import FrozenRecord

Path = tuple[str | int, ...]


class Severity(Enum):
    """How serious a diagnostic is. Only errors make ``clskit validate`` fail."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


def format_path(path: Path) -> str:
    """``("actions", 3, "pilot")`` → ``actions[3].pilot``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out


@define(frozen=True, eq=False, repr=False)
class Location(FrozenRecord):
    """Where a diagnostic points: a file and line when known, and the field path.

    ``path`` is relative to the file when ``file`` is set (what a user sees in their
    editor), and relative to the contract otherwise. A place in a workbook has a
    ``sheet``, a ``row`` and a ``column`` (its letter) with the column's ``column_title``
    instead of a line; it reads as a coordinator would say it: «fiches.xlsx, feuille FA 3,
    ligne 14, colonne C (Porteur de l'action)».
    """

    file: str | None = None
    line: int | None = None
    path: Path = ()
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    column_title: str | None = None

    def __str__(self) -> str:
        if self.sheet is not None or self.row is not None or self.column is not None:
            return self._cell()
        where = self.file or ""
        if self.file and self.line:
            where += f":{self.line}"
        field_path = format_path(self.path)
        return f"{where} {field_path}".strip() if where else field_path

    def _cell(self) -> str:
        parts = [self.file] if self.file else []
        if self.sheet is not None:
            parts.append(f"feuille {self.sheet}")
        if self.row is not None:
            parts.append(f"ligne {self.row}")
        if self.column is not None:
            title = f" ({self.column_title})" if self.column_title else ""
            parts.append(f"colonne {self.column}{title}")
        return ", ".join(parts)


@define(frozen=True, eq=False, repr=False)
class Diagnostic(FrozenRecord):
    """One finding. ``rule`` is a stable id (``CLS104``); ``message`` is plain English."""

    rule: str
    severity: Severity
    message: str
    location: Location = field(factory=Location)
    #: Another place the finding is about (the first of two items with one id), when
    #: there is one; the loader places it and names it in the message.
    related: Location | None = None

    def __str__(self) -> str:
        where = str(self.location)
        prefix = f"{where}: " if where else ""
        return f"{prefix}{self.severity.value} {self.rule} {self.message}"

    def to_dict(self) -> dict[str, object]:
        data: dict[str, object] = {
            "rule": self.rule,
            "severity": self.severity.value,
            "message": self.message,
            "file": self.location.file,
            "line": self.location.line,
            "path": format_path(self.location.path),
        }
        if self.location.sheet is not None or self.location.row is not None:
            data.update(sheet=self.location.sheet, row=self.location.row,
                        column=self.location.column, column_title=self.location.column_title)
        return data
