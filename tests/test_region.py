"""The regional roll-up over a folder of contracts."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from clskit import ActionStatus, IndicatorStatus
from clskit.cli import main
from clskit.region import load_region, sources
from clskit_test_support import EXAMPLE_NAMES, EXAMPLES, ROOT


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("region")
    for name in EXAMPLE_NAMES:
        shutil.copytree(EXAMPLES / name, root / name)
    (root / "notes.txt").write_text("ignored", encoding="utf-8")
    return root


def test_rows_and_totals(folder: Path) -> None:
    region = load_region(folder)
    assert [r.source for r in region.rows] == sorted(EXAMPLE_NAMES)
    assert region.failures == ()
    assert region.as_of == dt.date(2022, 6, 16)          # the latest date of the records
    assert region.actions == 15 + 16 + 4
    for status in ActionStatus:
        assert region.actions_by_status.get(status, 0) == sum(
            r.actions_by_status.get(status, 0) for r in region.rows)
    assert sum(region.indicators.values()) == 66 + 5
    assert region.indicators[IndicatorStatus.NO_TARGET] == 5
    assert region.partners["CPAM 77"] == 2               # matched by name across contracts
    assert region.bodies_behind == sum(len(r.bodies_behind) for r in region.rows)


def test_as_of(folder: Path) -> None:
    region = load_region(folder, dt.date(2021, 12, 31))
    camvs = next(r for r in region.rows if r.source == "melun-val-de-seine")
    # The COPIL, the COTECH, the participation GT of 21 September, the 2 workshop
    # sessions; the other 6 GT met «en 2021», how often is not known.
    assert (camvs.meetings_held, camvs.meetings_uncounted) == (5, 6)
    assert camvs.bodies_behind == ()
    capvm = next(r for r in region.rows if r.source == "paris-vallee-de-la-marne")
    assert "copil" in capvm.bodies_behind                # twice a year, no meeting recorded


def test_broken_contract_is_listed_not_fatal(folder: Path, tmp_path: Path, capsys) -> None:
    root = tmp_path / "region"
    shutil.copytree(folder, root)
    (root / "broken.yaml").write_text("id: x\nname: y\nperiod: 2021-Q9\nterritory:\n  name: t\n",
                                      encoding="utf-8")
    region = load_region(root)
    (failure,) = region.failures
    assert failure.source == "broken.yaml" and "period" in str(failure.diagnostics[0])
    assert len(region.rows) == 3
    assert main(["region", str(root)]) == 1
    captured = capsys.readouterr()
    assert "3 contrats" in captured.out
    assert "broken.yaml: not loaded" in captured.err


def test_cli_formats(folder: Path, tmp_path: Path, capsys) -> None:
    assert main(["region", str(folder), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["totals"]["contracts"] == 3 and data["totals"]["actions"] == 35
    target = tmp_path / "region.csv"
    assert main(["region", str(folder), "--format", "csv", "-o", str(target)]) == 0
    rows = list(csv.reader(io.StringIO(target.read_text(encoding="utf-8")), delimiter=";"))
    assert rows[0][:3] == ["source", "contrat", "territoire"]
    assert rows[-1][1] == "Total" and rows[-1][6] == "35"
    assert len(rows) == 1 + 3 + 1
    assert main(["region", str(tmp_path / "nope")]) == 2
    with pytest.raises(SystemExit) as info:
        main(["region", str(folder), "--as-of", "hier"])
    assert info.value.code == 2


def test_sources_ignore_non_contracts(folder: Path) -> None:
    assert [p.name for p in sources(folder)] == sorted(EXAMPLE_NAMES)


def test_benchmark_script_runs() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "bench_region.py"), "--count", "3",
         "--runs", "1"], capture_output=True, text=True, check=True)
    result = json.loads(done.stdout.splitlines()[0])
    assert result["contracts"] == 3 and result["ratio"] > 0


def test_statuses_not_known_are_counted_apart(folder: Path, capsys) -> None:
    # At the end of 2021 the Mauges record (2017-2021, statuses as of March 2022) does
    # not say what its fiches were: «non renseigné», never their later status.
    region = load_region(folder, dt.date(2021, 12, 31))
    mauges = next(r for r in region.rows if r.source == "mauges")
    assert mauges.actions_by_status == {None: 4}
    assert region.actions_by_status[None] == 4
    assert region.actions == 35
    assert main(["region", str(folder), "--as-of", "2021-12-31"]) == 0
    out = capsys.readouterr().out
    assert "Statut non renseigné : 4" in out
    assert "plus 6 instances réunies (nombre de réunions non renseigné)" in out
    assert main(["region", str(folder), "--as-of", "2021-12-31", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    row = next(r for r in data["contracts"] if r["source"] == "mauges")
    assert row["actions_by_status"] == {} and row["actions_status_unknown"] == 4
    assert data["totals"]["actions_status_unknown"] == 4
    assert data["totals"]["meetings_uncounted"] == 6
    assert main(["region", str(folder), "--as-of", "2021-12-31", "--format", "csv"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out), delimiter=";"))
    unknown = rows[0].index("fiches : statut non renseigné")
    assert [r[unknown] for r in rows[1:]] == ["4", "0", "0", "4"]
    uncounted = rows[0].index("réunions en nombre non renseigné")
    assert rows[-1][uncounted] == "6"


def test_a_contract_with_no_period(folder: Path, tmp_path: Path, capsys) -> None:
    root = tmp_path / "region"
    shutil.copytree(folder, root)
    (root / "prefiguration.yaml").write_text(
        "id: p\nname: Préfiguration\nduration_months: 12\nstatus: prefiguration\n"
        "territory:\n  name: T\n", encoding="utf-8")
    region = load_region(root)
    assert region.failures == () and len(region.rows) == 4
    assert region.as_of == dt.date(2022, 6, 16)
    assert main(["region", str(root), "--format", "csv"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out), delimiter=";"))
    row = next(r for r in rows if r[0] == "prefiguration.yaml")
    assert row[4:6] == ["non renseignée", "non renseignée"]
    assert main(["region", str(root)]) == 0
    line = next(x for x in capsys.readouterr().out.splitlines() if x.startswith("Préfiguration"))
    assert "non renseignée" in line
    assert main(["region", str(root), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    row = next(r for r in data["contracts"] if r["id"] == "p")
    assert row["period"] is None and row["duration_months"] == 12
