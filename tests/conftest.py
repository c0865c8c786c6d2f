from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
EXAMPLE_NAMES = ["melun-val-de-seine", "paris-vallee-de-la-marne", "mauges"]

sys.path.insert(0, str(Path(__file__).parent))

MINIMAL = """\
id: test
name: Contrat local de santé de test
period: 2021/2023
territory:
  name: Territoire de test
"""


@pytest.fixture
def write(tmp_path: Path):
    """Write files under a temporary folder: write({"contract.yaml": "…"}) → the folder."""

    def _write(files: dict[str, str | bytes]) -> Path:
        for name, content in files.items():
            target = tmp_path / name
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                target.write_bytes(content)
            else:
                target.write_text(content, encoding="utf-8")
        return tmp_path

    return _write
