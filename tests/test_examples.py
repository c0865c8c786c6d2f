"""The shipped examples: real territories, valid, and faithful to their seeds."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

import clskit
from clskit import AxisKind, Severity
from clskit.cli import main
from clskit_test_support import EXAMPLE_NAMES, EXAMPLES


@pytest.fixture(scope="module")
def contracts() -> dict[str, clskit.Contract]:
    return {name: clskit.load(EXAMPLES / name) for name in EXAMPLE_NAMES}


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_example_validates_with_no_error(name: str, capsys) -> None:
    assert main(["validate", str(EXAMPLES / name)]) == 0
    assert "valid: 0 errors" in capsys.readouterr().out


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_example_has_a_readme(name: str) -> None:
    assert (EXAMPLES / name / "README.md").is_file()


def test_broken_copy_names_file_line_and_field_of_each_problem(tmp_path: Path, capsys) -> None:
    copy = tmp_path / "camvs"
    shutil.copytree(EXAMPLES / "melun-val-de-seine", copy)
    fiche = copy / "actions" / "fa-05.yaml"
    lines = fiche.read_text(encoding="utf-8").splitlines()
    axis_line = next(i for i, line in enumerate(lines) if line.startswith("axis:"))
    lines[axis_line] = "axis: axe-s9"                      # dangling reference
    lines.append("start: janvier 2022")                    # wrong type
    lines.append("statut: in_progress")                    # unknown key
    fiche.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["validate", str(copy), "--severity", "error"]) == 1
    out = capsys.readouterr().out
    assert f"actions/fa-05.yaml:{axis_line + 1} axis: error CLS102 unknown axis 'axe-s9'" in out
    assert f"actions/fa-05.yaml:{len(lines) - 1} start: error CLS003 expected a date" in out
    assert (f"actions/fa-05.yaml:{len(lines)} statut: error CLS004 unknown field 'statut'; "
            "did you mean 'status'?") in out
    assert "NOT valid: 3 errors" in out


def test_camvs(contracts: dict[str, clskit.Contract]) -> None:
    c = contracts["melun-val-de-seine"]
    assert c.generation == 2
    assert c.period == clskit.Period.parse("2021/2023")
    assert [a.code for a in c.actions] == [f"FA {n}" for n in range(1, 16)]
    kinds = [a.kind for a in c.axes]
    assert kinds.count(AxisKind.TRANSVERSAL) == 3 and kinds.count(AxisKind.STRATEGIC) == 4
    assert [o.code for o in c.objectives] == [f"Obj {n}" for n in range(1, 9)]
    assert all(a.evaluation_criteria for a in c.actions)
    (copil,) = [m for m in c.meetings if m.date == dt.date(2021, 12, 7)]
    assert copil.participants_count == 12 and copil.time == dt.time(10, 0)
    (workshop,) = c.workshops
    assert workshop.participants_total == 23
    assert [s.participants_count for s in workshop.sessions] == [14, 15]
    (survey,) = c.surveys
    (question,) = survey.questions
    assert [a.count for a in question.answers] == [5, 2, 2, 7, 4, 3, 10, 5, 8, 9, 3]
    q4 = clskit.Period.parse("2021-Q4")
    moved = {ref for e in c.journal for ref in e.actions
             if (e.date in q4) or (e.date is None and e.period and q4.contains_period(e.period))}
    assert moved == {"fa-02", "fa-03", "fa-04", "fa-05", "fa-09", "fa-10"}


def test_capvm(contracts: dict[str, clskit.Contract]) -> None:
    c = contracts["paris-vallee-de-la-marne"]
    assert c.period.start.year == 2019 and c.period.end.year == 2022
    assert len(c.signatories) == 6 and all(s.representative for s in c.signatories)
    assert len(c.territory.communes) == 12
    assert any(f.value == 229203 for f in c.territory.key_figures)
    assert len([a for a in c.axes if a.kind is AxisKind.STRATEGIC]) == 4
    assert [a.code for a in c.actions] == [f"FA {n}" for n in range(1, 17)]
    assert all(a.pilot or a.pilot_label for a in c.actions)
    assert all(a.start and a.end for a in c.actions)
    assert sum(len(a.partners) for a in c.actions) > 16
    assert {a.id for a in c.actions} <= {ref for i in c.indicators for ref in i.actions}


def test_mauges(contracts: dict[str, clskit.Contract]) -> None:
    c = contracts["mauges"]
    assert c.signature is not None and c.signature.date == dt.date(2016, 11, 4)
    assert len(c.axes) == 5
    assert {"Action 1.1.2", "Action 1.1.5", "Action 2.5.1", "Action 3.6.1"} <= {
        a.code for a in c.actions}
    assert {b.kind for b in c.bodies} >= {clskit.BodyKind.COPIL,
                                          clskit.BodyKind.FOLLOW_UP_COMMITTEE}
    assert any(m.date == dt.date(2022, 3, 16) for m in c.meetings)
    assert len(c.milestones) >= 10


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_no_error_level_check(contracts: dict[str, clskit.Contract], name: str) -> None:
    errors = [d for d in clskit.check(contracts[name]) if d.severity is Severity.ERROR]
    assert errors == []
