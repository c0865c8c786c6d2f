"""Write a contract as one canonical YAML or JSON file that loads again."""

from __future__ import annotations

import json
import math
import os
import re
from pathlib import Path
from typing import Any, Literal

from clskit._atomic import check_target, write_atomic
from clskit.errors import ExportError
from clskit.model import Contract

Format = Literal["yaml", "json"]


def to_data(contract: Contract) -> dict[str, Any]:
    """The contract as plain data (defaults left out), through the converter."""
    from clskit.convert import converter  # cattrs loads when data is first written

    data: dict[str, Any] = converter.unstructure(contract)
    return data


_SURROGATE = re.compile(r"[\ud800-\udfff]")


def _unwritable(data: Any, path: str = "") -> str | None:
    """Where plain data holds what no valid JSON or UTF-8 text can (NaN, infinity, half
    of a UTF-16 pair), and what: a contract built in Python is not checked on the way in."""
    if isinstance(data, float) and not math.isfinite(data):
        return f"{path or 'the contract'} is {data}, which JSON cannot write"
    if isinstance(data, str) and _SURROGATE.search(data):
        return f"{path or 'the contract'} holds a lone surrogate, which UTF-8 cannot write"
    if isinstance(data, dict):
        for key, value in data.items():
            found = _unwritable(key, f"{path} key") or _unwritable(
                value, f"{path}.{key}" if path else str(key))
            if found:
                return found
    if isinstance(data, list):
        for i, value in enumerate(data):
            found = _unwritable(value, f"{path}[{i}]")
            if found:
                return found
    return None


def dumps(contract: Contract, format: Format = "yaml") -> str:
    """The contract as canonical YAML or JSON text.

    Raises :class:`~clskit.errors.ExportError` when a value cannot be written so that it
    reads back (NaN, infinity, a lone surrogate: a contract built in Python skips the
    loader's checks); never writes invalid JSON.
    """
    if format not in ("yaml", "json"):
        raise ValueError(f"unknown format {format!r}: use 'yaml' or 'json'")
    data = to_data(contract)
    problem = _unwritable(data)
    if problem:
        raise ExportError(f"cannot write the contract: {problem}")
    if format == "json":
        return json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False) + "\n"
    if format == "yaml":
        from clskit import _yaml

        return _yaml.dump(data)
    raise ValueError(f"unknown format {format!r}: use 'yaml' or 'json'")


def format_for(path: str | os.PathLike[str]) -> Format:
    """The format a file name asks for, by its extension."""
    suffix = Path(path).suffix.lower()
    if suffix in (".yaml", ".yml"):
        return "yaml"
    if suffix == ".json":
        return "json"
    raise ExportError(f"{path}: cannot tell the format from {suffix or 'no extension'!r}; "
                      "name the file .yaml, .yml or .json")


def dump(contract: Contract, path: str | os.PathLike[str], *, force: bool = False) -> Path:
    """Write the contract to ``path`` (YAML or JSON by extension), atomically.

    ``path`` may not be a file the contract was loaded from, nor lie in its workspace;
    a read-only file there is replaced only with ``force``
    (:func:`~clskit._atomic.check_target`).
    """
    from clskit.loader import inputs_of

    text = dumps(contract, format_for(path))
    check_target(path, inputs_of(contract), force=force)
    try:
        return write_atomic(path, text)
    except OSError as exc:
        raise ExportError(f"{path}: cannot be written: {exc.strerror or exc}") from None
