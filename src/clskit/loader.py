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

import errno
import functools
import json
import os
import re
import stat
import types
import typing
import weakref
from collections.abc import Iterable, Mapping
from enum import Enum
from pathlib import Path as FsPath
from typing import Any, BinaryIO

import attrs
from attrs import define, field

from clskit import _yaml, model
from clskit._structure_errors import WRONG_VALUE, problems
from clskit._text import suggest
from clskit.checks._index import ANY, Unread
from clskit.convert import _type_name, converter
from clskit.diagnostics import Diagnostic, Location, Path, Severity, format_path
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


#: The key of an item that extends another one instead of being a new item.
EXTENDS = "extends"


@define
class _Extension:
    """An ``{extends: ID, …}`` item read from a file of a workspace list."""

    collection: str
    item: dict[str, Any]
    file: str
    place: Path
    lines: dict[Path, int]


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


#: Files larger than this are refused unread: a record of a few hundred fiches is a
#: few MB, and a parser fed hundreds of MB would hold the machine for minutes.
MAX_FILE_BYTES = 16 * 1024 * 1024

_BOMS = (  # UTF-32 first: its little-endian mark starts with UTF-16's
    (b"\xff\xfe\x00\x00", "UTF-32"), (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe", "UTF-16"), (b"\xfe\xff", "UTF-16"),
)


def _wide_encoding(raw: bytes) -> str | None:
    """The encoding of a text in UTF-16 or UTF-32, by its byte-order mark or, without
    one, by where the zero bytes of its first characters fall (``i\0d\0`` is UTF-16)."""
    for bom, name in _BOMS:
        if raw.startswith(bom):
            return name
    head = raw[:400]
    if len(head) < 8 or head.count(0) < len(head) // 4:
        return None
    if head[1::4].count(0) == head[2::4].count(0) == head[3::4].count(0) == len(head[1::4]) \
            or head[0::4].count(0) == head[1::4].count(0) == head[2::4].count(0) \
            == len(head[2::4]):
        return "UTF-32"
    if head[1::2].count(0) > len(head) // 3 or head[0::2].count(0) > len(head) // 3:
        return "UTF-16"
    return None


def read_bounded(handle: BinaryIO, limit: int) -> bytes:
    """The file's bytes, at most ``limit`` + 1 of them (one more tells it is too big).

    ``read(limit + 1)`` would allocate the whole bound for every file, 16 MB for a fiche
    of 2 kB, a tenth of reading a region; the file's size is asked first. A file that
    grows meanwhile (or a pipe, of size 0) is read on, up to the bound."""
    size = os.fstat(handle.fileno()).st_size
    raw = handle.read(min(size, limit) + 1)
    if len(raw) <= size or len(raw) > limit:
        return raw
    return raw + handle.read(limit + 1 - len(raw))


def _read_bytes(path: FsPath, given: bytes | None = None) -> bytes:
    """The bytes of ``path``, or ``given``: the same file's bytes already read (by the
    cache, which hashed them for its key)."""
    if given is not None:
        raw = given
    else:
        try:
            with path.open("rb") as handle:
                raw = read_bounded(handle, MAX_FILE_BYTES)
        except OSError as exc:
            raise _FileProblem(UNREADABLE, f"cannot be read: {_os_reason(exc)}") from None
    if len(raw) > MAX_FILE_BYTES:
        raise _FileProblem(UNREADABLE, f"is larger than {MAX_FILE_BYTES // 2**20} MB; clskit "
                           "reads record files up to that size")
    return raw


def _os_reason(exc: OSError) -> str:
    """Why the system refused, in words, without Python's ``[Errno 13]``."""
    if isinstance(exc, PermissionError):
        return "permission denied (check who may read it)"
    return (exc.strerror or str(exc)).lower()


def _read_text(path: FsPath, given: bytes | None = None) -> str:
    raw = _read_bytes(path, given)
    wide = _wide_encoding(raw)
    if wide is not None:
        raise _FileProblem(UNREADABLE, f"is encoded in {wide}; save it as UTF-8", 1)
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


class _DuplicateKey(Exception):
    pass


def _json_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _DuplicateKey(key)
        out[key] = value
    return out


class _NotJsonNumber(Exception):
    pass


def _json_constant(name: str) -> Any:
    raise _NotJsonNumber(name)


def _json_int(text: str) -> Any:
    digits = len(text.lstrip("-"))
    if digits > _yaml.MAX_DIGITS:
        return _yaml.Unreadable(text, f"a whole number of {digits} digits, more than any "
                                "field holds")
    return int(text)


_SURROGATE = re.compile(r"[\ud800-\udfff]")
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


def _lone_surrogate(data: Any) -> Path | None:
    """The path of the first text holding half of a UTF-16 pair (``"\\ud800"`` in JSON):
    no character, and no UTF-8 writer can write it."""
    stack: list[tuple[Path, Any]] = [((), data)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, str):
            if _SURROGATE.search(value):
                return path
        elif isinstance(value, dict):
            for key, item in value.items():
                if _SURROGATE.search(key):
                    return (*path, "<key>")
                stack.append(((*path, key), item))
        elif isinstance(value, list):
            stack.extend(((*path, i), item) for i, item in enumerate(value))
    return None


def _parse_json(text: str) -> tuple[Any, dict[Path, int]]:
    try:
        data = json.loads(text, object_pairs_hook=_json_pairs, parse_constant=_json_constant,
                          parse_int=_json_int)
    except json.JSONDecodeError as exc:
        raise _FileProblem(SYNTAX, f"is not valid JSON: {exc.msg}", exc.lineno) from None
    except _DuplicateKey as exc:
        line = None
        try:
            _yaml.parse(text)
        except _yaml.YamlError as second:  # the YAML reader places the second key
            line = second.line
        raise _FileProblem(SYNTAX, f"is not valid JSON: the key {exc.args[0]!r} is given "
                           "twice in the same object", line) from None
    except _NotJsonNumber as exc:
        name = exc.args[0]
        token = re.search(rf"[:\[,]\s*({re.escape(name)})\b", text)
        line = text.count("\n", 0, token.start(1)) + 1 if token else None
        raise _FileProblem(SYNTAX, f"is not valid JSON: {name} is not a number (JSON has no "
                           "NaN nor Infinity); write a number, or leave the value out",
                           line) from None
    except RecursionError:
        raise _FileProblem(SYNTAX, "is not valid JSON: lists or objects nest too deep") from None
    lines = _yaml.locate_json(text)
    if _SURROGATE_ESCAPE.search(text):
        where = _lone_surrogate(data)
        if where is not None:
            found = _SURROGATE_ESCAPE.search(text)
            line = lines.get(where) or (text.count("\n", 0, found.start()) + 1 if found else None)
            raise _FileProblem(SYNTAX, "is not valid JSON text: it holds a lone surrogate "
                               "escape (\\ud800…\\udfff alone is half of a character); fix "
                               "the escape or write the character itself", line)
    return data, lines


def _parse_file(path: FsPath, given: bytes | None = None) -> tuple[Any, dict[Path, int]]:
    text = _read_text(path, given)
    if path.suffix.lower() == ".json":
        return _parse_json(text)
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
        with path.open("rb") as handle:
            raw = handle.read(MAX_FILE_BYTES)
    except OSError:
        return []
    wide = _wide_encoding(raw)
    encoding = {"UTF-16": "utf-16", "UTF-32": "utf-32"}.get(wide or "", "utf-8")
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
    def __init__(self, contents: Mapping[str, bytes] | None = None) -> None:
        #: Bytes of files already read, by path (see :func:`_read_bytes`).
        self.contents = contents or {}
        self.diagnostics: list[Diagnostic] = []
        self.sources = SourceMap()
        #: What could not be read, in the contract's paths, for the checks.
        self.unread = Unread()
        #: True when the contract file of a workspace could not be read at all.
        self.head_unread = False
        #: The files and folders the record is read from (outputs must spare them).
        self.inputs: list[FsPath] = []
        #: Items ``{extends: ID, …}`` of the workspace's files, applied once all are read.
        self.extensions: list[_Extension] = []

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
        self.inputs.append(path)
        try:
            data, lines = _parse_file(path, self.contents.get(str(path)))
        except _FileProblem as exc:
            self.problem(exc.rule, f"this file {exc.message}", shown, exc.line)
            self.declare(collection, _declared_ids(path), len(self.diagnostics) - 1)
            return None
        if data is None:
            self.problem(UNREADABLE, "this file is empty", shown, 1)
            return None
        return data, lines

    def load(self, target: FsPath) -> dict[str, Any] | None:
        self.inputs.append(target)
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
        for extension in self.extensions:
            self._extend(data, extension)
        self._warn_ignored(root, found[0])
        return data

    def _entries(self, folder: FsPath, root: FsPath) -> list[FsPath]:
        """The entries of a folder of the workspace, by name; a folder that cannot be
        listed is reported (with the reason, not Python's ``[Errno 13]``)."""
        try:
            return sorted(folder.iterdir(), key=lambda p: p.name)
        except OSError as exc:
            self.problem(UNREADABLE, f"this folder cannot be read: {_os_reason(exc)}",
                         _display(folder, root) + "/")
            return []

    def _skip(self, entry: FsPath, root: FsPath, why: str) -> None:
        shown = _display(entry, root) + ("/" if entry.is_dir() else "")
        self.problem(IGNORED_FILE, f"not read: {why}", shown, severity=Severity.WARNING)

    def _unreadable_entry(self, entry: FsPath, root: FsPath) -> str | None:
        """Why a workspace entry that looks like data cannot be read as a file of it, or
        ``None`` when it can: links that lead nowhere or outside the workspace, folders,
        devices."""
        if entry.is_symlink():
            try:
                target = os.readlink(entry)
            except OSError:
                target = "?"
            try:
                resolved = entry.resolve(strict=True)
            except RuntimeError:  # Python < 3.13 on a loop
                return "it is a symbolic link that loops back on itself"
            except OSError as exc:
                if exc.errno == errno.ELOOP:
                    return "it is a symbolic link that loops back on itself"
                return f"it is a symbolic link to {target}, which does not exist"
            base = root.resolve()
            if base not in resolved.parents:
                return (f"it is a symbolic link to {target}, outside the workspace: copy the "
                        "file into the workspace instead")
        if entry.is_dir():
            return None
        try:
            mode = entry.stat().st_mode
        except OSError as exc:
            return f"it cannot be read: {_os_reason(exc)}"
        if not stat.S_ISREG(mode):
            return "it is not a regular file (a device, a pipe…)"
        return None

    @staticmethod
    def _misnamed(name: str) -> str | None:
        """What is wrong with the name of a file that looks like data but is not read."""
        path = FsPath(name)
        if path.suffix.lower() in EXTENSIONS:
            right = path.stem + path.suffix.lower()
            return (f"its extension is {path.suffix}: clskit reads .yaml, .yml and .json "
                    f"(lower case); rename it {right}")
        inner = FsPath(path.stem)
        if inner.suffix.lower() in EXTENSIONS:
            return (f"it is saved as {inner.suffix}{path.suffix}: rename it "
                    f"{inner.stem}{inner.suffix.lower()}")
        return None

    def _merge_collection(self, root: FsPath, data: dict[str, Any], collection: str) -> None:
        files = [root / f"{collection}{ext}" for ext in EXTENSIONS]
        files = [f for f in files if f.is_file() or f.is_symlink()]
        files = [f for f in files if not self._skipped(f, root)]
        folder = root / collection
        if folder.is_dir():
            for entry in self._entries(folder, root):
                if entry.name.startswith("."):
                    continue  # hidden: an editor's or the system's, never data
                if self._skipped(entry, root):
                    continue
                if entry.is_dir():
                    self._skip(entry, root, f"{collection}/ holds files, one item or a list "
                               "of items each; sub-folders are not read: move its files up")
                elif entry.suffix in EXTENSIONS:
                    files.append(entry)
                else:
                    why = self._misnamed(entry.name) or (
                        f"{collection}/ holds .yaml, .yml or .json files only")
                    self._skip(entry, root, why)
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
                self._add_item(collection, items, content, shown, (), lines)
            elif isinstance(content, list):
                for i, item in enumerate(content):
                    self._add_item(collection, items, item, shown, (i,), lines)
            else:
                self.problem(WRONG_VALUE, f"a file of {collection}/ holds one item (a mapping) "
                             "or a list of items", shown, 1)

    def _add_item(self, collection: str, items: list[Any], item: Any, shown: str,
                  place: Path, lines: dict[Path, int]) -> None:
        """A new item of the list, or an ``{extends: ID, …}`` set aside until every file
        is read (the item it extends may come from a later file)."""
        if isinstance(item, dict) and EXTENDS in item:
            self.extensions.append(_Extension(collection, item, shown, place, lines))
            return
        self.sources.add((collection, len(items)), shown, place, lines)
        items.append(item)

    def _extend(self, data: dict[str, Any], extension: _Extension) -> None:
        """Append the lists of ``extension`` to the item of its id; a problem is placed
        in the extension's own file."""
        collection, item = extension.collection, extension.item
        items = data.get(collection)
        target_id = item[EXTENDS]

        def where(*path: str | int) -> tuple[int | None, Path]:
            in_file = (*extension.place, *path)
            for k in range(len(in_file), -1, -1):
                line = extension.lines.get(in_file[:k])
                if line is not None:
                    return line, in_file
            return None, in_file

        index = next((k for k, other in enumerate(items or ())
                      if isinstance(other, dict) and other.get("id") == target_id), None)
        if not isinstance(target_id, str) or index is None or not isinstance(items, list):
            line, path = where(EXTENDS)
            self.problem(WRONG_VALUE, f"extends {target_id!r}: no item of {collection} has "
                         "this id", extension.file, line, path)
            return
        target = items[index]
        lists = {name for name, (tp, _) in _fields(_item_type(collection)).items()
                 if typing.get_origin(tp) is list}
        for name, values in item.items():
            if name == EXTENDS:
                continue
            if name not in lists or not isinstance(values, list):
                line, path = where(name)
                self.problem(WRONG_VALUE, "only the lists of an item can be extended, and "
                             f"{name!r} is not a list of {collection}", extension.file, line,
                             path)
                continue
            present = target.get(name)
            if present is None:
                present = target[name] = []
            elif not isinstance(present, list):
                continue  # the item's own error is reported when structuring
            for k, value in enumerate(values):
                self.sources.add((collection, index, name, len(present)), extension.file,
                                 (*extension.place, name, k), extension.lines)
                present.append(value)

    def _skipped(self, entry: FsPath, root: FsPath) -> bool:
        """Report ``entry`` and return True when it cannot be read as data."""
        why = self._unreadable_entry(entry, root)
        if why is None:
            return False
        self._skip(entry, root, why)
        return True

    def _warn_ignored(self, root: FsPath, contract_file: FsPath) -> None:
        """Warn about every entry of the workspace that is not read, except what is
        plainly not data (``README.md``, notes, hidden files): a fiche saved as
        ``fa-01.YAML`` or ``fa-01.yaml.txt``, or a misspelt ``acions/``, would otherwise
        be missing from every document without a word."""
        expected = {contract_file.name}
        for collection in COLLECTIONS:
            expected.add(collection)
            expected.update(f"{collection}{ext}" for ext in EXTENSIONS)
        lists = ", ".join(COLLECTIONS)
        for entry in self._entries(root, root):
            name = entry.name
            if name in expected or name.startswith((".", "_")):
                continue
            misnamed = self._misnamed(name)
            if misnamed is not None:
                self._skip(entry, root, misnamed)
                continue
            if name.lower().startswith(_IGNORED) or entry.suffix.lower() in (".md", ".txt"):
                continue
            if entry.is_symlink() and self._skipped(entry, root):
                continue
            if entry.is_dir():
                guess = suggest(name, list(COLLECTIONS))
                hint = f"; did you mean {guess}/?" if guess else ""
                self._skip(entry, root, f"this folder is not part of the format (lists are "
                           f"{lists}){hint}")
            else:
                self._skip(entry, root, "this file is not part of the format (the contract "
                           f"is {contract_file.name}; lists are {lists})")


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
                WRONG_VALUE, Severity.ERROR,
                f"expected a list of {collection}, got {_type_name(raw)}", where))
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
        changes: dict[str, Any] = {"location": where}
        if diagnostic.related is not None:
            # «(also actions[0].id)» names a place of the contract; a reader looks for a
            # file and a line.
            other = reader.sources.locate(diagnostic.related.path)
            if other.file == where.file and other.line:
                shown = f"line {other.line}"  # the same file: its line is enough
            else:
                shown = f"{other.file}:{other.line}" if other.file and other.line else str(other)
            if other.path:
                shown += f" {format_path(other.path)}"
            changes["related"] = other
            changes["message"] = diagnostic.message.replace(
                f"(also {format_path(diagnostic.related.path)})", f"(also {shown})")
        reader.diagnostics.append(attrs.evolve(diagnostic, **changes))
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
    return _validate(path)


def _validate(path: str | os.PathLike[str], contents: Mapping[str, bytes] | None = None
              ) -> Report:
    """:func:`validate`, with the bytes of some of the files already read, by path."""
    reader = _Reader(contents)
    data = reader.load(FsPath(path))
    contract, complete = _structure(data, reader) if data is not None else (None, False)
    if contract is not None:
        _run_checks(contract, reader)
    if contract is not None and complete:
        _remember_inputs(contract, reader.inputs)
    return Report(contract if complete else None, reader.diagnostics, reader.sources)


# The files each loaded contract was read from, so that ``clskit.export``, ``dump`` and
# the commands refuse to write over them. Kept beside the model (which does no I/O) by
# object identity, for as long as the contract lives.
_INPUTS: dict[int, tuple[weakref.ref[Contract], tuple[FsPath, ...]]] = {}


def _remember_inputs(contract: Contract, inputs: Iterable[FsPath]) -> None:
    key = id(contract)
    _INPUTS[key] = (weakref.ref(contract, lambda _: _INPUTS.pop(key, None)),
                    tuple(dict.fromkeys(inputs)))


def inputs_of(contract: Contract) -> tuple[FsPath, ...]:
    """The files and folders ``contract`` was loaded from (empty when it was built in
    Python): an output may be none of them, nor lie inside one of the folders."""
    found = _INPUTS.get(id(contract))
    if found is None or found[0]() is not contract:
        return ()
    return found[1]


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
