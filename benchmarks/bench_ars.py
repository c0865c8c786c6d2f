"""Benchmark: the CAPVM fiche workbook export against openpyxl writing the same cells.

    python benchmarks/bench_ars.py [--runs 7] [--example examples/paris-vallee-de-la-marne]
                                   [--period 2020]

The measured work is ``clskit.export("ars", contract, "fiches.xlsx")`` on a loaded
contract: the summary lists, one sheet per fiche, the «Contrat» sheet, their styles,
merged cells, row heights and print setup, and the package normalised so that Excel does
not rewrite it. The floor is what any workbook holding that content must pay: openpyxl
creating the same sheets, writing the same values into the same cells and saving —
no styles, no merges. Both run in this process, interleaved, after one warm-up each;
the medians are compared and the goal is a ratio of at most 2.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook

import clskit
from clskit.plugins import export

ROOT = Path(__file__).resolve().parent.parent
GOAL = 2.0


def cells_of(path: Path) -> list[tuple[str, list[tuple[int, int, Any]]]]:
    """Every non-empty cell of the workbook at ``path``, by sheet."""
    book = load_workbook(path)
    return [(ws.title, [(c.row, c.column, c.value) for row in ws.iter_rows() for c in row
                        if c.value is not None]) for ws in book.worksheets]


def floor(cells: list[tuple[str, list[tuple[int, int, Any]]]], out: Path) -> None:
    book = Workbook()
    book.remove(book.active)
    for title, values in cells:
        ws = book.create_sheet(title)
        for row, column, value in values:
            ws.cell(row=row, column=column, value=value)
    book.save(out)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--example", default=str(ROOT / "examples" / "paris-vallee-de-la-marne"))
    parser.add_argument("--period", default=None, help="add the yearly bilan (e.g. 2020)")
    args = parser.parse_args()
    contract = clskit.load(args.example)
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        target = folder / "fiches.xlsx"
        export("ars", contract, target, period=args.period)  # warm-up, and the cells
        cells = cells_of(target)
        floor(cells, folder / "floor.xlsx")
        ours, base = [], []
        for _ in range(args.runs):
            start = time.perf_counter()
            export("ars", contract, target, period=args.period)
            ours.append(time.perf_counter() - start)
            start = time.perf_counter()
            floor(cells, folder / "floor.xlsx")
            base.append(time.perf_counter() - start)
    count = sum(len(v) for _, v in cells)
    ratio = statistics.median(ours) / statistics.median(base)
    print(f"{len(cells)} sheets, {count} cells, {args.runs} runs")
    pairs = sorted(o / b for o, b in zip(ours, base, strict=True))
    print(f"clskit export ars : {statistics.median(ours) * 1000:7.1f} ms (median; "
          f"{min(ours) * 1000:.1f}–{max(ours) * 1000:.1f})")
    print(f"openpyxl floor    : {statistics.median(base) * 1000:7.1f} ms (median; "
          f"{min(base) * 1000:.1f}–{max(base) * 1000:.1f})")
    print(f"ratio             : {ratio:.2f} (goal ≤ {GOAL:.0f}; run by run "
          f"{pairs[0]:.2f}–{pairs[-1]:.2f})")
    return 0 if ratio <= GOAL else 1


if __name__ == "__main__":
    sys.exit(main())
