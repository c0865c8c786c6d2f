"""The command line: exit codes, formats, nothing written on bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import clskit
from clskit.cli import main
from clskit.errors import ExportError
from clskit.exporters import Exporter
from clskit.hookspecs import hookimpl
from clskit.plugins import SnapshotWarning, export, registered
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


# --------------------------------------------------------------------------- windows

NO_DATE = """\
id: test
name: Contrat local de santé de test
duration_months: 12
territory:
  name: Territoire de test
"""


class WindowPlugin:
    """An exporter that needs a snapshot and writes its window."""

    @staticmethod
    def write(request, path: Path) -> None:
        assert request.snapshot is not None
        path.write_text(str(request.snapshot.window), encoding="utf-8")

    @hookimpl
    def clskit_exporters(self) -> list[Exporter]:
        return [Exporter(name="window", title="Fenêtre", formats=("txt",), write=self.write)]


def test_status_of_a_record_with_no_date_asks_for_a_period(write, capsys) -> None:
    root = write({"contract.yaml": NO_DATE})
    assert main(["status", str(root)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("clskit status: error: the record holds no date")
    assert "--period" in captured.err
    assert main(["status", str(root), "--period", "2024"]) == 0
    assert "dates non renseignées (durée : 12 mois)" in capsys.readouterr().out


def test_export_of_a_record_with_no_date_asks_for_a_period(write, tmp_path: Path,
                                                           capsys) -> None:
    root = write({"ws/contract.yaml": NO_DATE}) / "ws"  # outputs go outside the workspace
    target = tmp_path / "out" / "window.txt"
    target.parent.mkdir()
    with registered(WindowPlugin(), "window-test"):
        assert main(["export", "window", str(root), "-o", str(target)]) == 2
        err = capsys.readouterr().err
        assert err.startswith("clskit export: error: the record holds no date")
        assert "--period" in err and not target.exists()
        assert main(["export", "window", str(root), "--period", "2024", "-o",
                     str(target)]) == 0
    assert target.read_text(encoding="utf-8") == "2024"
    # A contract-level exporter needs no period.
    assert main(["export", "json", str(root), "-o", str(tmp_path / "out" / "c.json")]) == 0


def test_a_period_outside_the_contract_is_warned_on_stderr(tmp_path: Path, capsys) -> None:
    warning = "avertissement : la période 2019 est hors de la période du contrat"
    assert main(["status", str(EXAMPLES / "melun-val-de-seine"), "--period", "2019"]) == 0
    captured = capsys.readouterr()
    assert captured.err.startswith(warning)
    assert "Période : 2019" in captured.out
    target = tmp_path / "window.txt"
    with registered(WindowPlugin(), "window-test"):
        assert main(["export", "window", str(EXAMPLES / "melun-val-de-seine"), "--period",
                     "2019", "-o", str(target)]) == 0
    captured = capsys.readouterr()
    assert captured.err.startswith(warning)
    assert target.read_text(encoding="utf-8") == "2019"
    assert main(["status", str(EXAMPLES / "melun-val-de-seine"), "--period", "2021-Q4"]) == 0
    assert "avertissement" not in capsys.readouterr().err


def test_export_api_issues_the_snapshot_warnings(tmp_path: Path) -> None:
    contract = clskit.load(EXAMPLES / "melun-val-de-seine")
    undated = clskit.from_data({"id": "t", "name": "T", "territory": {"name": "T"}})
    with registered(WindowPlugin(), "window-test") as current:
        with pytest.warns(SnapshotWarning, match="hors de la période du contrat"):
            export("window", contract, tmp_path / "w.txt", period="2019", using=current)
        with pytest.raises(ExportError, match="no date"):
            export("window", undated, tmp_path / "x.txt", using=current)


FULL = """\
id: full
name: Contrat local de santé complet
period: 2024/2026
territory:
  name: Territoire
validations:
  - {by: ars, date: 2024-02-01, note: avis favorable}
  - {by: community_council}
signature: {date: 2024-03-05, place: Melun}
organisations:
  - {id: ars, name: Agence régionale de santé, kind: ars}
  - {id: cpam, name: Caisse primaire d'assurance maladie, short_name: CPAM,
     kind: health_insurance, joined: 2024-03-10}
  - {id: dac, name: Dispositif d'appui à la coordination, short_name: DAC,
     relation: local_network}
axes:
  - {id: axe-1, code: Axe 1, title: Accès aux soins}
objectives:
  - {id: og-1, code: OG 1, title: Réduire les inégalités de santé}
actions:
  - id: fa-1
    code: FA 1
    title: Maison de santé
    axis: axe-1
    objectives: [og-1]
    status: in_progress
    status_date: 2024-03-01
    partners:
      - {organisation: cpam, roles: [co_piloting], since: 2024-03-20}
other_actions:
  - {id: mars-bleu, title: Mars bleu, period: 2024-03, organisation: cpam}
  - {id: covid, title: Vaccination covid}
surveys:
  - {id: q, title: Questionnaire aux habitants, period: 2024-02, respondents: 40}
milestones:
  - {id: diag, title: Diagnostic, start: 2024-01-15, end: 2024-02-15, done: true}
journal:
  - {kind: event, date: 2024-03-12, text: Réunion des partenaires, tags: [partnership]}
  - {kind: highlight, date: 2024-03-15, text: Forum des habitants, tags: [participation]}
  - {kind: event, date: 2024-03-16, text: Mise en ligne du site du CLS}
"""


def test_status_shows_every_part_of_the_snapshot(write, capsys) -> None:
    root = write({"contract.yaml": FULL})
    assert main(["status", str(root), "--period", "2024-Q1"]) == 0
    out = capsys.readouterr().out
    for line in [
        "    FA 1     Maison de santé" + " " * 32 + "—         En cours au 1er mars 2024",
        "Objectifs généraux", "  OG 1 — Réduire les inégalités de santé (FA 1)",
        "  Validation — Agence régionale de santé : le 1er février 2024 (avis favorable)",
        "  Signature : signé, le 5 mars 2024, à Melun",
        "  • Mars bleu (CPAM) — mars 2024",
        "  • Diagnostic — du 15 janvier au 15 février 2024 — fait",
        "Vie du contrat", "  • Mise en ligne du site du CLS",
        "  Organisations entrées dans le partenariat : CPAM (10 mars 2024)",
        "  Partenaires entrés dans une fiche : CPAM — FA 1, co-pilotage (20 mars 2024)",
        "  Nouveaux co-pilotes : CPAM (FA 1)", "  • Réunion des partenaires",
        "  Réseau local de santé : DAC",
        "  Questionnaire aux habitants — février 2024, 40 répondants",
        "  • Forum des habitants",
        "  Validation — Conseil communautaire : date non renseignée",
        "  Autre action : Vaccination covid — date non renseignée",
    ]:
        assert line in out.splitlines(), line
    assert out.count("Forum des habitants") == 1 and out.count("Réunion des partenaires") == 1
    assert main(["status", str(root), "--period", "2024-Q1", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["facts"]["validations"] == [
        {"by": "ars", "date": "2024-02-01", "note": "avis favorable"}]
    assert data["facts"]["signature"] == {"date": "2024-03-05", "place": "Melun", "done": True}
    assert data["facts"]["other_actions"] == ["mars-bleu"]
    assert data["undated"]["other_actions"] == ["covid"]
    (general,) = data["general_objectives"]
    assert (general["id"], general["actions"]) == ("og-1", ["fa-1"])
    (action,) = data["actions"]
    assert (action["status"], action["status_date"]) == ("in_progress", "2024-03-01")
    assert data["partnership"]["partners_joined"] == [["cpam", "fa-1"]]
    assert [e["text"] for e in data["contract_entries"]] == [
        "Réunion des partenaires", "Forum des habitants", "Mise en ligne du site du CLS"]


def test_graph_of_a_window_counts_its_meetings_only(tmp_path: Path) -> None:
    import networkx as nx

    camvs = str(Path(__file__).parents[1] / "examples" / "melun-val-de-seine")
    whole, q1 = tmp_path / "whole.graphml", tmp_path / "q1.graphml"
    assert main(["graph", camvs, "-o", str(whole)]) == 0
    assert main(["graph", camvs, "--period", "2021-Q1", "-o", str(q1)]) == 0
    copil = "body:copil"
    assert nx.read_graphml(whole).nodes[copil]["meetings_held"] == 1
    assert nx.read_graphml(q1).nodes[copil]["meetings_held"] == 0   # it met in December
    assert main(["graph", camvs, "--meeting", "nope", "-o", str(tmp_path / "x.graphml")]) == 2
    assert not (tmp_path / "x.graphml").exists()
