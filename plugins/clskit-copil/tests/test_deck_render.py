"""The decks of the three examples, rendered by LibreOffice: one page per slide, every
word inside its page, no words drawn over each other."""

from __future__ import annotations

from pathlib import Path

import clskit_copil.plugin
import pytest
from pptx import Presentation
from render import Converter, overlapping_words, page_count, text_of_page, words_outside_page

import clskit
from clskit.plugins import export, load_plugins

ROOT = Path(__file__).resolve().parents[3]
EXAMPLES = ["melun-val-de-seine", "paris-vallee-de-la-marne", "mauges"]
WHEN = {"melun-val-de-seine": {"meeting": "2021-12-07"},
        "paris-vallee-de-la-marne": {"period": "2021"},
        "mauges": {"meeting": "2022-03-16"}}

pytestmark = pytest.mark.render


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory,
             convert: Converter) -> dict[str, tuple[Path, Path]]:
    plugins = load_plugins(installed=False)
    plugins.register(clskit_copil.plugin, "copil-test")
    folder = tmp_path_factory.mktemp("decks")
    decks = []
    for name in EXAMPLES:
        contract = clskit.load(ROOT / "examples" / name)
        decks.append(export("copil", contract, folder / f"{name}.pptx", using=plugins,
                            **WHEN[name]))
    pdfs = convert(*decks, outdir=folder)
    return {name: (deck, pdf) for name, deck, pdf in zip(EXAMPLES, decks, pdfs, strict=True)}


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


def test_camvs_pages_say_what_the_seed_says(rendered) -> None:
    _, pdf = rendered["melun-val-de-seine"]
    assert "Le 7 décembre 2021" in text_of_page(pdf, 1)
    every = "\n".join(text_of_page(pdf, n) for n in range(1, page_count(pdf) + 1))
    for phrase in ("Madame Hélène MARIE", "Laverie solidaire", "Vos droits en santé",
                   "groupes de travail", "MOTS DE CLÔTURE"):
        assert phrase in every, phrase
