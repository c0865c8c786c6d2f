"""Outputs appear whole or not at all, with the permissions of any new file."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from clskit._atomic import atomic_path, write_atomic


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_write_atomic_follows_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        target = write_atomic(tmp_path / "a.txt", "texte")
        with atomic_path(tmp_path / "b.txt") as temporary:
            temporary.write_text("texte", encoding="utf-8")
    finally:
        os.umask(old)
    assert _mode(target) == 0o644 and _mode(tmp_path / "b.txt") == 0o644


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "deck.pptx"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(RuntimeError), atomic_path(target) as temporary:
        assert temporary.suffix == ".pptx" and temporary.parent == tmp_path
        temporary.write_text("half", encoding="utf-8")
        raise RuntimeError("crash")
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["deck.pptx"]


def test_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError), atomic_path(tmp_path / "no" / "x.txt"):
        pass
