"""Look at a deck's pages: PDF and PNG pages, and any word drawn off a page.

    python plugins/clskit-copil/tools/look.py DECK.pptx OUTDIR [--dpi 50] [--margin 0]

Converts DECK (.pptx, .docx, .xlsx; a .pdf is used as it is) with LibreOffice into
OUTDIR, writes one PNG per page, prints their paths, the page count and every word
beyond a page's edge; open the PNGs with any image viewer. Exit status: 0, or 1 when a
word is off a page, or 2 when the tools are missing or the conversion fails.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "tests"))
from render import RenderError, missing_tools, page_count, to_pdf, to_png, words_outside_page


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("deck", type=Path, help="a .pptx (or .docx, .xlsx, .pdf)")
    parser.add_argument("outdir", type=Path, help="where the PDF and the PNG pages go")
    parser.add_argument("--dpi", type=int, default=50, help="PNG resolution (default 50)")
    parser.add_argument("--margin", type=float, default=0.0,
                        help="points a word may go beyond the page unreported (default 0)")
    args = parser.parse_args(argv)
    needed = [t for t in missing_tools() if t != "soffice" or args.deck.suffix != ".pdf"]
    if needed:
        print(f"look: missing {', '.join(needed)} (LibreOffice, poppler-utils)",
              file=sys.stderr)
        return 2
    try:
        pdf = args.deck if args.deck.suffix == ".pdf" else to_pdf(args.deck, args.outdir)
        pngs = to_png(pdf, args.outdir, dpi=args.dpi)
        outside = words_outside_page(pdf, margin=args.margin)
        count = page_count(pdf)
    except (RenderError, FileNotFoundError) as exc:
        print(f"look: {exc}", file=sys.stderr)
        return 2
    for png in pngs:
        print(png)
    print(f"{pdf}: {count} page{'s' if count != 1 else ''}")
    for w in outside:
        print(f"page {w.page}: {w.text!r} at x {w.x_min:.1f}–{w.x_max:.1f}, "
              f"y {w.y_min:.1f}–{w.y_max:.1f}: outside the page "
              f"({w.page_width:.1f} × {w.page_height:.1f} pt)")
    if outside:
        print(f"{len(outside)} word{'s' if len(outside) != 1 else ''} outside a page")
    return 1 if outside else 0


if __name__ == "__main__":
    sys.exit(main())
