"""The command line: exit codes, formats, nothing written on bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from clskit.cli import main
from clskit_test_support import EXAMPLES, MINIMAL


def test_validate_ok(write, capsys) -> None:
    root = write({"contract.yaml": MINIMAL})
    assert main(["validate", str(root)]) == 0
    assert "valid: 0 errors" in capsys.readouterr().out


def test_validate_lists_all_errors_grouped_by_file(write, capsys) -> None:
    root = write({
        "contract.yaml": MINIMAL + "generation: deux\n",
        "actions/fa-01.yaml": "id: fa-01\ncode: FA 1\ntitle: T\npilote: x\n",
        "actions/fa-02.yaml": "id: fa-02\ncode: FA 2\ntitle: T\npilot: cpam77\n",
    })
    assert main(["validate", str(root)]) == 1
    out = capsys.readouterr().out
    assert "actions/fa-01.yaml:4 pilote: error CLS004 unknown field 'pilote'; did you mean " \
           "'pilot'?" in out
    assert "actions/fa-02.yaml:4 pilot: error CLS104 unknown organisation or person 'cpam77'" \
        in out
    assert "contract.yaml:6 generation: error CLS003 expected a whole number" in out
    assert "NOT valid: 3 errors" in out


def test_validate_json(write, capsys) -> None:
    root = write({"contract.yaml": MINIMAL + "actions:\n  - id: a\n    code: A\n    title: T\n"})
    assert main(["validate", str(root), "--format", "json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["ok"] is True
    assert {d["rule"] for d in payload["diagnostics"]} == {"CLS111", "CLS112"}
    assert payload["diagnostics"][0]["file"] == "contract.yaml"
    assert payload["diagnostics"][0]["line"] == 7


def test_dump_writes_nothing_on_bad_input(write, tmp_path: Path, capsys) -> None:
    root = write({"contract.yaml": MINIMAL + "generation: deux\n"})
    target = tmp_path / "out.yaml"
    assert main(["dump", str(root), "-o", str(target)]) == 1
    assert not target.exists()
    assert not list(tmp_path.glob(".out.yaml*"))
    assert "nothing written" in capsys.readouterr().err


def test_dump_refuses_an_unknown_extension(write, tmp_path: Path, capsys) -> None:
    root = write({"contract.yaml": MINIMAL})
    assert main(["dump", str(root), "-o", str(tmp_path / "out.txt")]) == 1
    assert "name the file .yaml" in capsys.readouterr().err


def test_schema_prints_json(capsys) -> None:
    assert main(["schema"]) == 0
    assert json.loads(capsys.readouterr().out)["title"] == "clskit contract"
    assert main(["schema", "--collection", "actions"]) == 0
    assert "anyOf" in json.loads(capsys.readouterr().out)


def test_console_script_runs_on_an_example() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "clskit.cli", "validate", str(EXAMPLES / "mauges")],
        capture_output=True, text=True, check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("args", [["validate"], ["nope"], []])
def test_usage_errors_exit_2(args: list[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(args)
    assert info.value.code == 2
