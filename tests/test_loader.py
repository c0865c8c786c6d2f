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
    (found,) = [d for d in clskit.validate(root).diagnostics if d.rule == "CLS006"]
    # A warning (it was an info): the fiches of a misspelt folder are missing from every
    # document (#13).
    assert found.severity is Severity.WARNING and found.location.file == "acions/"
    assert "did you mean actions/?" in found.message


BODIES = "- id: copil\n  name: COPIL\n  kind: copil\n"
MEETINGS = "- id: m1\n  body: copil\n  date: 2021-12-07\n"


def test_every_problem_at_once_when_the_contract_misses_a_required_field(write) -> None:
    root = write({
        "contract.yaml": MINIMAL.replace("name: Contrat local de santé de test\n", "")
        + "axes:\n  - id: ax1\n    code: A1\n    title: Axe\n",
        "actions/fa-01.yaml": ACTION.replace("pilot: epci\n", "axis: ax9\n"),
        "bodies.yaml": BODIES,
        "meetings.yaml": MEETINGS + "- id: m2\n  body: copil\n  date: 2021-02-30\n",
    })
    report = clskit.validate(root)
    errors = _errors(report)
    assert errors == [
        "contract.yaml:1 CLS005 missing required field 'name'",
        "meetings.yaml:6 CLS003 expected a date written YYYY-MM-DD, got the text "
        "'2021-02-30', which is not a day of the calendar (day is out of range for month)",
        "actions/fa-01.yaml:4 CLS102 unknown axis 'ax9' (did you mean 'ax1'?)",
    ], errors
    assert report.contract is None  # it could not be built whole: the checks ran anyway
    with pytest.raises(LoadError):
        clskit.load(root)


def test_an_unreadable_contract_file_does_not_hide_the_other_files(write) -> None:
    root = write({
        "contract.yaml": MINIMAL + "organisations:\n  - id: epci\n    name: [EPCI\n",
        "actions/fa-01.yaml": ACTION,                                       # pilot: epci
        "actions/fa-02.yaml": "id: fa-02\ncode: FA 2\ntitle: X\nstart: demain\npilot: ep\n",
    })
    report = clskit.validate(root)
    errors = _errors(report)
    assert len(errors) == 3, errors
    assert errors[0].startswith("contract.yaml:8 CLS002 this file has a «[» opened at line 8")
    assert "1 reference to 'epci' (actions/fa-01.yaml:4 pilot)" in errors[0]
    assert errors[1].startswith("actions/fa-02.yaml:4 CLS003 expected a date")
    assert errors[2] == ("actions/fa-02.yaml:5 CLS104 unknown organisation or person 'ep' "
                         "(did you mean 'epci'?)")
    assert report.contract is None


def test_a_misspelt_kind_is_the_only_error_not_the_references_to_its_body(write) -> None:
    root = write({
        "contract.yaml": MINIMAL,
        "bodies.yaml": BODIES.replace("kind: copil", "kind: copyl"),
        "meetings.yaml": MEETINGS + "- id: m2\n  body: copil\n  date: 2022-01-10\n",
        "journal.yaml": "- kind: event\n  date: 2021-12-07\n  text: x\n  body: copil\n",
    })
    report = clskit.validate(root)
    (error,) = report.errors
    assert (error.rule, error.location.file, error.location.line) == ("CLS003", "bodies.yaml", 3)
    assert "'copyl' is not one of 'copil'" in error.message
    assert "did you mean 'copil'?" in error.message


def test_references_into_a_file_that_does_not_parse_are_its_consequences(write) -> None:
    root = write({
        "contract.yaml": MINIMAL,
        "bodies.yaml": BODIES + "    bad: indent\n- id: 'cotech'\n  name: COTECH\n",
        "meetings.yaml": MEETINGS + "- id: m2\n  body: cotech\n  date: 2022-01-10\n"
                         "- id: m3\n  body: gt\n  date: 2022-01-11\n",
    })
    errors = _errors(clskit.validate(root))
    assert errors == [
        "bodies.yaml:4 CLS002 this file is not valid YAML: mapping values are not allowed in "
        "this context; 2 references to 'copil', 'cotech' (meetings.yaml:2 [0].body, …) "
        "cannot be checked until this is fixed",
        "meetings.yaml:8 CLS108 unknown body 'gt'",
    ], errors


@pytest.mark.parametrize("collection", ["meetings", "journal"])
@pytest.mark.parametrize("period", ["2021-13", "foo"])
def test_a_bad_period_is_reported_once(write, collection: str, period: str) -> None:
    item = (MEETINGS.replace("  date: 2021-12-07", f"  period: {period}")
            if collection == "meetings" else f"- kind: event\n  text: x\n  period: {period}\n")
    root = write({"contract.yaml": MINIMAL, "bodies.yaml": BODIES, f"{collection}.yaml": item})
    (error,) = clskit.validate(root).errors
    assert error.rule == "CLS003" and error.location.path == (0, "period")
    assert "is not a period" in error.message


def test_a_month_where_a_date_is_expected_hints_at_period(write) -> None:
    root = write({
        "contract.yaml": MINIMAL,
        "bodies.yaml": BODIES,
        "meetings.yaml": MEETINGS.replace("2021-12-07", "2021-03"),
        "actions/fa-01.yaml": ACTION.replace("pilot: epci\n", "start: 2021-03\n"),
    })
    errors = _errors(clskit.validate(root))
    assert ("meetings.yaml:3 CLS003 expected a date written YYYY-MM-DD, got the text "
            "'2021-03'; when only the month is known, write period: 2021-03") in errors, errors
    # An action has no period: the hint is the day, not a field it does not have.
    assert ("actions/fa-01.yaml:4 CLS003 expected a date written YYYY-MM-DD, got the text "
            "'2021-03': a date needs its day") in errors, errors


def test_a_year_where_a_date_is_expected_hints_at_period(write) -> None:
    root = write({"contract.yaml": MINIMAL,
                  "journal.yaml": "- kind: event\n  text: x\n  date: 2021\n"})
    (error,) = clskit.validate(root).errors
    assert error.message.endswith("when only the year is known, write period: 2021")


def test_an_item_missing_a_required_field_still_resolves_references(write) -> None:
    # The body lacks its name: it is reported, and meetings of it are still its meetings.
    root = write({"contract.yaml": MINIMAL,
                  "bodies.yaml": BODIES.replace("  name: COPIL\n", ""),
                  "meetings.yaml": MEETINGS})
    report = clskit.validate(root)
    (error,) = report.errors
    assert error.rule == "CLS005" and error.location.file == "bodies.yaml"
    assert report.contract is not None and report.contract.meetings[0].body == "copil"
