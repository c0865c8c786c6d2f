"""The entry points of one group, read without importing ``importlib.metadata``.

``importlib.metadata`` pulls in ``email``, ``zipfile``, ``csv`` and more: a tenth of a
short command's time (``benchmarks/bench_review.py``), to read a few small text files.
This reads them directly, with the same rules for what counts: every ``*.dist-info`` (or
``*.egg-info``) folder on ``sys.path``, in path order, the first distribution of a name
winning, its ``entry_points.txt`` parsed as an INI file. Zipped eggs are not looked into
(clskit's plugins are installed as wheels).
"""

from __future__ import annotations

import importlib
import os
import re
import sys
from collections.abc import Iterator
from typing import Any

from attrs import define


@define(frozen=True)
class Distribution:
    """The distribution an entry point comes from: its name and version, as its metadata
    spells them (``clskit-copil``, ``0.1.0``)."""

    name: str
    version: str


@define(frozen=True)
class EntryPoint:
    """``name = value`` in a group of a distribution's ``entry_points.txt``."""

    name: str
    value: str
    group: str
    dist: Distribution | None = None

    def load(self) -> Any:
        """The object ``value`` names (``package.module`` or ``package.module:attr``)."""
        module_name, _, attribute = self.value.partition(":")
        found: Any = importlib.import_module(module_name.strip())
        for part in attribute.strip().split(".") if attribute.strip() else ():
            found = getattr(found, part)
        return found


_SECTION = re.compile(r"^\s*\[(?P<name>[^\]]+)\]\s*$")
_FOLDER = re.compile(r"^(?P<name>[^-]+)(?:-[^-]*)?\.(?:dist|egg)-info$", re.I)


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _metadata(folder: str) -> Distribution:
    name = version = ""
    for candidate in ("METADATA", "PKG-INFO"):
        try:
            with open(os.path.join(folder, candidate), encoding="utf-8") as handle:
                for line in handle:
                    if not line.strip():
                        break  # the headers end at the first blank line
                    key, _, value = line.partition(":")
                    if key == "Name":
                        name = value.strip()
                    elif key == "Version":
                        version = value.strip()
            break
        except OSError:
            continue
    if not name:
        found = _FOLDER.match(os.path.basename(folder))
        name = found["name"] if found else os.path.basename(folder)
    return Distribution(name, version)


def _parse(text: str, group: str) -> Iterator[tuple[str, str]]:
    inside = False
    for line in text.splitlines():
        header = _SECTION.match(line)
        if header:
            inside = header["name"].strip() == group
            continue
        if not inside or not line.strip() or line.lstrip().startswith(("#", ";")):
            continue
        name, sep, value = line.partition("=")
        if sep:
            yield name.strip(), value.strip()


def entry_points(group: str) -> list[EntryPoint]:
    """Every entry point of ``group`` among the installed distributions."""
    found: list[EntryPoint] = []
    seen: set[str] = set()
    for entry in sys.path:
        folder = entry or "."
        try:
            names = sorted(os.listdir(folder))
        except OSError:
            continue  # a zip file, or a folder that does not exist
        for name in names:
            match = _FOLDER.match(name)
            if match is None:
                continue
            key = _normal(match["name"])
            if key in seen:
                continue
            seen.add(key)
            info = os.path.join(folder, name)
            try:
                with open(os.path.join(info, "entry_points.txt"), encoding="utf-8") as handle:
                    text = handle.read()
            except OSError:
                continue
            if f"[{group}]" not in text:
                continue
            dist = _metadata(info)
            found += [EntryPoint(n, v, group, dist) for n, v in _parse(text, group)]
    return found


__all__ = ["Distribution", "EntryPoint", "entry_points"]
