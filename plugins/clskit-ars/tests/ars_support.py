"""What the ARS tests share: the plugin registered on its own, the examples, a workbook."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import clskit_ars.plugin
from openpyxl import load_workbook

import clskit
from clskit.plugins import Plugins, export, load_plugins

ROOT = Path(__file__).resolve().parents[3]
CAPVM = ROOT / "examples" / "paris-vallee-de-la-marne"
CAMVS = ROOT / "examples" / "melun-val-de-seine"
MAUGES = ROOT / "examples" / "mauges"


def ars_plugins() -> Plugins:
    plugins = load_plugins(installed=False)
    plugins.register(clskit_ars.plugin, "ars-test")
    return plugins


def write(contract: clskit.Contract, target: Path, **kwargs: Any) -> Path:
    return export("ars", contract, target, using=ars_plugins(), **kwargs)


def sheet_rows(path: Path, title: str) -> list[tuple[Any, ...]]:
    book = load_workbook(path)
    return [tuple(r) for r in book[title].iter_rows(values_only=True)]


def row_of(path: Path, title: str, label: str) -> int:
    """The row number of ``label`` in column A of the sheet ``title``."""
    for n, row in enumerate(sheet_rows(path, title), start=1):
        if row and row[0] == label:
            return n
    raise AssertionError(f"{label!r} not in column A of {title!r}")
