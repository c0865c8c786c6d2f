"""Benchmark: COPIL decks of a generated region, 2 worker processes against 1.

    python benchmarks/bench_batch.py [--count 300] [--runs 1] [--jobs 2]

``clskit.export_all`` writes the COPIL deck of every contract of a region made by
``make_region.py``, with 1 process then with ``--jobs`` processes, in the same run
(interleaved when ``--runs`` > 1), without the cache (every contract read and checked).
Goals: the speed-up of 2 processes over 1 at least 1.8×; the peak resident memory of
every worker at most 300 MB. The per-deck time of the batch is set against the
single-command floor: one ``load`` + ``export`` of the same contract in a warm process
(what the batch cannot go below per process), and against one ``clskit export`` command
(which also pays the interpreter and the imports).

The machine has 2 cores, shared: run it when little else runs, and look at the spread.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_region import make_region

from clskit import load
from clskit.batch import export_all
from clskit.plugins import export

SPEEDUP_GOAL = 1.8
RSS_GOAL_MB = 300.0


def batch(folder: Path, out: Path, jobs: int) -> tuple[float, float]:
    """Wall time and the largest peak RSS of any worker (MB)."""
    shutil.rmtree(out, ignore_errors=True)
    start = time.perf_counter()
    results = export_all("copil", folder, out, jobs=jobs, cache=False)
    elapsed = time.perf_counter() - start
    failed = [r for r in results if not r.ok]
    assert not failed, failed[:3]
    return elapsed, max(r.peak_rss_mb for r in results)


def floor(folder: Path, out: Path, samples: int = 9) -> float:
    """Median time of one deck made in a warm process: load, check, export."""
    contracts = sorted(folder.iterdir())[:3]
    out.mkdir(parents=True, exist_ok=True)
    for contract in contracts:  # warm up imports and plugin loading
        export("copil", load(contract), out / f"warm-{contract.name}.pptx")
    times = []
    for i in range(samples):
        contract = contracts[i % len(contracts)]
        start = time.perf_counter()
        export("copil", load(contract), out / f"floor-{i}.pptx")
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def command(folder: Path, out: Path) -> float:
    """Wall time of one ``clskit export copil`` command on one contract."""
    contract = sorted(folder.iterdir())[0]
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "clskit.cli", "export", "copil", str(contract),
                    "-o", str(out / "one.pptx")], check=True, capture_output=True)
    return time.perf_counter() - start


def run(count: int, runs: int, jobs: int) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "region"
        make_region(count, folder)
        serial, parallel, rss = [], [], []
        for _ in range(runs):
            t1, r1 = batch(folder, Path(tmp) / "out1", 1)
            tn, rn = batch(folder, Path(tmp) / "outn", jobs)
            serial.append(t1)
            parallel.append(tn)
            rss += [r1, rn]
        one = floor(folder, Path(tmp) / "floor")
        single = statistics.median(command(folder, Path(tmp)) for _ in range(3))
    t1, tn = statistics.median(serial), statistics.median(parallel)
    return {
        "contracts": count, "runs": runs, "jobs": jobs,
        "serial_s": round(t1, 2), "parallel_s": round(tn, 2),
        "serial_runs_s": [round(t, 2) for t in serial],
        "parallel_runs_s": [round(t, 2) for t in parallel],
        "speedup": round(t1 / tn, 2), "speedup_goal": SPEEDUP_GOAL,
        "per_deck_serial_ms": round(1000 * t1 / count, 1),
        "per_deck_parallel_ms": round(1000 * tn / count, 1),
        "floor_per_deck_ms": round(1000 * one, 1),
        "single_command_ms": round(1000 * single, 1),
        "peak_rss_worker_mb": max(rss), "rss_goal_mb": RSS_GOAL_MB,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=300, help="contracts (default 300)")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    result = run(args.count, args.runs, args.jobs)
    print(json.dumps(result))
    speed = "within" if result["speedup"] >= SPEEDUP_GOAL else "BELOW"  # type: ignore[operator]
    memory = "within" if result["peak_rss_worker_mb"] <= RSS_GOAL_MB else "ABOVE"  # type: ignore[operator]
    print(f"{result['contracts']} COPIL decks: {result['serial_s']} s with 1 process, "
          f"{result['parallel_s']} s with {result['jobs']}: {result['speedup']}× ({speed} the "
          f"goal of {SPEEDUP_GOAL}×); per deck {result['per_deck_serial_ms']} ms (1 process), "
          f"{result['per_deck_parallel_ms']} ms ({result['jobs']}), floor "
          f"{result['floor_per_deck_ms']} ms, one command {result['single_command_ms']} ms; "
          f"peak RSS of a worker {result['peak_rss_worker_mb']} MB ({memory} {RSS_GOAL_MB} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
