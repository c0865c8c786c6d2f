"""``clskit init``: a workspace valid at once, whose documents can be made, written whole."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest

import clskit
from clskit import scaffold
from clskit.cli import main
from clskit.errors import ClsError


def _init(folder: Path, **given: object) -> Path:
    values = scaffold.defaults(folder, territory="Communauté de communes du Val",
                               start=2024, end=2028)
    clskit.init_workspace(folder, values, **given)  # type: ignore[arg-type]
    return folder


def test_the_new_workspace_is_valid_with_no_warning(tmp_path: Path) -> None:
    report = clskit.validate(_init(tmp_path / "cls"))
    assert report.ok
    assert report.diagnostics == []
    contract = report.contract
    assert contract is not None
    assert (len(contract.axes), len(contract.objectives), len(contract.actions),
            len(contract.bodies), len(contract.indicators)) == (1, 1, 1, 1, 1)
    assert str(contract.period) == "2024/2028"
    assert contract.territory.name == "Communauté de communes du Val"


def test_every_yaml_file_names_a_schema_that_exists_and_holds(tmp_path: Path) -> None:
    root = _init(tmp_path / "cls")
    files = sorted(root.rglob("*.yaml"))
    assert {f.relative_to(root).as_posix() for f in files} >= {
        "contract.yaml", "organisations.yaml", "people.yaml", "bodies.yaml",
        "meetings.yaml", "actions/fa-01.yaml", "indicators.yaml", "journal/journal.yaml"}
    import yaml

    for file in files:
        first = file.read_text(encoding="utf-8").splitlines()[0]
        found = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
        assert found, f"{file.name}: {first}"
        schema_file = (file.parent / found[1]).resolve()
        assert schema_file.is_file(), schema_file
        assert schema_file.parent == (root / scaffold.SCHEMA_FOLDER).resolve()
        schema = json.loads(schema_file.read_text(encoding="utf-8"))
        data = json.loads(json.dumps(yaml.safe_load(file.read_text(encoding="utf-8")),
                                     default=str))
        jsonschema.validate(data, schema)


def test_comments_are_french_and_the_readme_tours_the_folder(tmp_path: Path) -> None:
    root = _init(tmp_path / "cls")
    contract_text = (root / "contract.yaml").read_text(encoding="utf-8")
    assert "# Les axes stratégiques du contrat" in contract_text
    readme = (root / "README.md").read_text(encoding="utf-8")
    for name in ("contract.yaml", "actions/", "bodies.yaml", "indicators.yaml", ".schema/"):
        assert f"`{name}`" in readme


def test_names_with_quotes_and_colons_stay_text(tmp_path: Path) -> None:
    values = scaffold.defaults(tmp_path / "x", territory="Val d'Yerres: « Sud »",
                               name='CLS "deux"', start=2025, end=2025)
    clskit.init_workspace(tmp_path / "x", values)
    contract = clskit.load(tmp_path / "x")
    assert contract.name == 'CLS "deux"'
    assert contract.territory.name == "Val d'Yerres: « Sud »"
    assert str(contract.period) == "2025"


def test_defaults_come_from_the_folder_and_this_year() -> None:
    import datetime as dt

    values = scaffold.defaults("/tmp/cls-du-val", today=dt.date(2026, 3, 1))
    assert values == scaffold.Scaffold("Contrat Local de Santé de Cls du val",
                                       "Cls du val", 2026, 2030)
    with pytest.raises(ValueError, match="ends"):
        scaffold.defaults("x", start=2028, end=2024)


def test_a_folder_that_is_not_empty_is_refused_unless_force(tmp_path: Path) -> None:
    folder = tmp_path / "cls"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(ClsError, match="not empty"):
        _init(folder)
    assert sorted(p.name for p in folder.iterdir()) == ["notes.txt"]
    _init(folder, force=True)
    assert not (folder / "notes.txt").exists()
    assert clskit.validate(folder).ok
    # Built beside and renamed: nothing left over next to the workspace.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cls"]


def test_an_empty_folder_is_used(tmp_path: Path) -> None:
    (tmp_path / "cls").mkdir()
    assert clskit.validate(_init(tmp_path / "cls")).ok


def test_cli_init_validate_and_documents(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["init", "cls", "--territory", "Val", "--start", "2024", "--end", "2028"]) == 0
    assert "wrote the workspace cls" in capsys.readouterr().out
    assert main(["validate", "cls"]) == 0
    assert "valid: 0 errors, 0 warnings, 0 infos" in capsys.readouterr().out
    assert main(["export", "copil", "cls", "-o", "x.pptx"]) == 0
    assert main(["export", "review", "cls", "-o", "x.docx"]) == 0
    assert (tmp_path / "x.pptx").stat().st_size > 10_000
    assert (tmp_path / "x.docx").stat().st_size > 5_000
    capsys.readouterr()
    assert main(["init", "cls"]) == 1
    assert "not empty" in capsys.readouterr().err
    assert main(["init", "other", "--start", "2028", "--end", "2024"]) == 2
    assert not (tmp_path / "other").exists()
