"""Speaker notes for many slides at the cost of one.

python-pptx makes each notes page by cloning the notes master's placeholders through its
object layer, a few milliseconds a slide. Here python-pptx makes the first page; the
others are copies of it with their own text, related to the same notes master and to
their slide exactly as python-pptx relates them.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from typing import Any
from xml.sax.saxutils import escape

from pptx.opc.constants import CONTENT_TYPE as CT
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.packuri import PackURI
from pptx.parts.slide import NotesSlidePart

from clskit_copil import _xml

_BODY = "./p:cSld/p:spTree/p:sp[p:nvSpPr/p:nvPr/p:ph[@type='body']]/p:txBody"


def _paragraphs(text: str) -> list[str]:
    return [f'<a:p><a:r><a:rPr lang="{_xml.LANG}"/><a:t>{escape(line)}</a:t></a:r></a:p>'
            if line else "<a:p/>" for line in text.split("\n")]


def add_notes(prs: Any, notes: Sequence[tuple[Any, str]]) -> None:
    """Give each (slide, text) its notes page; a "\\n" starts a paragraph."""
    if not notes:
        return
    first_slide, first_text = notes[0]
    model = first_slide.notes_slide._element  # made by python-pptx, the reference page
    body = model.xpath(_BODY)
    if not body:  # a notes master without a body placeholder: python-pptx's way throughout
        for slide, text in notes:
            slide.notes_slide.notes_text_frame.text = text
        return
    _xml.set_paragraphs(body[0], _paragraphs(first_text))
    package = prs.part.package
    master = prs.part.notes_master_part
    used = {str(part.partname) for part in package.iter_parts()}
    number = 0
    for slide, text in notes[1:]:
        number += 1
        while f"/ppt/notesSlides/notesSlide{number}.xml" in used:
            number += 1
        element = copy.deepcopy(model)
        _xml.set_paragraphs(element.xpath(_BODY)[0], _paragraphs(text))
        part = NotesSlidePart(PackURI(f"/ppt/notesSlides/notesSlide{number}.xml"),
                              CT.PML_NOTES_SLIDE, package, element)
        part.relate_to(master, RT.NOTES_MASTER)
        part.relate_to(slide.part, RT.SLIDE)
        slide.part.relate_to(part, RT.NOTES_SLIDE)
