"""Benchmark: a huge text through the COPIL deck — fitting is linear, a 5 MB text < 5 s.

    python benchmarks/bench_fit.py [--sizes 1,2,5] [--field name]

Issue #13: a 5 MB text with no space (the contract's name, a journal entry) took 49 s in
the deck, quadratic in ``clskit_copil.fit``'s line breaking (10 million calls). The deck
measures at most ``fit.MEASURED_CHARS`` characters of a paragraph exactly and estimates
the rest, and breaks a word wider than a line by bisection, so the time grows linearly.

For each size (in MB) and each kind of text (no space, words, one line per word), the
whole export of the Mauges example as of its meeting is timed in this process, with the
text in the field asked; the goal is under 5 s for 5 MB, and a time per MB that does not
grow with the size (linear).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import attrs

ROOT = Path(__file__).resolve().parent.parent
GOAL_SECONDS = 5.0
KINDS = {"no space": "x", "words": "mot ", "lines": "a\n"}


def contract_with(text: str, field: str) -> object:
    import clskit

    contract = clskit.load(ROOT / "examples" / "mauges")
    if field == "name":
        return attrs.evolve(contract, name=text)
    journal = contract.journal
    return attrs.evolve(contract, journal=[*journal[:-1], attrs.evolve(journal[-1], text=text)])


def timed(text: str, field: str, folder: Path) -> float:
    from clskit.plugins import export

    contract = contract_with(text, field)
    start = time.perf_counter()
    export("copil", contract, folder / "deck.pptx",  # type: ignore[arg-type]
           meeting="lancement-2022-03-16", force=True)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1,2,5", help="sizes in MB, comma-separated")
    parser.add_argument("--field", choices=["name", "journal"], default="name")
    args = parser.parse_args(argv)
    sizes = [float(s) for s in args.sizes.split(",")]
    worst = 0.0
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        timed("warm-up", args.field, folder)
        print(f"{'text':<10} {'MB':>5} {'seconds':>8} {'s per MB':>9}")
        for kind, unit in KINDS.items():
            for size in sizes:
                text = unit * int(size * 1_000_000 // len(unit))
                seconds = timed(text, args.field, folder)
                worst = max(worst, seconds) if size >= max(sizes) else worst
                print(f"{kind:<10} {size:>5.1f} {seconds:>8.2f} {seconds / size:>9.2f}")
    verdict = "ok" if worst < GOAL_SECONDS else "TOO SLOW"
    print(f"largest size: {worst:.2f} s at worst (goal < {GOAL_SECONDS:.0f} s): {verdict}")
    return 0 if worst < GOAL_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
