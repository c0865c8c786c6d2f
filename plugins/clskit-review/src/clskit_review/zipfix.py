"""Same record, same bytes: the DOCX's archive entries and dates fixed.

python-docx stamps every archive entry with the clock; the file's properties are dated
by the review's day instead, and the entries by a fixed time. The default template's
``stylesWithEffects.xml`` (Word 2010's copy of the styles) is dropped: it would have to
repeat every style the review adds, and Word rebuilds it when it needs one; left stale,
the Office Open XML validator reports it as content Word may find unreadable. Pictures
get drawing ids unique in the whole document: python-docx numbers them per part, so a
template's logo in the header and the governance diagram would both be ``1``.
"""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any

ZIP_TIME = (2000, 1, 1, 0, 0, 0)
_EFFECTS = "word/stylesWithEffects.xml"
_EFFECTS_TYPE = re.compile(rb'<Override PartName="/word/stylesWithEffects.xml"[^>]*/>')
_EFFECTS_REL = re.compile(rb'<Relationship [^>]*Target="stylesWithEffects.xml"[^>]*/>')
_STAMP = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")
_MARGINAL = re.compile(r"word/(header|footer)(\d+)\.xml")
_DOC_PR = re.compile(rb'(<wp:docPr\b[^>]*?\bid=")(\d+)(")')


def _unique_drawing_ids(name: str, content: bytes) -> bytes:
    """Drawing ids of a header or footer moved past the body's (10 000 and up, per
    part), so that no two pictures of the document share one."""
    found = _MARGINAL.fullmatch(name)
    if found is None:
        return content
    offset = (10_000 if found[1] == "header" else 20_000) + 100 * int(found[2])
    return _DOC_PR.sub(lambda m: m[1] + str(int(m[2]) + offset).encode() + m[3], content)


def _fixed(name: str, content: bytes, stamp: bytes) -> bytes:
    if name == "[Content_Types].xml":
        return _EFFECTS_TYPE.sub(b"", content)
    if name == "word/_rels/document.xml.rels":
        return _EFFECTS_REL.sub(b"", content)
    if name == "docProps/core.xml":
        return _STAMP.sub(rb"\g<1>" + stamp + rb"\g<2>", content)
    return _unique_drawing_ids(name, content)


def normalised(data: bytes, day_iso: str) -> bytes:
    """The DOCX ``data`` (as python-docx saves it) with its archive fixed."""
    stamp = f"{day_iso}T00:00:00Z".encode()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename == _EFFECTS:
                continue
            content = _fixed(info.filename, source.read(info.filename), stamp)
            fixed = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            target.writestr(fixed, content)
    return out.getvalue()


class _FixedWriter:
    """python-docx's package writer's file, writing each entry as :func:`normalised`
    rewrites it: the same archive, without compressing everything twice."""

    def __init__(self, stamp: bytes) -> None:
        self.buffer = io.BytesIO()
        self.zip = zipfile.ZipFile(self.buffer, "w", zipfile.ZIP_DEFLATED)
        self.stamp = stamp

    def write(self, uri: Any, blob: bytes) -> None:
        name = uri.membername
        fixed = zipfile.ZipInfo(name, date_time=ZIP_TIME)
        fixed.compress_type = zipfile.ZIP_DEFLATED
        fixed.external_attr = 0o600 << 16           # what ZipFile.writestr gives a name
        self.zip.writestr(fixed, _fixed(name, blob, self.stamp))

    def close(self) -> None:
        self.zip.close()


def save_normalised(doc: Any, day_iso: str) -> bytes:
    """``doc`` (a python-docx document) saved as :func:`normalised` would fix it.

    python-docx's package writer is driven part by part, as ``Document.save`` does,
    into a writer that fixes each entry as it goes; with a python-docx whose writer
    is not the one this was written for, the document is saved, then fixed."""
    steps: Any
    try:
        from docx.opc.pkgwriter import PackageWriter

        steps = (PackageWriter._write_content_types_stream, PackageWriter._write_pkg_rels,
                 PackageWriter._write_parts)
        package = doc.part.package
        parts = package.parts
    except (ImportError, AttributeError):
        steps = None
    if steps is None:
        buffer = io.BytesIO()
        doc.save(buffer)
        return normalised(buffer.getvalue(), day_iso)
    for part in parts:
        part.before_marshal()
    writer = _FixedWriter(f"{day_iso}T00:00:00Z".encode())
    content_types, package_rels, write_parts = steps
    content_types(writer, parts)
    package_rels(writer, package.rels)
    write_parts(writer, [p for p in parts if p.partname.membername != _EFFECTS])
    writer.close()
    return writer.buffer.getvalue()
