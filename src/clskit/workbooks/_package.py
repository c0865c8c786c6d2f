"""Save an openpyxl workbook as a package Excel opens without «repairing» or rewriting.

openpyxl 3.1 writes two things the Office Open XML validator (the Open XML SDK's rules,
which Excel follows) reports: every text as an inline string, which Excel moves into a
shared-strings table on its next save (rewriting the file a coordinator sends on), and
the children of ``<font>`` in an order the SDK's schema refuses (``name`` before ``sz``).
:func:`save` writes the package openpyxl makes with both corrected: texts in
``xl/sharedStrings.xml``, font properties in schema order. Nothing else is touched.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import zipfile
from pathlib import Path
from typing import Any

#: A text cell as openpyxl writes it, from its type on: ``<c r="A1" s="3" `` comes
#: before. Anchored on the literal type, and the text (escaped: no ``<`` in it) read up to
#: the next tag, so the scan does not backtrack.
_INLINE = re.compile(
    r't="inlineStr"([^>]*)><is><t(?: xml:space="preserve")?>([^<]*)</t></is></c>')
_INLINE_EMPTY = re.compile(
    r'<c ([^>]*?)t="inlineStr"([^>]*)>(?:<is>(?:<t(?: [^>]*)?/>|<t(?: [^>]*)?></t>)?</is>)?</c>')
_FONT = re.compile(r"<font>(.*?)</font>", re.S)
_CHILD = re.compile(r"<(\w+)\b[^>]*?(?:/>|>.*?</\1>)", re.S)
#: CT_Font's children in the order of the SDK's schema.
_FONT_ORDER = ("b", "i", "strike", "condense", "extend", "outline", "shadow", "u",
               "vertAlign", "sz", "color", "name", "family", "charset", "scheme")
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_SST_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"
_SST_CONTENT = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"


def _ordered_font(match: re.Match[str]) -> str:
    children = [m.group(0) for m in _CHILD.finditer(match.group(1))]
    rank = {name: i for i, name in enumerate(_FONT_ORDER)}

    def key(child: str) -> int:
        found = _CHILD.match(child)
        return rank.get(found.group(1) if found else "", len(rank))

    return "<font>" + "".join(sorted(children, key=key)) + "</font>"


class _Strings:
    def __init__(self) -> None:
        self.index: dict[str, int] = {}
        self.uses = 0

    def cell(self, match: re.Match[str]) -> str:
        self.uses += 1
        index = self.index
        number = index.get(match[2])
        if number is None:
            number = index[match[2]] = len(index)
        return f't="s"{match[1]}><v>{number}</v></c>'

    def part(self) -> str:
        items = "".join(
            f'<si><t xml:space="preserve">{text}</t></si>' if text != text.strip() or
            "\n" in text else f"<si><t>{text}</t></si>" for text in self.index)
        return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="{_MAIN}" '
                f'count="{self.uses}" uniqueCount="{len(self.index)}">{items}</sst>')


def normalise(package: bytes) -> bytes:
    """``package`` (an .xlsx openpyxl wrote) with shared strings and ordered fonts."""
    strings = _Strings()
    with zipfile.ZipFile(io.BytesIO(package)) as source:
        parts = {info.filename: source.read(info.filename) for info in source.infolist()}
        infos = source.infolist()
    if "xl/sharedStrings.xml" in parts:  # already a table: leave the strings as they are
        strings = None  # type: ignore[assignment]
    for name, content in parts.items():
        if strings is not None and name.startswith("xl/worksheets/") and \
                name.endswith(".xml"):
            text = _INLINE.sub(strings.cell, content.decode("utf-8"))
            if 'inlineStr"' in text:  # an empty text is an empty cell
                text = _INLINE_EMPTY.sub(
                    lambda m: f"<c {m.group(1)}{m.group(2)}".rstrip() + "/>", text)
            parts[name] = text.encode("utf-8")
        elif name == "xl/styles.xml":
            parts[name] = _FONT.sub(_ordered_font, content.decode("utf-8")).encode("utf-8")
    names = [info.filename for info in infos]
    if strings is not None and strings.index:
        parts["xl/sharedStrings.xml"] = strings.part().encode("utf-8")
        names.append("xl/sharedStrings.xml")
        types = parts["[Content_Types].xml"].decode("utf-8")
        parts["[Content_Types].xml"] = types.replace(
            "</Types>", f'<Override PartName="/xl/sharedStrings.xml" '
                        f'ContentType="{_SST_CONTENT}"/></Types>').encode("utf-8")
        rels = parts["xl/_rels/workbook.xml.rels"].decode("utf-8")
        used = {int(n) for n in re.findall(r'Id="rId(\d+)"', rels)}
        rid = f"rId{max(used, default=0) + 1}"
        parts["xl/_rels/workbook.xml.rels"] = rels.replace(
            "</Relationships>", f'<Relationship Id="{rid}" Type="{_SST_TYPE}" '
                                f'Target="sharedStrings.xml"/></Relationships>').encode("utf-8")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in names:
            target.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)),
                            parts[name], zipfile.ZIP_DEFLATED)
    return out.getvalue()


def save(book: Any, path: str | os.PathLike[str]) -> None:
    """Save the openpyxl ``book`` at ``path`` as :func:`normalise` corrects it.

    Exporters write to the temporary path clskit gives them; the file is renamed into
    place by clskit, so this writes it in one go. openpyxl writes its package here
    uncompressed, as :func:`normalise` reads every part and compresses the package once.
    """
    from openpyxl.writer.excel import ExcelWriter

    if book.read_only:  # what Workbook.save checks before it writes
        raise TypeError("Workbook is read-only")
    if book.write_only and not book.worksheets:
        book.create_sheet()
    buffer = io.BytesIO()
    book.properties.modified = dt.datetime.now(tz=dt.timezone.utc).replace(tzinfo=None)
    ExcelWriter(book, zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED, allowZip64=True)).save()
    Path(path).write_bytes(normalise(buffer.getvalue()))


__all__ = ["normalise", "save"]
