"""The DrawingML written as text reads back through python-pptx as what was meant."""

from __future__ import annotations

import io

from clskit_copil import _notes, _xml
from clskit_copil.template import open_template
from pptx import Presentation
from pptx.util import Pt

AWKWARD = 'a < b & "c" > d \'e\' — «f»'


def _reopened(prs) -> object:
    buffer = io.BytesIO()
    prs.save(buffer)
    return Presentation(io.BytesIO(buffer.getvalue()))


def _blank():
    prs, layouts = open_template(None)
    return prs, prs.slides.add_slide(layouts.content)


def test_shape_text_is_escaped_and_styled() -> None:
    prs, slide = _blank()
    run = _xml.run(AWKWARD, 13.5, font="Arial", color="1F4E79", bold=True)
    _xml.add_shape(slide, "roundRect", (0, 0, 914400, 457200), fill="DEEBF7",
                   line="2E75B6", adjust=0.1,
                   paragraphs=[_xml.paragraph([run, _xml.BREAK, run], align="ctr")])
    shape = _reopened(prs).slides[0].shapes[-1]
    paragraph = shape.text_frame.paragraphs[0]
    assert shape.text_frame.text == f"{AWKWARD}\v{AWKWARD}"
    assert paragraph.runs[0].font.size == Pt(13.5)
    assert paragraph.runs[0].font.bold is True
    assert str(paragraph.runs[0].font.color.rgb) == "1F4E79"
    assert shape.adjustments[0] == 0.1
    assert str(shape.fill.fore_color.rgb) == "DEEBF7"


def test_bullets_and_spacing() -> None:
    prs, slide = _blank()
    text = _xml.paragraph([_xml.run("item", 12, font="Arial", color="000000")],
                          space_after=6, bullet=("•", 228600, 228600))
    _xml.add_shape(slide, "rect", (0, 0, 914400, 457200), fill=None, line=None,
                   paragraphs=[text], text_box=True)
    shape = _reopened(prs).slides[0].shapes[-1]
    ppr = shape.text_frame.paragraphs[0]._p.pPr
    assert ppr.get("marL") == "228600" and ppr.get("indent") == "-228600"
    assert shape.text_frame.paragraphs[0].space_after == Pt(6)
    assert ppr.find(f"{{{_xml.A_NS}}}buChar").get("char") == "•"


def test_shape_ids_are_unique() -> None:
    prs, slide = _blank()
    for _ in range(3):
        _xml.add_shape(slide, "rect", (0, 0, 10, 10), fill=None, line=None)
    _xml.add_line(slide, (0, 0), (10, 10), color="000000", width=12700)
    ids = [shape.shape_id for shape in _reopened(prs).slides[0].shapes]
    assert len(ids) == len(set(ids))


def test_line_drawn_backwards_is_flipped() -> None:
    prs, slide = _blank()
    _xml.add_line(slide, (500, 400), (100, 100), color="C00000", width=25400, arrow=True)
    line = _reopened(prs).slides[0].shapes[-1]
    assert (line.begin_x, line.begin_y, line.end_x, line.end_y) == (500, 400, 100, 100)
    assert line.line.width == 25400


def test_table_rows() -> None:
    prs, slide = _blank()
    frame = slide.shapes.add_table(1, 1, 0, 0, 3000, 1000)
    cells = [_xml.cell([_xml.paragraph([_xml.run(AWKWARD, 12, font="Arial",
                                                 color="000000")])], "FFFFFF"),
             _xml.cell([], "DEEBF7")]
    _xml.set_rows(frame.table._tbl, [1000, 2000], [(400, cells), (600, cells)])
    table = _reopened(prs).slides[0].shapes[-1].table
    assert [c.width for c in table.columns] == [1000, 2000]
    assert [r.height for r in table.rows] == [400, 600]
    assert table.cell(1, 0).text == AWKWARD and table.cell(1, 1).text == ""


def test_notes_on_many_slides() -> None:
    prs, layouts = open_template(None)
    slides = [prs.slides.add_slide(layouts.content) for _ in range(4)]
    _notes.add_notes(prs, [(slides[0], "un"), (slides[2], f"deux\n\n{AWKWARD}"),
                           (slides[3], "trois")])
    back = _reopened(prs).slides
    assert [s.has_notes_slide for s in back] == [True, False, True, True]
    assert [back[i].notes_slide.notes_text_frame.text for i in (0, 2, 3)] == [
        "un", f"deux\n\n{AWKWARD}", "trois"]
    names = {back[i].notes_slide.part.partname for i in (0, 2, 3)}
    assert len(names) == 3
