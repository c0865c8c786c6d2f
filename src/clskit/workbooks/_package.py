"""Save an openpyxl workbook as a package Excel opens without «repairing» or rewriting.

openpyxl 3.1 writes two things the Office Open XML validator (the Open XML SDK's rules,
which Excel follows) reports: every text as an inline string, which Excel moves into a
shared-strings table on its next save (rewriting the file a coordinator sends on), and
the children of ``<font>`` in an order the SDK's schema refuses (``name`` before ``sz``).
:func:`save` writes the package openpyxl makes with both corrected: texts in
``xl/sharedStrings.xml``, font properties in schema order. Nothing else is touched. The
worksheets' rows are written by :mod:`clskit.workbooks._rows`, texts already shared;
:func:`normalise` does the same to a package openpyxl wrote by itself.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import zipfile
from pathlib import Path
from typing import Any

from clskit.workbooks._rows import SUPPORTED, BookWriter, Strings, shared

_FONT = re.compile(r"<font>(.*?)</font>", re.S)
_CHILD = re.compile(r"<(\w+)\b[^>]*?(?:/>|>.*?</\1>)", re.S)
#: CT_Font's children in the order of the SDK's schema.
_FONT_ORDER = ("b", "i", "strike", "condense", "extend", "outline", "shadow", "u",
               "vertAlign", "sz", "color", "name", "family", "charset", "scheme")
_SST_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"
_SST_CONTENT = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"


def _ordered_font(match: re.Match[str]) -> str:
    children = [m.group(0) for m in _CHILD.finditer(match.group(1))]
    rank = {name: i for i, name in enumerate(_FONT_ORDER)}

    def key(child: str) -> int:
        found = _CHILD.match(child)
        return rank.get(found.group(1) if found else "", len(rank))

    return "<font>" + "".join(sorted(children, key=key)) + "</font>"


def _ordered_fonts(styles: bytes) -> bytes:
    return _FONT.sub(_ordered_font, styles.decode("utf-8")).encode("utf-8")


def _with_table_type(types: bytes) -> bytes:
    """``[Content_Types].xml`` with the shared-strings part's type."""
    return types.decode("utf-8").replace(
        "</Types>", f'<Override PartName="/xl/sharedStrings.xml" '
                    f'ContentType="{_SST_CONTENT}"/></Types>').encode("utf-8")


def _with_table_relationship(rels: bytes) -> bytes:
    """``xl/_rels/workbook.xml.rels`` with a relationship to the shared-strings part."""
    text = rels.decode("utf-8")
    used = {int(n) for n in re.findall(r'Id="rId(\d+)"', text)}
    rid = f"rId{max(used, default=0) + 1}"
    return text.replace(
        "</Relationships>", f'<Relationship Id="{rid}" Type="{_SST_TYPE}" '
                            f'Target="sharedStrings.xml"/></Relationships>').encode("utf-8")


def _info(name: str) -> zipfile.ZipInfo:
    """A part's entry: a fixed date (the same content gives the same file), deflated."""
    info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def normalise(package: bytes) -> bytes:
    """``package`` (an .xlsx openpyxl wrote) with shared strings and ordered fonts."""
    strings: Strings | None = Strings()
    with zipfile.ZipFile(io.BytesIO(package)) as source:
        parts = {info.filename: source.read(info.filename) for info in source.infolist()}
        infos = source.infolist()
    if "xl/sharedStrings.xml" in parts:  # already a table: leave the strings as they are
        strings = None
    for name, content in parts.items():
        if strings is not None and name.startswith("xl/worksheets/") and \
                name.endswith(".xml"):
            parts[name] = shared(content.decode("utf-8"), strings).encode("utf-8")
        elif name == "xl/styles.xml":
            parts[name] = _ordered_fonts(content)
    names = [info.filename for info in infos]
    if strings is not None and strings.index:
        parts["xl/sharedStrings.xml"] = strings.part().encode("utf-8")
        names.append("xl/sharedStrings.xml")
        parts["[Content_Types].xml"] = _with_table_type(parts["[Content_Types].xml"])
        parts["xl/_rels/workbook.xml.rels"] = _with_table_relationship(
            parts["xl/_rels/workbook.xml.rels"])
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in names:
            target.writestr(_info(name), parts[name])
    return out.getvalue()


class _Package(zipfile.ZipFile):
    """The archive :func:`save` has openpyxl write into: each part deflated as it comes,
    the fonts ordered, the shared-strings part declared (when there is one)."""

    strings: Strings

    def writestr(self, zinfo_or_arcname: str | zipfile.ZipInfo, data: Any,
                 compress_type: int | None = None, compresslevel: int | None = None) -> None:
        name = zinfo_or_arcname if isinstance(zinfo_or_arcname, str) else \
            zinfo_or_arcname.filename
        content = data.encode("utf-8") if isinstance(data, str) else bytes(data)
        if name == "xl/styles.xml":
            content = _ordered_fonts(content)
        elif self.strings.index and name == "[Content_Types].xml":
            content = _with_table_type(content)
        elif self.strings.index and name == "xl/_rels/workbook.xml.rels":
            content = _with_table_relationship(content)
        super().writestr(_info(name), content)

    def write(self, filename: Any, arcname: Any = None, compress_type: int | None = None,
              compresslevel: int | None = None) -> None:
        self.writestr(str(arcname if arcname is not None else filename),
                      Path(filename).read_bytes())


def save(book: Any, path: str | os.PathLike[str]) -> None:
    """Save the openpyxl ``book`` at ``path``: shared strings, fonts in schema order.

    The worksheets' rows are written by :mod:`clskit.workbooks._rows` (the XML openpyxl
    writes, texts already in the shared-strings table), the rest of the package by
    openpyxl, into an archive that orders the fonts and declares the table as the parts
    go by: the package is compressed once, and never read back. A write-only workbook, or
    another openpyxl than the one ``_rows`` reproduces, is written by openpyxl and
    :func:`normalise` corrects. Exporters write to the temporary path clskit gives them; the
    file is renamed into place by clskit, so this writes it in one go.
    """
    from openpyxl.writer.excel import ExcelWriter

    if book.read_only:  # what Workbook.save checks before it writes
        raise TypeError("Workbook is read-only")
    if book.write_only and not book.worksheets:
        book.create_sheet()
    buffer = io.BytesIO()
    book.properties.modified = dt.datetime.now(tz=dt.UTC).replace(tzinfo=None)
    if book.write_only or not SUPPORTED:
        ExcelWriter(book, zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED,
                                          allowZip64=True)).save()
        Path(path).write_bytes(normalise(buffer.getvalue()))
        return
    strings = Strings()
    archive = _Package(buffer, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
    archive.strings = strings
    BookWriter(book, archive, strings).save()
    Path(path).write_bytes(buffer.getvalue())


__all__ = ["normalise", "save"]
