"""Generate ``src/clskit_copil/_metrics.py``: Arial-compatible advance widths and line metrics.

The deck is set in Arial, which LibreOffice renders with Liberation Sans (same advance
widths by design). ``clskit_copil.fit`` must estimate text size without any font file or
Pillow at run time, so this script measures the glyphs once and writes plain Python data.

Usage (re-runnable; needs Pillow only)::

    python plugins/clskit-copil/tools/make_metrics.py [--font-dir DIR] [--output FILE]

Widths are measured with Pillow at 2048 px per em, which is the fonts' own unitsPerEm, so
each advance is an exact integer of font units before conversion to 1/1000 em. Characters
missing from Liberation Sans (U+202F, ✓, ✗) are measured in the font fontconfig falls back
to (DejaVu Sans), as LibreOffice would draw them from there.
"""

from __future__ import annotations

import argparse
import struct
import sys
import unicodedata
from pathlib import Path

from PIL import ImageFont

HERE = Path(__file__).resolve().parent
DEFAULT_OUTPUT = HERE.parent / "src" / "clskit_copil" / "_metrics.py"
DEFAULT_FONT_DIR = Path("/usr/share/fonts/truetype/liberation")
DEFAULT_FALLBACK_DIR = Path("/usr/share/fonts/truetype/dejavu")
# style: (Liberation Sans file, fallback file for glyphs Liberation Sans lacks)
STYLES = {
    "REGULAR": ("LiberationSans-Regular.ttf", "DejaVuSans.ttf"),
    "BOLD": ("LiberationSans-Bold.ttf", "DejaVuSans-Bold.ttf"),
}

# Printable Latin-1 + Latin Extended-A + the French and typographic extras of the deck.
EXTRAS = (
    "\u0152\u0153"  # Œ œ
    "\u2018\u2019\u201c\u201d"  # ‘ ’ “ ”
    "\u2026\u2013\u2014\u2022\u20ac"  # … – — • €
    "\u202f"  # narrow no-break space (French thin space before ; : ! ?)
    "\u2264\u2265\u2192\u2713\u2717"  # ≤ ≥ → ✓ ✗
    "\u2009\u2011"  # thin space, non-breaking hyphen
)
CHARSET = sorted(
    {chr(c) for c in range(0x20, 0x7F)} | {chr(c) for c in range(0xA0, 0x180)} | set(EXTRAS)
)
ZERO_WIDTH = {"\u00ad"}  # soft hyphen: invisible unless the line breaks there


def _table(path: Path, tag: bytes) -> bytes:
    """Return one sfnt table; enough for head/hhea without a fontTools dependency."""
    data = path.read_bytes()
    (num_tables,) = struct.unpack(">H", data[4:6])
    for i in range(num_tables):
        rec = data[12 + 16 * i : 28 + 16 * i]
        if rec[:4] == tag:
            offset, length = struct.unpack(">II", rec[8:16])
            return data[offset : offset + length]
    raise KeyError(f"{path.name}: no {tag!r} table")


def _cmap(path: Path) -> set[int]:
    """Code points of the font's (3,1) or (3,10) / (0,x) cmap subtables (formats 4 and 12)."""
    data = _table(path, b"cmap")
    (_, count) = struct.unpack(">HH", data[:4])
    points: set[int] = set()
    for i in range(count):
        platform, _encoding, offset = struct.unpack(">HHI", data[4 + 8 * i : 12 + 8 * i])
        if platform not in (0, 3):
            continue
        sub = data[offset:]
        (fmt,) = struct.unpack(">H", sub[:2])
        if fmt == 4:
            seg2 = struct.unpack(">H", sub[6:8])[0]
            ends = struct.unpack(f">{seg2 // 2}H", sub[14 : 14 + seg2])
            starts = struct.unpack(f">{seg2 // 2}H", sub[16 + seg2 : 16 + 2 * seg2])
            for start, end in zip(starts, ends, strict=True):
                if start != 0xFFFF:
                    points.update(range(start, end + 1))
        elif fmt == 12:
            (n_groups,) = struct.unpack(">I", sub[12:16])
            for g in range(n_groups):
                start, end, _ = struct.unpack(">III", sub[16 + 12 * g : 28 + 12 * g])
                points.update(range(start, end + 1))
    return points


def _line_metrics(path: Path) -> tuple[int, float, float, float]:
    """unitsPerEm and hhea ascender, descender, lineGap in 1/1000 em."""
    (upem,) = struct.unpack(">H", _table(path, b"head")[18:20])
    ascender, descender, line_gap = struct.unpack(">hhh", _table(path, b"hhea")[4:10])
    return upem, ascender * 1000 / upem, -descender * 1000 / upem, line_gap * 1000 / upem


def _widths(path: Path, fallback: Path | None) -> tuple[dict[str, float], dict[str, str]]:
    upem, *_ = _line_metrics(path)
    font = ImageFont.truetype(str(path), upem)
    cmap = _cmap(path)
    widths: dict[str, float] = {}
    sources: dict[str, str] = {}
    fb_font, fb_cmap, fb_upem = None, set(), 1
    if fallback is not None:
        fb_upem = _line_metrics(fallback)[0]
        fb_font, fb_cmap = ImageFont.truetype(str(fallback), fb_upem), _cmap(fallback)
    for ch in CHARSET:
        if ch in ZERO_WIDTH:
            widths[ch] = 0.0
        elif ord(ch) in cmap:
            widths[ch] = round(font.getlength(ch) * 1000 / upem, 3)
        elif fb_font is not None and fallback is not None and ord(ch) in fb_cmap:
            widths[ch] = round(fb_font.getlength(ch) * 1000 / fb_upem, 3)
            sources[ch] = fallback.stem
    return widths, sources


def _comment(ch: str) -> str:
    name = unicodedata.name(ch, f"U+{ord(ch):04X}")
    shown = ch if ch.isprintable() and not ch.isspace() else ""
    return f"{shown} {name}".strip()


def render(font_dir: Path, fallback_dir: Path) -> str:
    regular = font_dir / STYLES["REGULAR"][0]
    upem, ascent, descent, line_gap = _line_metrics(regular)
    out = [
        '"""Advance widths and line metrics of Liberation Sans (metric-compatible with Arial).',
        "",
        "GENERATED by tools/make_metrics.py from the Liberation Sans TTFs; do not edit by hand.",
        "Widths are in 1/1000 em keyed by code point; multiply by size/1000 for points.",
        '"""',
        "",
        "from typing import Final",
        "",
        f"# hhea line metrics of {regular.name} (unitsPerEm {upem}), in 1/1000 em.",
        f"ASCENT: Final = {ascent:.3f}",
        f"DESCENT: Final = {descent:.3f}",
        f"LINE_GAP: Final = {line_gap:.3f}",
    ]
    for style, (filename, fallback_name) in STYLES.items():
        fallback: Path | None = fallback_dir / fallback_name
        if fallback is None or not fallback.exists():
            print(f"warning: no {fallback}; U+202F, ✓, ✗ get the fallback width", file=sys.stderr)
            fallback = None
        widths, sources = _widths(font_dir / filename, fallback)
        widest = max(widths.items(), key=lambda kv: kv[1])
        out += [
            "",
            f"# Unknown characters: the widest measured glyph ({_comment(widest[0])}), to",
            "# over- rather than under-estimate a line.",
            f"FALLBACK_{style}: Final = {widest[1]:.3f}",
            "",
            f"# {filename}",
            f"{style}: Final[dict[int, float]] = {{",
        ]
        for ch, width in widths.items():
            src = f" (from {sources[ch]})" if ch in sources else ""
            out.append(f"    0x{ord(ch):04X}: {width:.3f},  # {_comment(ch)}{src}")
        out.append("}")
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--font-dir", type=Path, default=DEFAULT_FONT_DIR)
    parser.add_argument("--fallback-dir", type=Path, default=DEFAULT_FALLBACK_DIR)
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    args = parser.parse_args(argv)
    args.output.write_text(render(args.font_dir, args.fallback_dir), encoding="utf-8")
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
