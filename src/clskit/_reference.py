"""Generate the reference parts of the docs from the model and the rule registry.

``python -m clskit._reference`` rewrites the marked sections of ``docs/format.md`` and
``docs/checks.md``; a test fails when they are stale.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
import types
import typing
from enum import Enum
from pathlib import Path
from typing import Any

import attrs

from clskit import model
from clskit.checks import rules
from clskit.labels import LABELS
from clskit.period import Period

START = "<!-- generated:{name}:start -->"
END = "<!-- generated:{name}:end -->"


def _anchor(name: str) -> str:
    return name.lower()


def _type_text(tp: Any) -> str:
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if tp is model.Value:
        return "number, true/false or text"
    if tp is model.Number:
        return "number"
    if origin in (typing.Union, types.UnionType):
        return " or ".join(_type_text(a) for a in args if a is not type(None))
    if origin is list:
        return f"list of {_type_text(args[0])}"
    if origin is dict:
        return "mapping of text"
    names = {str: "text", int: "whole number", float: "number", bool: "true/false",
             dt.date: "date (YYYY-MM-DD)", dt.time: "time (HH:MM)", Period: "period"}
    if tp in names:
        return names[tp]
    if isinstance(tp, type) and (issubclass(tp, Enum) or attrs.has(tp)):
        return f"[{tp.__name__}](#{_anchor(tp.__name__)})"
    return str(tp)


def _classes() -> list[type]:
    seen: list[type] = []

    def visit(cls: type) -> None:
        if cls in seen:
            return
        seen.append(cls)
        hints = typing.get_type_hints(cls)
        for a in attrs.fields(cls):
            for inner in _leaves(hints[a.name]):
                if attrs.has(inner) and inner is not Period:
                    visit(inner)

    visit(model.Contract)
    return seen


def _leaves(tp: Any) -> list[Any]:
    args = typing.get_args(tp)
    if not args:
        return [tp]
    return [leaf for a in args for leaf in _leaves(a)]


def _enums() -> list[type[Enum]]:
    found: list[type[Enum]] = []
    for cls in _classes():
        hints = typing.get_type_hints(cls)
        for a in attrs.fields(cls):
            for leaf in _leaves(hints[a.name]):
                if isinstance(leaf, type) and issubclass(leaf, Enum) and leaf not in found:
                    found.append(leaf)
    return found


def format_reference() -> str:
    """The Markdown reference of every class, field and enum of the format."""
    out: list[str] = []
    for cls in _classes():
        doc = (cls.__doc__ or "").strip().splitlines()[0]
        out += [f"### {cls.__name__}", "", doc, "",
                "| field | type | required | meaning |", "| --- | --- | --- | --- |"]
        hints = typing.get_type_hints(cls)
        for a in attrs.fields(cls):
            required = "yes" if a.default is attrs.NOTHING else ""
            meaning = a.metadata.get("doc", "").replace("|", "\\|")
            out.append(f"| `{a.name}` | {_type_text(hints[a.name])} | {required} | {meaning} |")
        out.append("")
    out += ["### Enumerations", "",
            "Write the value (English); documents show the French label.", ""]
    for enum in _enums():
        out += [f"#### {enum.__name__}", "", (enum.__doc__ or "").strip(), "",
                "| value | French label |", "| --- | --- |"]
        out += [f"| `{m.value}` | {LABELS.get(m, '')} |" for m in enum]
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def checks_reference() -> str:
    """The Markdown table of the built-in rules."""
    out = ["| rule | severity | what it finds |", "| --- | --- | --- |"]
    out += [f"| `{r.id}` | {r.severity.value} | {r.summary} |" for r in rules()]
    return "\n".join(out) + "\n"


def replace_section(text: str, name: str, content: str) -> str:
    start, end = START.format(name=name), END.format(name=name)
    pattern = re.compile(re.escape(start) + r".*?" + re.escape(end), re.S)
    if not pattern.search(text):
        raise ValueError(f"no section {name!r} marked in the document")
    return pattern.sub(lambda _: f"{start}\n{content}{end}", text)


SECTIONS = {
    "docs/format.md": ("reference", format_reference),
    "docs/checks.md": ("rules", checks_reference),
}


def main(root: str = ".") -> int:
    for file, (name, make) in SECTIONS.items():
        path = Path(root) / file
        path.write_text(replace_section(path.read_text(encoding="utf-8"), name, make()),
                        encoding="utf-8")
        print(f"updated {file}")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
