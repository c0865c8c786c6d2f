"""Safe YAML in and out, with the line of every value kept for error messages.

The resolvers follow YAML 1.2's core schema rather than PyYAML's YAML 1.1 defaults:
``10:00`` stays a string (not the sexagesimal 600) and ``yes``/``no``/``on``/``off``
stay strings, so what a coordinator writes is what the model receives.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

Path = tuple[str | int, ...]

_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_INT = re.compile(r"^[-+]?(?:0|[1-9][0-9_]*)$")
_FLOAT = re.compile(
    r"^[-+]?(?:(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?|\.[0-9_]+(?:[eE][-+]?[0-9]+)?"
    r"|[0-9][0-9_]*[eE][-+]?[0-9]+|\.inf|\.Inf|\.INF|\.nan|\.NaN|\.NAN)$"
)
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_DATE = re.compile(r"^\d{4}-\d\d?-\d\d?(?:(?:[Tt]|[ \t]+)\d\d?:\d\d:\d\d(?:\.\d*)?"
                   r"(?:[ \t]*(?:Z|[-+]\d\d?(?::\d\d)?))?)?$")

_STR = "tag:yaml.org,2002:str"
_ALLOWED_TAGS = {
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}


def _install_resolvers(cls: type[yaml.resolver.BaseResolver]) -> None:
    cls.yaml_implicit_resolvers = {}
    for tag, regexp, first in (
        ("tag:yaml.org,2002:bool", _BOOL, "tTfF"),
        ("tag:yaml.org,2002:int", _INT, "-+0123456789"),
        ("tag:yaml.org,2002:float", _FLOAT, "-+0123456789."),
        ("tag:yaml.org,2002:null", _NULL, ["~", "n", "N", ""]),
        ("tag:yaml.org,2002:timestamp", _DATE, "0123456789"),
    ):
        cls.add_implicit_resolver(tag, regexp, list(first))


# libyaml parses ten times faster than the pure-Python parser; both give nodes with
# marks, so the lines of errors are the same whichever is installed.
_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):  # type: ignore[valid-type,misc]
    """Safe loader with YAML 1.2 core resolvers."""


class _Dumper(yaml.SafeDumper):
    """SafeDumper keeping PyYAML's YAML 1.1 resolvers on purpose: it then quotes every
    string a YAML 1.1 reader would misread (``10:00``, ``yes``, ``on``), so the files we
    write mean the same to every tool."""


_install_resolvers(_Loader)
_READER = _Loader("")


class YamlError(Exception):
    """A YAML text that cannot be read; ``line`` is 1-based, ``None`` when unknown."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


def _is_tab_problem(text: str, mark: yaml.Mark | None, problem: str) -> bool:
    # PyYAML names the tab in its message; libyaml often only points at it.
    if "tab" in problem or "'\\t'" in problem:
        return True
    if mark is None:
        return False
    lines = text.splitlines()
    return mark.line < len(lines) and lines[mark.line][mark.column : mark.column + 1] == "\t"


def _tab_line(text: str) -> int | None:
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.lstrip(" ")
        if stripped.startswith("\t"):
            return number
    return None


def parse(text: str) -> tuple[Any, dict[Path, int]]:
    """Parse one YAML document; return the data and the 1-based line of each path.

    Only plain data comes out: mappings with string keys, lists, strings, numbers,
    booleans, null and dates. Any other tag (``!!python/object``…) is refused.
    """
    loader = _Loader(text)
    try:
        try:
            node = loader.get_single_node()
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            line = mark.line + 1 if mark else None
            problem = exc.problem or "invalid YAML"
            if _is_tab_problem(text, mark, problem):
                raise YamlError(
                    "uses a tab for indentation; YAML needs spaces", _tab_line(text) or line
                ) from None
            if exc.context and exc.context not in problem:
                problem = f"{problem} ({exc.context})"
            raise YamlError(f"is not valid YAML: {problem}", line) from None
        except yaml.YAMLError as exc:
            raise YamlError(f"is not valid YAML: {exc}") from None
        if node is None:
            return None, {}
        lines: dict[Path, int] = {}
        data = _build(loader, node, (), lines)
        return data, lines
    finally:
        loader.dispose()


def _build(loader: _Loader, node: yaml.Node, path: Path, lines: dict[Path, int]) -> Any:
    lines[path] = node.start_mark.line + 1
    if node.tag not in _ALLOWED_TAGS:
        raise YamlError(
            f"uses the tag {node.tag!r}, which is not allowed: clskit reads plain data only",
            node.start_mark.line + 1,
        )
    if isinstance(node, yaml.MappingNode):
        loader.flatten_mapping(node)
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise YamlError("has a key that is not a plain name", key_node.start_mark.line + 1)
            key = loader.construct_object(key_node)
            if not isinstance(key, str):
                key = str(key)
            if key in result:
                first = lines[(*path, key)]
                raise YamlError(
                    f"has the key {key!r} twice in the same mapping (first at line {first})",
                    key_node.start_mark.line + 1,
                )
            lines[(*path, key)] = key_node.start_mark.line + 1
            result[key] = _build(loader, value_node, (*path, key), lines)
            # The key's line points at the field name, which is what a reader looks for.
            lines[(*path, key)] = key_node.start_mark.line + 1
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_build(loader, item, (*path, i), lines) for i, item in enumerate(node.value)]
    if node.tag == _STR:
        return node.value  # most scalars are text: skip the generic constructor
    try:
        return loader.construct_object(node, deep=True)
    except ValueError:
        # A date-like text that is no day (2021-02-30): keep the text, so that the
        # field it stands in reports it with its place instead of the whole file failing.
        if node.tag == "tag:yaml.org,2002:timestamp":
            return node.value
        raise


def locate_json(text: str) -> dict[Path, int]:
    """Lines of a JSON text's paths, read through the YAML parser (JSON is YAML)."""
    try:
        return parse(text)[1]
    except YamlError:
        return {}


# --------------------------------------------------------------------------- dumping

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if "\n" in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    if _ISO_DATE.match(value):
        # Dates are unstructured to ISO strings; writing them plain keeps the file tidy
        # and they read back as dates, which the converter accepts for both types.
        return dumper.represent_scalar("tag:yaml.org,2002:timestamp", value, style="")
    node = dumper.represent_str(value)
    # PyYAML quoted what YAML 1.1 misreads; also quote what our YAML 1.2 reader would
    # take for something else than text (``0E0`` is a float there, not in 1.1).
    tag = _READER.resolve(yaml.ScalarNode, value, (True, False))
    if tag != "tag:yaml.org,2002:str":
        node.style = "'"
    return node


_Dumper.add_representer(str, _represent_str)


def dump(data: Any, header: str | None = None) -> str:
    """Write plain data as block-style YAML, keys in the order given."""
    text = yaml.dump(
        data,
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=100,
        indent=2,
    )
    return f"{header}\n{text}" if header else text

