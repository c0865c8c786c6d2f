"""Exceptions of clskit.

::

    ClsError                  every error clskit raises on purpose
    ├── LoadError             a record cannot be loaded; .diagnostics says why, with places
    ├── ExportError           an output could not be written (nothing partial is left)
    └── ImportFailed          a file to import has errors; .diagnostics says where, and
                              nothing was written
"""

from __future__ import annotations

from collections.abc import Sequence

from clskit.diagnostics import Diagnostic, Severity


class ClsError(Exception):
    """Base class of clskit's errors."""


def _summary(diagnostics: Sequence[Diagnostic], where: str) -> str:
    errors = [d for d in diagnostics if d.severity is Severity.ERROR]
    shown = errors or list(diagnostics)
    lines = [str(d) for d in shown[:20]]
    if len(shown) > 20:
        lines.append(f"… and {len(shown) - 20} more")
    count = len(errors)
    return f"{count} error{'s' if count != 1 else ''} {where}:\n" + "\n".join(lines)


class LoadError(ClsError):
    """The record has errors. ``diagnostics`` lists all of them (and any warnings)."""

    def __init__(self, diagnostics: Sequence[Diagnostic]) -> None:
        self.diagnostics = list(diagnostics)
        super().__init__(_summary(self.diagnostics, "in the record"))


class ExportError(ClsError):
    """An export failed; the target file was left untouched."""


class ImportFailed(ClsError):
    """A file could not be imported: ``diagnostics`` lists every problem met (each placed
    by file, sheet, row and column), warnings included. Nothing was written."""

    def __init__(self, diagnostics: Sequence[Diagnostic], source: str = "") -> None:
        self.diagnostics = list(diagnostics)
        where = f"in {source}" if source else "in the imported file"
        super().__init__(_summary(self.diagnostics, where) + "\nnothing was written")
