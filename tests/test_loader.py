"""Loading: workspaces, and every bad input answered with file, line and field."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import clskit
from clskit import LoadError, Severity
from clskit_test_support import MINIMAL

ACTION = """\
id: fa-01
code: FA 1
title: Coordonner le CLS
pilot: epci
"""


def _errors(report: clskit.Report) -> list[str]:
    return [f"{d.location.file}:{d.location.line} {d.rule} {d.message}"
            for d in report.diagnostics if d.severity is Severity.ERROR]


def test_single_file(write) -> None:
    root = write({"c.yaml": MINIMAL})
    contract = clskit.load(root / "c.yaml")
    assert contract.name == "Contrat local de santé de test"
    assert contract.period == clskit.Period.parse("2021/2023")


def test_workspace_merges_lists_in_order(write) -> None:
    root = write({
        "contract.yaml": MINIMAL + "organisations:\n  - id: epci\n    name: EPCI\n",
        "organisations.yaml": "- id: ars\n  name: ARS\n",
        "organisations/b.yaml": "id: cpam\nname: CPAM\n",
        "organisations/a.yaml": "- id: cd\n  name: Département\n",
        "actions/fa-01.yaml": ACTION,
        "README.md": "notes",
    })
    contract = clskit.load(root)
    assert [o.id for o in contract.organisations] == ["epci", "ars", "cd", "cpam"]
    assert contract.actions[0].pilot == "epci"


def test_error_names_file_line_and_field_inside_the_file(write) -> None:
    root = write({
        "contract.yaml": MINIMAL + "organisations:\n  - id: epci\n    name: EPCI\n",
        "actions/fa-01.yaml": ACTION,
        "actions/fa-02.yaml": (
            "id: fa-02\ncode: FA 2\ntitle: Deux\npilot: epci\n"
            "partners:\n  - organisation: epci\n  - organisation: epci\n"
            "    roles: [mise en oeuvre]\n"
        ),
    })
    report = clskit.validate(root)
    (diag,) = [d for d in report.diagnostics if d.rule == "CLS003"]
    assert diag.location.file == "actions/fa-02.yaml"
    assert diag.location.line == 8
    assert clskit.diagnostics.format_path(diag.location.path) == "partners[1].roles[0]"
    assert "did you mean 'implementation'?" in diag.message


def test_all_kinds_of_errors_at_once(write) -> None:
    root = write({
        "contract.yaml": MINIMAL + "organisations:\n  - id: epci\n    name: EPCI\n",
        "actions/fa-01.yaml": ACTION + "pilote: epci\n",          # unknown key
        "actions/fa-02.yaml": "id: fa-02\ncode: FA 2\ntitle: X\nstart: demain\n",  # wrong type
        "actions/fa-03.yaml": "id: fa-03\ncode: FA 3\ntitle: Y\npilot: cpam77\n",  # dangling
    })
    report = clskit.validate(root)
    errors = _errors(report)
    assert any(e.startswith("actions/fa-01.yaml:5 CLS004 unknown field 'pilote'; did you mean "
                            "'pilot'?") for e in errors), errors
    assert any(e.startswith("actions/fa-02.yaml:4 CLS003 expected a date") for e in errors)
    assert any(e.startswith("actions/fa-03.yaml:4 CLS104 unknown organisation or person "
                            "'cpam77'") for e in errors), errors
    with pytest.raises(LoadError) as info:
        clskit.load(root)
    assert len([d for d in info.value.diagnostics if d.severity is Severity.ERROR]) == 3


def test_check_paths_map_back_after_a_broken_item(write) -> None:
    # fa-02 cannot be built; the dangling pilot of fa-03 must still point at fa-03's file.
    root = write({
        "contract.yaml": MINIMAL,
        "actions/fa-02.yaml": "id: fa-02\ncode: FA 2\n",
        "actions/fa-03.yaml": "id: fa-03\ncode: FA 3\ntitle: Y\npilot: nobody\n",
    })
    report = clskit.validate(root)
    (dangling,) = [d for d in report.diagnostics if d.rule == "CLS104"]
    assert (dangling.location.file, dangling.location.line) == ("actions/fa-03.yaml", 4)
    (missing,) = [d for d in report.diagnostics if d.rule == "CLS005"]
    assert missing.location.file == "actions/fa-02.yaml"
    assert "title" in missing.message


def test_missing_required_field(write) -> None:
    root = write({"c.yaml": "id: x\nperiod: 2021/2023\nterritory:\n  name: t\n"})
    (diag,) = clskit.validate(root / "c.yaml").errors
    assert diag.rule == "CLS005" and "name" in diag.message


@pytest.mark.parametrize(("content", "expected"), [
    (b"", "empty"),
    (b"# only a comment\n", "empty"),
    ("id: é\n".encode("latin-1"), "not valid UTF-8"),
    ("\ufeffid: x\n".encode("utf-16"), "UTF-16"),
    (b"id: x\nname:\n\t- y\n", "tab"),
    (b"- a\n- b\n", "must be a mapping"),
    (b"a: !!python/object/apply:os.system ['true']\n", "not allowed"),
])
def test_unreadable_files(write, content: bytes, expected: str) -> None:
    root = write({"contract.yaml": content})
    report = clskit.validate(root)
    assert report.contract is None
    (diag,) = report.errors
    assert expected in diag.message
    assert diag.location.file == "contract.yaml"


def test_utf8_bom_is_accepted(write) -> None:
    root = write({"contract.yaml": b"\xef\xbb\xbf" + MINIMAL.encode()})
    assert clskit.load(root).id == "test"


def test_folder_without_contract(write, tmp_path: Path) -> None:
    write({"actions/fa-01.yaml": ACTION})
    (diag,) = clskit.validate(tmp_path).errors
    assert "no contract.yaml" in diag.message


def test_missing_path(tmp_path: Path) -> None:
    (diag,) = clskit.validate(tmp_path / "nope.yaml").errors
    assert "no such file" in diag.message


def test_json_contract_with_lines(write) -> None:
    data = {"id": "t", "name": "n", "period": "2021", "territory": {"name": "t"},
            "actions": [{"id": "a", "code": "A", "title": "T", "status": "finished"}]}
    root = write({"contract.json": json.dumps(data, indent=2)})
    (diag,) = clskit.validate(root).errors
    assert diag.location.file == "contract.json"
    assert diag.location.line == 13
    assert "'finished' is not one of" in diag.message


def test_json_syntax_error(write) -> None:
    root = write({"contract.json": '{"id": "t",\n "name": }'})
    (diag,) = clskit.validate(root).errors
    assert diag.rule == "CLS002" and diag.location.line == 2


def test_text_is_cleaned_of_office_control_characters(write) -> None:
    root = write({"c.yaml": MINIMAL.replace("Territoire de test",
                                            '"Ligne\\vdeux\\x07\\x0cfin"')})
    assert clskit.load(root / "c.yaml").territory.name == "Ligne\ndeux\nfin"


@pytest.mark.parametrize(("field", "value", "message"), [
    ("generation", '"2"', "expected a whole number"),
    ("generation", "true", "expected a whole number"),
    ("name", "[a, b]", "expected text"),
    ("period", "2021-Q5", "is not a period"),
    ("period", "2023-01-01/2021-01-01", "ends before it starts"),
])
def test_strict_values(write, field: str, value: str, message: str) -> None:
    text = MINIMAL.replace(f"{field}: ", f"{field}_old: ") + f"{field}: {value}\n"
    text = "\n".join(line for line in text.splitlines() if not line.startswith(f"{field}_old"))
    root = write({"c.yaml": text + "\n"})
    errors = clskit.validate(root / "c.yaml").errors
    assert any(message in d.message for d in errors), [d.message for d in errors]


def test_bool_hint_for_french(write) -> None:
    root = write({"c.yaml": MINIMAL + "actions:\n  - id: a\n    code: A\n    title: T\n"
                  "    ars:\n      pre_existing: oui\n"})
    (diag,) = clskit.validate(root / "c.yaml").errors
    assert "write true or false" in diag.message and diag.location.line == 11


def test_ignored_entries_are_reported(write) -> None:
    root = write({"contract.yaml": MINIMAL, "acions/fa-01.yaml": ACTION})
    (info,) = [d for d in clskit.validate(root).diagnostics if d.rule == "CLS006"]
    assert info.severity is Severity.INFO and info.location.file == "acions"
