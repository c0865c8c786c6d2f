"""Text of any document clskit writes, as a reader (or a search) would find it.

Used by the redaction test and the fuzzing of every exporter: Office files (pptx, docx,
xlsx) give the text of every XML part — slides, speaker notes, headers and footers,
cells, document properties, the workbooks embedded behind charts — paragraph by
paragraph, so a name split across runs is still found; HTML and XML are unescaped;
iCalendar is unfolded and unescaped; anything else is read as UTF-8 text.
"""

from __future__ import annotations

import html
import io
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

from lxml import etree

OFFICE = {".pptx", ".docx", ".xlsx", ".xlsm"}
#: Elements whose text reads as one line (paragraphs, cells, properties).
_BLOCKS = {"p", "si", "c", "is", "t"}


def _xml_texts(data: bytes) -> Iterator[str]:
    try:
        root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, huge_tree=True))
    except etree.XMLSyntaxError:
        yield data.decode("utf-8", "replace")
        return
    # Paragraph by paragraph (runs joined: a name may be split across runs), and the
    # whole part in one piece, whatever its structure.
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        local = etree.QName(element).localname
        if local in _BLOCKS:
            yield "".join(element.itertext())
    yield " ".join(root.itertext())
    for value in (v for e in root.iter() if isinstance(e.tag, str) for v in e.attrib.values()):
        if not value.isdigit():
            yield value   # descriptions, titles and names set as attributes (alt text)


def office_texts(data: bytes) -> Iterator[str]:
    """Every text of an OOXML package, nested packages included."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        for info in package.infolist():
            content = package.read(info)
            name = info.filename.lower()
            if name.endswith((".xml", ".rels", ".vml")):
                yield from _xml_texts(content)
            elif Path(name).suffix in OFFICE:
                yield from office_texts(content)
            elif name.endswith((".txt", ".csv", ".svg", ".html")):
                yield content.decode("utf-8", "replace")


def ics_text(data: bytes) -> str:
    unfolded = re.sub(r"\r?\n[ \t]", "", data.decode("utf-8"))
    return (unfolded.replace("\\n", "\n").replace("\\N", "\n").replace("\\,", ",")
            .replace("\\;", ";").replace("\\\\", "\\"))


def texts(path: Path) -> list[str]:
    """The texts of the document at ``path``, by its extension."""
    data = path.read_bytes()
    suffix = path.suffix.lower()
    if suffix in OFFICE:
        return list(office_texts(data))
    if suffix == ".ics":
        return [ics_text(data)]
    if suffix in {".svg", ".graphml", ".gexf", ".xml"}:
        return [*_xml_texts(data), html.unescape(data.decode("utf-8", "replace"))]
    if suffix in {".html", ".htm"}:
        return [html.unescape(data.decode("utf-8"))]
    if suffix in {".png", ".pdf"}:
        return []
    return [data.decode("utf-8")]


def normalised(text: str) -> str:
    """Case folded, spaces of any kind collapsed: how a search for a name reads."""
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split()).casefold()
