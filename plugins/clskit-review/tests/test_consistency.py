"""The review and the COPIL deck of the same window quote the same figures.

Both are exported through clskit for CAMVS 2021-Q4 and as of the COPIL of 7 December
2021; every key figure the deck shows on its tiles («3 revues trimestrielles
produites», «12/15 fiches action qui ont avancé»…) must be in the review with the same
number, and the review shows no key figure the deck does not.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from support import CAMVS, contract, docx_text, plugins

from clskit.plugins import export

pptx = pytest.importorskip("pptx")
copil = pytest.importorskip("clskit_copil.plugin")


def deck_tiles(path: Path) -> set[tuple[str, str]]:
    """(number, words) of every tile of the «Chiffres clés» slides."""
    found = set()
    for slide in pptx.Presentation(str(path)).slides:
        texts = [s.text_frame.text for s in slide.shapes if s.has_text_frame]
        if not any(t.startswith("Chiffres clés") for t in texts):
            continue
        for text in texts:
            m = re.fullmatch(r"(≥\u00a0)?(\d+(?:/\d+)?)\n(.+)", text)
            if m:
                found.add(((m.group(1) or "") + m.group(2), m.group(3)))
    return found


def review_figures(text: str, heading: str) -> set[tuple[str, str]]:
    """(number, words) of the review's figure list under ``heading``."""
    lines = text.split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith(heading))
    out = set()
    for line in lines[start + 1:]:
        m = re.fullmatch(r"(≥\u00a0)?(\d+(?:/\d+)?) (.+)", line)
        if not m:
            break
        out.add(((m.group(1) or "") + m.group(2), m.group(3)))
    return out


@pytest.mark.parametrize("window", [{"period": "2021-Q4"}, {"meeting": "copil-2021-12-07"}])
def test_review_and_deck_agree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                               window: dict[str, Any]) -> None:
    monkeypatch.setenv("CLSKIT_SOFFICE", "")
    manager = plugins()
    manager.register(copil, "copil")
    c = contract(CAMVS)
    deck = export("copil", c, tmp_path / "deck.pptx", using=manager, **window)
    review = export("review", c, tmp_path / "revue.docx", using=manager, **window)
    tiles = deck_tiles(deck)
    assert tiles, "the deck shows key figures"
    figures = review_figures(docx_text(review), "Les chiffres ")
    assert figures == tiles
    if "meeting" in window:
        assert ("12/15", "fiches action qui ont avancé") in figures
        assert ("7", "groupes de travail réunis") in figures
        assert ("3", "revues trimestrielles produites") in figures
    else:
        assert ("6/15", "fiches action qui ont avancé") in figures
        assert ("23", "habitants aux ateliers") in figures


def test_the_deck_annex_quotes_the_deck_of_the_copil(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """The Q4 review's annex shows what the COPIL of 7 December was shown: the figures
    of the deck made as of that meeting."""
    monkeypatch.setenv("CLSKIT_SOFFICE", "")
    manager = plugins()
    manager.register(copil, "copil")
    c = contract(CAMVS)
    deck = export("copil", c, tmp_path / "deck.pptx", using=manager,
                  meeting="copil-2021-12-07")
    review = export("review", c, tmp_path / "revue.docx", using=manager, period="2021-Q4")
    assert review_figures(docx_text(review), "Chiffres présentés") == deck_tiles(deck)
