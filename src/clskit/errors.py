"""Exceptions of clskit.

::

    ClsError                  every error clskit raises on purpose
    ├── LoadError             a record cannot be loaded; .diagnostics says why, with places
    └── ExportError           an output could not be written (nothing partial is left)
"""

from __future__ import annotations

from collections.abc import Sequence

from clskit.diagnostics import Diagnostic, Severity


class ClsError(Exception):
    """Base class of clskit's errors."""


class LoadError(ClsError):
    """The record has errors. ``diagnostics`` lists all of them (and any warnings)."""

    def __init__(self, diagnostics: Sequence[Diagnostic]) -> None:
        self.diagnostics = list(diagnostics)
        errors = [d for d in self.diagnostics if d.severity is Severity.ERROR]
        shown = errors or self.diagnostics
        lines = [str(d) for d in shown[:20]]
        if len(shown) > 20:
            lines.append(f"… and {len(shown) - 20} more")
        count = len(errors)
        head = f"{count} error{'s' if count != 1 else ''} in the record"
        super().__init__(head + ":\n" + "\n".join(lines))


class ExportError(ClsError):
    """An export failed; the target file was left untouched."""
