"""Text measurement and pagination (``clskit_copil.fit``): no font file, no LibreOffice.

Reference widths were measured once with Pillow on the Liberation Sans TTFs (sum of
per-character advances at 2048 px/em, scaled to the size; the kerned whole-string length
where it differs). The LibreOffice calibration at the end runs only where soffice is.
"""

from __future__ import annotations

import importlib.util
import itertools
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from clskit_copil import _metrics, fit
from clskit_copil.fit import (
    LINE_PITCH_EM,
    SAFETY,
    WIDTH_SLACK,
    Column,
    Continuation,
    Font,
    Frame,
    RowPages,
    line_height,
    paginate_items,
    paginate_rows,
    row_height,
    shrink_to_fit,
    text_height,
    text_width,
    wrap,
)
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

PLUGIN = Path(__file__).resolve().parents[1]
FONT_DIR = Path("/usr/share/fonts/truetype/liberation")
PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# --- strategies ------------------------------------------------------------------------------

LETTERS = "abcdefghijklmnopqrstuvwxyzéèêëàâçîïôûùœ" + "ACDEÉLMNOPRSTVWŒ"
word = st.text(LETTERS, min_size=1, max_size=12)
long_word = st.text(LETTERS, min_size=15, max_size=40)
token = st.one_of(
    word,
    word,
    word,
    st.lists(word, min_size=2, max_size=3).map("-".join),  # Val-de-Seine
    word.map(lambda w: "d’" + w),
    word.map(lambda w: w + ","),
    word.map(lambda w: w + "\u00a0:"),  # French no-break space before a colon
    st.sampled_from(["2021", "10\u202f%", "«", "»", "–", "—", "…", "(axe", "1)", "✓", "→"]),
    long_word,
)
separator = st.sampled_from([" "] * 8 + ["  ", "\n", " \n"])
french = st.lists(st.tuples(token, separator), max_size=50).map(
    lambda pairs: "".join(t + s for t, s in pairs).rstrip(" ")
)
sizes = st.sampled_from([8, 9, 10, 10.5, 11, 12, 14, 16, 18, 20, 24, 28, 32, 40])
fonts = st.builds(Font, sizes, st.booleans())
widths = st.floats(min_value=20, max_value=700)


def squeeze(text: str) -> str:
    return "".join(text.split())


# --- widths ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "font", "pillow"),
    [
        ("Comité de pilotage", Font(18), 150.0908),
        ("Contrat Local de Santé", Font(12), 122.748),
        ("Ordre du jour", Font(24, bold=True), 153.3398),
        ("Œuvre « accès » – 10\u00a0% … ≥ →", Font(10), 142.7686),
        ("AVANT-PROJET WAVE", Font(18, bold=True), 199.0107),  # kerned: 193.0166
    ],
)
def test_widths_match_pillow(text: str, font: Font, pillow: float) -> None:
    assert text_width(text, font) == pytest.approx(pillow, abs=0.01)


def test_kerning_is_ignored_so_widths_err_wide() -> None:
    # Pillow/raqm with GPOS kerning measures 193.0166 pt: the estimate must not be narrower.
    assert text_width("AVANT-PROJET WAVE", Font(18, bold=True)) > 193.0166


def test_width_scales_with_size_and_bold_is_wider() -> None:
    assert text_width("pilotage", Font(24)) == pytest.approx(2 * text_width("pilotage", Font(12)))
    assert text_width("pilotage", Font(12, bold=True)) > text_width("pilotage", Font(12))


def test_unknown_characters_get_the_widest_glyph() -> None:
    font = Font(10)
    assert text_width("漢", font) == pytest.approx(_metrics.FALLBACK_REGULAR / 100)
    assert text_width("漢", font) >= max(text_width(c, font) for c in "MW@—")


def test_text_width_of_several_lines_is_the_widest() -> None:
    font = Font(12)
    assert text_width("a\nlonger line\nb", font) == text_width("longer line", font)
    assert text_width("", font) == 0


def test_metrics_cover_latin1_extended_a_and_french_typography() -> None:
    wanted = {*range(0x20, 0x7F), *range(0xA0, 0x180)} | {ord(c) for c in "œŒ’‘“”«»…–—•€≥≤→✓✗"}
    wanted |= {0x202F, 0x00A0}
    for table in (_metrics.REGULAR, _metrics.BOLD):
        assert wanted <= table.keys()
        assert all(w > 0 for cp, w in table.items() if cp != 0xAD)  # soft hyphen is invisible
    assert _metrics.REGULAR[ord("\u00a0")] == _metrics.REGULAR[ord(" ")]


def test_runtime_needs_neither_pillow_nor_python_pptx() -> None:
    code = "import sys, clskit_copil.fit; print(sorted({'PIL', 'pptx'} & set(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


@pytest.mark.skipif(
    not (FONT_DIR / "LiberationSans-Regular.ttf").exists(), reason="Liberation fonts missing"
)
def test_generated_metrics_are_up_to_date() -> None:
    spec = importlib.util.spec_from_file_location("make_metrics", PLUGIN / "tools/make_metrics.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    generated = module.render(FONT_DIR, module.DEFAULT_FALLBACK_DIR)
    assert generated == (PLUGIN / "src/clskit_copil/_metrics.py").read_text(encoding="utf-8")


def test_font_rejects_a_non_positive_size() -> None:
    with pytest.raises(ValueError, match="positive"):
        Font(0)


# --- wrap ------------------------------------------------------------------------------------


def test_wrap_breaks_at_spaces_greedily() -> None:
    font = Font(18)
    text = "Le comité de pilotage du Contrat Local de Santé réunit les signataires"
    lines = wrap(text, font, 200)
    assert lines == ["Le comité de pilotage du", "Contrat Local de Santé", "réunit les signataires"]


def test_wrap_breaks_after_a_hyphen_and_keeps_it() -> None:
    font = Font(18)
    limit = text_width("Agglomération Melun Val-", font) / (1 - WIDTH_SLACK) + 1
    assert wrap("Agglomération Melun Val-de-Seine", font, limit) == [
        "Agglomération Melun Val-",
        "de-Seine",
    ]
    # Not before a digit: "2021-2025" stays whole.
    assert wrap("période 2021-2025", font, text_width("période 2021-", font) + 5) == [
        "période",
        "2021-2025",
    ]


def test_wrap_keeps_french_punctuation_with_its_word() -> None:
    font = Font(12)
    limit = text_width("une question", font) + 2  # " ?" would overflow
    assert wrap("une question ?", font, limit) == ["une", "question ?"]
    # Guillemets stay with their words: no break after « nor before ».
    limit = text_width("dit « texte", font) + 2
    assert wrap("dit « texte » ici", font, limit) == ["dit", "« texte »", "ici"]


def test_wrap_cuts_an_over_long_word_by_characters() -> None:
    font = Font(18)
    lines = wrap("axe Anticonstitutionnellement a", font, 60)
    assert lines[0] == "axe"  # the long word starts a line of its own, then is cut
    assert "".join(lines[1:]) == "Anticonstitutionnellement a"
    assert all(text_width(line, font) <= 60 for line in lines)
    assert lines[-1].endswith(" a")  # the word's tail shares its line with what follows
    assert wrap("W", font, 1) == ["W"]  # a character wider than the line still comes out


def test_wrap_keeps_explicit_line_breaks_and_empty_lines() -> None:
    font = Font(12)
    assert wrap("a\nb", font, 300) == ["a", "b"]
    assert wrap("a\n\nb\n", font, 300) == ["a", "", "b", ""]
    assert wrap("a\vb\r\nc", font, 300) == ["a", "b", "c"]
    assert wrap("", font, 300) == [""]


def test_wrap_drops_the_spaces_a_line_ends_on() -> None:
    font = Font(12)
    lines = wrap("un  deux   trois", font, text_width("un  deux", font) + 1)
    assert lines == ["un  deux", "trois"]


def test_wrap_rejects_a_non_positive_width() -> None:
    with pytest.raises(ValueError, match="positive"):
        wrap("x", Font(12), 0)


@PROPERTY
@given(french, fonts, widths)
def test_wrap_never_exceeds_the_width(text: str, font: Font, width: float) -> None:
    for line in wrap(text, font, width):
        assert len(line) == 1 or text_width(line, font) <= width + 1e-6


@PROPERTY
@given(french, fonts, widths)
def test_wrap_keeps_every_character_in_order(text: str, font: Font, width: float) -> None:
    lines = wrap(text, font, width)
    assert squeeze("".join(lines)) == squeeze(text)
    assert all(line == line.rstrip(" ") for line in lines)


@PROPERTY
@given(french, fonts, widths)
def test_wrap_keeps_hard_breaks(text: str, font: Font, width: float) -> None:
    per_paragraph = [line for part in text.split("\n") for line in wrap(part, font, width)]
    assert wrap(text, font, width) == per_paragraph


@PROPERTY
@given(st.lists(word, min_size=1, max_size=40), fonts, widths)
def test_wrap_is_greedy(words: list[str], font: Font, width: float) -> None:
    """Lines are runs of whole words, and the next line's first word would not have fitted."""
    limit = width * (1 - WIDTH_SLACK)
    assume(all(text_width(w, font) <= limit for w in words))
    lines = wrap(" ".join(words), font, width)
    assert [w for line in lines for w in line.split(" ")] == words
    for line, after in itertools.pairwise(lines):
        assert text_width(f"{line} {after.split(' ')[0]}", font) > limit


@PROPERTY
@given(french, fonts, widths, widths)
def test_a_wider_box_never_needs_more_lines(text: str, font: Font, a: float, b: float) -> None:
    narrow, wide = sorted((a, b))
    assert len(wrap(text, font, wide)) <= len(wrap(text, font, narrow))


# --- heights ---------------------------------------------------------------------------------


def test_line_height_is_the_calibrated_pitch() -> None:
    # LibreOffice 7.4 measured: 21.6 pt at 18 pt, 28.8 at 24, 32.4 at 18 pt × 1.5.
    assert line_height(Font(18)) == pytest.approx(21.6)
    assert line_height(Font(24, bold=True)) == pytest.approx(28.8)
    assert line_height(Font(18), 1.5) == pytest.approx(32.4)
    assert line_height(Font(18), 0.9) == pytest.approx(19.44)
    assert LINE_PITCH_EM == 1.2


def test_text_height_counts_lines_paragraph_gaps_and_safety() -> None:
    font = Font(18)
    assert text_height("un", font, 300, safety=1) == pytest.approx(21.6)
    assert text_height("un\ndeux", font, 300, paragraph_space=6, safety=1) == pytest.approx(49.2)
    assert text_height("un\vdeux", font, 300, paragraph_space=6, safety=1) == pytest.approx(43.2)
    assert text_height("un", font, 300) == pytest.approx(21.6 * SAFETY)
    long = "Le comité de pilotage du Contrat Local de Santé réunit les signataires"
    assert text_height(long, font, 200, safety=1) == pytest.approx(3 * 21.6)


def test_frame_insets_default_to_python_pptx() -> None:
    frame = Frame(300, 200)
    assert (frame.inner_width, frame.inner_height) == (pytest.approx(285.6), pytest.approx(192.8))


def test_row_height_is_the_tallest_cell_plus_margins() -> None:
    font = Font(12)
    cells = ["Axe 1", "Accès aux soins de premier recours et coordination", "2021"]
    cols = [80.0, 200.0, 60.0]
    expected = 2 * 14.4 + 7.2  # the middle cell takes two lines
    assert row_height(cells, cols, font, safety=1) == pytest.approx(expected)
    assert row_height(cells, [Column(w) for w in cols], font, safety=1) == pytest.approx(expected)
    assert row_height(["a\nb\nc", ""], [100, 100], font, safety=1) == pytest.approx(3 * 14.4 + 7.2)
    with pytest.raises(ValueError, match="columns"):
        row_height(["a"], [10, 20], font)


# --- paginate_items --------------------------------------------------------------------------


def _page_height(page: list[str], font: Font, frame: Frame, indent: float, gap: float) -> float:
    lines = sum(len(wrap(part, font, frame.inner_width - indent)) for part in page)
    return (lines * line_height(font) + max(len(page) - 1, 0) * gap) * SAFETY


items_strategy = st.lists(french, max_size=25)


@PROPERTY
@given(
    items_strategy,
    st.builds(Font, st.sampled_from([10, 12, 14, 18, 24])),
    st.floats(100, 800),
    st.floats(40, 500),
)
def test_paginate_items_keeps_items_in_order_within_the_frame(
    items: list[str], font: Font, width: float, height: float
) -> None:
    frame = Frame(width, height)
    pages = paginate_items(items, font, frame)
    assert pages
    flat = [part for page in pages for part in page]
    heads = [part for part in flat if not isinstance(part, Continuation)]
    assert len(heads) == len(items)
    # Rebuild each item from its head and continuations.
    rebuilt: list[str] = []
    for part in flat:
        if isinstance(part, Continuation):
            rebuilt[-1] += part
        else:
            rebuilt.append(part)
    assert [squeeze(r) for r in rebuilt] == [squeeze(i) for i in items]
    one_line = line_height(font) * SAFETY <= frame.inner_height
    for page in pages:
        assert page or not items
        if one_line:
            assert _page_height(page, font, frame, 18.0, 6.0) <= frame.inner_height + 1e-6
    # Items that fit an empty page are never cut.
    for item in items:
        if _page_height([item], font, frame, 18.0, 6.0) <= frame.inner_height:
            assert item in flat


def test_paginate_items_moves_an_item_whole_to_the_next_page() -> None:
    font = Font(18)
    frame = Frame(400, 3 * 21.6 * SAFETY + 2 * 6 * SAFETY + 7.2 + 0.01)  # three one-liners
    items = ["un", "deux", "trois", "quatre", "cinq"]
    assert paginate_items(items, font, frame) == [["un", "deux", "trois"], ["quatre", "cinq"]]


def test_paginate_items_splits_an_item_taller_than_a_page_between_lines() -> None:
    font = Font(18)
    frame = Frame(300, 4 * 21.6 * SAFETY + 7.2 + 0.01)  # four lines a page
    long = " ".join(["coordination des acteurs du territoire"] * 6)
    pages = paginate_items(["court", long], font, frame)
    assert pages[0][0] == "court"
    assert not isinstance(pages[0][1], Continuation)
    assert all(isinstance(page[0], Continuation) for page in pages[1:])
    assert squeeze("".join(pages[0][1:] + [p for page in pages[1:] for p in page])) == squeeze(long)


def test_paginate_items_without_items_is_one_empty_page() -> None:
    assert paginate_items([], Font(12), Frame(300, 200)) == [[]]


# --- paginate_rows ---------------------------------------------------------------------------


def _row_page_height(
    page: list[int], rows: list[list[str]], cols: list[float], font: Font, header: list[str] | None
) -> float:
    height = sum(row_height(rows[i], cols, font) for i in page)
    if header is not None:
        height += row_height(header, cols, Font(font.size, bold=True))
    return height


cells = st.text(LETTERS + " ", max_size=80)


@PROPERTY
@given(
    st.integers(1, 3).flatmap(
        lambda n: st.tuples(
            st.lists(st.lists(cells, min_size=n, max_size=n), max_size=30),
            st.lists(st.floats(40, 300), min_size=n, max_size=n),
        )
    ),
    st.builds(Font, st.sampled_from([9, 10, 12, 14, 18])),
    st.floats(60, 500),
    st.booleans(),
    st.none() | st.floats(0, 500),
)
def test_paginate_rows_covers_each_row_once_in_order(
    table: tuple[list[list[str]], list[float]],
    font: Font,
    available: float,
    with_header: bool,
    first: float | None,
) -> None:
    rows, cols = table
    header = ["En-tête"] * len(cols) if with_header else None
    header_h = row_height(header, cols, Font(font.size, True)) if header else 0.0
    assume(available > header_h)
    pages = paginate_rows(rows, cols, font, available, header=header, first_page_height=first)
    assert isinstance(pages, RowPages)
    assert [i for page in pages for i in page] == list(range(len(rows)))
    for number, page in enumerate(pages):
        limit = first if number == 0 and first is not None else available
        if not page:  # only a first page too low for the first row
            assert not rows or (number == 0 and first is not None)
        elif any(i in pages.too_tall for i in page):
            assert len(page) == 1  # a page of its own, which it overflows
            assert _row_page_height(page, rows, cols, font, header) > limit
        else:
            assert _row_page_height(page, rows, cols, font, header) <= limit + 1e-6


def test_paginate_rows_repeats_the_header_on_each_page() -> None:
    font = Font(12)
    cols = [100.0, 200.0]
    rows = [["Axe", f"Action {i}"] for i in range(10)]
    one = row_height(rows[0], cols, font)
    header_h = row_height(["Axe", "Action"], cols, Font(12, bold=True))
    available = 4 * one + 0.01
    assert paginate_rows(rows, cols, font, available) == [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]
    with_header = paginate_rows(rows, cols, font, available + header_h, header=["Axe", "Action"])
    assert with_header == [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]
    without_room = paginate_rows(rows, cols, font, available, header=["Axe", "Action"])
    assert [len(page) for page in without_room] == [3, 3, 3, 1]


def test_paginate_rows_first_page_and_min_row_height() -> None:
    font = Font(12)
    rows = [["a"], ["b"], ["c"], ["d"]]
    pages = paginate_rows(rows, [100.0], font, 100, first_page_height=45, min_row_height=30)
    assert pages == [[0], [1, 2, 3]]
    # The first row does not fit the first page at all: the table starts on the next one.
    assert paginate_rows(rows, [100.0], font, 100, first_page_height=10) == [[], [0, 1, 2, 3]]


def test_paginate_rows_gives_an_over_tall_row_a_page_of_its_own() -> None:
    font = Font(12)
    cols = [150.0]
    rows = [["court"], [" ".join(["mot"] * 200)], ["court"], ["court"]]
    pages = paginate_rows(rows, cols, font, 200, header=["Titre"])
    assert pages == [[0], [1], [2, 3]]
    assert pages.too_tall == (1,)
    assert paginate_rows(rows[:1], cols, font, 200).too_tall == ()


def test_paginate_rows_needs_room_below_the_header() -> None:
    with pytest.raises(ValueError, match="no room"):
        paginate_rows([["a"]], [100.0], Font(12), 10, header=["Titre"])


# --- shrink_to_fit ---------------------------------------------------------------------------


def test_shrink_to_fit_picks_the_largest_half_point_size() -> None:
    frame = Frame(400, 60)
    text = "Comité de pilotage du Contrat Local de Santé de Melun Val-de-Seine"
    font = shrink_to_fit(text, frame, max_size=40, min_size=8, bold=True)
    assert font is not None and font.bold
    assert (font.size * 2).is_integer()
    assert text_height(text, font, frame.inner_width) <= frame.inner_height
    bigger = Font(font.size + 0.5, bold=True)
    assert text_height(text, bigger, frame.inner_width) > frame.inner_height
    assert shrink_to_fit("Titre", frame, max_size=20, min_size=8) == Font(20)
    assert shrink_to_fit(text * 20, frame, max_size=20, min_size=12) is None
    with pytest.raises(ValueError, match="min_size"):
        shrink_to_fit("x", frame, max_size=8, min_size=12)


@PROPERTY
@given(french, st.floats(80, 600), st.floats(30, 300), st.floats(0, 200), st.floats(0, 200))
def test_shrink_to_fit_is_monotonic(
    text: str, width: float, height: float, more_w: float, more_h: float
) -> None:
    small = shrink_to_fit(text, Frame(width, height), max_size=32, min_size=8)
    large = shrink_to_fit(text, Frame(width + more_w, height + more_h), max_size=32, min_size=8)
    if small is not None:
        assert large is not None and large.size >= small.size
    longer = shrink_to_fit(text + " suite du texte", Frame(width, height), max_size=32, min_size=8)
    if longer is not None:
        assert small is not None and small.size >= longer.size


# --- calibration against LibreOffice (optional) ----------------------------------------------

CALIBRATION = (
    "Le comité de pilotage réunit les signataires du contrat local de santé : la ville, "
    "l’agence régionale de santé, la caisse primaire d’assurance maladie et le conseil "
    "départemental. Il valide la programmation annuelle, suit les indicateurs de chaque "
    "fiche action et arbitre les priorités du territoire, de la santé mentale à l’accès "
    "aux soins de premier recours, en passant par la prévention et la périnatalité."
)
# Boxes where LibreOffice 7.4 breaks exactly where ``wrap`` does (at 14 pt bold × 300 pt
# it fits one line fewer, thanks to kerning: ``wrap`` may only err by an extra line).
CALIBRATION_BOXES = [(Font(18), 400.0), (Font(14, bold=True), 400.0)]


def _rendered_lines(pdf: Path, page: int) -> list[tuple[float, str]]:
    html = subprocess.run(
        ["pdftotext", "-bbox-layout", "-f", str(page), "-l", str(page), str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    found = re.findall(r'<line xMin="[\d.]+" yMin="([\d.]+)"[^>]*>(.*?)</line>', html, re.S)
    return [(float(y), " ".join(re.findall(r">([^<]*)</word>", body))) for y, body in found]


@pytest.mark.render
@pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftotext") is None,
    reason="LibreOffice or poppler-utils missing",
)
def test_calibration_against_libreoffice(tmp_path: Path) -> None:
    from pptx import Presentation
    from pptx.enum.text import MSO_AUTO_SIZE
    from pptx.util import Pt

    prs = Presentation()
    for font, width in CALIBRATION_BOXES:
        slide = prs.slides.add_slide(prs.slide_layouts[6])
        box = slide.shapes.add_textbox(Pt(20), Pt(20), Pt(width), Pt(400))
        frame = box.text_frame
        frame.word_wrap = True
        frame.auto_size = MSO_AUTO_SIZE.NONE
        run = frame.paragraphs[0].add_run()
        run.text = CALIBRATION
        run.font.size = Pt(font.size)
        run.font.bold = font.bold
        run.font.name = "Arial"
    pptx = tmp_path / "calibration.pptx"
    prs.save(str(pptx))
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(pptx),
        ],
        capture_output=True,
        check=True,
        timeout=300,
    )
    for page, (font, width) in enumerate(CALIBRATION_BOXES, start=1):
        inner = Frame(width, 400).inner_width
        rendered = _rendered_lines(tmp_path / "calibration.pdf", page)
        estimated = wrap(CALIBRATION, font, inner)
        assert [squeeze(text) for _, text in rendered] == [squeeze(line) for line in estimated]
        pitches = [b[0] - a[0] for a, b in itertools.pairwise(rendered)]
        assert max(pitches) == pytest.approx(line_height(font), abs=0.05)
        rendered_height = len(rendered) * (sum(pitches) / len(pitches))
        assert rendered_height <= text_height(CALIBRATION, font, inner)


def _break_positions_by_character(text: str) -> list[int]:
    """The line-breaking rules as first written, one character at a time: the
    reference the regular expressions of fit._break_positions must agree with."""
    positions: list[int] = []
    last_ink = ""
    for i in range(1, len(text)):
        prev, cur = text[i - 1], text[i]
        if prev != " ":
            last_ink = prev
        if cur == " " or cur in fit._NO_BREAK_BEFORE:
            continue
        if prev == " ":
            if last_ink and last_ink not in fit._OPENERS:
                positions.append(i)
        elif ((prev in fit._DASHES or (prev == "-" and not cur.isdigit()))
              and i >= 2 and text[i - 2] != " "):
            positions.append(i)
    return positions


@given(st.text(alphabet=st.sampled_from([*" -–—a1«»(.:;!?’é", "x"]), max_size=40))
@settings(max_examples=500, deadline=None)
def test_break_positions_follow_the_rules(text: str) -> None:
    assert fit._break_positions(text) == _break_positions_by_character(text)


def test_break_positions_examples() -> None:
    text = "« Rencontres de la santé » : 2020-2025, péri-urbain — ici -5 %"
    # None after «, before » or :, nor inside 2020-2025 or before -5.
    assert [text[i:i + 4] for i in fit._break_positions(text)] == [
        "de l", "la s", "sant", "2020", "péri", "urba", "— ic", "ici ", "-5 %"]
