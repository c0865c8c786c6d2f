"""The CAPVM workbook as LibreOffice prints it: every fiche one page wide, its header
repeated on each of its pages, every word inside the page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from ars_support import CAPVM, write

import clskit
from render import Converter, page_count, text_of_page, words_outside_page

pytestmark = pytest.mark.render


@pytest.fixture(scope="module")
def pdf(tmp_path_factory: pytest.TempPathFactory, convert: Converter) -> Path:
    folder = tmp_path_factory.mktemp("ars-render")
    book = write(clskit.load(CAPVM), folder / "capvm.xlsx", period="2020")
    return convert.pdf(book, outdir=folder)


def test_every_word_is_inside_its_page(pdf: Path) -> None:
    assert words_outside_page(pdf) == []


def test_each_fiche_prints_on_pages_one_wide_with_its_header_and_footer(pdf: Path) -> None:
    pages_of: dict[str, list[int]] = {}
    for n in range(1, page_count(pdf) + 1):
        text = text_of_page(pdf, n)
        if m := re.match(r"\s*FICHE ACTION\s+(FA \d+)\s", text):
            pages_of.setdefault(m[1], []).append(n)
            # The footer names the contract and the fiche on every page of it.
            assert "CLS de la CAPVM 2019-2022" in text
            assert f"Fiche action {m[1]} — page" in text
    assert list(pages_of) == [f"FA {n}" for n in range(1, 17)]
    for code, pages in pages_of.items():
        # Fit to one page wide: a fiche runs down, never across (at most 2 pages tall).
        assert len(pages) <= 2, code
        first = text_of_page(pdf, pages[0])
        assert "Intitulé de l'action" in first and "PARTENAIRES ET PARTICIPATION" in first
