"""Reading the fiche workbook back: identity on CAPVM's fiches, hand edits read with
warnings, malformed workbooks refused with placed messages and nothing written."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import attrs
import pytest
from ars_support import CAMVS, CAPVM, ars_plugins, row_of, write
from openpyxl import Workbook, load_workbook

import clskit
from clskit import cli
from clskit.errors import ImportFailed
from clskit.plugins import import_file, read_import, registered


@pytest.fixture(scope="module")
def capvm() -> clskit.Contract:
    return clskit.load(CAPVM)


@pytest.fixture(scope="module")
def capvm_book(capvm: clskit.Contract, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write(capvm, tmp_path_factory.mktemp("ars") / "fiches.xlsx")


def _read(path: Path) -> clskit.ImportResult:
    return read_import("ars", path, using=ars_plugins())


def _messages(result_or_error: Any) -> list[str]:
    return [str(d) for d in result_or_error.diagnostics]


def _differences(before: Any, after: Any) -> list[str]:
    return [f"{f.name}: {getattr(before, f.name)!r} != {getattr(after, f.name)!r}"
            for f in attrs.fields(type(before)) if getattr(before, f.name) !=
            getattr(after, f.name)]


def test_export_then_import_is_identity_on_every_field_of_the_capvm_fiches(
        capvm: clskit.Contract, capvm_book: Path) -> None:
    result = _read(capvm_book)
    assert result.ok and _messages(result) == []
    back = result.contract
    assert back is not None
    assert [a.code for a in back.actions] == [f"FA {n}" for n in range(1, 17)]
    for before, after in zip(capvm.actions, back.actions, strict=True):
        assert _differences(before, after) == [], before.code
    for before_i, after_i in zip(capvm.indicators, back.indicators, strict=True):
        assert _differences(before_i, after_i) == [], before_i.id
    assert back.axes == capvm.axes
    assert back.objectives == capvm.objectives
    used = {o.id for o in back.organisations}
    assert [o for o in capvm.organisations if o.id in used] == back.organisations
    assert (back.id, back.name, back.short_name, back.period, back.status, back.generation) == (
        capvm.id, capvm.name, capvm.short_name, capvm.period, capvm.status, capvm.generation)
    assert back.territory.name == capvm.territory.name
    assert back.territory.communes == capvm.territory.communes


def test_camvs_fiches_survive_the_round_trip_with_a_warning_per_partner_without_role(
        tmp_path: Path) -> None:
    camvs = clskit.load(CAMVS)
    result = _read(write(camvs, tmp_path / "camvs.xlsx"))
    assert result.contract is not None
    assert result.contract.actions == camvs.actions
    no_role = [p for a in camvs.actions for p in a.partners if not p.roles]
    warnings = [m for m in _messages(result) if "aucun rôle" in m]
    assert len(warnings) == len(no_role) > 0


def test_cli_import_writes_a_workspace_that_loads_to_the_same_fiches(
        capvm: clskit.Contract, capvm_book: Path, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "ws"
    import clskit_ars.plugin

    with registered(clskit_ars.plugin, "ars-cli-test"):
        code = cli.main(["import", "ars", str(capvm_book), "-o", str(target)])
    assert code == 0, capsys.readouterr().err
    assert (target / "actions" / "fa-01.yaml").is_file()
    assert clskit.load(target).actions == capvm.actions


# ------------------------------------------------------------------ hand-edited


def _hand_edited(source: Path, target: Path) -> Path:
    """What a coordinator does to the workbook in Excel before sending it back."""
    book = load_workbook(source)
    fa1 = book["FA 1"]
    fa1.title = "Coordination"                                   # a renamed sheet
    pilot = row_of(source, "FA 1", "Porteur de l'action")
    fa1.cell(pilot, 4).value = "oct-19"                          # a date typed as text
    question = row_of(source, "FA 1", "La problématique de l'action est-elle intégrée dans "
                                      "le volet santé du contrat de ville ?")
    fa1.cell(question, 6).value = "Oui "                         # «Oui » with a space
    header = row_of(source, "FA 1", "Secteur")
    fa1.merge_cells(start_row=header + 1, start_column=1, end_row=header + 2, end_column=1)
    for column in range(3, 7):                                   # a blank role: none left
        fa1.cell(header + 5, column).value = None
    book["Axes"].title = "Les axes"                              # a list renamed
    book.save(target)
    return target


def test_a_hand_edited_workbook_imports_with_warnings(capvm: clskit.Contract, capvm_book: Path,
                                                      tmp_path: Path) -> None:
    result = _read(_hand_edited(capvm_book, tmp_path / "retour.xlsx"))
    assert result.ok
    messages = _messages(result)
    fa1_before = capvm.actions[0]
    assert result.contract is not None
    fa1 = result.contract.actions[0]
    assert fa1.start is not None and fa1.start.isoformat() == "2019-10-01"
    assert fa1.ars.in_contrat_de_ville is True
    # The merged sector cell («Santé» over two partner lines) reads for both lines.
    assert [p.sector for p in fa1.partners[:2]] == [p.sector for p in fa1_before.partners[:2]]
    assert fa1.partners[4].roles == [] and fa1.partners[4].organisation == "cd77"
    assert _differences(fa1_before, fa1) == [f"partners: {fa1_before.partners!r} != "
                                             f"{fa1.partners!r}"]
    expected = [
        "feuille Coordination, ligne 5, colonne D (Début): warning CLS205 'oct-19' ne donne "
        "que le mois : lu comme le 01/10/2019",
        "feuille Coordination, ligne 1, colonne B (FICHE ACTION): warning CLS202 la feuille "
        "«Coordination» porte la fiche FA 1 : lue d'après son contenu",
        "feuille Coordination, ligne 27, colonne B (Partenaires): warning CLS205 'CD77' n'a "
        "aucun rôle coché («Oui») parmi les quatre : partenaire gardé sans rôle",
        "feuille Les axes: warning CLS202 la feuille «Axes» a été trouvée sous le nom «Les "
        "axes»",
    ]
    for message in expected:
        assert any(m.endswith(message) for m in messages), (message, messages)
    assert result.contract.actions[1:] == capvm.actions[1:]


# ------------------------------------------------------------------ malformed


def _broken(source: Path, target: Path) -> Path:
    book = load_workbook(source)
    fa3 = book["FA 3"]
    pilot = row_of(source, "FA 3", "Porteur de l'action")
    fa3.cell(pilot, 6).value = "31/02/2022"                      # a day that does not exist
    fa3.cell(row_of(source, "FA 3", "Axe stratégique"), 2).value = "Axe 9 : inconnu"
    status = row_of(source, "FA 3", "Statut")
    fa3.cell(status, 2).value = "Presque fini"
    book["FA 5"].cell(1, 2).value = "FA 4"                       # two fiches FA 4
    book.save(target)
    return target


def test_a_malformed_workbook_gives_every_placed_error_and_writes_nothing(
        capvm_book: Path, tmp_path: Path) -> None:
    path = _broken(capvm_book, tmp_path / "casse.xlsx")
    target = tmp_path / "ws"
    with pytest.raises(ImportFailed) as failed:
        import_file("ars", path, to=target, using=ars_plugins())
    errors = [str(d) for d in failed.value.diagnostics if d.severity is clskit.Severity.ERROR]
    assert errors[:4] == [
        "casse.xlsx, feuille FA 3, ligne 5, colonne F (Fin): error CLS204 '31/02/2022' n'est "
        "pas une date qui existe",
        "casse.xlsx, feuille FA 3, ligne 49, colonne B (Statut): error CLS204 'Presque fini' "
        "n'est pas un statut connu (valeurs : «À venir», «À discuter», «En cours», "
        "«Réalisé», «En retard», «En pause», «Bloqué», «Abandonné»)",
        "casse.xlsx, feuille FA 3, ligne 3, colonne B (Axe stratégique): error CLS207 l'axe "
        "'Axe 9 : inconnu' n'est pas dans la feuille «Axes»",
        "casse.xlsx, feuille FA 5, ligne 1, colonne B (FICHE ACTION): error CLS206 la fiche "
        "FA 4 (fa-05) est déjà dans la feuille «FA 4»",
    ]
    # With FA 5's sheet now saying FA 4, the indicators listed under FA 5 name a fiche
    # the workbook no longer has: said too, at their cells.
    assert errors[4:] == [
        f"casse.xlsx, feuille Indicateurs, ligne {row}, colonne B (Fiches): error CLS207 "
        "la fiche 'FA 5' n'est pas dans le classeur" for row in range(21, 25)]
    assert not target.exists()


def test_the_cli_exits_non_zero_with_the_located_messages(
        capvm_book: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import clskit_ars.plugin

    path = _broken(capvm_book, tmp_path / "casse.xlsx")
    with registered(clskit_ars.plugin, "ars-cli-test"):
        code = cli.main(["import", "ars", str(path), "-o", str(tmp_path / "ws")])
    err = capsys.readouterr().err
    assert code == 1
    assert "casse.xlsx, feuille FA 3, ligne 5, colonne F (Fin)" in err
    assert "nothing was written" in err
    assert not (tmp_path / "ws").exists()


def test_not_a_fiche_workbook(tmp_path: Path) -> None:
    empty = tmp_path / "vide.xlsx"
    book = Workbook()
    book.active.title = "Feuil1"
    book.save(empty)
    with pytest.raises(ImportFailed) as failed:
        _read(empty)
    assert [str(d) for d in failed.value.diagnostics] == [
        "vide.xlsx: error CLS202 aucune feuille de fiche action (une feuille dont la colonne "
        "A porte «Intitulé de l'action») : ce n'est pas un classeur de fiches action au "
        "format de l'ARS"]
    renamed = tmp_path / "fiches.xlsx"
    renamed.write_text("Code;Intitulé\nFA 1;Test\n", encoding="utf-8")
    with pytest.raises(ImportFailed) as failed:
        _read(renamed)
    assert "un CSV renommé" in str(failed.value.diagnostics[0])


def test_a_template_workbook_without_the_lists_still_makes_a_contract(
        capvm_book: Path, tmp_path: Path) -> None:
    """A workbook that has only fiche sheets (the ARS template filled by hand): the
    contract takes the fiches' banner name, the axes and partners their words."""
    book = load_workbook(capvm_book)
    for title in ("Fiches", "Axes", "Objectifs", "Indicateurs", "Contrat"):
        del book[title]
    for ws in book.worksheets:
        # The identifier rows a hand-filled template does not have.
        for row in range(1, ws.max_row + 1):
            if ws.cell(row, 1).value in ("Objectifs de l'arbre (identifiants)",
                                         "Porteur (identifiant)"):
                ws.cell(row, 2).value = None
    path = tmp_path / "modele.xlsx"
    book.save(path)
    target = tmp_path / "ws"
    done = import_file("ars", path, to=target, using=ars_plugins())
    contract = clskit.load(target)
    assert contract.name.startswith("Contrat Local de Santé intercommunal")
    assert [a.code for a in contract.axes] == [f"Axe stratégique {n}" for n in range(1, 5)]
    assert len(contract.actions) == 16 and len(contract.indicators) == 66
    assert any("pas de feuille «Contrat»" in str(d) for d in done.diagnostics)
    assert contract.actions[0].partners[0].organisation == "ars-idf"
