"""The reviews as LibreOffice lays them out: pages, headings, the table of contents.

Each example's DOCX is exported (its table of contents numbered by the LibreOffice
layout pass), converted to PDF by the shared harness, and read back with poppler:
more than one page, every FA heading in the text, every entry of the «Sommaire» carrying
the page its heading is found on, and no word outside its page.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import docx
import pytest
from support import CAMVS, CAPVM, MAUGES, review

from render import Converter, page_count, text_of_page, words_outside_page

pytestmark = pytest.mark.render

CASES = {
    "camvs-2021-T4": (CAMVS, {"period": "2021-Q4"}),
    "camvs-bilan-2021": (CAMVS, {"period": "2021"}),
    "capvm-bilan-2020": (CAPVM, {"period": "2020"}),
    "mauges": (MAUGES, {}),
}


def squeeze(text: str) -> str:
    """No whitespace: text as it survives line wrapping."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory, convert: Converter
             ) -> dict[str, tuple[Path, Path]]:
    folder = tmp_path_factory.mktemp("review-render")
    docs = {name: review(path, folder / f"{name}.docx", **window)
            for name, (path, window) in CASES.items()}
    pdfs = convert(*docs.values(), outdir=folder)
    return {name: (docs[name], pdf) for name, pdf in zip(docs, pdfs, strict=True)}


def headings(path: Path) -> list[str]:
    doc = docx.Document(str(path))
    return [p.text for p in doc.paragraphs
            if p.style is not None and p.style.name in ("Heading 1", "Heading 2")]


@pytest.mark.parametrize("name", list(CASES))
def test_pages_headings_and_toc(rendered: dict[str, tuple[Path, Path]], name: str) -> None:
    source, pdf = rendered[name]
    pages = page_count(pdf)
    assert pages > 1
    texts = [squeeze(text_of_page(pdf, n)) for n in range(1, pages + 1)]
    toc_page = next(i for i, t in enumerate(texts) if t.startswith(squeeze(
        text_of_page(pdf, 2).splitlines()[0])) and "Sommaire" in t)
    # The table's lines, each squeezed: an entry ends with its leader dots and number.
    toc = "\n".join(squeeze(line) for n in range(toc_page + 1, min(toc_page + 4, pages + 1))
                    for line in text_of_page(pdf, n).splitlines()) + "\n"
    titles = headings(source)
    assert titles
    at = toc_page + 1
    for title in titles:
        wanted = squeeze(title)
        spread = "\n?".join(re.escape(ch) for ch in wanted)     # wrapped over lines
        listed = re.search(spread + r"\n?\.{2,}(\d+)\n", toc)
        assert listed, f"{title!r} has no page number in the table of contents"
        found = next((i for i in range(at, pages) if wanted in texts[i]), None)
        assert found is not None, f"{title!r} is not on any page"
        assert int(listed.group(1)) == found + 1, title
        at = found
    assert words_outside_page(pdf, margin=1.0) == []


def test_the_fiche_headings_of_the_seed(rendered: dict[str, tuple[Path, Path]]) -> None:
    _, pdf = rendered["camvs-2021-T4"]
    text = squeeze(" ".join(text_of_page(pdf, n) for n in range(1, page_count(pdf) + 1)))
    for number in (2, 3, 4, 5, 9, 10):
        assert f"FICHEACTION{number}«" in text
    assert "FICHEACTION1«" not in text
    assert squeeze("le 7 décembre 2021 à 10 h 00") in text
    assert squeeze("les 4 et 18 novembre 2021") in text


def test_pdf_export(tmp_path: Path, soffice: str) -> None:
    target = review(CAMVS, tmp_path / "revue.pdf", period="2021-Q4")
    assert target.read_bytes().startswith(b"%PDF")
    assert page_count(target) > 5
    assert "FICHE ACTION 10" in " ".join(text_of_page(target, n) for n in (5, 6, 7))
