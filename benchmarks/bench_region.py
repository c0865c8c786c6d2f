"""Benchmark: load + snapshot of a region against the parse floor of the same files,
without the cache, with an empty cache (cold) and with a full one (warm).

    python benchmarks/bench_region.py [--count 300] [--runs 3]

The floor is what any reader of these files must pay: reading every data file and
parsing it with libyaml (PyYAML's CSafeLoader), no line tracking, no model. The measured
work is ``clskit.region.load_region``: parse with lines, structure, check, and a
snapshot per contract — ``cache=False``, then through a new empty
:class:`clskit.cache.ContractCache` (cold: everything read, then kept), then through the
same cache again (warm: what ``clskit region`` costs the second time on unchanged
files). The collector is off for every measure, floor included, as it is for the
``clskit`` command. Runs are interleaved and the medians compared. Goals: without the
cache at most 3× the floor; cold at most 2×; warm at most 0.25×.
"""

from __future__ import annotations

import argparse
import gc
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_region import make_region

import clskit.cache
from clskit.cache import ContractCache
from clskit.loader import EXTENSIONS
from clskit.region import load_region

GOAL = 3.0
COLD_GOAL = 2.0
WARM_GOAL = 0.25


def parse_floor(files: list[Path]) -> float:
    start = time.perf_counter()
    for path in files:
        yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
    return time.perf_counter() - start


def clskit_region(folder: Path, cache: ContractCache | bool) -> float:
    clskit.cache._CODE = None  # the code key is computed again, as by a new command
    start = time.perf_counter()
    region = load_region(folder, cache=cache)
    elapsed = time.perf_counter() - start
    assert not region.failures, region.failures
    return elapsed


def run(count: int, runs: int) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "region"
        make_region(count, folder)
        files = [p for p in folder.rglob("*") if p.suffix in EXTENSIONS]
        store = Path(tmp) / "cache"
        floors, plain, cold, warm = [], [], [], []
        hits: list[int] = []
        load_region(folder, cache=False)  # imports and plugins, once
        gc.disable()
        try:
            for _ in range(runs):
                floors.append(parse_floor(files))
                plain.append(clskit_region(folder, False))
                shutil.rmtree(store, ignore_errors=True)
                cold.append(clskit_region(folder, ContractCache(store)))
                warm_cache = ContractCache(store)
                warm.append(clskit_region(folder, warm_cache))
                # Fewer hits than contracts: clskit's code changed between the cold and
                # the warm run (an edited module changes the cache key): not a warm run.
                hits.append(warm_cache.hits)
                gc.collect()
        finally:
            gc.enable()
    floor = statistics.median(floors)

    def ratio(times: list[float]) -> float:
        return round(statistics.median(times) / floor, 3)

    return {"contracts": count, "files": len(files), "runs": runs,
            "floor_s": round(floor, 3), "floor_runs_s": [round(t, 3) for t in floors],
            "load_snapshot_s": round(statistics.median(plain), 3),
            "cold_s": round(statistics.median(cold), 3),
            "warm_s": round(statistics.median(warm), 3),
            "ratio": ratio(plain), "cold_ratio": ratio(cold), "warm_ratio": ratio(warm),
            "warm_ratios": [round(w / f, 3) for w, f in zip(warm, floors, strict=True)],
            "cold_ratios": [round(c / f, 3) for c, f in zip(cold, floors, strict=True)],
            "warm_hits": hits, "goal": GOAL, "cold_goal": COLD_GOAL, "warm_goal": WARM_GOAL}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=300)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    result = run(args.count, args.runs)
    print(json.dumps(result))

    def verdict(value: object, goal: float) -> str:
        return "within" if isinstance(value, float) and value <= goal else "ABOVE"

    print(f"{result['contracts']} contracts, parse floor {result['floor_s']} s: "
          f"no cache {result['load_snapshot_s']} s = {result['ratio']}× "
          f"({verdict(result['ratio'], GOAL)} {GOAL}×); cold {result['cold_s']} s = "
          f"{result['cold_ratio']}× ({verdict(result['cold_ratio'], COLD_GOAL)} {COLD_GOAL}×); "
          f"warm {result['warm_s']} s = {result['warm_ratio']}× "
          f"({verdict(result['warm_ratio'], WARM_GOAL)} {WARM_GOAL}×)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
