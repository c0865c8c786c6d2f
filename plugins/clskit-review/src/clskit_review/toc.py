"""The page of each heading, from the bookmarks of the PDF LibreOffice lays out.

LibreOffice exports the headings (outline levels) as PDF bookmarks, each pointing at
its page; its PDFs keep their object dictionaries uncompressed, so the bookmarks and
the page tree read with regular expressions — no PDF library, and no poppler, needed.
A bookmark's title is matched to a heading's text in order; the table of contents
then gets the page numbers a reader finds when the document is laid out.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from clskit_review.document import Heading

_OBJECT = re.compile(rb"(\d+)\s+0\s+obj\b(.*?)endobj", re.DOTALL)
_KIDS = re.compile(rb"/Type\s*/Pages\b.*?/Kids\s*\[([^\]]*)\]", re.DOTALL)
_KIDS_ANY = re.compile(rb"/Kids\s*\[([^\]]*)\]")
_TITLE = re.compile(rb"/Title\s*(<[0-9A-Fa-f\s]*>|\((?:\\.|[^\\)])*\))")
_DEST = re.compile(rb"/Dest\s*\[\s*(\d+)\s+0\s+R")


def _string(token: bytes) -> str:
    if token.startswith(b"<"):
        raw = bytes.fromhex(re.sub(rb"\s", b"", token[1:-1]).decode())
    else:
        raw = re.sub(rb"\\([nrtbf()\\])", lambda m: {b"n": b"\n", b"r": b"\r", b"t": b"\t",
                                                      b"b": b"\b", b"f": b"\f"}.get(
            m.group(1), m.group(1)), token[1:-1])
    if raw.startswith(b"\xfe\xff"):
        return raw[2:].decode("utf-16-be", errors="replace")
    return raw.decode("latin-1")


def normalised(text: str) -> str:
    """Letters and digits only, case and accents kept: what survives layout."""
    text = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in text if ch.isalnum())


def bookmarks(pdf: bytes) -> list[tuple[str, int]]:
    """(title, page number from 1) of every bookmark, in the file's order."""
    objects = {int(m.group(1)): m.group(2) for m in _OBJECT.finditer(pdf)}
    pages: list[int] = []

    def walk(number: int, depth: int = 0) -> None:
        body = objects.get(number, b"")
        kids = _KIDS_ANY.search(body)
        if kids and b"/Pages" in body and depth < 32:
            for ref in re.findall(rb"(\d+)\s+0\s+R", kids.group(1)):
                walk(int(ref), depth + 1)
        else:
            pages.append(number)

    root = next((n for n, body in objects.items() if _KIDS.search(body)
                 and b"/Parent" not in body), None)
    if root is None:
        return []
    walk(root)
    index = {number: i + 1 for i, number in enumerate(pages)}
    found = []
    for body in objects.values():
        title, dest = _TITLE.search(body), _DEST.search(body)
        if title and dest and b"/Parent" in body:
            page = index.get(int(dest.group(1)))
            if page is not None:
                found.append((_string(title.group(1)), page))
    return found


def heading_pages(pdf: bytes, headings: Sequence[Heading]) -> dict[str, int]:
    """The page of each heading (by anchor), matched to the bookmarks in order; a
    heading with no bookmark is left out (its entry then shows no number)."""
    marks = [(normalised(title), page) for title, page in bookmarks(pdf)]
    marks.sort(key=lambda m: m[1])
    out: dict[str, int] = {}
    at = 0
    for heading in headings:
        wanted = normalised(heading.text)
        for i in range(at, len(marks)):
            if marks[i][0] == wanted:
                out[heading.anchor] = marks[i][1]
                at = i + 1
                break
    return out


__all__ = ["bookmarks", "heading_pages", "normalised"]
