"""Write a contract as a workspace folder, and add imported items to one.

The canonical layout is the one the examples use and the loader reads: ``contract.yaml``
(the contract's own fields), one file per list (``organisations.yaml``,
``meetings.yaml``…) and one file per fiche action under ``actions/``. Both operations are
all-or-nothing: a new workspace is built in a temporary folder beside the target and
renamed into place; additions are validated on a copy of the workspace before any file
of it changes.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from clskit._atomic import write_atomic
from clskit.errors import ClsError, ImportFailed
from clskit.importers import Extension
from clskit.loader import Report, validate
from clskit.model import COLLECTIONS, Contract

#: Collections written one file per item, in a folder of their name.
ONE_FILE_PER_ITEM = ("actions",)
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
_HEADER = "# Écrit par clskit {what}. Ce fichier se modifie à la main comme les autres."


def _dump(data: Any, what: str) -> str:
    from clskit import _yaml

    return _yaml.dump(data, header=_HEADER.format(what=what))


def file_stem(identifier: str) -> str:
    """A file name for an id: what a file system accepts everywhere (``FA 3/b`` → ``FA-3-b``)."""
    stem = _UNSAFE.sub("-", identifier).strip("-.")
    return stem or "item"


def workspace_files(contract: Contract, what: str = "import") -> dict[str, str]:
    """The files of ``contract``'s workspace: relative path → YAML text."""
    from clskit.dump import to_data

    data = to_data(contract)
    head = {key: value for key, value in data.items() if key not in COLLECTIONS}
    files = {"contract.yaml": _dump(head, what)}
    for collection in COLLECTIONS:
        items = data.get(collection)
        if not items:
            continue
        if collection in ONE_FILE_PER_ITEM:
            used: set[str] = set()
            for item in items:
                stem = file_stem(str(item.get("id", collection)))
                name, n = stem, 2
                while name.lower() in used:  # case-insensitive file systems
                    name, n = f"{stem}-{n}", n + 1
                used.add(name.lower())
                files[f"{collection}/{name}.yaml"] = _dump(item, what)
        else:
            files[f"{collection}.yaml"] = _dump(items, what)
    return files


def _write_tree(root: Path, files: Mapping[str, str]) -> None:
    for relative, text in files.items():
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


def write_workspace(contract: Contract, folder: str | os.PathLike[str], *,
                    overwrite: bool = False, what: str = "import") -> Report:
    """Write ``contract`` as a workspace at ``folder``; returns its validation report.

    ``folder`` must not exist or be empty, unless ``overwrite``: its content is then
    replaced as a whole. Nothing is left half-written: the workspace is built beside
    ``folder``, validated there (:class:`~clskit.errors.ImportFailed` when it has an
    error, and nothing is written) and renamed into place.
    """
    return write_files(workspace_files(contract, what), folder, overwrite=overwrite)


def write_files(files: Mapping[str, str], folder: str | os.PathLike[str], *,
                overwrite: bool = False) -> Report:
    """Write ``files`` (path inside the workspace → text) as the workspace ``folder``,
    as :func:`write_workspace` does: refused when ``folder`` exists and is not empty
    (unless ``overwrite``), built and validated beside it, renamed into place. ``clskit
    init`` writes its commented files this way."""
    target = Path(folder)
    occupied = target.exists() and (not target.is_dir() or any(target.iterdir()))
    if target.exists() and not target.is_dir():
        raise ClsError(f"{target}: exists and is not a folder; nothing was written")
    if occupied and not overwrite:
        raise ClsError(f"{target}: the folder exists and is not empty; choose a new folder "
                       "or replace it (--force); nothing was written")
    target.parent.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        _write_tree(building, files)
        report = validate(building)
        if not report.ok:
            raise ImportFailed(report.diagnostics, str(target))
        os.chmod(building, 0o777 & ~_umask())
        if occupied:
            old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old.", dir=target.parent))
            os.replace(target, old / "workspace")
            os.replace(building, target)
            shutil.rmtree(old, ignore_errors=True)
        else:
            if target.exists():
                target.rmdir()
            os.replace(building, target)
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise
    return report


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _unstructure(items: Iterable[Any]) -> list[Any]:
    from clskit.convert import converter

    return [converter.unstructure(item) for item in items]


def addition_files(additions_name: str, items: Mapping[str, Sequence[Any]],
                   extensions: Sequence[Extension] = ()) -> dict[str, str]:
    """Relative path → YAML text of the files that hold ``items``, and the ``extensions``
    of existing items (written after the new items of their collection, as
    ``{extends: ID, FIELD: [...]}``)."""
    stem = file_stem(additions_name)
    unknown = sorted((set(items) | {e.collection for e in extensions}) - set(COLLECTIONS))
    if unknown:
        raise ClsError(f"additions to unknown lists: {', '.join(unknown)} "
                       f"(lists are {', '.join(COLLECTIONS)})")
    data: dict[str, list[Any]] = {c: _unstructure(v) for c, v in items.items() if v}
    for extension in extensions:
        if extension.items:
            data.setdefault(extension.collection, []).append(
                {"extends": extension.id, extension.field: _unstructure(extension.items)})
    return {f"{collection}/{stem}.yaml": _dump(values, "import")
            for collection, values in data.items()}


def _copy_workspace(source: Path, into: Path, leaving_out: Iterable[str]) -> None:
    skipped = {source / relative for relative in leaving_out}
    shutil.copytree(source, into, ignore=lambda folder, names: [
        n for n in names if Path(folder) / n in skipped or n.startswith(".")])


def _validated(root: Path, shown_as: Path) -> Report:
    report = validate(root)
    if not report.ok or report.contract is None:
        raise ImportFailed(report.diagnostics, str(shown_as))
    return report


def _new_items(base: Contract, items: Mapping[str, Sequence[Any]]) -> dict[str, list[Any]]:
    """``items`` less those the workspace already holds (equal items), and less repeats."""
    kept: dict[str, list[Any]] = {}
    for collection, values in items.items():
        present = list(getattr(base, collection))
        fresh: list[Any] = []
        for value in values:
            if value not in present and value not in fresh:
                fresh.append(value)
        kept[collection] = fresh
    return kept


def _new_extensions(base: Contract, extensions: Sequence[Extension]) -> list[Extension]:
    """``extensions`` less the items their target already holds, and less repeats; an
    extension of an id the workspace lacks is kept, for validation to refuse it placed."""
    kept: list[Extension] = []
    for extension in extensions:
        target = next((item for item in getattr(base, extension.collection, ())
                       if getattr(item, "id", None) == extension.id), None)
        present = list(getattr(target, extension.field, ())) if target is not None else []
        fresh: list[Any] = []
        for value in extension.items:
            if value not in present and value not in fresh:
                fresh.append(value)
        if fresh:
            kept.append(Extension(extension.collection, extension.id, extension.field,
                                  tuple(fresh)))
    return kept


def add_to_workspace(folder: str | os.PathLike[str], name: str,
                     items: Mapping[str, Sequence[Any]],
                     extensions: Sequence[Extension] = ()) -> tuple[list[Path], int]:
    """Add ``items`` (collection → model objects) to the workspace at ``folder``, as the
    files ``COLLECTION/NAME.yaml``; returns the files written and the number of items
    added. ``extensions`` append items to list fields of items the workspace holds (new
    measurements of an indicator), written in the same files.

    Those files are replaced when they exist (the same source imported again), and an
    item equal to one the rest of the workspace holds is left out, so importing twice
    adds nothing. The result is validated on a copy first: when it has an error,
    :class:`~clskit.errors.ImportFailed` is raised and the workspace is left as it was.
    """
    root = Path(folder)
    if not root.is_dir():
        raise ClsError(f"{root}: not a workspace folder")
    planned = addition_files(name, {k: v for k, v in items.items() if v}, extensions)
    replaced = [relative for relative in planned if (root / relative).exists()]
    # A collection emptied by a new import drops its earlier file too.
    stem = file_stem(name)
    for collection in COLLECTIONS:
        relative = f"{collection}/{stem}.yaml"
        if relative not in planned and (root / relative).exists():
            replaced.append(relative)
    with tempfile.TemporaryDirectory(prefix="clskit-import-") as scratch:
        copy = Path(scratch) / root.name
        _copy_workspace(root, copy, replaced)
        base = _validated(copy, root).contract
        assert base is not None
        fresh = _new_items(base, items)
        grown = _new_extensions(base, extensions)
        files = addition_files(name, fresh, grown)
        _write_tree(copy, files)
        _validated(copy, root)
    written = []
    for relative, text in files.items():
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        written.append(write_atomic(target, text))
    for relative in replaced:
        if relative not in files:
            (root / relative).unlink(missing_ok=True)
    return written, sum(len(v) for v in fresh.values()) + sum(len(e.items) for e in grown)


__all__ = ["ONE_FILE_PER_ITEM", "add_to_workspace", "addition_files", "file_stem",
           "workspace_files", "write_workspace"]
