"""DrawingML written as text, parsed once per shape.

python-pptx sets each font property through its object layer, a few hundred
microseconds per run; a deck has thousands of runs. The paragraphs, table rows and
shapes here are the same XML python-pptx would write, built as strings (every text
escaped) and parsed in one go with python-pptx's own parser, so the elements keep its
classes and the rest of its API still works on them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from lxml import etree
from pptx.oxml import parse_xml

A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
P_NS = "http://schemas.openxmlformats.org/presentationml/2006/main"
P_SP, P_TXBODY, A_BODYPR = f"{{{P_NS}}}sp", f"{{{P_NS}}}txBody", f"{{{A_NS}}}bodyPr"
_A = f'xmlns:a="{A_NS}"'
_AP = f'{_A} xmlns:p="{P_NS}"'
#: The time of every archive entry the deck writes, its own and its charts' workbooks':
#: the same input gives the same bytes.
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
LANG = "fr-FR"  # spell-checking in PowerPoint follows the run's language
BREAK = "<a:br/>"


def run(text: str, size: float, *, font: str, color: str, bold: bool = False,
        italic: bool = False) -> str:
    """One run: ``color`` is RRGGBB, ``size`` in points; ``text`` is escaped here."""
    return (f'<a:r><a:rPr lang="{LANG}" sz="{round(size * 100)}" b="{int(bold)}" '
            f'i="{int(italic)}"><a:solidFill><a:srgbClr val="{color}"/></a:solidFill>'
            f"<a:latin typeface={quoteattr(font)}/></a:rPr><a:t>{escape(text)}</a:t></a:r>")


def paragraph(runs: Iterable[str], *, align: str | None = None,
              space_after: float | None = None, bullet: tuple[str, int, int] | None = None,
              bullet_font: str = "Arial") -> str:
    """A paragraph of ``runs``; ``bullet`` is (character, left margin, hanging indent) in
    EMU; ``space_after`` in points."""
    attrs = f' algn="{align}"' if align else ""
    inner = ""
    if space_after is not None:
        inner += f'<a:spcAft><a:spcPts val="{round(space_after * 100)}"/></a:spcAft>'
    if bullet is not None:
        char, margin, indent = bullet
        attrs += f' marL="{margin}" indent="{-indent}"'
        inner += (f"<a:buFont typeface={quoteattr(bullet_font)}/>"
                  f"<a:buChar char={quoteattr(char)}/>")
    ppr = f"<a:pPr{attrs}>{inner}</a:pPr>" if attrs or inner else ""
    return f"<a:p>{ppr}{''.join(runs)}</a:p>"


def set_paragraphs(tx_body: Any, paragraphs: Sequence[str]) -> None:
    """Replace the paragraphs of a ``p:txBody`` or ``a:txBody`` element."""
    for old in tx_body.findall(f"{{{A_NS}}}p"):
        tx_body.remove(old)
    holder = parse_xml(f"<a:txBody {_A}>{''.join(paragraphs) or '<a:p/>'}</a:txBody>")
    tx_body.extend(list(holder))


def cell(paragraphs: Sequence[str], fill: str) -> str:
    """A table cell whose text wraps, on a solid ``fill``."""
    return (f'<a:tc><a:txBody><a:bodyPr wrap="square"/><a:lstStyle/>'
            f"{''.join(paragraphs) or '<a:p/>'}</a:txBody>"
            f'<a:tcPr><a:solidFill><a:srgbClr val="{fill}"/></a:solidFill></a:tcPr></a:tc>')


def spanning_cell(paragraphs: Sequence[str], fill: str, span: int) -> str:
    """A cell across ``span`` columns (a subheading row), and the cells it covers."""
    first = cell(paragraphs, fill).replace("<a:tc>", f'<a:tc gridSpan="{span}">', 1)
    covered = ('<a:tc hMerge="1"><a:txBody><a:bodyPr/><a:lstStyle/><a:p/></a:txBody>'
               "<a:tcPr/></a:tc>")
    return first + covered * (span - 1)


def set_rows(tbl: Any, widths: Sequence[int], rows: Sequence[tuple[int, Sequence[str]]]
             ) -> None:
    """Give an ``a:tbl`` its column ``widths`` and ``rows`` of (height, cells)."""
    grid = "".join(f'<a:gridCol w="{w}"/>' for w in widths)
    body = "".join(f'<a:tr h="{h}">{"".join(cells)}</a:tr>' for h, cells in rows)
    holder = parse_xml(f"<a:tbl {_A}><a:tblGrid>{grid}</a:tblGrid>{body}</a:tbl>")
    old_grid = tbl.find(f"{{{A_NS}}}tblGrid")
    for old in [old_grid, *tbl.findall(f"{{{A_NS}}}tr")]:
        if old is not None:
            tbl.remove(old)
    tbl.extend(list(holder))


def _line(color: str | None, width: int | None, dashed: bool, arrow: bool) -> str:
    if color is None:
        return "<a:ln><a:noFill/></a:ln>"
    w = f' w="{width}"' if width is not None else ""
    dash = '<a:prstDash val="dash"/>' if dashed else ""
    tail = '<a:tailEnd type="triangle" w="med" len="med"/>' if arrow else ""
    return f'<a:ln{w}><a:solidFill><a:srgbClr val="{color}"/></a:solidFill>{dash}{tail}</a:ln>'


# Compiled once: python-pptx's ``xpath`` compiles its expression on every call.
_IDS = etree.XPath("//@id")


def _next_id(tree: Any) -> int:
    """One more than the largest shape id of the slide, as python-pptx numbers shapes."""
    ids = [int(v) for v in _IDS(tree) if v.isdigit()]
    return max(ids, default=0) + 1


def add_shape(slide: Any, geometry: str, box: tuple[int, int, int, int], *,
              fill: str | None, line: str | None, line_width: int | None = None,
              dashed: bool = False, adjust: float | None = None,
              paragraphs: Sequence[str] = (), anchor: str = "ctr", wrap: bool = True,
              insets: tuple[int, int, int, int] | None = None, name: str = "Shape",
              text_box: bool = False) -> Any:
    """Add an autoshape (``rect``, ``roundRect``…) with its text to ``slide``.

    ``box`` is (left, top, width, height) in EMU, colours RRGGBB (None: no fill or no
    line), ``adjust`` the first adjustment (a fraction, as python-pptx takes it),
    ``insets`` the text margins (left, top, right, bottom) in EMU. A ``text_box`` is
    marked as one and grows with its text, as python-pptx's ``add_textbox`` makes them.
    """
    tree = slide.shapes._spTree
    shape_id = _next_id(tree)
    left, top, width, height = box
    guide = (f'<a:gd name="adj" fmla="val {round(adjust * 100000)}"/>'
             if adjust is not None else "")
    fill_xml = (f'<a:solidFill><a:srgbClr val="{fill}"/></a:solidFill>' if fill
                else "<a:noFill/>")
    body = f' wrap="{"square" if wrap else "none"}" rtlCol="0" anchor="{anchor}"'
    if insets is not None:
        body += ' lIns="{}" tIns="{}" rIns="{}" bIns="{}"'.format(*insets)
    kind = '<p:cNvSpPr txBox="1"/>' if text_box else "<p:cNvSpPr/>"
    grow = "<a:spAutoFit/>" if text_box else ""
    xml = (f'<p:sp {_AP}><p:nvSpPr><p:cNvPr id="{shape_id}" '
           f'name={quoteattr(f"{name} {shape_id - 1}")}/>{kind}<p:nvPr/></p:nvSpPr>'
           f'<p:spPr><a:xfrm><a:off x="{left}" y="{top}"/><a:ext cx="{width}" '
           f'cy="{height}"/></a:xfrm><a:prstGeom prst="{geometry}"><a:avLst>{guide}'
           f"</a:avLst></a:prstGeom>{fill_xml}{_line(line, line_width, dashed, False)}"
           f"<a:effectLst/></p:spPr><p:txBody><a:bodyPr{body}>{grow}</a:bodyPr><a:lstStyle/>"
           f"{''.join(paragraphs) or '<a:p/>'}</p:txBody></p:sp>")
    element = parse_xml(xml)
    tree.append(element)
    return element


def add_line(slide: Any, start: tuple[int, int], end: tuple[int, int], *, color: str,
             width: int, dashed: bool = False, arrow: bool = False) -> Any:
    """Add a straight connector from ``start`` to ``end`` (EMU), its arrow at ``end``."""
    tree = slide.shapes._spTree
    shape_id = _next_id(tree)
    (x1, y1), (x2, y2) = start, end
    flips = (' flipH="1"' if x2 < x1 else "") + (' flipV="1"' if y2 < y1 else "")
    xml = (f'<p:cxnSp {_AP}><p:nvCxnSpPr><p:cNvPr id="{shape_id}" '
           f'name="Connector {shape_id - 1}"/><p:cNvCxnSpPr/><p:nvPr/></p:nvCxnSpPr>'
           f'<p:spPr><a:xfrm{flips}><a:off x="{min(x1, x2)}" y="{min(y1, y2)}"/>'
           f'<a:ext cx="{abs(x2 - x1)}" cy="{abs(y2 - y1)}"/></a:xfrm>'
           f'<a:prstGeom prst="line"><a:avLst/></a:prstGeom>'
           f"{_line(color, width, dashed, arrow)}</p:spPr></p:cxnSp>")
    element = parse_xml(xml)
    tree.append(element)
    return element
