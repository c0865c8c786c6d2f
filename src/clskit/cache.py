"""A cache of parsed contracts, so that reading a region the second time takes a blink.

Reading a contract (parse with line tracking, structure, check) costs two to three times
what libyaml alone takes to parse its files; an ARS analyst rolls up a few hundred
contracts again and again while only some of them change. Each contract (a workspace or
a single file) gets one entry in the user's cache folder (``platformdirs``; the
``CLSKIT_CACHE_DIR`` environment variable overrides it), holding its diagnostics, the
contract and the region rows already computed from it for a few as-of dates.

**When an entry is used.** Its key is, for every file the loader would read (the
contract file, each list file, each data file of a list folder) the path, size,
modification time and a hash of the content, plus the names of the workspace's own
entries (a new or removed file changes what is read, and the «ignored entry» notes);
and clskit's version with the size and time of each of its modules and of each loaded
plugin's module (an editable install changes code without a new version; plugins add
rules). The key is computed again from the files at every use: an entry whose key
differs is never used, whatever its name; so a touched, edited, renamed or deleted file
is read again, and an entry can never serve another content.

**What is trusted.** Entries are pickles of clskit's own model objects: pickle is by
far the fastest way back to them, and unpickling runs code named in the data, so the
cache is the user's own: its folder is made private (``0700``), and an entry that is not
a regular file owned by the user, or that others may write, is passed over. The key and
the checksums sit in a JSON header read first; a pickle is loaded only once the key
matches the files and the checksum of its bytes matches, so a torn, truncated or
otherwise corrupt entry is ignored and rebuilt.

**Concurrent runs.** An entry is written to a temporary file in the cache folder and
renamed onto its name: a reader sees the old entry or the new one, never half of one;
two runs that write the same entry leave one of the two, both right. No ``fsync``: a
cache entry lost to a power cut fails its checksum and is rebuilt.
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import json
import os
import pickle
import stat
import struct
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType
from typing import Any, TypeVar

from clskit import loader
from clskit.diagnostics import Diagnostic
from clskit.loader import CONTRACT_FILES, EXTENSIONS, Report, _validate
from clskit.model import COLLECTIONS, Contract

ENV_DIR = "CLSKIT_CACHE_DIR"
#: Bumped whenever the layout of an entry changes.
FORMAT = 1
_MAGIC = b"CLSKIT-CACHE\x00"
_LENGTH = struct.Struct(">I")
#: Region rows kept per entry: the as-of dates most recently asked for.
KEEP_ROWS = 4
#: Temporary files of killed writers older than this are removed.
_STALE_TEMPORARY_S = 3600.0

T = TypeVar("T")


def default_folder() -> Path:
    """``$CLSKIT_CACHE_DIR``, else the user cache folder of clskit (platformdirs)."""
    given = os.environ.get(ENV_DIR)
    if given:
        return Path(given)
    import platformdirs

    return Path(platformdirs.user_cache_dir("clskit", appauthor=False)) / "contracts"


@contextmanager
def _no_collector() -> Iterator[None]:
    """Unpickling a contract makes thousands of container objects and no garbage: the
    cyclic collector would run dozens of times for nothing (a third of a warm region)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _digest(data: bytes) -> str:
    # SHA-256: the fastest of hashlib's on processors with SHA instructions, and a
    # content hash no accident can match.
    return hashlib.sha256(data).hexdigest()


def _module_stamp(module: ModuleType | None) -> list[Any]:
    file = getattr(module, "__file__", None)
    if not file:
        return [getattr(module, "__name__", None)]
    try:
        info = os.stat(file)
    except OSError:
        return [file]
    return [file, info.st_size, info.st_mtime_ns]


_CODE: str | None = None


def code_key() -> str:
    """What the cached objects depend on besides the files: clskit's version and
    modules, the Python version, the loaded plugins (their rules add diagnostics)."""
    global _CODE
    if _CODE is not None:
        return _CODE
    import clskit
    from clskit.plugins import plugins

    package = Path(clskit.__file__).resolve().parent
    modules = []
    for file in sorted(package.rglob("*.py")):
        info = file.stat()
        modules.append([file.relative_to(package).as_posix(), info.st_size, info.st_mtime_ns])
    current = plugins()
    loaded = []
    for name, plugin in sorted(current.manager.list_name_plugin(), key=lambda np: np[0]):
        module = plugin if isinstance(plugin, ModuleType) else \
            sys.modules.get(type(plugin).__module__)
        loaded.append([name, current.origin(name), *_module_stamp(module)])
    data = {"format": FORMAT, "clskit": clskit.__version__, "python": sys.version,
            "pickle": pickle.HIGHEST_PROTOCOL, "modules": modules, "plugins": loaded,
            "problems": [str(p) for p in current.problems]}
    _CODE = _digest(json.dumps(data, sort_keys=True).encode())
    return _CODE


def _is_data(entry: os.DirEntry[str]) -> bool:
    return entry.is_file() and os.path.splitext(entry.name)[1] in EXTENSIONS


def _file_key(path: str, shown: str, contents: dict[str, bytes] | None = None) -> list[Any]:
    info = os.stat(path)
    with open(path, "rb") as handle:
        # No more than the loader reads: a file past its bound is refused unread, and
        # its size (in the key) tells it from any other.
        content = loader.read_bounded(handle, loader.MAX_FILE_BYTES)
    if contents is not None:
        contents[path] = content
    return [shown, info.st_size, info.st_mtime_ns, _digest(content)]


def source_key(path: Path, contents: dict[str, bytes] | None = None
               ) -> tuple[list[Any], list[str]] | None:
    """The key of the record at ``path`` and the files it is read from, or ``None``
    when it cannot be computed (a file vanished meanwhile: no cache then). The bytes
    read for the key go to ``contents`` by path, for the loader not to read them again
    when the entry is missing."""
    try:
        if not path.is_dir():
            return [["file", *_file_key(str(path), path.name, contents)]], [str(path)]
        with os.scandir(path) as it:
            entries = sorted(it, key=lambda e: e.name)
        key: list[Any] = [["entries", [e.name + ("/" if e.is_dir() else "") for e in entries]]]
        files: list[str] = []
        for entry in entries:
            if entry.name in CONTRACT_FILES or (
                    _is_data(entry) and os.path.splitext(entry.name)[0] in COLLECTIONS):
                key.append(["file", *_file_key(entry.path, entry.name, contents)])
                files.append(entry.path)
            elif entry.name in COLLECTIONS and entry.is_dir():
                with os.scandir(entry.path) as inner:
                    for item in sorted((i for i in inner if _is_data(i)), key=lambda i: i.name):
                        key.append(["file", *_file_key(item.path, f"{entry.name}/{item.name}",
                                                       contents)])
                        files.append(item.path)
        return key, files
    except OSError:
        return None


def _unchanged(found: tuple[list[Any], list[str]]) -> bool:
    """Whether the files still have the size and time their key was computed with: a
    file written while it was read gets a new time, and its reading is not kept."""
    key, files = found
    stamps = [item[2:4] for item in key if item[0] == "file"]
    try:
        now = [[info.st_size, info.st_mtime_ns] for info in map(os.stat, files)]
    except OSError:
        return False
    return now == stamps


class Entry:
    """The cached reading of one contract: its diagnostics, the contract, rows."""

    def __init__(self, path: Path, header: dict[str, Any], blobs: dict[str, bytes],
                 files: list[str], report: Report | None = None) -> None:
        self.path = path
        self.header = header
        self.blobs = blobs
        self.files = files
        self._report = report
        self.dirty = report is not None

    @property
    def ok(self) -> bool:
        return bool(self.header["ok"])

    @property
    def latest(self) -> dt.date | None:
        """The latest date the record holds (``dates_of``), for the default as-of."""
        value = self.header.get("latest")
        return dt.date.fromisoformat(value) if value else None

    @property
    def end(self) -> dt.date | None:
        value = self.header.get("end")
        return dt.date.fromisoformat(value) if value else None

    def report(self) -> Report:
        """The validation report (without its source map: the diagnostics are placed)."""
        if self._report is None:
            diagnostics: list[Diagnostic] = self._load("diagnostics")
            contract: Contract | None = None
            if self.ok:
                contract = self._contract_from_blobs()
            self._report = Report(contract, diagnostics)
            if contract is not None:
                from clskit.loader import _remember_inputs

                _remember_inputs(contract, [self.path, *map(Path, self.files)])
        return self._report

    def _contract_from_blobs(self) -> Contract:
        if "contract" in self.blobs:
            contract: Contract = self._load("contract")
            return contract
        # Only rows were kept (each holds the contract): take it from the newest.
        newest = self.header["rows"][-1]
        return self._load(f"row:{newest}").contract  # type: ignore[no-any-return]

    def _load(self, name: str) -> Any:
        with _no_collector():
            return pickle.loads(self.blobs[name])

    def derived(self, name: str, make: Callable[[Contract], T]) -> T:
        """``make(contract)``, kept in the entry under ``name`` (a region row of one
        as-of date): computed once per content."""
        blob = self.blobs.get(f"row:{name}")
        if blob is not None:
            value: T = self._load(f"row:{name}")
            contract = getattr(value, "contract", None)
            if isinstance(contract, Contract):  # outputs must spare its files
                from clskit.loader import _remember_inputs

                _remember_inputs(contract, [self.path, *map(Path, self.files)])
            return value
        report = self.report()
        assert report.contract is not None
        value = make(report.contract)
        self.blobs[f"row:{name}"] = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        rows = [r for r in self.header.get("rows", []) if r != name] + [name]
        for old in rows[:-KEEP_ROWS]:
            self.blobs.pop(f"row:{old}", None)
        self.header["rows"] = rows[-KEEP_ROWS:]
        self.dirty = True
        return value


class ContractCache:
    """Readings of contracts kept in ``folder`` (default: :func:`default_folder`).

    ``hits``, ``misses`` and ``ignored`` (corrupt or foreign entries) count what this
    object saw, for tests and benchmarks. A folder that cannot be made or written turns
    the cache off silently: it only ever saves time.
    """

    def __init__(self, folder: str | os.PathLike[str] | None = None) -> None:
        self.folder = Path(folder) if folder is not None else default_folder()
        self.hits = 0
        self.misses = 0
        self.ignored = 0
        self._usable: bool | None = None
        self._swept = False

    def _name(self, path: Path) -> Path:
        return self.folder / f"{_digest(str(path).encode('utf-8'))}.entry"

    def _ready(self) -> bool:
        if self._usable is None:
            try:
                self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
                info = self.folder.stat()
                self._usable = (stat.S_ISDIR(info.st_mode) and info.st_uid == os.getuid()
                                and not info.st_mode & 0o022)
            except OSError:
                self._usable = False
        return self._usable

    def load(self, path: str | os.PathLike[str], *, fresh: bool = False) -> Entry:
        """The reading of the record at ``path``: from its entry when the entry's key
        is that of the files now, else (or with ``fresh``) by :func:`clskit.validate`,
        to be kept by :meth:`save`."""
        absolute = Path(os.path.abspath(path))
        contents: dict[str, bytes] = {}
        found = source_key(absolute, contents)
        if found is not None and not fresh and self._ready():
            key, files = found
            entry = self._read(absolute, key, files)
            if entry is not None:
                self.hits += 1
                return entry
        self.misses += 1
        # The files' bytes hashed for the key are those parsed: an edit in between
        # cannot give an entry the key of other content (``_unchanged`` below).
        report = _validate(absolute, contents)
        contents.clear()
        header: dict[str, Any] = {
            "format": FORMAT, "code": code_key(), "source": str(absolute),
            "key": found[0] if found is not None else None, "ok": report.contract is not None
            and report.ok, "rows": []}
        if found is None or not _unchanged(found):
            header["key"] = None  # changed while read: never written
        blobs = {"diagnostics": pickle.dumps(report.diagnostics, protocol=pickle.HIGHEST_PROTOCOL)}
        if header["ok"] and report.contract is not None:
            from clskit.checks._index import dates_of

            contract = report.contract
            latest = max(dates_of(contract), default=None)
            header["latest"] = latest.isoformat() if latest else None
            header["end"] = contract.period.end.isoformat() if contract.period else None
        return Entry(absolute, header, blobs, found[1] if found else [], report)

    def report(self, path: str | os.PathLike[str]) -> Report:
        """:func:`clskit.validate` through the cache; the entry is written at once."""
        entry = self.load(path)
        report = entry.report()
        if entry.dirty and report.contract is not None and "contract" not in entry.blobs:
            entry.blobs["contract"] = pickle.dumps(report.contract,
                                                   protocol=pickle.HIGHEST_PROTOCOL)
        self.save(entry)
        return report

    def save(self, entry: Entry) -> None:
        """Write ``entry`` if it changed (atomically; never an error: it is a cache)."""
        if not entry.dirty or entry.header.get("key") is None or not self._ready():
            return
        if entry.ok and "contract" not in entry.blobs and not entry.header.get("rows"):
            entry.blobs["contract"] = pickle.dumps(entry.report().contract,
                                                   protocol=pickle.HIGHEST_PROTOCOL)
        header = dict(entry.header)
        header["blobs"] = {}
        payload = []
        offset = 0
        for name, blob in entry.blobs.items():
            header["blobs"][name] = [offset, len(blob), _digest(blob)]
            payload.append(blob)
            offset += len(blob)
        head = json.dumps(header, separators=(",", ":")).encode("utf-8")
        data = b"".join([_MAGIC, _LENGTH.pack(len(head)), head, *payload])
        target = self._name(entry.path)
        self._sweep()
        try:
            fd, temporary = tempfile.mkstemp(prefix=".tmp-", dir=self.folder)
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(data)
                os.replace(temporary, target)
            except BaseException:
                os.unlink(temporary)
                raise
        except OSError:
            return
        entry.dirty = False

    def _sweep(self) -> None:
        """Remove the temporary files of writers killed mid-write, once per cache."""
        if self._swept:
            return
        self._swept = True
        limit = time.time() - _STALE_TEMPORARY_S
        try:
            with os.scandir(self.folder) as it:
                for item in it:
                    if item.name.startswith(".tmp-") and item.stat().st_mtime < limit:
                        os.unlink(item.path)
        except OSError:
            pass

    def _read(self, path: Path, key: list[Any], files: list[str]) -> Entry | None:
        """The entry of ``path`` if it is whole, ours, and made from these very files."""
        target = self._name(path)
        try:
            fd = os.open(target, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        except OSError:
            return None
        try:
            with os.fdopen(fd, "rb") as handle:
                info = os.fstat(handle.fileno())
                if (not stat.S_ISREG(info.st_mode) or info.st_uid != os.getuid()
                        or info.st_mode & 0o022):
                    self.ignored += 1
                    return None
                data = handle.read()
        except OSError:
            return None
        try:
            if not data.startswith(_MAGIC):
                raise ValueError("not an entry")
            start = len(_MAGIC)
            (length,) = _LENGTH.unpack_from(data, start)
            start += _LENGTH.size
            header = json.loads(data[start:start + length])
            body = start + length
            if (header.get("format") != FORMAT or header.get("source") != str(path)
                    or header.get("code") != code_key()):
                return None  # another version's or another file's: stale, not corrupt
            if header.get("key") != key:
                return None
            blobs = {}
            for name, (offset, size, digest) in header["blobs"].items():
                blob = data[body + offset:body + offset + size]
                if len(blob) != size or _digest(blob) != digest:
                    raise ValueError(f"blob {name} is corrupt")
                blobs[name] = blob
            if "diagnostics" not in blobs:
                raise ValueError("no diagnostics")
        except (ValueError, KeyError, TypeError, struct.error):
            self.ignored += 1
            return None
        return Entry(path, header, blobs, files)


__all__ = ["ENV_DIR", "ContractCache", "Entry", "code_key", "default_folder", "source_key"]
