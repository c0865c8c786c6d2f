"""The tutorial (docs/tutorial.md), followed as written in a fresh folder: its YAML blocks
with a ``title="PATH"`` written to PATH, its ``clskit`` commands run one after the other;
the new workspace gets a COPIL deck and a quarterly review."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from clskit.cli import main
from clskit_test_support import ROOT

TUTORIAL = ROOT / "docs" / "tutorial.md"
BLOCK = re.compile(r'```(\w+)(?: title="([^"]+)")?\n(.*?)```', re.S)


def steps() -> list[tuple[str, str | None, str]]:
    return [(m[1], m[2], m[3]) for m in BLOCK.finditer(TUTORIAL.read_text(encoding="utf-8"))]


def test_the_tutorial_runs_as_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    ran = []
    for language, title, body in steps():
        if language == "yaml" and title:
            target = tmp_path / title
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(body, encoding="utf-8")
        elif language == "sh":
            for line in body.splitlines():
                if not line.startswith("clskit "):
                    continue
                code = main(shlex.split(line)[1:])
                output = capsys.readouterr()
                assert code == 0, f"{line}\n{output.out}\n{output.err}"
                assert "warning" not in output.err, f"{line}\n{output.err}"
                if " validate " in f"{line} ":
                    assert "0 errors, 0 warnings" in output.out, output.out
                ran.append(line)
    assert any(line.startswith("clskit init") for line in ran)
    deck, review = tmp_path / "copil.pptx", tmp_path / "revue-2024-T1.docx"
    assert deck.stat().st_size > 10_000 and review.stat().st_size > 5_000
    html = (tmp_path / "revue-2024-T1.html").read_text(encoding="utf-8")
    assert "Première journée de dépistage" in html


def test_the_deck_tells_the_quarter(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    from pptx import Presentation

    test_the_tutorial_runs_as_written(tmp_path, monkeypatch, capsys)
    deck = Presentation(str(tmp_path / "copil.pptx"))
    text = " ".join(shape.text_frame.text for slide in deck.slides
                    for shape in slide.shapes if shape.has_text_frame)
    assert "Première journée de dépistage" in text
