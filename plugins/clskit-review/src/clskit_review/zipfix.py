"""Same record, same bytes: the DOCX's archive entries and dates fixed.

python-docx stamps every archive entry with the clock; the file's properties are dated
by the review's day instead, and the entries by a fixed time. The default template's
``stylesWithEffects.xml`` (Word 2010's copy of the styles) is dropped: it would have to
repeat every style the review adds, and Word rebuilds it when it needs one; left stale,
the Office Open XML validator reports it as content Word may find unreadable.
"""

from __future__ import annotations

import io
import re
import zipfile

ZIP_TIME = (2000, 1, 1, 0, 0, 0)
_EFFECTS = "word/stylesWithEffects.xml"
_EFFECTS_TYPE = re.compile(rb'<Override PartName="/word/stylesWithEffects.xml"[^>]*/>')
_EFFECTS_REL = re.compile(rb'<Relationship [^>]*Target="stylesWithEffects.xml"[^>]*/>')
_STAMP = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")


def normalised(data: bytes, day_iso: str) -> bytes:
    stamp = f"{day_iso}T00:00:00Z".encode()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename == _EFFECTS:
                continue
            content = source.read(info.filename)
            if info.filename == "[Content_Types].xml":
                content = _EFFECTS_TYPE.sub(b"", content)
            elif info.filename == "word/_rels/document.xml.rels":
                content = _EFFECTS_REL.sub(b"", content)
            if info.filename == "docProps/core.xml":
                content = _STAMP.sub(rb"\g<1>" + stamp + rb"\g<2>", content)
            fixed = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            target.writestr(fixed, content)
    return out.getvalue()
