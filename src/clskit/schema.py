"""The JSON Schema of the data format, generated from the model.

Editors use it through ``# yaml-language-server: $schema=…``. It describes what the
converter accepts, as a YAML 1.2 editor sees it: dates and times are strings.
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from enum import Enum
from typing import Any

import attrs

from clskit import model
from clskit.labels import LABELS
from clskit.model import COLLECTIONS, Contract
from clskit.period import PERIOD_FORMS, Period

SCHEMA_DRAFT = "https://json-schema.org/draft/2020-12/schema"
_DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"
_TIME_PATTERN = r"^\d{1,2}\s*[:hH]\s*(\d{2})?$"
_PERIOD_PATTERN = (
    r"^(\d{4}|\d{4}\s*[/-]\s*\d{4}|\d{4}-?[QqHhSs][1-4]|\d{4}-\d{2}"
    r"|\d{4}-\d{2}-\d{2}\s*(/|\.\.)\s*\d{4}-\d{2}-\d{2})$"
)


class _Builder:
    def __init__(self) -> None:
        self.defs: dict[str, Any] = {}

    def type_schema(self, tp: Any) -> dict[str, Any]:
        origin = typing.get_origin(tp)
        args = typing.get_args(tp)
        if tp is model.Value:
            return {"type": ["boolean", "number", "string"]}
        if tp is model.Number:
            return {"type": "number"}
        if origin in (typing.Union, types.UnionType):
            options = [a for a in args if a is not type(None)]
            inner = (self.type_schema(options[0]) if len(options) == 1
                     else {"anyOf": [self.type_schema(a) for a in options]})
            if type(None) in args:
                return {"anyOf": [inner, {"type": "null"}]}
            return inner
        if origin is list:
            return {"type": "array", "items": self.type_schema(args[0])}
        if origin is dict:
            return {"type": "object", "additionalProperties": self.type_schema(args[1])}
        if tp is str:
            return {"type": "string"}
        if tp is bool:
            return {"type": "boolean"}
        if tp is int:
            return {"type": "integer"}
        if tp is float:
            return {"type": "number"}
        if tp is dt.date:
            return {"type": "string", "format": "date", "pattern": _DATE_PATTERN}
        if tp is dt.time:
            return {"type": "string", "pattern": _TIME_PATTERN}
        if tp is Period:
            return {"$ref": "#/$defs/Period"}
        if isinstance(tp, type) and issubclass(tp, Enum):
            return {"$ref": f"#/$defs/{self.enum(tp)}"}
        if isinstance(tp, type) and attrs.has(tp):
            return {"$ref": f"#/$defs/{self.cls(tp)}"}
        raise TypeError(f"no schema for {tp!r}")

    def enum(self, cls: type[Enum]) -> str:
        if cls.__name__ not in self.defs:
            labels = "; ".join(f"{m.value}: {LABELS[m]}" for m in cls if m in LABELS)
            self.defs[cls.__name__] = {
                "description": f"{(cls.__doc__ or '').strip()} ({labels})",
                "enum": [m.value for m in cls],
            }
        return cls.__name__

    def cls(self, cls: type) -> str:
        name = cls.__name__
        if name in self.defs:
            return name
        self.defs[name] = {}  # placeholder: classes may refer to each other
        hints = typing.get_type_hints(cls)
        properties: dict[str, Any] = {}
        required: list[str] = []
        for a in attrs.fields(cls):
            prop = dict(self.type_schema(hints[a.name]))
            doc = a.metadata.get("doc")
            if doc:
                prop["description"] = doc
            properties[a.name] = prop
            if a.default is attrs.NOTHING:
                required.append(a.name)
        self.defs[name] = {
            "type": "object",
            "description": (cls.__doc__ or "").strip().splitlines()[0],
            "properties": properties,
            "required": required,
            "additionalProperties": False,
        }
        return name

    def period(self) -> None:
        self.defs["Period"] = {
            "description": f"A period: {PERIOD_FORMS}, or a mapping with start and end.",
            "anyOf": [
                {"type": "string", "pattern": _PERIOD_PATTERN},
                {"type": "integer"},
                {
                    "type": "object",
                    "properties": {
                        "start": {"type": "string", "pattern": _DATE_PATTERN},
                        "end": {"type": "string", "pattern": _DATE_PATTERN},
                    },
                    "required": ["start", "end"],
                    "additionalProperties": False,
                },
            ],
        }


def _item_class(collection: str) -> type:
    hints = typing.get_type_hints(Contract)
    (item,) = typing.get_args(hints[collection])
    return typing.cast(type, item)


def _extension(builder: _Builder, item_class: type) -> dict[str, Any]:
    """An item ``{extends: ID, …}`` that appends to the lists of the item of that id."""
    lists = {name: prop for name, prop in builder.defs[item_class.__name__]["properties"].items()
             if prop.get("type") == "array"}
    return {
        "type": "object",
        "description": f"Adds to the lists of an existing {item_class.__name__} "
                       "(docs/format.md, «Adding to an item from another file»).",
        "properties": {"extends": {"type": "string",
                                   "description": "Id of the item to add to."}, **lists},
        "required": ["extends"],
        "additionalProperties": False,
    }


def json_schema(collection: str | None = None) -> dict[str, Any]:
    """The schema of a contract file, or of a file of one workspace list.

    A file of ``actions/`` (``collection="actions"``) holds one action or a list of them.
    """
    if collection is not None and collection not in COLLECTIONS:
        raise ValueError(f"unknown list {collection!r}; one of {', '.join(COLLECTIONS)}")
    builder = _Builder()
    builder.period()
    if collection is None:
        root: dict[str, Any] = {"$ref": f"#/$defs/{builder.cls(Contract)}"}
        title = "clskit contract"
    else:
        item_class = _item_class(collection)
        ref = {"$ref": f"#/$defs/{builder.cls(item_class)}"}
        one = {"anyOf": [ref, _extension(builder, item_class)]}
        root = {"anyOf": [*one["anyOf"], {"type": "array", "items": one}]}
        title = f"clskit {collection}"
    return {
        "$schema": SCHEMA_DRAFT,
        "$id": f"https://clskit.example/schema/{collection or 'clskit'}.schema.json",
        "title": title,
        **root,
        "$defs": dict(sorted(builder.defs.items())),
    }


def schema_files() -> dict[str, dict[str, Any]]:
    """Every schema file by name: the contract's and one per workspace list."""
    files = {"clskit.schema.json": json_schema()}
    for collection in COLLECTIONS:
        files[f"{collection}.schema.json"] = json_schema(collection)
    return files
