"""Read a contract from a YAML/JSON file or a workspace folder, with every error placed.

A workspace is a folder holding ``contract.yaml`` (or ``.yml``/``.json``) and, for each
list of the contract (``actions``, ``journal``, ``meetings``…), optionally a file
``actions.yaml`` and a folder ``actions/`` whose files hold one item or a list of items.
Items are appended in that order: the contract file's, the list file's, then the
folder's files sorted by name.

Every problem becomes a :class:`~clskit.diagnostics.Diagnostic` naming the file, the
line and the field path inside that file. Structuring is done item by item so that one
broken fiche does not hide the errors of the others, and the semantic checks still run
on what could be read.
"""

from __future__ import annotations

import json
import os
import typing
from collections.abc import Iterable, Mapping
from pathlib import Path as FsPath
from typing import Any

import attrs
from attrs import define, field

from clskit import _yaml
from clskit._structure_errors import WRONG_VALUE, problems
from clskit.convert import converter
from clskit.diagnostics import Diagnostic, Location, Path, Severity
from clskit.errors import LoadError
from clskit.model import COLLECTIONS, Contract

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

    ``contract`` is ``None`` when the contract itself could not be built; when only
    some items failed it holds the others, so that checks still ran on them.
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

    def problem(self, rule: str, message: str, file: str | None, line: int | None = None,
                path: Path = (), severity: Severity = Severity.ERROR) -> None:
        self.diagnostics.append(Diagnostic(rule, severity, message, Location(file, line, path)))

    def read(self, path: FsPath, root: FsPath | None) -> tuple[Any, dict[Path, int]] | None:
        shown = _display(path, root)
        try:
            data, lines = _parse_file(path)
        except _FileProblem as exc:
            self.problem(exc.rule, f"this file {exc.message}", shown, exc.line)
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
            return None
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
            read = self.read(file, root)
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


def _structure_forgiving(data: Any, cls: Any, prefix: Path, reader: _Reader) -> Any:
    """Structure ``data``; on failure report every problem, then retry without the fields
    at fault, so that checks still see the rest (a dangling pilot in a fiche whose date
    is mistyped is still reported). Returns ``None`` when even that fails."""
    try:
        return converter.structure(data, cls)
    except Exception as exc:  # cattrs raises exception groups of many kinds
        at_fault: set[str | int] = set()
        for path, message, rule in problems(exc, prefix):
            where = reader.sources.locate(path, original=True)
            reader.diagnostics.append(Diagnostic(rule, Severity.ERROR, message, where))
            if len(path) > len(prefix):
                at_fault.add(path[len(prefix)])
    if not isinstance(data, dict) or not at_fault:
        return None
    try:
        return converter.structure({k: v for k, v in data.items() if k not in at_fault}, cls)
    except Exception:
        return None


def _structure(data: Mapping[str, Any], reader: _Reader) -> Contract | None:
    """Structure ``data`` item by item; report every problem; return what could be built."""
    head = {k: v for k, v in data.items() if k not in COLLECTIONS}
    contract = _structure_forgiving(head, Contract, (), reader)
    lists: dict[str, list[Any]] = {}
    for collection in COLLECTIONS:
        raw = data.get(collection)
        if raw is None:
            continue
        if not isinstance(raw, list):
            where = reader.sources.locate((collection,), original=True)
            reader.diagnostics.append(Diagnostic(
                WRONG_VALUE, Severity.ERROR, f"expected a list of {collection}", where))
            continue
        item_type = _item_type(collection)
        built, kept = [], []
        for index, item in enumerate(raw):
            value = _structure_forgiving(item, item_type, (collection, index), reader)
            if value is not None:
                built.append(value)
                kept.append(index)
        lists[collection] = built
        reader.sources._kept[collection] = kept
    if contract is None:
        return None
    for collection, built_items in lists.items():
        setattr(contract, collection, built_items)
    return typing.cast(Contract, contract)


def _run_checks(contract: Contract, reader: _Reader) -> None:
    from clskit.checks import check

    for diagnostic in check(contract):
        where = reader.sources.locate(diagnostic.location.path)
        reader.diagnostics.append(attrs.evolve(diagnostic, location=where))


def validate(path: str | os.PathLike[str]) -> Report:
    """Read and check the record at ``path``; never raises for a problem of the data."""
    reader = _Reader()
    data = reader.load(FsPath(path))
    contract = _structure(data, reader) if data is not None else None
    if contract is not None:
        _run_checks(contract, reader)
    return Report(contract, reader.diagnostics, reader.sources)


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
    contract = _structure(data, reader)
    if contract is None or reader.diagnostics:
        raise LoadError(reader.diagnostics)
    return contract


def sorted_by_place(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Diagnostics grouped by file, then in line order; unplaced ones last."""
    return sorted(
        diagnostics,
        key=lambda d: (d.location.file is None, d.location.file or "", d.location.line or 0),
    )
