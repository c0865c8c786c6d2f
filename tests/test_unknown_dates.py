"""A record that does not know its dates: every command works and none invents one.

The workspace is a one-year préfiguration contract whose year the source does not give
(«conclu pour une durée d'un an»): validated by the ARS on a day not given, signature to
come, its steps known only in order, no fiche yet, one body, and the five-year contract
that will follow it. The CAMVS tests check what the status of a COPIL shows of loosely
known meetings and of the COPIL's own outcome.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

import clskit
from clskit.cli import main
from clskit_test_support import EXAMPLES

CAMVS = EXAMPLES / "melun-val-de-seine"

CONTRACT = """\
id: cls-prefiguration
name: Contrat local de santé de préfiguration de la Communauté de communes du Val d'Essai
short_name: CLS de préfiguration du Val d'Essai
status: prefiguration
duration_months: 12
territory:
  name: Communauté de communes du Val d'Essai
validations:
  - by: ars
signature:
  done: false
successor:
  name: Contrat local de santé du Val d'Essai
  generation: 1
  duration_months: 60
  description: Le contrat de cinq ans que la préfiguration prépare.
"""

ORGANISATIONS = """\
- id: ars
  name: Agence régionale de santé
  kind: ars
- id: ccve
  name: Communauté de communes du Val d'Essai
  kind: epci
- id: cpts-val-essai
  name: CPTS du Val d'Essai
  kind: cpts
  relation: local_network
"""

BODIES = """\
- id: copil
  name: Comité de pilotage de la préfiguration
  kind: copil
"""

MILESTONES = """\
- {id: diagnostic, title: Diagnostic local de santé, done: true}
- {id: axes, title: Définition des axes, done: true}
- {id: groupes-de-travail, title: Groupes de travail, done: true}
- {id: signature, title: Signature du contrat, done: false}
"""

YEAR = re.compile(r"\b\d{4}\b")


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    root = tmp_path / "val-essai"
    for name, text in {"contract.yaml": CONTRACT, "organisations.yaml": ORGANISATIONS,
                       "bodies.yaml": BODIES, "milestones.yaml": MILESTONES}.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


def _section(text: str, heading: str) -> list[str]:
    """The lines under ``heading`` up to the next blank line."""
    lines = text.splitlines()
    start = lines.index(heading) + 1
    end = next((i for i in range(start, len(lines)) if not lines[i]), len(lines))
    return lines[start:end]


def _assert_no_empty_heading(text: str) -> None:
    lines = text.splitlines()
    for i, line in enumerate(lines[:-1]):
        if i and not lines[i - 1] and line and " : " not in line:
            assert lines[i + 1].startswith("  "), f"empty heading {line!r}"
    assert lines[-1].startswith("  ") or " : " in lines[-1]


# --------------------------------------------------------------------------- the préfiguration


def test_validate_passes(workspace: Path, capsys) -> None:
    assert main(["validate", str(workspace)]) == 0
    out = capsys.readouterr().out
    assert "valid: 0 errors" in out
    assert " error " not in out


def test_status_says_what_is_not_known(workspace: Path, capsys) -> None:
    assert main(["status", str(workspace), "--period", "2024"]) == 0
    captured = capsys.readouterr()
    out = captured.out
    assert captured.err == ""
    assert "Contrat : Préfiguration, dates non renseignées (durée : 12 mois)" in out
    assert "Contrat suivant : Contrat local de santé du Val d'Essai" in out
    assert "durée : 60 mois" in out
    assert "Réseau local de santé : CPTS du Val d'Essai" in out
    undated = _section(out, "Non daté")
    assert "  Validation — Agence régionale de santé : date non renseignée" in undated
    assert "  Signature : à venir, date non renseignée" in undated
    steps = [line.strip() for line in undated if line.strip().startswith("•")]
    assert steps == ["• Diagnostic local de santé — date non renseignée — fait",
                     "• Définition des axes — date non renseignée — fait",
                     "• Groupes de travail — date non renseignée — fait",
                     "• Signature du contrat — date non renseignée — à venir"]
    # No year is invented: the only one written is the window's.
    assert set(YEAR.findall(out)) == {"2024"}
    assert not YEAR.findall("\n".join(undated))
    # Nothing happened in the window: no section for it, no empty heading.
    for heading in ("Instances", "Fiches action", "Partenariat", "Chiffres de la période",
                    "Validations et signature", "Calendrier"):
        assert heading not in out.splitlines()
    _assert_no_empty_heading(out)


def test_status_json_says_null(workspace: Path, capsys) -> None:
    assert main(["status", str(workspace), "--period", "2024", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    details = data["contract_details"]
    assert details["period"] is None and details["duration_months"] == 12
    assert details["successor"]["period"] is None
    assert details["successor"]["duration_months"] == 60
    assert details["organisations_by_relation"] == {"local_network": ["cpts-val-essai"]}
    undated = data["undated"]
    assert undated["contract_period"] is True
    assert undated["validations"] == [{"by": "ars", "date": None, "note": None}]
    assert undated["signature"] == {"date": None, "place": None, "done": False}
    assert [(m["id"], m["start"], m["end"], m["done"]) for m in undated["milestones"]] == [
        ("diagnostic", None, None, True), ("axes", None, None, True),
        ("groupes-de-travail", None, None, True), ("signature", None, None, False)]
    assert data["facts"] == {"validations": [], "signature": None, "other_actions": [],
                             "milestones": [], "actions_starting": [], "actions_ending": []}
    assert data["window"] == {"start": "2024-01-01", "end": "2024-12-31"}
    assert data["warnings"] == []


def test_status_without_a_period_asks_for_one(workspace: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "clskit.cli", "status", str(workspace)],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 2
    assert "--period" in done.stderr and "no date" in done.stderr
    assert "Traceback" not in done.stderr
    assert done.stdout == ""


def test_dump_round_trips(workspace: Path, tmp_path: Path) -> None:
    original = clskit.load(workspace)
    for name in ("dump.yaml", "dump.json"):
        target = tmp_path / name
        assert main(["dump", str(workspace), "-o", str(target)]) == 0
        again = clskit.load(target)
        assert again == original
        assert again.period is None and again.duration_months == 12
        assert again.validations[0].date is None
        assert again.signature is not None and again.signature.date is None
        assert again.signature.done is False
        assert [m.done for m in again.milestones] == [True, True, True, False]
        assert again.successor == original.successor
        assert not YEAR.findall(target.read_text(encoding="utf-8"))


def test_region_of_a_folder_holding_it(workspace: Path, capsys) -> None:
    folder = workspace.parent
    assert main(["region", str(folder), "--as-of", "2024-06-30"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("1 contrat au 30 juin 2024")
    assert "non renseignée" in out
    assert main(["region", str(folder)]) == 0                 # no date to roll up from
    capsys.readouterr()
    assert main(["region", str(folder), "--format", "json", "--as-of", "2024-06-30"]) == 0
    (row,) = json.loads(capsys.readouterr().out)["contracts"]
    assert row["period"] is None and row["duration_months"] == 12
    assert row["meetings_held"] == 0 and row["meetings_uncounted"] == 0


@pytest.mark.parametrize("extension", ["svg", "graphml"])
def test_graph(workspace: Path, tmp_path: Path, extension: str) -> None:
    target = tmp_path / f"graph.{extension}"
    assert main(["graph", str(workspace), "-o", str(target)]) == 0
    assert target.stat().st_size > 0


# --------------------------------------------------------------------------- CAMVS


def test_copil_status_shows_loose_meetings_and_not_its_outcome(capsys) -> None:
    assert main(["status", str(CAMVS), "--meeting", "copil-2021-12-07"]) == 0
    out = capsys.readouterr().out
    assert "12 sur 15 ont avancé" in out
    groups = [line for line in _section(out, "Instances")
              if line.startswith("  Groupe de travail")]
    loose = [line for line in groups if line.endswith(" : réuni en 2021")]
    assert len(loose) == 6
    assert any(line.endswith("Participation des habitants » : 21 septembre 2021")
               for line in groups)
    assert "1 réunion" not in out
    assert "Nombre de réunions non renseigné : 6 groupes de travail" in out
    assert "fortement souligné" not in out
    assert "Ce qui est ressorti des réunions" not in out
    # The record does not say what the fiches' statuses were on the COPIL's day.
    assert "statut au 7 décembre 2021 : non renseigné" in out
    _assert_no_empty_heading(out)


def test_the_quarter_shows_the_copil_outcome(capsys) -> None:
    assert main(["status", str(CAMVS), "--period", "2021-Q4"]) == 0
    out = capsys.readouterr().out
    outcomes = _section(out, "Ce qui est ressorti des réunions")
    assert outcomes[0] == "  Comité de Pilotage 2021 (7 décembre 2021)"
    assert any("a été fortement souligné" in line for line in outcomes[1:])
    assert out.count("a été fortement souligné") == 1          # not again with the entries
    _assert_no_empty_heading(out)


def test_copil_status_json(capsys) -> None:
    assert main(["status", str(CAMVS), "--meeting", "copil-2021-12-07", "--format",
                 "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {(a["status"], a["status_date"]) for a in data["actions"]} == {(None, None)}
    assert data["counts"]["meetings_by_kind"]["working_group"] == 1
    assert data["counts"]["uncounted_by_kind"] == {"working_group": 6}
    assert data["outcomes"] == []
    gt = next(b for b in data["bodies"] if b["id"] == "gt-fa3-etudiants")
    assert gt["count"] is None and gt["at_least"] == 1
    assert gt["loose"] == [{"start": "2021-01-01", "end": "2021-12-31"}]
    assert all(sum(a["statuses"].values()) + a["status_unknown"] == len(a["actions"])
               for a in data["axes"])
    assert main(["status", str(CAMVS), "--period", "2021-Q4", "--format", "json"]) == 0
    q4 = json.loads(capsys.readouterr().out)
    assert [e["outcome_of"] for e in q4["outcomes"]] == ["copil-2021-12-07"] * 2
