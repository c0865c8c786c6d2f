"""Read a contract from a YAML/JSON file or a workspace folder, with every error placed.

A workspace is a folder holding ``contract.yaml`` (or ``.yml``/``.json``) and, for each
list of the contract (``actions``, ``journal``, ``meetings``…), optionally a file
``actions.yaml`` and a folder ``actions/`` whose files hold one item or a list of items.
Items are appended in that order: the contract file's, the list file's, then the
folder's files sorted by name.

Every problem becomes a :class:`~clskit.diagnostics.Diagnostic` naming the file, the
line and the field path inside that file. Every problem is listed at once: structuring
is done item by item so that one broken fiche does not hide the errors of the others; a
value that cannot be read is left out (or, when required, stood in for by a placeholder)
so that the semantic checks still run on the rest, even when the contract file itself
is broken. What could not be read is passed to the checks, which then report neither
findings about it nor references to the ids of unreadable files and items: the reading
error is the one cause, and it says how many references wait on it.
"""

from __future__ import annotations

import functools
import json
import os
import re
import types
import typing
from collections.abc import Iterable, Mapping
from enum import Enum
from pathlib import Path as FsPath
from typing import Any

import attrs
from attrs import define, field

from clskit import _yaml, model
from clskit._structure_errors import WRONG_VALUE, problems
from clskit.checks._index import ANY, Unread
from clskit.convert import converter
from clskit.diagnostics import Diagnostic, Location, Path, Severity
from clskit.errors import LoadError
from clskit.model import COLLECTIONS, Contract
from clskit.period import Period

CONTRACT_FILES = ("contract.yaml", "contract.yml", "contract.json")
EXTENSIONS = (".yaml", ".yml", ".json")
#: Entries of a workspace that are not data and are passed over silently.
_IGNORED = ("readme", "schema", "license", "licence", "notes")

UNREADABLE = "CLS001"
SYNTAX = "CLS002"
IGNORED_FILE = "CLS006"


@define
class _Origin:
    file: str
    prefix: Path
    lines: dict[Path, int]


class SourceMap:
    """Where each part of a loaded contract came from: file, line, path in the file."""

    def __init__(self) -> None:
        self._origins: dict[Path, _Origin] = {}
        self._kept: dict[str, list[int]] = {}

    def add(self, contract_path: Path, file: str, file_prefix: Path,
            lines: dict[Path, int]) -> None:
        self._origins[contract_path] = _Origin(file, file_prefix, lines)

    def _original(self, path: Path) -> Path:
        # Items that failed to structure are left out of the contract the checks see;
        # map their indices back to the position they hold in the files.
        if len(path) >= 2 and isinstance(path[0], str) and isinstance(path[1], int):
            kept = self._kept.get(path[0])
            if kept is not None and path[1] < len(kept):
                return (path[0], kept[path[1]], *path[2:])
        return path

    def locate(self, path: Path, *, original: bool = False) -> Location:
        """The place of a contract path (``("actions", 3, "pilot")``)."""
        if not original:
            path = self._original(path)
        for n in range(len(path), -1, -1):
            origin = self._origins.get(path[:n])
            if origin is None:
                continue
            in_file = (*origin.prefix, *path[n:])
            for k in range(len(in_file), -1, -1):
                line = origin.lines.get(in_file[:k])
                if line is not None:
                    return Location(origin.file, line, in_file)
            return Location(origin.file, None, in_file)
        return Location(None, None, path)


@define
class Report:
    """The outcome of reading and checking a record.

    ``contract`` is ``None`` when the contract itself could not be built whole (its
    file unreadable, a required field of its own missing or wrong); the checks ran all
    the same, on what could be read. When only some items or values failed it holds the
    rest: those values left out, required ones stood in for by placeholders.
    """

    contract: Contract | None
    diagnostics: list[Diagnostic] = field(factory=list)
    sources: SourceMap = field(factory=SourceMap)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.ERROR]

    @property
    def ok(self) -> bool:
        return not self.errors


class _FileProblem(Exception):
    def __init__(self, rule: str, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.rule, self.message, self.line = rule, message, line


def _read_text(path: FsPath) -> str:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise _FileProblem(UNREADABLE, f"cannot be read: {exc.strerror or exc}") from None
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _FileProblem(UNREADABLE, "is encoded in UTF-16; save it as UTF-8", 1)
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]  # a UTF-8 byte-order mark is harmless: Windows editors add it
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        byte = raw[exc.start : exc.start + 1].hex()
        raise _FileProblem(
            UNREADABLE,
            f"is not valid UTF-8 (byte 0x{byte}); save the file as UTF-8",
            line,
        ) from None


def _parse_file(path: FsPath) -> tuple[Any, dict[Path, int]]:
    text = _read_text(path)
    if path.suffix == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise _FileProblem(SYNTAX, f"is not valid JSON: {exc.msg}", exc.lineno) from None
        return data, _yaml.locate_json(text)
    try:
        data, lines = _yaml.parse(text)
    except _yaml.YamlError as exc:
        raise _FileProblem(SYNTAX, exc.message, exc.line) from None
    return data, lines


# ``id: copil``, ``- id: copil``, ``{id: copil, …}`` or ``"id": "copil"``.
_ID = re.compile(r"""(?:^[ \t]*(?:-[ \t]+)?|[{,][ \t]*)["']?id["']?[ \t]*:[ \t]*["']?"""
                 r"""([^"'\s#,{}\[\]]+)""", re.MULTILINE)


def _declared_ids(path: FsPath) -> list[str]:
    """The ids a file that could not be read appears to declare, read off its text."""
    try:
        raw = path.read_bytes()
    except OSError:
        return []
    encoding = "utf-16" if raw.startswith((b"\xff\xfe", b"\xfe\xff")) else "utf-8"
    text = raw.decode(encoding, errors="replace")
    return list(dict.fromkeys(_ID.findall(text)))


def _display(path: FsPath, root: FsPath | None) -> str:
    if root is not None:
        try:
            return path.relative_to(root).as_posix()
        except ValueError:
            pass
    return str(path)


class _Reader:
    def __init__(self) -> None:
        self.diagnostics: list[Diagnostic] = []
        self.sources = SourceMap()
        #: What could not be read, in the contract's paths, for the checks.
        self.unread = Unread()
        #: True when the contract file of a workspace could not be read at all.
        self.head_unread = False

    def problem(self, rule: str, message: str, file: str | None, line: int | None = None,
                path: Path = (), severity: Severity = Severity.ERROR) -> None:
        self.diagnostics.append(Diagnostic(rule, severity, message, Location(file, line, path)))

    def declare(self, collection: str, ids: Iterable[str], cause: int) -> None:
        """Note ids that an unreadable file or item declares, and the error at fault."""
        known = self.unread.ids.setdefault(collection, {})
        for id_ in ids:
            known.setdefault(id_, cause)

    def read(self, path: FsPath, root: FsPath | None,
             collection: str = ANY) -> tuple[Any, dict[Path, int]] | None:
        shown = _display(path, root)
        try:
            data, lines = _parse_file(path)
        except _FileProblem as exc:
            self.problem(exc.rule, f"this file {exc.message}", shown, exc.line)
            self.declare(collection, _declared_ids(path), len(self.diagnostics) - 1)
            return None
        if data is None:
            self.problem(UNREADABLE, "this file is empty", shown, 1)
            return None
        return data, lines

    def load(self, target: FsPath) -> dict[str, Any] | None:
        if target.is_dir():
            return self._load_workspace(target)
        if not target.exists():
            self.problem(UNREADABLE, "no such file or folder", str(target))
            return None
        if target.suffix not in EXTENSIONS:
            self.problem(UNREADABLE, "expected a .yaml, .yml or .json file, or a workspace "
                         "folder", str(target))
            return None
        return self._load_root(target, None)

    def _load_root(self, path: FsPath, root: FsPath | None) -> dict[str, Any] | None:
        read = self.read(path, root)
        if read is None:
            return None
        data, lines = read
        shown = _display(path, root)
        if not isinstance(data, dict):
            self.problem(WRONG_VALUE, "a contract file must be a mapping of fields "
                         "(id, name, period…)", shown, 1)
            self.declare(ANY, _declared_ids(path), len(self.diagnostics) - 1)
            return None
        self.sources.add((), shown, (), lines)
        return data

    def _load_workspace(self, root: FsPath) -> dict[str, Any] | None:
        found = [root / name for name in CONTRACT_FILES if (root / name).is_file()]
        if not found:
            self.problem(UNREADABLE, "this folder has no contract.yaml (nor contract.yml, "
                         "contract.json): it is not a clskit workspace", str(root))
            return None
        if len(found) > 1:
            names = ", ".join(p.name for p in found)
            self.problem(UNREADABLE, f"more than one contract file ({names}); keep one",
                         str(root))
            return None
        data = self._load_root(found[0], root)
        if data is None:
            # The other files are still read and checked, so that every problem of the
            # workspace is listed at once; the contract's own fields are unknown.
            self.head_unread = True
            data = {}
        for collection in COLLECTIONS:
            self._merge_collection(root, data, collection)
        self._warn_ignored(root, found[0])
        return data

    def _merge_collection(self, root: FsPath, data: dict[str, Any], collection: str) -> None:
        files = [root / f"{collection}{ext}" for ext in EXTENSIONS]
        files = [f for f in files if f.is_file()]
        folder = root / collection
        if folder.is_dir():
            files += sorted(
                (f for f in folder.iterdir() if f.is_file() and f.suffix in EXTENSIONS),
                key=lambda f: f.name,
            )
        if not files:
            return
        items = data.get(collection)
        if items is None:
            items = data[collection] = []
        elif not isinstance(items, list):
            return  # the contract file's own error is reported when structuring
        for file in files:
            read = self.read(file, root, collection)
            if read is None:
                continue
            content, lines = read
            shown = _display(file, root)
            if isinstance(content, dict):
                self.sources.add((collection, len(items)), shown, (), lines)
                items.append(content)
            elif isinstance(content, list):
                for i, item in enumerate(content):
                    self.sources.add((collection, len(items)), shown, (i,), lines)
                    items.append(item)
            else:
                self.problem(WRONG_VALUE, f"a file of {collection}/ holds one item (a mapping) "
                             "or a list of items", shown, 1)

    def _warn_ignored(self, root: FsPath, contract_file: FsPath) -> None:
        expected = {contract_file.name}
        for collection in COLLECTIONS:
            expected.add(collection)
            expected.update(f"{collection}{ext}" for ext in EXTENSIONS)
        for entry in sorted(root.iterdir(), key=lambda p: p.name):
            name = entry.name
            if name in expected or name.startswith((".", "_")):
                continue
            if name.lower().startswith(_IGNORED) or entry.suffix.lower() in (".md", ".txt"):
                continue
            if entry.is_dir() or entry.suffix in EXTENSIONS:
                self.problem(IGNORED_FILE, "not part of the format: this entry is ignored "
                             f"(lists are {', '.join(COLLECTIONS)})", name,
                             severity=Severity.INFO)


_ITEM_TYPES: dict[str, Any] = {}


def _item_type(collection: str) -> Any:
    if not _ITEM_TYPES:
        hints = typing.get_type_hints(Contract)
        for name in COLLECTIONS:
            (_ITEM_TYPES[name],) = typing.get_args(hints[name])
    return _ITEM_TYPES[collection]


_DROP: Any = object()  # what a repair returns for a value it cannot keep


@functools.cache
def _fields(cls: type) -> dict[str, tuple[Any, bool]]:
    """The fields of a model class: their type, and whether they are required."""
    hints = typing.get_type_hints(cls)
    return {a.name: (hints[a.name], a.default is attrs.NOTHING)
            for a in attrs.fields(cls) if a.init}


def _model_class(tp: Any) -> type | None:
    """The model class ``tp`` is (or is optionally), ``None`` when it is no model class."""
    if isinstance(tp, type) and attrs.has(tp) and tp is not Period:
        return tp
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        inner = [a for a in typing.get_args(tp) if a is not type(None)]
        if len(inner) == 1:
            return _model_class(inner[0])
    return None


def _placeholder(tp: Any) -> Any:
    """Data that structures as ``tp`` and says nothing: what stands in for a required
    value that is missing or wrong, so that the rest of its item is still checked.
    ``_DROP`` when no value would be harmless (a date would move the record's span)."""
    if tp is str or tp is model.Value:
        return ""
    if tp is bool:
        return False
    if tp in (int, float) or tp is model.Number:
        return 0
    if isinstance(tp, type) and issubclass(tp, Enum):
        members = list(tp)
        return next((m.value for m in members if m.name == "OTHER"), members[0].value)
    origin = typing.get_origin(tp)
    if origin is list:
        return []
    if origin is dict:
        return {}
    if origin in (typing.Union, types.UnionType):
        if type(None) in typing.get_args(tp):
            return None
        for inner in typing.get_args(tp):
            value = _placeholder(inner)
            if value is not _DROP:
                return value
        return _DROP
    cls = _model_class(tp)
    if cls is None:  # a date, a time, a period
        return _DROP
    out: dict[str, Any] = {}
    for name, (field_type, required) in _fields(cls).items():
        if required:
            out[name] = _placeholder(field_type)
            if out[name] is _DROP:
                return _DROP
    return out


def _group(faults: Iterable[Path]) -> dict[str | int, list[Path]]:
    out: dict[str | int, list[Path]] = {}
    for fault in faults:
        out.setdefault(fault[0], []).append(fault[1:])
    return out


class _Repair:
    """Data without the values at fault: optional ones left out, required ones replaced
    by a placeholder, the rest kept as written (lists keep their order, so that paths of
    later findings still point at the right item)."""

    def __init__(self) -> None:
        #: Paths, relative to the repaired data, of the values left out or replaced.
        self.unread: set[Path] = set()
        #: True when a required field of the top level was missing or wrong.
        self.incomplete = False

    def apply(self, data: Any, tp: Any, faults: list[Path], at: Path = ()) -> Any:
        if () in faults:
            return _DROP
        cls = _model_class(tp)
        if cls is not None and isinstance(data, dict):
            return self._mapping(data, cls, faults, at)
        if typing.get_origin(tp) is list and isinstance(data, list):
            return self._list(data, typing.get_args(tp)[0], faults, at)
        return _DROP

    def _mapping(self, data: dict[str, Any], cls: type, faults: list[Path], at: Path) -> Any:
        fields = _fields(cls)
        out = dict(data)
        for key, subs in _group(faults).items():
            if key not in fields:  # an unknown field: nothing reads it
                out.pop(str(key), None)
                continue
            key = str(key)
            value = _DROP
            if key in out:
                value = self.apply(out[key], fields[key][0], subs, (*at, key))
            if value is _DROP:
                out.pop(key, None)
                self.unread.add((*at, key))
                self.incomplete |= not at and fields[key][1]
            else:
                out[key] = value
        for key, (field_type, required) in fields.items():
            if required and key not in out:
                value = _placeholder(field_type)
                if value is _DROP:
                    return _DROP
                out[key] = value
                self.unread.add((*at, key))
                self.incomplete |= not at
        return out

    def _list(self, data: list[Any], item_type: Any, faults: list[Path], at: Path) -> Any:
        out = list(data)
        for index, subs in _group(faults).items():
            if not isinstance(index, int) or not 0 <= index < len(out):
                return _DROP
            value = self.apply(out[index], item_type, subs, (*at, index))
            if value is _DROP:
                value = _placeholder(item_type)
                if value is _DROP:
                    return _DROP
                self.unread.add((*at, index))
            out[index] = value
        return out


@define
class _Built:
    """An item as built from its data, and what of it could not be read."""

    value: Any  # None when nothing could be built
    unread: set[Path] = field(factory=set)
    incomplete: bool = False
    cause: int | None = None  # index of the item's first diagnostic


def _structure_forgiving(data: Any, cls: Any, prefix: Path, reader: _Reader, *,
                         quiet: bool = False) -> _Built:
    """Structure ``data``; on failure report every problem (unless ``quiet``), then
    build it again without the values at fault, so that checks still see the rest (a
    dangling pilot in a fiche whose date is mistyped is still reported)."""
    try:
        return _Built(converter.structure(data, cls))
    except Exception as exc:  # cattrs raises exception groups of many kinds
        failure: BaseException = exc
    cause = len(reader.diagnostics) if not quiet else None
    faults: list[Path] = []
    for path, message, rule in problems(failure, prefix):
        if not quiet:
            where = reader.sources.locate(path, original=True)
            reader.diagnostics.append(Diagnostic(rule, Severity.ERROR, message, where))
        faults.append(path[len(prefix):])
    repair = _Repair()
    for _attempt in range(3):  # a placeholder is sound: a second round is a safety net
        data = repair.apply(data, cls, faults)
        if data is _DROP:
            break
        try:
            built = converter.structure(data, cls)
        except Exception as exc:
            faults = [path for path, _, _ in problems(exc)]
            continue
        return _Built(built, repair.unread, repair.incomplete, cause)
    return _Built(None, cause=cause)


def _ids_in(data: Any) -> list[str]:
    """The ``id`` values of the mappings in data that could not be structured."""
    if isinstance(data, dict):
        found = [str(data["id"])] if isinstance(data.get("id"), (str, int)) else []
        return found + [i for value in data.values() for i in _ids_in(value)]
    if isinstance(data, list):
        return [i for value in data for i in _ids_in(value)]
    return []


def _structure(data: Mapping[str, Any], reader: _Reader) -> tuple[Contract | None, bool]:
    """Structure ``data`` item by item; report every problem; return what could be built
    and whether it is complete. An incomplete contract (a required field of its own
    missing or wrong, or its file unreadable) is still built, with placeholders, for the
    checks to run on the rest; it is not handed out."""
    head = {k: v for k, v in data.items() if k not in COLLECTIONS}
    built = _structure_forgiving(head, Contract, (), reader, quiet=reader.head_unread)
    reader.unread.fields.update(built.unread)
    complete = not built.incomplete and not reader.head_unread
    if reader.head_unread:
        reader.unread.fields.update((name,) for name in _fields(Contract)
                                    if name not in COLLECTIONS)
    lists: dict[str, list[Any]] = {}
    for collection in COLLECTIONS:
        raw = data.get(collection)
        if raw is None:
            continue
        if not isinstance(raw, list):
            where = reader.sources.locate((collection,), original=True)
            reader.diagnostics.append(Diagnostic(
                WRONG_VALUE, Severity.ERROR, f"expected a list of {collection}", where))
            reader.unread.fields.add((collection,))
            reader.declare(collection, _ids_in(raw), len(reader.diagnostics) - 1)
            continue
        item_type = _item_type(collection)
        items: list[Any] = []
        kept: list[int] = []
        for index, item in enumerate(raw):
            one = _structure_forgiving(item, item_type, (collection, index), reader)
            if one.value is not None:
                reader.unread.fields.update((collection, len(items), *p) for p in one.unread)
                items.append(one.value)
                kept.append(index)
            elif one.cause is not None:
                reader.declare(collection, _ids_in(item), one.cause)
        lists[collection] = items
        reader.sources._kept[collection] = kept
    if built.value is None:
        return None, False
    for collection, built_items in lists.items():
        setattr(built.value, collection, built_items)
    return typing.cast(Contract, built.value), complete


def _run_checks(contract: Contract, reader: _Reader) -> None:
    from clskit.checks import check

    for diagnostic in check(contract, unread=reader.unread):
        where = reader.sources.locate(diagnostic.location.path)
        reader.diagnostics.append(attrs.evolve(diagnostic, location=where))
    _note_skipped(reader)


def _note_skipped(reader: _Reader) -> None:
    """Tell, on the error that made ids unreadable, how many references wait on it."""
    by_cause: dict[int, list[tuple[str, list[Path]]]] = {}
    for (collection, ref), paths in reader.unread.skipped.items():
        cause = reader.unread.ids[collection][ref]
        by_cause.setdefault(cause, []).append((ref, paths))
    for cause, refs in by_cause.items():
        count = sum(len(paths) for _, paths in refs)
        names = ", ".join(repr(ref) for ref, _ in refs)
        first = reader.sources.locate(refs[0][1][0])
        more = ", …" if count > 1 else ""
        note = (f"{count} reference{'s' if count != 1 else ''} to {names} ({first}{more}) "
                "cannot be checked until this is fixed")
        diagnostic = reader.diagnostics[cause]
        reader.diagnostics[cause] = attrs.evolve(diagnostic,
                                                 message=f"{diagnostic.message}; {note}")


def validate(path: str | os.PathLike[str]) -> Report:
    """Read and check the record at ``path``; never raises for a problem of the data.

    The checks run even when the contract could not be fully built (a required field
    missing, an unreadable contract file in a workspace), so that every problem is listed
    at once; ``Report.contract`` is then ``None``."""
    reader = _Reader()
    data = reader.load(FsPath(path))
    contract, complete = _structure(data, reader) if data is not None else (None, False)
    if contract is not None:
        _run_checks(contract, reader)
    return Report(contract if complete else None, reader.diagnostics, reader.sources)


def load(path: str | os.PathLike[str]) -> Contract:
    """Load the contract at ``path`` (a file or a workspace folder).

    Raises :class:`~clskit.errors.LoadError` listing every error, placed by file, line
    and field, when the record cannot be read or breaks a rule of severity error.
    """
    report = validate(path)
    if report.contract is None or report.errors:
        raise LoadError(report.diagnostics)
    return report.contract


def from_data(data: Mapping[str, Any]) -> Contract:
    """Build a contract from plain data (as ``converter.unstructure`` gives).

    Raises :class:`~clskit.errors.LoadError` with field paths when the data is wrong.
    """
    reader = _Reader()
    contract, complete = _structure(data, reader)
    if contract is None or not complete or reader.diagnostics:
        raise LoadError(reader.diagnostics)
    return contract


def sorted_by_place(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Diagnostics grouped by file, then in line order; unplaced ones last."""
    return sorted(
        diagnostics,
        key=lambda d: (d.location.file is None, d.location.file or "", d.location.line or 0),
    )
