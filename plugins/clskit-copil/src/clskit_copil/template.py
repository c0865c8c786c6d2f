"""The deck's template: the shipped default or a territory's own .pptx.

Layouts are recognised by their placeholders — types and indices — never by name, since
a territory's template may be in French, renamed, or reordered. Slides the template
carries (examples, a cover) are removed: the deck is made from its masters and layouts.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from attrs import frozen
from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.slide import SlideLayout

from clskit import ExportError
from clskit.templates import check_package

DEFAULT_TEMPLATE = Path(__file__).resolve().parent / "templates" / "default.pptx"

_TITLES = {PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE}
_TEXT = {PP_PLACEHOLDER.SUBTITLE, PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT}
_FURNITURE = {PP_PLACEHOLDER.DATE, PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.SLIDE_NUMBER}


@frozen
class Layouts:
    """The layouts the deck uses, found in the template."""

    cover: SlideLayout          # a title and a subtitle (or body): first and last slides
    content: SlideLayout        # a title and nothing else to fill: every other slide
    cover_title: int            # placeholder indices in those layouts
    cover_subtitle: int
    content_title: int


def _kinds(layout: SlideLayout) -> list[tuple[int, Any]]:
    placeholders: Any = layout.placeholders   # python-pptx's annotation of it misleads mypy
    return [(ph.placeholder_format.idx, ph.placeholder_format.type)
            for ph in placeholders if ph.placeholder_format.type not in _FURNITURE]


def _title_index(layout: SlideLayout) -> int | None:
    return next((idx for idx, kind in _kinds(layout) if kind in _TITLES), None)


def find_layouts(prs: Any, source: str) -> Layouts:
    """The cover and content layouts of ``prs``, or an ExportError saying what is missing."""
    cover: tuple[SlideLayout, int, int] | None = None
    content: tuple[SlideLayout, int] | None = None
    for layout in prs.slide_layouts:
        kinds = _kinds(layout)
        title = _title_index(layout)
        if title is None:
            continue
        texts = [idx for idx, kind in kinds if kind in _TEXT]
        centered = any(kind == PP_PLACEHOLDER.CENTER_TITLE for _, kind in kinds)
        if cover is None and texts and (centered or len(kinds) == 2):
            cover = (layout, title, texts[0])
        if content is None and len(kinds) == 1:
            content = (layout, title)
    missing = []
    if cover is None:
        missing.append("a title slide layout (a title and a subtitle placeholder)")
    if content is None:
        missing.append("a «title only» layout (a title placeholder and no other)")
    if missing:
        raise ExportError(f"the template {source} lacks {' and '.join(missing)}; "
                          "add it in PowerPoint (Masque des diapositives) or use the "
                          "default template")
    assert cover is not None and content is not None
    return Layouts(cover[0], content[0], cover[1], cover[2], content[1])


def open_template(path: str | os.PathLike[str] | None) -> tuple[Any, Layouts]:
    """The presentation to build on, emptied of its slides, and its layouts."""
    source = Path(path) if path else DEFAULT_TEMPLATE
    # A user's file: bounded and checked whole before python-pptx inflates any part of
    # it (a thumbnail inflating to 1 GiB, a truncated download; #13).
    check_package(source, "pptx")
    try:
        prs = Presentation(str(source))
    except Exception as exc:  # python-pptx raises several kinds for a broken package
        raise ExportError(f"template {source} cannot be opened as a .pptx: {exc}") from None
    layouts = find_layouts(prs, str(source))
    for slide_id in list(prs.slides._sldIdLst):
        prs.part.drop_rel(slide_id.rId)
        prs.slides._sldIdLst.remove(slide_id)
    return prs, layouts
