"""Safe YAML in and out, with the line of every value kept for error messages.

The resolvers follow YAML 1.2's core schema rather than PyYAML's YAML 1.1 defaults:
``10:00`` stays a string (not the sexagesimal 600) and ``yes``/``no``/``on``/``off``
stay strings, so what a coordinator writes is what the model receives.
"""

from __future__ import annotations

import operator
import re
from typing import Any, ClassVar

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
_INT_TAG = "tag:yaml.org,2002:int"
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
    if issubclass(cls, _Loader):
        cls._by_first = {key: tuple(found) for key, found in
                         cls.yaml_implicit_resolvers.items()}


# libyaml parses ten times faster than the pure-Python parser; both give nodes with
# marks, so the lines of errors are the same whichever is installed.
_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


_SEQ_TAG = "tag:yaml.org,2002:seq"
_MAP_TAG = "tag:yaml.org,2002:map"


class _Loader(_BaseLoader):  # type: ignore[valid-type,misc]
    """Safe loader with YAML 1.2 core resolvers.

    The composer asks the resolver for the tag of every node, and tells it of every step
    down and up the tree for path resolvers, which clskit has none of: a scalar is
    looked up by its first character only, and the steps cost nothing (the C builtins
    below take the composer's arguments and do nothing). A tenth of parsing a record
    (``benchmarks/bench_region.py``)."""

    _by_first: ClassVar[dict[str, tuple[tuple[str, re.Pattern[str]], ...]]] = {}

    def resolve(self, kind: type[yaml.Node], value: str, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode:
            if implicit[0]:
                for tag, regexp in self._by_first.get(value[:1], ()):
                    if regexp.match(value):
                        return tag
            return _STR
        return _SEQ_TAG if kind is yaml.SequenceNode else _MAP_TAG

    descend_resolver = staticmethod(operator.is_)   # (parent, index): no path resolvers
    ascend_resolver = staticmethod(tuple)           # (): nothing to pop


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


#: Values built by expanding aliases (``*a``), past which a text is refused: a record
#: repeats a few values at most, while an «alias bomb» of 1 kB expands to billions.
ALIAS_BUDGET = 10_000
#: Depth of nested lists and mappings past which a text is refused (a record needs 10).
MAX_DEPTH = 100
#: Digits of a whole number past which it is refused (no field counts that high, and
#: Python refuses to convert more than 4,300 digits).
MAX_DIGITS = 30

# What YAML accepts in a text: tab, line breaks and the printable characters. Anything
# else (NUL, the vertical tab of Word…) makes libyaml refuse the whole text without a
# line; it is found first, to say where it is.
_UNPRINTABLE = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_CONTROL_NAMES = {"\x00": "NUL", "\x0b": "vertical tab", "\x0c": "form feed",
                  "\x1b": "escape", "\x7f": "delete", "\ufeff": "byte-order mark"}


def _unprintable(text: str) -> YamlError | None:
    found = _UNPRINTABLE.search(text)
    if found is None:
        return None
    char = found.group()
    line = text.count("\n", 0, found.start()) + 1
    column = found.start() - (text.rfind("\n", 0, found.start()) + 1) + 1
    name = _CONTROL_NAMES.get(char)
    shown = f"U+{ord(char):04X}" + (f" ({name})" if name else "")
    return YamlError(f"holds the control character {shown} at column {column}, which YAML "
                     "does not allow: remove it (text pasted from Word or PowerPoint often "
                     "carries one)", line)


def _syntax_error(text: str, exc: yaml.MarkedYAMLError) -> YamlError:
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else None
    problem = exc.problem or "invalid YAML"
    context = exc.context or ""
    if _is_tab_problem(text, mark, problem):
        return YamlError("uses a tab for indentation; YAML needs spaces", _tab_line(text) or line)
    if "quoted scalar" in context and exc.context_mark is not None:
        # libyaml points at the end of the file; the reader looks for the quote.
        opened = exc.context_mark.line + 1
        return YamlError(f"has a quote opened at line {opened} that is never closed", opened)
    for kind, opening in (("flow sequence", "["), ("flow mapping", "{")):
        if (kind in context and exc.context_mark is not None and mark is not None
                and mark.line > exc.context_mark.line):
            # libyaml points at a line after the bracket; the reader looks for it.
            opened = exc.context_mark.line + 1
            closing = "]" if opening == "[" else "}"
            return YamlError(f"has a «{opening}» opened at line {opened} that is not closed "
                             f"where expected: a «,» or a «{closing}» is missing", opened)
    if "nesting depth" in problem:
        return YamlError("nests lists or mappings deeper than YAML readers allow", line)
    if context and context not in problem:
        problem = f"{problem} ({context})"
    return YamlError(f"is not valid YAML: {problem}", line)


def parse(text: str) -> tuple[Any, dict[Path, int]]:
    """Parse one YAML document; return the data and the 1-based line of each path.

    Only plain data comes out: mappings with string keys, lists, strings, numbers,
    booleans, null and dates. Any other tag (``!!python/object``…) is refused, and so
    are control characters, aliases that refer to themselves or expand past
    :data:`ALIAS_BUDGET` values, nesting deeper than :data:`MAX_DEPTH`; every refusal
    is a :class:`YamlError` with a line, never another exception.
    """
    bad = _unprintable(text)
    if bad is not None:
        raise bad
    loader = _Loader(text)
    try:
        try:
            node = loader.get_single_node()
        except yaml.MarkedYAMLError as exc:
            raise _syntax_error(text, exc) from None
        except yaml.YAMLError as exc:
            position = getattr(exc, "position", None)
            line = text.count("\n", 0, position) + 1 if isinstance(position, int) else None
            raise YamlError(f"is not valid YAML: {exc}", line) from None
        if node is None:
            return None, {}
        builder = _Builder(loader)
        data = builder.build(node, ())
        return data, builder.lines
    finally:
        loader.dispose()


class Unreadable:
    """A scalar that YAML reads but no field can hold (a whole number of 5,000 digits).

    It stands in the data at its place, so that the field it is written in reports it
    with its path and line, and the rest of the file is still read.
    """

    def __init__(self, text: str, problem: str) -> None:
        self.text = text
        self.problem = problem

    def __repr__(self) -> str:
        return f"Unreadable({self.problem!r})"


class _Builder:
    """Turns a node graph into plain data. Nodes reached again through an alias are
    built again (the data is a tree), counted against :data:`ALIAS_BUDGET`; a node
    reached from inside itself is a recursive alias."""

    def __init__(self, loader: _Loader) -> None:
        self.loader = loader
        self.lines: dict[Path, int] = {}
        self.seen: set[int] = set()
        self.open: set[int] = set()
        self.budget = ALIAS_BUDGET

    def build(self, node: yaml.Node, path: Path, aliased: bool = False,
              depth: int = 0) -> Any:
        line = node.start_mark.line + 1
        self.lines[path] = line
        key = id(node)
        if key in self.open:
            raise YamlError("has an alias that refers to the value holding it (a recursive "
                            "alias): such a value never ends", line)
        aliased = aliased or key in self.seen
        self.seen.add(key)
        if aliased:
            self.budget -= 1
            if self.budget < 0:
                raise YamlError(f"expands aliases (*name) to more than {ALIAS_BUDGET:,} "
                                "values (an «alias bomb»?): write the values out instead",
                                line)
        if depth > MAX_DEPTH:
            raise YamlError(f"nests lists or mappings more than {MAX_DEPTH} deep", line)
        if node.tag not in _ALLOWED_TAGS:
            raise YamlError(
                f"uses the tag {node.tag!r}, which is not allowed: clskit reads plain data only",
                line)
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node)
        self.open.add(key)
        try:
            if isinstance(node, yaml.MappingNode):
                return self._mapping(node, path, aliased, depth)
            return [self.build(item, (*path, i), aliased, depth + 1)
                    for i, item in enumerate(node.value)]
        finally:
            self.open.discard(key)

    def _mapping(self, node: yaml.MappingNode, path: Path, aliased: bool,
                 depth: int) -> dict[str, Any]:
        # No merge keys (``<<: *a``): YAML 1.2 has none, and ``<<`` is an unknown field.
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1
            if not isinstance(key_node, yaml.ScalarNode):
                raise YamlError("has a key that is not a plain name", key_line)
            if key_node.tag not in _ALLOWED_TAGS:
                raise YamlError(f"uses the tag {key_node.tag!r}, which is not allowed: "
                                "clskit reads plain data only", key_line)
            # Keys are names: their text as written (``2021``, ``true``), never built.
            key = key_node.value
            if key in result:
                first = self.lines[(*path, key)]
                raise YamlError(
                    f"has the key {key!r} twice in the same mapping (first at line {first})",
                    key_line)
            result[key] = self.build(value_node, (*path, key), aliased, depth + 1)
            # The key's line points at the field name, which is what a reader looks for.
            self.lines[(*path, key)] = key_line
        return result

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        if node.tag == _STR:
            return node.value  # most scalars are text: skip the generic constructor
        if node.tag == _INT_TAG and len(node.value.lstrip("+-").replace("_", "")) > MAX_DIGITS:
            return Unreadable(node.value, f"a whole number of {len(node.value)} digits, "
                              "more than any field holds")
        try:
            return self.loader.construct_object(node, deep=True)
        except (ValueError, OverflowError, yaml.YAMLError):
            # A date-like text that is no day (2021-02-30, 10:61): keep the text, so that
            # the field it stands in reports it with its place instead of the whole file
            # failing.
            return node.value


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

