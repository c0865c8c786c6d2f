"""Constants the core's tests share (a unique module name: several test folders run
together, each with its own conftest)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
EXAMPLE_NAMES = ["melun-val-de-seine", "paris-vallee-de-la-marne", "mauges"]

MINIMAL = """\
id: test
name: Contrat local de santé de test
period: 2021/2023
territory:
  name: Territoire de test
"""
