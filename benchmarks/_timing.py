"""Timing a command in a fresh process, shared by the benchmarks of one document."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


class CommandFailed(Exception):
    """A timed command exited with an error."""


def timed(args: list[str], env: dict[str, str]) -> float:
    """Seconds taken by ``args`` in a fresh process; CommandFailed with its stderr."""
    start = time.perf_counter()
    done = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, check=False,
                          env=env)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise CommandFailed(f"{' '.join(args)} failed ({done.returncode}):\n"
                            f"{done.stderr.strip()}")
    return elapsed
