"""A user's template file, read safely: bounded, whole, of the right kind (#13).

A territory hands over its own PowerPoint, Word, HTML or Markdown template
(``--option template=…``). Before python-pptx or python-docx inflates any part of it,
:func:`check_package` makes sure the file is a whole Office package of the expected
kind that does not inflate past a bound (a thumbnail inflating to 1 GiB, a truncated
download, a Word file named ``.pptx``); :func:`read_text` reads a text template bounded
and as UTF-8. Every refusal is one :class:`~clskit.errors.ExportError` line naming the
file.

Bounds: the file at most :data:`MAX_FILE_BYTES`; an Office package at most
:data:`MAX_PARTS` parts inflating to :data:`MAX_UNPACKED_BYTES` in all, as its zip
directory declares them — Python's ``zipfile`` never inflates a part past its declared
size (it fails on the CRC), so the directory is a bound that holds, checked before any
part is inflated; then every part's CRC (``testzip``), so a damaged part is named here
rather than by the Office library. A text template at most :data:`MAX_TEXT_BYTES`.
Templates then render in jinja2's sandbox (the review's ``sandbox`` module).
"""

from __future__ import annotations

import os
import zipfile
import zlib
from pathlib import Path

from clskit.errors import ExportError

#: The largest template file read (bytes).
MAX_FILE_BYTES = 100 * 1024 * 1024
#: The most an Office template may inflate to, all its parts together (bytes).
MAX_UNPACKED_BYTES = 256 * 1024 * 1024
#: The most parts an Office template may hold.
MAX_PARTS = 5_000
#: The largest text template (HTML, Markdown) read (bytes).
MAX_TEXT_BYTES = 16 * 1024 * 1024

# The part that tells what an Office package is, and how to name it.
_KINDS = {
    "pptx": ("ppt/presentation.xml", "a PowerPoint presentation (.pptx)"),
    "docx": ("word/document.xml", "a Word document (.docx)"),
    "xlsx": ("xl/workbook.xml", "an Excel workbook (.xlsx)"),
}


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except FileNotFoundError:
        raise ExportError(f"template {path}: no such file") from None
    except OSError as exc:
        raise ExportError(f"template {path}: cannot be read: {exc.strerror or exc}") from None


def check_package(path: str | os.PathLike[str], kind: str) -> None:
    """Refuse ``path`` unless it is a whole Office package of ``kind`` (``"pptx"``,
    ``"docx"``, ``"xlsx"``) that inflates to at most :data:`MAX_UNPACKED_BYTES`."""
    source = Path(path)
    if not source.is_file():
        if source.exists():
            raise ExportError(f"template {source}: is not a file")
        raise ExportError(f"template {source}: no such file")
    size = _size(source)
    if size == 0:
        raise ExportError(f"template {source.name}: the file is empty (0 bytes)")
    if size > MAX_FILE_BYTES:
        raise ExportError(f"template {source.name}: is larger than "
                          f"{MAX_FILE_BYTES // 2**20} MB")
    part, wanted = _KINDS[kind]
    try:
        with zipfile.ZipFile(source) as archive:
            infos = archive.infolist()
            if len(infos) > MAX_PARTS:
                raise ExportError(f"template {source.name}: {len(infos)} parts, more than "
                                  f"the {MAX_PARTS} a template may hold")
            unpacked = sum(i.file_size for i in infos)
            if unpacked > MAX_UNPACKED_BYTES:
                biggest = max(infos, key=lambda i: i.file_size)
                raise ExportError(
                    f"template {source.name}: would inflate to {round(unpacked / 2**20)} MB "
                    f"({biggest.filename}: {round(biggest.file_size / 2**20)} MB), more than "
                    f"the {MAX_UNPACKED_BYTES // 2**20} MB a template may; refused unread")
            names = {i.filename for i in infos}
            bad = archive.testzip()
    except zipfile.BadZipFile:
        with source.open("rb") as handle:
            head = handle.read(4)
        if head.startswith(b"PK"):
            raise ExportError(f"template {source.name}: the package is truncated or "
                              "damaged") from None
        raise ExportError(f"template {source.name}: not a zip archive, so not "
                          f"{wanted}") from None
    except (OSError, EOFError, RuntimeError, NotImplementedError, zlib.error) as exc:
        # zlib.error: a compressed part whose bytes are damaged (testzip only names a
        # part whose bytes inflate but fail their CRC).
        raise ExportError(f"template {source.name}: the package is truncated or damaged "
                          f"({type(exc).__name__})") from None
    if bad is not None:
        raise ExportError(f"template {source.name}: the package is truncated or damaged "
                          f"(part {bad})")
    if part not in names:
        others = [text for other, (p, text) in _KINDS.items() if other != kind and p in names]
        what = f" (it is {others[0]})" if others else ""
        raise ExportError(f"template {source.name}: is not {wanted}{what}")


def read_text(path: str | os.PathLike[str]) -> str:
    """A text template's content: at most :data:`MAX_TEXT_BYTES`, UTF-8 (a byte-order
    mark is dropped); otherwise one line naming the file and the line of the first
    byte that is not UTF-8."""
    source = Path(path)
    if not source.is_file():
        raise ExportError(f"template {source}: no such file")
    try:
        with source.open("rb") as handle:
            raw = handle.read(MAX_TEXT_BYTES + 1)
    except OSError as exc:
        raise ExportError(f"template {source}: cannot be read: {exc.strerror or exc}") from None
    if len(raw) > MAX_TEXT_BYTES:
        raise ExportError(f"template {source.name}: is larger than "
                          f"{MAX_TEXT_BYTES // 2**20} MB")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ExportError(f"template {source.name}, line {line}: not UTF-8 text; save it "
                          "as UTF-8") from None


__all__ = ["MAX_FILE_BYTES", "MAX_PARTS", "MAX_TEXT_BYTES", "MAX_UNPACKED_BYTES", "check_package",
           "read_text"]
