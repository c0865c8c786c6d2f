"""The decks of the three examples, rendered by LibreOffice: one page per slide, every
word inside its page, no words drawn over each other."""

from __future__ import annotations

from pathlib import Path

import clskit_copil.plugin
import pytest
from pptx import Presentation

import clskit
from clskit.plugins import export, load_plugins
from render import (
    Converter,
    overlapping_words,
    page_count,
    text_of_page,
    words,
    words_outside_page,
)

ROOT = Path(__file__).resolve().parents[3]
# A deck's name → its example and window: the three examples, and CAMVS's first quarter
# (every body dashed, no meeting held yet; statuses not known).
DECKS = {"melun-val-de-seine": ("melun-val-de-seine", {"meeting": "2021-12-07"}),
         "paris-vallee-de-la-marne": ("paris-vallee-de-la-marne", {"period": "2021"}),
         "mauges": ("mauges", {"meeting": "2022-03-16"}),
         "melun-val-de-seine-2021-Q1": ("melun-val-de-seine", {"period": "2021-Q1"})}
EXAMPLES = list(DECKS)

pytestmark = pytest.mark.render


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory,
             convert: Converter) -> dict[str, tuple[Path, Path]]:
    plugins = load_plugins(installed=False)
    plugins.register(clskit_copil.plugin, "copil-test")
    folder = tmp_path_factory.mktemp("decks")
    decks = []
    for name in EXAMPLES:
        example, when = DECKS[name]
        contract = clskit.load(ROOT / "examples" / example)
        decks.append(export("copil", contract, folder / f"{name}.pptx", using=plugins,
                            **when))
    decks.append(_calibration(folder / "calibration.pptx"))
    pdfs = convert(*decks, outdir=folder)
    return {name: (deck, pdf) for name, deck, pdf in zip([*EXAMPLES, "calibration"], decks,
                                                          pdfs, strict=True)}


def _calibration(path: Path) -> Path:
    """One slide of the deck's own text boxes: a line at 10 pt and a line at 9.5 pt, to
    learn how tall pdftotext says a 10 pt word is (its box runs from the font's ascent
    to its descent, not the ink)."""
    from clskit_copil.canvas import Deck, Para, Rect
    from clskit_copil.template import open_template
    from pptx.util import Inches

    prs, layouts = open_template(None)
    deck = Deck(prs, layouts)
    slide, body = deck.slide("Calibrage")
    deck.text(slide, Rect(body.left, body.top, body.width, Inches(1)),
              [Para.of("dixpoints " * 8, size=10)])
    deck.text(slide, Rect(body.left, body.top + Inches(1.5), body.width, Inches(1)),
              [Para.of("neufpoints " * 8, size=9.5)])
    prs.save(str(path))
    return path


@pytest.fixture(scope="module")
def ten_points(rendered) -> float:
    """The height pdftotext gives a word set at 10 pt, less a hair for rounding; a word
    at 9.5 pt must fall below it, else the measure could not tell them apart."""
    _, pdf = rendered["calibration"]
    found = words(pdf)
    ten = min(w.height for w in found if w.text == "dixpoints")
    smaller = max(w.height for w in found if w.text == "neufpoints")
    threshold = ten - 0.25 * (ten - smaller)
    assert smaller < threshold < ten
    return threshold


@pytest.mark.parametrize("name", EXAMPLES)
def test_one_page_per_slide(rendered, name: str) -> None:
    deck, pdf = rendered[name]
    assert page_count(pdf) == len(Presentation(str(deck)).slides)


@pytest.mark.parametrize("name", EXAMPLES)
def test_every_word_inside_its_page(rendered, name: str) -> None:
    _, pdf = rendered[name]
    outside = words_outside_page(pdf)
    assert outside == [], [(w.page, w.text) for w in outside[:10]]


@pytest.mark.parametrize("name", EXAMPLES)
def test_no_words_drawn_over_each_other(rendered, name: str) -> None:
    _, pdf = rendered[name]
    clashes = overlapping_words(pdf)
    assert clashes == [], [(a.page, a.text, b.text) for a, b in clashes[:10]]


@pytest.mark.parametrize("name", EXAMPLES[:3])
def test_no_word_smaller_than_ten_points(rendered, ten_points: float, name: str) -> None:
    """A projected slide is read from the back of the room: nothing under 10 pt, tables,
    diagrams and charts included (what does not fit is summarised, its detail in the
    notes)."""
    _, pdf = rendered[name]
    small = [w for w in words(pdf) if w.height < ten_points]
    assert small == [], [(w.page, w.text, round(w.height, 2)) for w in small[:10]]


def test_camvs_pages_say_what_the_seed_says(rendered) -> None:
    _, pdf = rendered["melun-val-de-seine"]
    assert "Le 7 décembre 2021" in text_of_page(pdf, 1)
    every = "\n".join(text_of_page(pdf, n) for n in range(1, page_count(pdf) + 1))
    for phrase in ("Madame Hélène MARIE", "Laverie solidaire", "Vos droits en santé",
                   "groupes de travail", "MOTS DE CLÔTURE"):
        assert phrase in every, phrase


def _page_of(pdf: Path, heading: str) -> str:
    for n in range(1, page_count(pdf) + 1):
        text = text_of_page(pdf, n)
        if text.lstrip().startswith(heading) or f"\n{heading}" in text[:200]:
            return text
    raise AssertionError(f"no page titled {heading!r}")


def test_camvs_pages_count_the_meetings_of_the_window(rendered) -> None:
    _, pdf = rendered["melun-val-de-seine"]
    figures = " ".join(next(text_of_page(pdf, n) for n in range(1, page_count(pdf) + 1)
                            if "Chiffres clés" in text_of_page(pdf, n)).split())
    # pdftotext reads a row of tiles line by line: the numbers first, then the labels.
    assert "3 7 1 1 2 23 12/15" in figures
    for phrase in ("ont avancé", "habitants tenus", "COPIL tenu", "COTECH tenu"):
        assert phrase in figures, phrase
    governance = " ".join(_page_of(pdf, "Gouvernance du CLS").split())
    assert "2 réunions tenues" in governance and "réuni en 2021" in governance
    _, quarter = rendered["melun-val-de-seine-2021-Q1"]
    cover = text_of_page(quarter, 1)
    assert "Janvier à mars 2021" in cover and "Le 31 mars" not in cover
    governance = " ".join(_page_of(quarter, "Gouvernance du CLS").split())
    assert "réunion tenue" not in governance.replace("aucune réunion tenue", "")
    assert "réuni en" not in governance
