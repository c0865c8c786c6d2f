"""Benchmark: the whole ``clskit export review`` command against the floor of any DOCX.

    python benchmarks/bench_review.py [--runs 5] [--example examples/melun-val-de-seine]
                                      [--period 2021-Q4]

The floor is what any python-docx document of that size must pay: a Python start,
importing python-docx, opening the same template and writing as many paragraphs and
tables (with as many cells) as the review has, and a picture of the same size, then
saving. The measured work is the command a coordinator types, ``clskit export review
… -o revue.docx --option toc=fields``: load, check, snapshot, every section, the
governance diagram, the atomic write — without the LibreOffice layout pass, which is
timed on its own (``toc=auto``, a LibreOffice start) and reported beside. The command
paints the governance diagram in a forked child on Linux (``clskit_review.background``);
the same command in one process (``CLSKIT_NO_FORK=1``) is timed too and reported
beside, for a machine with a single core. Each run is
a fresh interpreter; runs are interleaved after one untimed warm-up of each, medians
compared; the goal is a ratio of at most 2 for the DOCX without the pass.

Both sides run with bytecode caching on, in a private cache (``PYTHONPYCACHEPREFIX``).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _timing import CommandFailed, timed

ROOT = Path(__file__).resolve().parent.parent
GOAL = 2.0

FLOOR = """\
import sys
import docx
from docx.shared import Cm
template, paragraphs, tables, cells, picture, out = sys.argv[1:7]
doc = docx.Document(template)
for _ in range(int(paragraphs)):
    doc.add_paragraph("Le Comité de Pilotage du CLS s'est réuni le 7 décembre 2021.")
per = max(int(cells) // max(int(tables), 1), 1)
for _ in range(int(tables)):
    table = doc.add_table(rows=max(per // 4, 1), cols=4)
    for cell in table._cells:
        cell.text = "7 décembre 2021"
if picture:
    doc.add_picture(picture, width=Cm(16))
doc.save(out)
"""


def shape(path: Path, folder: Path) -> tuple[int, int, int, str]:
    """Paragraphs, tables, cells of the review, and its picture saved to a file."""
    import docx

    doc = docx.Document(str(path))
    cells = sum(len(t._cells) for t in doc.tables)
    picture = ""
    for rel in doc.part.rels.values():
        if "image" in rel.reltype:
            picture = str(folder / "picture.png")
            Path(picture).write_bytes(rel.target_part.blob)
            break
    return len(doc.paragraphs), len(doc.tables), cells, picture


def run(example: str, period: str, runs: int) -> dict[str, object]:
    from clskit_review.docx_template import default_template

    template = str(default_template())
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["PYTHONPYCACHEPREFIX"] = str(folder / "pycache")
        target = folder / "revue.docx"
        base = [sys.executable, "-m", "clskit.cli", "export", "review", str(ROOT / example),
                "--period", period, "-o", str(target)]
        command = [*base, "--option", "toc=fields"]
        timed(command, env)
        paragraphs, tables, cells, picture = shape(target, folder)
        floor = [sys.executable, "-c", FLOOR, template, str(paragraphs), str(tables),
                 str(cells), picture, str(folder / "floor.docx")]
        timed(floor, env)
        alone_env = {**env, "CLSKIT_NO_FORK": "1"}
        timed(command, alone_env)
        floors, measured, alone = [], [], []
        for _ in range(runs):
            measured.append(timed(command, env))
            floors.append(timed(floor, env))
            alone.append(timed(command, alone_env))
        layout: float | None = None
        if shutil.which("soffice") or shutil.which("libreoffice"):
            timed(base, env)
            layout = statistics.median(timed(base, env) for _ in range(max(1, runs // 2)))
    work, low = statistics.median(measured), statistics.median(floors)
    return {"example": example, "period": period, "paragraphs": paragraphs, "tables": tables,
            "cells": cells, "runs": runs, "floor_s": round(low, 3),
            "command_s": round(work, 3), "ratio": round(work / low, 2), "goal": GOAL,
            "fastest_ratio": round(min(measured) / min(floors), 2),
            "one_process_s": round(statistics.median(alone), 3),
            "one_process_ratio": round(statistics.median(alone) / low, 2),
            "with_libreoffice_pass_s": round(layout, 3) if layout is not None else None}


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--example", default="examples/melun-val-de-seine")
    parser.add_argument("--period", default="2021-Q4")
    args = parser.parse_args()
    try:
        result = run(args.example, args.period, max(1, args.runs))
    except CommandFailed as exc:
        print(f"bench_review: {exc}", file=sys.stderr)
        return 1
    print(json.dumps(result, ensure_ascii=False))
    verdict = "within" if float(str(result["ratio"])) <= GOAL else "ABOVE"
    print(f"clskit export review ({result['paragraphs']} paragraphs, {result['tables']} "
          f"tables): {result['command_s']} s, {result['ratio']}× the floor "
          f"({result['floor_s']} s): {verdict} the goal of {GOAL}×; in one process "
          f"{result['one_process_ratio']}×; with the LibreOffice layout pass: "
          f"{result['with_libreoffice_pass_s']} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
