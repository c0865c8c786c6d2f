"""Benchmark: load + snapshot of a region against the parse floor of the same files.

    python benchmarks/bench_region.py [--count 300] [--runs 3]

The floor is what any reader of these files must pay: reading every data file and
parsing it with libyaml (PyYAML's CSafeLoader), no line tracking, no model. The measured
work is ``clskit.region.load_region``: parse with lines, structure, check, and a
snapshot per contract. Runs are interleaved and the medians compared; the goal is a
ratio of at most 3.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_region import make_region

from clskit.loader import EXTENSIONS
from clskit.region import load_region

GOAL = 3.0


def parse_floor(files: list[Path]) -> float:
    start = time.perf_counter()
    for path in files:
        yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
    return time.perf_counter() - start


def clskit_region(folder: Path) -> float:
    start = time.perf_counter()
    region = load_region(folder)
    elapsed = time.perf_counter() - start
    assert not region.failures, region.failures
    return elapsed


def run(count: int, runs: int) -> dict[str, float | int]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        make_region(count, folder)
        files = [p for p in folder.rglob("*") if p.suffix in EXTENSIONS]
        floors, measured = [], []
        for _ in range(runs):
            floors.append(parse_floor(files))
            measured.append(clskit_region(folder))
    floor, work = statistics.median(floors), statistics.median(measured)
    return {"contracts": count, "files": len(files), "runs": runs,
            "floor_s": round(floor, 3), "load_snapshot_s": round(work, 3),
            "ratio": round(work / floor, 2), "goal": GOAL}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=300)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    result = run(args.count, args.runs)
    print(json.dumps(result))
    verdict = "within" if result["ratio"] <= GOAL else "ABOVE"
    print(f"load + snapshot of {result['contracts']} contracts: {result['load_snapshot_s']} s, "
          f"{result['ratio']}× the parse floor ({result['floor_s']} s): {verdict} the goal "
          f"of {GOAL}×")
    return 0


if __name__ == "__main__":
    sys.exit(main())
