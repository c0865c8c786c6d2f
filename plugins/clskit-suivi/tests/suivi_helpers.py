"""What the follow-up workbook's tests share: a workspace to add to, the plugin alone, and
a coordinator's hand on the workbook (openpyxl, writing under the column titles)."""

from __future__ import annotations

import shutil
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import clskit_suivi.plugin
import openpyxl

import clskit
from clskit.plugins import Plugins, export, load_plugins

ROOT = Path(__file__).resolve().parents[3]
CAMVS = ROOT / "examples" / "melun-val-de-seine"
MAUGES = ROOT / "examples" / "mauges"


def suivi_plugins() -> Plugins:
    """The built-in plugins and this one, whatever else is installed."""
    plugins = load_plugins(installed=False)
    plugins.register(clskit_suivi.plugin, "suivi")
    return plugins


def workspace(tmp_path: Path, example: Path = CAMVS) -> Path:
    target = tmp_path / example.name
    shutil.copytree(example, target, ignore=shutil.ignore_patterns("README.md"))
    return target


def exported(folder: Path, period: str, target: Path, plugins: Plugins) -> Path:
    return export("suivi", clskit.load(folder), target, period=period, using=plugins)


def next_row(sheet: Any) -> int:
    """The first row under the header with nothing in it: where a user starts typing."""
    row = 2
    while any(sheet.cell(row=row, column=c).value is not None
              for c in range(1, sheet.max_column + 1)):
        row += 1
    return row


def titles(sheet: Any) -> dict[str, int]:
    return {str(c.value): c.column for c in sheet[1] if c.value is not None}


def fill(path: Path, rows: Mapping[str, Sequence[Mapping[str, Any]]],
         saved_as: Path | None = None) -> Path:
    """Type ``rows`` (sheet → rows of column title → value) below what each sheet holds,
    and save, as a coordinator would in Excel."""
    book = openpyxl.load_workbook(path)
    for sheet_name, entries in rows.items():
        sheet = book[sheet_name]
        columns = titles(sheet)
        for entry in entries:
            row = next_row(sheet)
            for title, value in entry.items():
                sheet.cell(row=row, column=columns[title], value=value)
    target = saved_as or path
    book.save(target)
    return target


def tree(folder: Path) -> dict[str, bytes]:
    """Every file of a folder and its bytes: to show that nothing was written."""
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}
