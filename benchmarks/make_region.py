"""Generate a synthetic region: N contract workspaces cloned from the shipped examples.

    python benchmarks/make_region.py 300 /tmp/region

Each clone is a real example under a new contract id and name, so sizes and shapes are
those of real contracts (CAMVS, CAPVM, Mauges in turn).
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
NAMES = ["melun-val-de-seine", "paris-vallee-de-la-marne", "mauges"]


def make_region(count: int, target: Path) -> list[Path]:
    target.mkdir(parents=True, exist_ok=True)
    made = []
    for n in range(count):
        source = EXAMPLES / NAMES[n % len(NAMES)]
        folder = target / f"cls-{n:04d}"
        if folder.exists():
            shutil.rmtree(folder)
        shutil.copytree(source, folder, ignore=shutil.ignore_patterns("README.md"))
        contract = folder / "contract.yaml"
        lines = contract.read_text(encoding="utf-8").splitlines()
        for i, line in enumerate(lines):
            if line.startswith("id: "):
                lines[i] = f"id: cls-{n:04d}"
            elif line.startswith("name: "):
                lines[i] = f"name: Contrat local de santé n°{n} ({source.name})"
        contract.write_text("\n".join(lines) + "\n", encoding="utf-8")
        made.append(folder)
    return made


if __name__ == "__main__":
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    out = Path(sys.argv[2]) if len(sys.argv) > 2 else Path("/tmp/clskit-region")
    make_region(count, out)
    print(f"{count} contracts in {out}")
