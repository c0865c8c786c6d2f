"""Write a contract as one canonical YAML or JSON file that loads again."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Literal

from clskit._atomic import write_atomic
from clskit.errors import ExportError
from clskit.model import Contract

Format = Literal["yaml", "json"]


def to_data(contract: Contract) -> dict[str, Any]:
    """The contract as plain data (defaults left out), through the converter."""
    from clskit.convert import converter  # cattrs loads when data is first written

    data: dict[str, Any] = converter.unstructure(contract)
    return data


def dumps(contract: Contract, format: Format = "yaml") -> str:
    """The contract as canonical YAML or JSON text."""
    data = to_data(contract)
    if format == "json":
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
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


def dump(contract: Contract, path: str | os.PathLike[str]) -> Path:
    """Write the contract to ``path`` (YAML or JSON by extension), atomically."""
    text = dumps(contract, format_for(path))
    try:
        return write_atomic(path, text)
    except OSError as exc:
        raise ExportError(f"{path}: cannot be written: {exc.strerror or exc}") from None
