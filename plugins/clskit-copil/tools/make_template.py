"""Build the plugin's default template, ``src/clskit_copil/templates/default.pptx``.

    python plugins/clskit-copil/tools/make_template.py

It starts from python-pptx's own template, widens it to 16:9, keeps the layouts the deck
uses (title slide, title only, section header, blank), sets Arial as the theme's fonts
(LibreOffice renders it with the metric-compatible Liberation Sans, which the deck's
text measurements use), styles the titles and adds an accent band to the master.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.util import Emu, Inches

TARGET = Path(__file__).resolve().parent.parent / "src" / "clskit_copil" / "templates" / \
    "default.pptx"
WIDE = Emu(12192000)       # 13.333 in: PowerPoint's 16:9
HIGH = Emu(6858000)        # 7.5 in
NAVY = RGBColor(0x1F, 0x4E, 0x79)
ACCENT = RGBColor(0x2E, 0x75, 0xB6)
KEEP = {"Title Slide", "Title Only", "Section Header", "Blank"}


def main() -> None:
    prs = Presentation()
    scale = WIDE / prs.slide_width
    prs.slide_width, prs.slide_height = WIDE, HIGH
    master = prs.slide_master
    for layout in list(prs.slide_layouts):
        if layout.name not in KEEP:
            prs.slide_layouts.remove(layout)
    for shape in [*master.placeholders,
                  *(ph for layout in prs.slide_layouts for ph in layout.placeholders)]:
        shape.left, shape.width = int(shape.left * scale), int(shape.width * scale)
    # Content slides: a compact title band at the top, the body free below it.
    for layout in prs.slide_layouts:
        if layout.name == "Title Only":
            title = layout.placeholders[0]
            title.left, title.top = Inches(0.5), Inches(0.3)
            title.width, title.height = WIDE - Inches(1.0), Inches(0.85)
    _theme_fonts(prs, "Arial")
    _title_style(master)
    _accent_band(prs)
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    prs.core_properties.title = "Modèle clskit — support de COPIL"
    prs.core_properties.author = "clskit"
    prs.save(TARGET)
    print(f"wrote {TARGET}")


def _theme_fonts(prs: Presentation, family: str) -> None:
    theme = prs.slide_master.part.part_related_by(RT.THEME)
    xml = theme.blob.decode("utf-8")
    xml = re.sub(r'(<a:(?:major|minor)Font>\s*<a:latin typeface=")[^"]*(")',
                 rf"\g<1>{family}\g<2>", xml)
    theme._blob = xml.encode("utf-8")


def _title_style(master: object) -> None:
    element = master._element  # type: ignore[attr-defined]
    ns = {"p": "http://schemas.openxmlformats.org/presentationml/2006/main",
          "a": "http://schemas.openxmlformats.org/drawingml/2006/main"}
    for rpr in element.xpath("p:txStyles/p:titleStyle/a:lvl1pPr/a:defRPr"):
        rpr.set("sz", "2800")
        rpr.set("b", "1")
        for fill in rpr.xpath("a:solidFill"):
            rpr.remove(fill)
        fill = rpr.makeelement(f"{{{ns['a']}}}solidFill", {})
        clr = fill.makeelement(f"{{{ns['a']}}}srgbClr", {"val": str(NAVY)})
        fill.append(clr)
        rpr.insert(0, fill)
    for ppr in element.xpath("p:txStyles/p:titleStyle/a:lvl1pPr"):
        ppr.set("algn", "l")


def _accent_band(prs: Presentation) -> None:
    # Draw the band on a scratch slide, then move its XML into the master's shape tree:
    # python-pptx has no API to add shapes to a master.
    scratch = prs.slides.add_slide(prs.slide_layouts[-1])
    band = scratch.shapes.add_shape(MSO_SHAPE.RECTANGLE, 0, 0, WIDE, Inches(0.12))
    band.fill.solid()
    band.fill.fore_color.rgb = ACCENT
    band.line.fill.background()
    band.shadow.inherit = False
    tree = prs.slide_master.shapes._spTree
    tree.insert(2, copy.deepcopy(band._element))
    rid = prs.slides._sldIdLst[-1].rId
    prs.part.drop_rel(rid)
    del prs.slides._sldIdLst[-1]


if __name__ == "__main__":
    main()
