"""Generate the worked example of a territory's own Word template,
``examples/territoire.docx``, from the default one — what a coordinator does in Word:

- restyle: headings in green and Georgia, a coloured band under the title;
- a logo in the header (a placeholder picture drawn here) and their own footer text;
- their cover: the service's name above the contract's, the period in words;
- reorder: the fiches action first, then the COPIL, the democracy part, then the rest
  (``{{ section.deployment }}``, ``{{ section.bodies }}``, ``{{ section.participation }}``,
  ``{{ sections }}``) and no annexes (``{{ section.annexes }}`` is left out on purpose:
  a marker placed nowhere… is simply not there, so the annexes go with ``sections``).

Run from the repository root: ``python plugins/clskit-review/tools/make_example_template.py``.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt, RGBColor
from PIL import Image, ImageDraw, ImageFont

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from make_template import build, paragraph_style, set_font  # noqa: E402

GREEN = RGBColor(0x2E, 0x7D, 0x32)
TARGET = HERE.parent / "examples" / "territoire.docx"


def logo() -> bytes:
    image = Image.new("RGB", (360, 120), "white")
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((4, 4, 356, 116), 24, fill="#2E7D32")
    try:
        face = ImageFont.truetype("LiberationSans-Bold.ttf", 44)
    except OSError:
        face = ImageFont.load_default(44)
    draw.text((180, 60), "Territoire", fill="white", font=face, anchor="mm")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def main(target: Path = TARGET) -> Path:
    base = build(target)            # the default template, then the territory's changes
    doc = docx.Document(str(base))
    for name, size in (("Heading 1", 17), ("Heading 2", 13), ("Title", 26)):
        s = paragraph_style(doc, name)
        s.font.name = "Georgia"
        s.font.color.rgb = GREEN
        s.font.size = Pt(size)
    set_font(paragraph_style(doc, "Revue – chapeau"), 10.5, bold=True, colour=GREEN)
    set_font(paragraph_style(doc, "Caption"), 9.5, bold=True, colour=GREEN)

    body = doc.element.body
    for p in list(doc.paragraphs):
        if p.text.strip() in {"{{ toc }}", "{{ sections }}"}:
            body.remove(p._p)
    cover = doc.paragraphs[0]
    service = cover.insert_paragraph_before("Service Santé — Direction de la Cohésion sociale")
    service.alignment = WD_ALIGN_PARAGRAPH.CENTER
    service.runs[0].font.color.rgb = GREEN
    service.runs[0].bold = True
    for text in ("{{ toc }}", "{{ section.deployment }}", "{{ section.bodies }}",
                 "{{ section.participation }}", "{{ sections }}"):
        doc.add_paragraph(text)

    section = doc.sections[0]
    header = section.header.paragraphs[0]
    header.text = ""
    header.add_run().add_picture(io.BytesIO(logo()), width=Cm(2.4))
    header.add_run("    {{ short_name }} — {{ title }}").font.size = Pt(8.5)
    first = section.first_page_header.paragraphs[0]
    first.add_run().add_picture(io.BytesIO(logo()), width=Cm(4))
    footer = section.footer.paragraphs[0]
    footer.insert_paragraph_before("Document de travail — diffusion aux partenaires du CLS") \
        .runs[0].font.size = Pt(8)
    doc.core_properties.title = "Revue du CLS — modèle du territoire"
    doc.save(str(target))
    return target


if __name__ == "__main__":
    print(main(Path(sys.argv[1]) if len(sys.argv) > 1 else TARGET))
