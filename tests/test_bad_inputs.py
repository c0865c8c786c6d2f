"""The corpus of bad inputs (``tests/bad_inputs/``): every case through the command line.

Each case of every table ``tests/bad_inputs/*.toml`` is a small file or folder and the
command to run on it; the test runs ``clskit.cli.main`` in-process on a copy and
asserts what issue #13 asks of every entry point: the exit code (non-zero, or 0 with a
warning when the input is merely odd), one line of output naming the rule or the
message, the file and line (or sheet, row and column, or the option) and the field; no
traceback and no exception escaping; nothing written, nothing changed, every input
byte-identical. ``tests/bad_inputs/README.md`` says how to add a case.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from clskit.cli import main

CORPUS = Path(__file__).parent / "bad_inputs"

#: The keys a case may have (a typo in a table is an error, not a silent default).
KEYS = {"id", "about", "input", "args", "exit", "rule", "message", "file", "line", "field",
        "option", "sheet", "row", "column", "cwd", "symlinks", "fifos", "readonly",
        "requires", "note"}


def cases() -> Iterator[tuple[str, dict[str, Any]]]:
    """Every case of every table, with the table's name."""
    for table in sorted(CORPUS.glob("*.toml")):
        with table.open("rb") as handle:
            for case in tomllib.load(handle).get("case", []):
                yield table.stem, case


def _state(root: Path) -> dict[str, tuple[str, str]]:
    """Every entry under ``root``: its kind and its content's digest (links by target;
    pipes are never opened)."""
    found: dict[str, tuple[str, str]] = {}
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            path = Path(folder) / name
            info = path.lstat()
            key = path.relative_to(root).as_posix()
            if stat.S_ISLNK(info.st_mode):
                found[key] = ("link", os.readlink(path))
            elif stat.S_ISREG(info.st_mode):
                digest = hashlib.sha256(path.read_bytes()).hexdigest()
                found[key] = ("file", f"{digest} {stat.S_IMODE(info.st_mode):o}")
            elif stat.S_ISDIR(info.st_mode):
                found[key] = ("folder", "")
            else:
                found[key] = ("other", f"{stat.S_IFMT(info.st_mode):o}")
    return found


def _setup(case: dict[str, Any], work: Path) -> None:
    for link, target in case.get("symlinks", {}).items():
        (work / link).parent.mkdir(parents=True, exist_ok=True)
        (work / link).unlink(missing_ok=True)
        os.symlink(target, work / link)
    for fifo in case.get("fifos", []):
        os.mkfifo(work / fifo)
    for name in case.get("readonly", []):
        os.chmod(work / name, 0o444)


def _missing_requirement(case: dict[str, Any]) -> str | None:
    """Why a case cannot run here (a plugin it needs is not installed), else ``None``."""
    need = case.get("requires")
    if not need:
        return None
    kind, _, name = need.partition(":")
    from clskit.plugins import plugins

    available = plugins().importers() if kind == "importer" else plugins().exporters()
    return None if name in available else f"needs the {kind} {name!r}"


def run_case(case: dict[str, Any], tmp: Path) -> tuple[int, str, dict[str, Any]]:
    """Run one case on a copy under ``tmp``; return its exit code, its output (stdout
    and stderr) and the entries created, changed or removed under ``tmp``.

    The input is copied to ``tmp/case/NAME``; ``{input}`` in the arguments stands for
    that copy, ``{case}`` for the folder holding it, ``{out}`` for an empty folder
    ``tmp/out`` beside it. The command runs in the empty folder ``tmp/run`` (or in
    ``cwd``), so an output written by default is caught too.
    """
    import contextlib
    import io

    source = CORPUS / case["input"]
    work, out, run = tmp / "case", tmp / "out", tmp / "run"
    for folder in (work, out, run):
        folder.mkdir(parents=True, exist_ok=True)
    copy = work / source.name
    if source.is_dir():
        shutil.copytree(source, copy, symlinks=True)
    else:
        shutil.copy2(source, copy)
    _setup(case, copy if source.is_dir() else work)
    places = {"input": str(copy), "case": str(work), "out": str(out)}
    args = [arg.format(**places) for arg in case.get("args", ["validate", "{input}"])]
    before = _state(tmp)
    stdout, stderr = io.StringIO(), io.StringIO()
    cwd = os.getcwd()
    os.chdir(case["cwd"].format(**places) if "cwd" in case else run)
    try:
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            try:
                code = main(args)
            except SystemExit as exc:  # argparse's usage errors: exit 2, by design
                code = exc.code if isinstance(exc.code, int) else 2
    finally:
        os.chdir(cwd)
    after = _state(tmp)
    changes = {key: (before.get(key), after.get(key)) for key in before.keys() | after.keys()
               if before.get(key) != after.get(key)}
    return code, stdout.getvalue() + stderr.getvalue(), changes


def expected_fragments(case: dict[str, Any]) -> list[str]:
    """What the one line about the case must hold: the rule, the message, the place."""
    parts = [case[key] for key in ("rule", "message", "option") if key in case]
    if "file" in case:
        parts.append(f"{case['file']}:{case['line']}" if "line" in case else case["file"])
    if "field" in case:
        parts.append(f" {case['field']}: ")
    if "sheet" in case:
        parts.append(f"feuille {case['sheet']}")
    if "row" in case:
        parts.append(f"ligne {case['row']}")
    if "column" in case:
        parts.append(f"colonne {case['column']}")
    return parts


ALL = list(cases())


@pytest.mark.parametrize(("table", "case"), ALL,
                         ids=[f"{table}:{case['id']}" for table, case in ALL])
def test_bad_input(table: str, case: dict[str, Any], tmp_path: Path) -> None:
    assert set(case) <= KEYS, f"unknown keys {set(case) - KEYS}"
    assert {"id", "about", "input"} <= set(case)
    assert "message" in case or "rule" in case
    why = _missing_requirement(case)
    if why:
        pytest.skip(why)
    code, output, changes = run_case(case, tmp_path)
    assert "Traceback" not in output, output
    assert code == case.get("exit", 1), output
    wanted = expected_fragments(case)
    lines = [line for line in output.splitlines() if all(part in line for part in wanted)]
    assert lines, f"no line holds {wanted}:\n{output}"
    if code == 0:  # a warning: a diagnostic's, or the CLI's «avertissement : …» on a window
        assert any("warning" in line or "avertissement : " in line for line in lines), output
    assert not changes, f"written or changed: {changes}"


def test_the_corpus_is_large_and_its_ids_unique() -> None:
    ids = [f"{table}:{case['id']}" for table, case in ALL]
    assert len(ids) == len(set(ids))
    assert len([t for t, _ in ALL if t == "core"]) >= 100
    assert len(ALL) >= 150, f"{len(ALL)} cases in all the tables"
    for _, case in ALL:
        assert (CORPUS / case["input"]).exists() or (CORPUS / case["input"]).is_symlink(), \
            case["input"]
