"""Importers: reading a file into a new workspace, or into additions to one; all or nothing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

import clskit
from clskit import (
    Additions,
    Importer,
    ImportFailed,
    ImportRequest,
    ImportResult,
    ImportTarget,
    JournalEntry,
    Severity,
    hookimpl,
    workbooks,
)
from clskit import plugins as plugin_system
from clskit.cli import main
from clskit.errors import ClsError
from clskit_test_support import EXAMPLES

CAMVS = EXAMPLES / "melun-val-de-seine"


def read_fiches(request: ImportRequest) -> ImportResult:
    """A small workbook importer: sheet «Fiches» (Code, Intitulé, Début) → a contract."""
    problems = workbooks.Problems()
    book = workbooks.open_workbook(request.source, problems)
    if book is None:
        return ImportResult(diagnostics=problems.diagnostics())
    sheet = book.sheet("fiches")
    if sheet is None:
        problems.error(sheet_place(request), "pas de feuille «Fiches»", "sheet")
        return ImportResult(diagnostics=problems.diagnostics())
    sheet.use_header(1)
    actions = []
    for row in sheet.rows(2):
        code = workbooks.text(sheet.cell(row, 1))
        title = workbooks.text(sheet.cell(row, 2))
        start = workbooks.date(sheet.cell(row, 3), problems)
        if not code or not title:
            problems.error(sheet.cell(row, 1 if not code else 2), "valeur obligatoire")
            continue
        actions.append(clskit.Action(id=code.lower().replace(" ", "-"), code=code,
                                     title=title, start=start))
    contract = clskit.Contract(id=request.options.get("id", "essai"), name="CLS d'essai",
                               territory=clskit.Territory(name="Pays d'essai"),
                               actions=actions)
    return ImportResult(contract=contract, diagnostics=problems.diagnostics())


def sheet_place(request: ImportRequest) -> clskit.Location:
    return clskit.Location(request.source.name)


def read_lines(request: ImportRequest) -> ImportResult:
    """Journal additions from a text file of ``date;fiche id;text`` lines."""
    assert request.into is not None
    known = {a.id for a in request.into.actions}
    problems = workbooks.Problems()
    entries = []
    for number, line in enumerate(request.source.read_text("utf-8").splitlines(), 1):
        day, action, text = line.split(";")
        where = clskit.Location(request.source.name, line=number)
        if action not in known:
            problems.error(where, f"fiche inconnue {action!r}", "reference")
            continue
        entries.append(JournalEntry(date=dt.date.fromisoformat(day), actions=[action],
                                    kind=clskit.EntryKind.ACHIEVED, text=text))
    return ImportResult(additions=Additions("lignes-2021-T4", {"journal": entries}),
                        diagnostics=problems.diagnostics())


class Plugin:
    @hookimpl
    def clskit_importers(self) -> list[Importer]:
        return [
            Importer("fiches", "Fiches d'un classeur", ("xlsx",), read_fiches,
                     options=(clskit.Option("id", "l'identifiant du contrat"),)),
            Importer("lignes", "Lignes de journal", ("txt",), read_lines,
                     target=ImportTarget.ADDITIONS),
        ]


@pytest.fixture
def using() -> plugin_system.Plugins:
    current = plugin_system.load_plugins(installed=False)
    current.register(Plugin(), "test-importers")
    return current


def fiches_workbook(path: Path, rows: list[tuple[object, ...]]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Fiches"
    sheet.append(["Code", "Intitulé", "Début"])
    for row in rows:
        sheet.append(list(row))
    book.save(path)
    return path


def test_a_contract_import_writes_a_workspace_that_loads(tmp_path: Path, using) -> None:
    source = fiches_workbook(tmp_path / "fiches.xlsx", [
        ("FA 1", "Accès aux soins", dt.datetime(2021, 3, 1)),
        ("FA 2", "Santé mentale", "oct-21"),
    ])
    done = clskit.import_file("fiches", source, to=tmp_path / "ws", using=using,
                              options={"id": "cls-essai"})
    assert (tmp_path / "ws" / "contract.yaml").is_file()
    assert sorted(p.name for p in (tmp_path / "ws" / "actions").iterdir()) == [
        "fa-1.yaml", "fa-2.yaml"]
    loaded = clskit.load(tmp_path / "ws")
    assert loaded.id == "cls-essai"
    assert [a.start for a in loaded.actions] == [dt.date(2021, 3, 1), dt.date(2021, 10, 1)]
    # «oct-21» gives only the month: read, with a warning placed on its cell.
    (warning,) = [d for d in done.diagnostics if d.rule == "CLS205"]
    assert str(warning.location) == "fiches.xlsx, feuille Fiches, ligne 3, colonne C (Début)"
    assert "lu comme le 01/10/2021" in warning.message


def test_every_problem_is_reported_and_nothing_is_written(tmp_path: Path, using) -> None:
    source = fiches_workbook(tmp_path / "fiches.xlsx", [
        ("FA 1", "Accès aux soins", "30/02/2021"),
        ("FA 2", None, "2021-05-01"),
        ("FA 3", "Prévention", "bientôt"),
    ])
    with pytest.raises(ImportFailed) as caught:
        clskit.import_file("fiches", source, to=tmp_path / "ws", using=using)
    places = [str(d.location) for d in caught.value.diagnostics]
    assert places == ["fiches.xlsx, feuille Fiches, ligne 2, colonne C (Début)",
                      "fiches.xlsx, feuille Fiches, ligne 3, colonne B (Intitulé)",
                      "fiches.xlsx, feuille Fiches, ligne 4, colonne C (Début)"]
    assert "n'est pas une date qui existe" in caught.value.diagnostics[0].message
    assert not (tmp_path / "ws").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fiches.xlsx"]


def test_an_invalid_contract_is_refused_before_it_reaches_the_disk(tmp_path: Path,
                                                                   using) -> None:
    # Two fiches with one code: the same id twice, which the checks refuse.
    source = fiches_workbook(tmp_path / "fiches.xlsx", [("FA 1", "A", None),
                                                        ("FA 1", "B", None)])
    with pytest.raises(ImportFailed, match="nothing was written"):
        clskit.import_file("fiches", source, to=tmp_path / "ws", using=using)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fiches.xlsx"]


def test_an_occupied_folder_is_replaced_only_when_asked(tmp_path: Path, using) -> None:
    source = fiches_workbook(tmp_path / "fiches.xlsx", [("FA 1", "A", None)])
    target = tmp_path / "ws"
    target.mkdir()
    (target / "notes.md").write_text("à garder", encoding="utf-8")
    with pytest.raises(ClsError, match="exists and is not empty"):
        clskit.import_file("fiches", source, to=target, using=using)
    assert (target / "notes.md").read_text(encoding="utf-8") == "à garder"
    clskit.import_file("fiches", source, to=target, using=using, overwrite=True)
    assert not (target / "notes.md").exists()
    assert clskit.load(target).actions[0].code == "FA 1"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def copy_of_camvs(tmp_path: Path) -> Path:
    import shutil

    return Path(shutil.copytree(CAMVS, tmp_path / "camvs"))


def test_additions_are_validated_added_once_and_seen_by_the_snapshot(tmp_path: Path,
                                                                     using) -> None:
    workspace = copy_of_camvs(tmp_path)
    source = tmp_path / "lignes.txt"
    source.write_text("2021-11-20;fa-07;Réunion avec la PMI\n"
                      "2021-12-01;fa-12;Premier atelier\n", encoding="utf-8")
    done = clskit.import_file("lignes", source, into=workspace, using=using)
    assert done.added == 2
    assert [f.relative_to(workspace).as_posix() for f in done.files] == [
        "journal/lignes-2021-T4.yaml"]
    moved = {v.action.id for v in clskit.snapshot(clskit.load(workspace), "2021-Q4").moved}
    assert {"fa-07", "fa-12"} <= moved
    again = clskit.import_file("lignes", source, into=workspace, using=using)
    assert again.added == 2   # the same file, replaced: nothing doubled
    entries = clskit.load(workspace).journal
    assert sum(e.text == "Premier atelier" for e in entries) == 1


def test_an_addition_equal_to_what_the_workspace_holds_is_left_out(tmp_path: Path,
                                                                   using) -> None:
    workspace = copy_of_camvs(tmp_path)
    (workspace / "journal" / "a-la-main.yaml").write_text(
        "- date: 2021-11-20\n  actions: [fa-07]\n  kind: achieved\n"
        "  text: Réunion avec la PMI\n", encoding="utf-8")
    source = tmp_path / "lignes.txt"
    source.write_text("2021-11-20;fa-07;Réunion avec la PMI\n"
                      "2021-11-20;fa-07;Réunion avec la PMI\n"
                      "2021-12-01;fa-12;Premier atelier\n", encoding="utf-8")
    done = clskit.import_file("lignes", source, into=workspace, using=using)
    assert done.added == 1
    texts = [e.text for e in clskit.load(workspace).journal]
    assert texts.count("Réunion avec la PMI") == 1


def test_additions_naming_an_unknown_fiche_change_nothing(tmp_path: Path, using,
                                                          capsys) -> None:
    workspace = copy_of_camvs(tmp_path)
    before = {p: p.read_bytes() for p in workspace.rglob("*") if p.is_file()}
    source = tmp_path / "lignes.txt"
    source.write_text("2021-11-20;fa-07;ok\n2021-11-21;fa-99;non\n", encoding="utf-8")
    with pytest.raises(ImportFailed) as caught:
        clskit.import_file("lignes", source, into=workspace, using=using)
    assert [str(d.location) for d in caught.value.diagnostics] == ["lignes.txt:2"]
    after = {p: p.read_bytes() for p in workspace.rglob("*") if p.is_file()}
    assert after == before


def test_import_cli(tmp_path: Path, using, monkeypatch, capsys) -> None:
    monkeypatch.setattr(plugin_system, "_PLUGINS", using)
    source = fiches_workbook(tmp_path / "fiches.xlsx", [("FA 1", "A", "bientôt")])
    assert main(["import", "fiches", str(source), "-o", str(tmp_path / "ws")]) == 1
    err = capsys.readouterr().err
    assert ("fiches.xlsx, feuille Fiches, ligne 2, colonne C (Début): error CLS204 "
            "'bientôt' n'est pas une date") in err
    assert "1 error in" in err and "nothing was written" in err
    fiches_workbook(source, [("FA 1", "A", "12/10/2021")])
    assert main(["import", "fiches", str(source), "-o", str(tmp_path / "ws")]) == 0
    assert "wrote the workspace" in capsys.readouterr().out
    assert main(["import", "nope", str(source), "-o", str(tmp_path / "x")]) == 1
    assert "no importer named 'nope' (installed: fiches, lignes)" in capsys.readouterr().err
    assert main(["import", "fiches", str(tmp_path / "absent.xlsx"), "-o",
                 str(tmp_path / "y")]) == 1
    assert "absent.xlsx: error CLS001 no such file" in capsys.readouterr().err


def test_read_import_writes_nothing_and_checks_the_format(tmp_path: Path, using) -> None:
    source = fiches_workbook(tmp_path / "fiches.xlsx", [("FA 1", "A", None)])
    result = clskit.read_import("fiches", source, using=using)
    assert result.contract is not None and result.ok
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fiches.xlsx"]
    with pytest.raises(ClsError, match="reads xlsx, not 'csv'"):
        clskit.read_import("fiches", tmp_path / "fiches.csv", using=using)
    with pytest.raises(ClsError, match="has no option 'nom'"):
        clskit.read_import("fiches", source, using=using, options={"nom": "x"})


def test_a_failing_read_function_names_its_plugin(tmp_path: Path) -> None:
    def broken(request: ImportRequest) -> ImportResult:
        raise KeyError("colonne")

    class Broken:
        @hookimpl
        def clskit_importers(self) -> list[Importer]:
            return [Importer("cassé", "Cassé", ("xlsx",), broken)]

    current = plugin_system.load_plugins(installed=False)
    current.register(Broken(), "broken-importer")
    source = fiches_workbook(tmp_path / "f.xlsx", [])
    with pytest.raises(ClsError, match=r"plugin 'broken-importer'.*KeyError.*nothing was"):
        clskit.import_file("cassé", source, to=tmp_path / "ws", using=current)
    assert not (tmp_path / "ws").exists()


def test_importers_are_listed(using) -> None:
    (info,) = [i for i in using.info() if i.name == "test-importers"]
    assert [m.name for m in info.importers] == ["fiches", "lignes"]
    assert info.hooks == ("clskit_importers",)
    assert ImportResult(diagnostics=(clskit.Diagnostic("X", Severity.WARNING, "w"),)).ok
