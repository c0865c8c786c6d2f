"""Shared helpers of the review's tests: the examples, exports through clskit's API."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import clskit_review.plugin

import clskit
from clskit.plugins import export, load_plugins

ROOT = Path(__file__).resolve().parents[3]
EXAMPLES = ROOT / "examples"
CAMVS = EXAMPLES / "melun-val-de-seine"
CAPVM = EXAMPLES / "paris-vallee-de-la-marne"
MAUGES = EXAMPLES / "mauges"
TERRITORY_TEMPLATE = Path(__file__).resolve().parents[1] / "examples" / "territoire.docx"

_LOADED: dict[Path, clskit.Contract] = {}


def contract(path: Path) -> clskit.Contract:
    if path not in _LOADED:
        _LOADED[path] = clskit.load(path)
    return _LOADED[path]


def plugins() -> Any:
    manager = load_plugins(installed=False)
    manager.register(clskit_review.plugin, "review")
    return manager


def review(path: Path, target: Path, **kwargs: Any) -> Path:
    """Export the review of the example at ``path`` to ``target``."""
    return export("review", contract(path), target, using=plugins(), **kwargs)


def docx_text(path: Path) -> str:
    """Every paragraph of a .docx (body, tables, headers), one a line."""
    import docx

    doc = docx.Document(str(path))
    lines = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            lines += [c.text for c in row.cells]
    return "\n".join(lines)
