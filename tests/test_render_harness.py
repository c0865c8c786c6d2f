"""The rendering harness itself: small decks, a .docx and a .xlsx, one LibreOffice start."""

from __future__ import annotations

import os
import struct
import sys
import time
import zipfile
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.presentation import Presentation as Deck
from pptx.util import Inches, Pt

from render import (
    EMU_PER_PT,
    Converter,
    RenderError,
    Word,
    overlapping_words,
    page_count,
    page_sizes,
    text_of_page,
    to_pdf,
    to_png,
    words,
    words_outside_page,
)

WIDTH, HEIGHT = Inches(13.333), Inches(7.5)  # 16:9, as the COPIL deck
OFF_RIGHT = "Ce texte déborde vers la droite du cadre"
OFF_BOTTOM = "dépassement sous le bas"


def _deck() -> Deck:
    deck = Presentation()
    deck.slide_width, deck.slide_height = WIDTH, HEIGHT
    return deck


def _text_box(deck: Deck, left: int, top: int, width: int, text: str) -> None:
    slide = deck.slides.add_slide(deck.slide_layouts[6])
    frame = slide.shapes.add_textbox(left, top, width, Inches(1)).text_frame
    frame.word_wrap = False
    frame.text = text
    frame.paragraphs[0].runs[0].font.size = Pt(24)


def make_good(path: Path) -> Path:
    deck = _deck()
    slide = deck.slides.add_slide(deck.slide_layouts[0])
    slide.shapes.title.text = "Comité de pilotage"
    slide.placeholders[1].text = "7 décembre 2021"
    slide = deck.slides.add_slide(deck.slide_layouts[1])
    slide.shapes.title.text = "Actions engagées"
    slide.placeholders[1].text = ("Accès aux droits et aux soins\nSanté mentale\n"
                                  "Prévention et promotion de la santé")
    deck.save(str(path))
    return path


def make_bad(path: Path) -> Path:
    deck = _deck()
    _text_box(deck, Inches(1), Inches(1), Inches(4), "Une diapositive sage")
    _text_box(deck, WIDTH - Inches(2), Inches(3), Inches(6), OFF_RIGHT)
    _text_box(deck, Inches(1), HEIGHT - Inches(0.15), Inches(6), OFF_BOTTOM)
    deck.save(str(path))
    return path


def make_overlap(path: Path) -> Path:
    deck = _deck()
    slide = deck.slides.add_slide(deck.slide_layouts[6])
    for text in ("Texte dessous", "Texte dessus"):
        box = slide.shapes.add_textbox(Inches(2), Inches(2), Inches(5), Inches(1))
        box.text_frame.text = text
    deck.save(str(path))
    return path


_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_DOC_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_OOXML = "application/vnd.openxmlformats-officedocument"


def _package(path: Path, parts: dict[str, tuple[str, str | None]]) -> Path:
    """A minimal OOXML package: parts by name as (XML, content type); the first is the main."""
    overrides = "".join(f'<Override PartName="/{name}" ContentType="{kind}"/>'
                        for name, (_, kind) in parts.items() if kind)
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            f'<Default Extension="xml" ContentType="application/xml"/>{overrides}</Types>'))
        z.writestr("_rels/.rels", (
            f'<Relationships xmlns="{_RELS}"><Relationship Id="rId1" '
            f'Type="{_DOC_REL}/officeDocument" Target="{next(iter(parts))}"/>'
            '</Relationships>'))
        for name, (content, _) in parts.items():
            z.writestr(name, content)
    return path


def make_docx(path: Path) -> Path:
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    return _package(path, {"word/document.xml": (
        f'<w:document xmlns:w="{w}"><w:body><w:p><w:r><w:t>Compte rendu du COPIL'
        '</w:t></w:r></w:p></w:body></w:document>',
        f"{_OOXML}.wordprocessingml.document.main+xml")})


def make_xlsx(path: Path) -> Path:
    s = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    return _package(path, {
        "xl/workbook.xml": (
            f'<workbook xmlns="{s}" xmlns:r="{_DOC_REL}"><sheets>'
            '<sheet name="Indicateurs" sheetId="1" r:id="rId1"/></sheets></workbook>',
            f"{_OOXML}.spreadsheetml.sheet.main+xml"),
        "xl/_rels/workbook.xml.rels": (
            f'<Relationships xmlns="{_RELS}"><Relationship Id="rId1" '
            f'Type="{_DOC_REL}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
            None),
        "xl/worksheets/sheet1.xml": (
            f'<worksheet xmlns="{s}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is>'
            '<t>Bénéficiaires</t></is></c></row><row r="2"><c r="A2"><v>229203</v></c></row>'
            '</sheetData></worksheet>',
            f"{_OOXML}.spreadsheetml.worksheet+xml"),
    })


@pytest.fixture(scope="module")
def pdfs(convert: Converter, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every source of this module converted with one LibreOffice start."""
    folder = tmp_path_factory.mktemp("harness")
    sources = [make_good(folder / "good.pptx"), make_bad(folder / "bad.pptx"),
               make_overlap(folder / "overlap.pptx"), make_docx(folder / "note.docx"),
               make_xlsx(folder / "table.xlsx")]
    return {p.stem: p for p in convert(*sources, outdir=folder / "pdf")}


@pytest.mark.render
class TestRendered:
    def test_one_page_per_slide(self, pdfs: dict[str, Path]) -> None:
        assert page_count(pdfs["good"]) == 2
        assert page_count(pdfs["bad"]) == 3
        assert page_count(pdfs["overlap"]) == 1

    def test_a_16_9_slide_is_a_page_of_960_by_540_points(self, pdfs: dict[str, Path]) -> None:
        size = (WIDTH / EMU_PER_PT, HEIGHT / EMU_PER_PT)
        # LibreOffice rounds the page to 1/100 mm: 12 192 000 EMU (960 pt) gives 960.009
        assert page_sizes(pdfs["good"]) == [pytest.approx(size, abs=0.05)] * 2

    def test_words_carry_page_and_box(self, pdfs: dict[str, Path]) -> None:
        found = words(pdfs["good"])
        assert [w.text for w in found if w.page == 1] == [
            "Comité", "de", "pilotage", "7", "décembre", "2021"]
        assert {w.page for w in found} == {1, 2}
        comite = found[0]
        assert 0 < comite.x_min < comite.x_max < comite.page_width
        assert 0 < comite.y_min < comite.y_max < comite.page_height

    def test_the_normal_deck_has_no_word_outside(self, pdfs: dict[str, Path]) -> None:
        assert words_outside_page(pdfs["good"]) == []
        assert overlapping_words(pdfs["good"]) == []

    def test_text_beyond_the_slide_is_reported(self, pdfs: dict[str, Path]) -> None:
        outside = words_outside_page(pdfs["bad"])
        right = [w for w in outside if w.page == 2]
        bottom = [w for w in outside if w.page == 3]
        assert right and bottom and {w.page for w in outside} == {2, 3}
        # pdftotext alone would drop these: the box was widened to see them.
        assert any(w.x_min > w.page_width for w in right)
        assert " ".join(w.text for w in right) in OFF_RIGHT
        assert all(w.y_max > w.page_height for w in bottom)
        # the words of the box still on the slide are not reported
        assert not {"Ce", "texte"} & {w.text for w in right}
        assert words_outside_page(pdfs["bad"], margin=1000) == []

    def test_text_drawn_over_text_is_reported(self, pdfs: dict[str, Path]) -> None:
        pairs = overlapping_words(pdfs["overlap"])
        assert {(a.text, b.text) for a, b in pairs} >= {("Texte", "Texte")}

    def test_text_of_page(self, pdfs: dict[str, Path]) -> None:
        assert text_of_page(pdfs["good"], 1).split() == [
            "Comité", "de", "pilotage", "7", "décembre", "2021"]
        assert "Santé mentale" in text_of_page(pdfs["good"], 2)
        with pytest.raises(RenderError, match="page"):
            text_of_page(pdfs["good"], 3)

    def test_docx_and_xlsx_convert_too(self, pdfs: dict[str, Path]) -> None:
        assert "Compte rendu du COPIL" in text_of_page(pdfs["note"], 1)
        table = text_of_page(pdfs["table"], 1)
        assert "Bénéficiaires" in table and "229203" in table

    def test_pages_as_png(self, pdfs: dict[str, Path], tmp_path: Path) -> None:
        pngs = to_png(pdfs["good"], tmp_path, dpi=50)
        assert [p.name for p in pngs] == ["good-1.png", "good-2.png"]
        header = pngs[0].read_bytes()[:24]
        assert header[:8] == b"\x89PNG\r\n\x1a\n"
        assert struct.unpack(">II", header[16:24]) == (667, 375)  # 960 × 540 pt at 50 dpi

    def test_the_session_profile_is_used(self, pdfs: dict[str, Path], lo_profile: Path) -> None:
        assert (lo_profile / "user").is_dir()


def _word(**box: float) -> Word:
    values = {"x_min": 10.0, "y_min": 10.0, "x_max": 20.0, "y_max": 20.0} | box
    return Word(page=1, text="mot", page_width=100.0, page_height=50.0, **values)


def test_word_outside_by_more_than_the_margin() -> None:
    assert not _word().outside()
    assert _word(x_max=100.5).outside()
    assert not _word(x_max=100.5).outside(margin=1)
    assert _word(y_min=-2).outside(margin=1)
    assert _word(y_max=51).outside()


@pytest.fixture
def fake_soffice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A stand-in for soffice whose body each test writes."""
    if sys.platform == "win32":
        pytest.skip("a shell script stands for soffice")
    script = tmp_path / "soffice"
    monkeypatch.setattr("render.soffice_path", lambda: str(script))
    return script


def _script(path: Path, body: str) -> None:
    path.write_text(f"#!/bin/sh\nPATH=/usr/bin:/bin\n{body}\n")
    path.chmod(0o755)


def test_a_failing_soffice_is_reported_with_its_stderr(
        fake_soffice: Path, tmp_path: Path) -> None:
    _script(fake_soffice, "echo 'Error: source file could not be loaded' >&2; exit 1")
    with pytest.raises(RenderError, match="source file could not be loaded"):
        to_pdf(make_overlap(tmp_path / "deck.pptx"), tmp_path)


def test_a_missing_pdf_is_an_error(fake_soffice: Path, tmp_path: Path) -> None:
    _script(fake_soffice, "echo 'nothing to say' >&2")
    with pytest.raises(RenderError, match=r"wrote no deck\.pdf(.|\n)*nothing to say"):
        to_pdf(make_overlap(tmp_path / "deck.pptx"), tmp_path)


def test_a_stuck_soffice_is_ended(fake_soffice: Path, tmp_path: Path) -> None:
    marker = tmp_path / "pid"
    _script(fake_soffice, f"echo $$ > {marker}; sleep 30")
    start = time.monotonic()
    with pytest.raises(RenderError, match=r"more than 0\.5 s"):
        to_pdf(make_overlap(tmp_path / "deck.pptx"), tmp_path, timeout=0.5)
    assert time.monotonic() - start < 10
    with pytest.raises(ProcessLookupError):
        os.kill(int(marker.read_text()), 0)


def test_two_sources_with_one_stem_are_refused(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    sources = [make_overlap(tmp_path / d / "deck.pptx") for d in ("a", "b")]
    with pytest.raises(ValueError, match="same PDF"):
        Converter(tmp_path / "profile")(*sources, outdir=tmp_path)
