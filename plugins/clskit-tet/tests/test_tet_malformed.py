"""Malformed workbooks: every problem placed, a non-zero exit, no workspace written."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import openpyxl
import pytest
from clskit_tet.columns import COLUMNS
from tet_sheets import action, plan

from clskit import ImportFailed, Severity
from clskit.cli import main
from clskit.plugins import read_import


def _refused(tmp_path: Path, path: Path, capsys: pytest.CaptureFixture[str]) -> list[str]:
    """Run the CLI on ``path``: it must fail, write nothing, and return its messages."""
    target = tmp_path / "ws"
    code = main(["import", "tet", str(path), "-o", str(target)])
    err = capsys.readouterr().err
    assert code == 1, err
    assert not target.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".ws")]
    assert "nothing was written" in err
    return err.splitlines()


def _has(lines: list[str], *parts: str) -> bool:
    return any(all(p in line for p in parts) for line in lines)


def test_swapped_columns_name_letter_expected_and_found_all_at_once(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    titles = [c.title for c in COLUMNS]
    titles[1], titles[2] = titles[2], titles[1]            # B ↔ C, as in the e2e test
    titles[24], titles[25] = titles[25], titles[24]        # Y ↔ Z
    lines = _refused(tmp_path, plan(tmp_path / "p.xlsx", [action("A")], titles=titles),
                     capsys)
    assert _has(lines, "ligne 2, colonne B", 'La colonne B devrait être "Sous-axe (x.x)" et '
                'non "Sous-sous axe (x.x.x)"', "ce titre est en colonne C")
    assert _has(lines, "colonne C", 'devrait être "Sous-sous axe (x.x.x)"')
    assert _has(lines, "colonne Y", 'devrait être "Statut" et non "Niveau de priorité"')
    assert _has(lines, "colonne Z", 'devrait être "Niveau de priorité"')


def test_a_title_spelt_otherwise_is_refused_as_the_platform_does(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    titles = [c.title for c in COLUMNS]
    titles[2] = "Sous-sous-axe (x.x.x)"
    lines = _refused(tmp_path, plan(tmp_path / "p.xlsx", [action("A")], titles=titles),
                     capsys)
    assert _has(lines, "colonne C", "écrit autrement")


def test_text_in_a_budget_cell_names_action_column_and_value(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = plan(tmp_path / "p.xlsx", [
        action("Piste", budget="environ 5000"),
        action("Caméra", amount1="beaucoup", funder1="Région"),
        action("Course", budget=dt.datetime(2024, 1, 1), end="31/02/2024"),
        action("Vélo", budget=-3),
    ])
    lines = _refused(tmp_path, path, capsys)
    assert _has(lines, "ligne 4, colonne X (Budget prévisionnel total € HT)",
                "Action «Piste» : Un nombre est attendu", "«environ 5000»")
    assert _has(lines, "ligne 5, colonne S (Montant € HT)",
                "Action «Caméra» : Un montant est attendu", "«beaucoup»")
    assert _has(lines, "ligne 6, colonne X", "Action «Course»", "une date")
    assert _has(lines, "ligne 6, colonne AB (Date de fin)", "Une date est attendue")
    assert _has(lines, "ligne 7, colonne X", "Le budget ne peut pas être négatif")


def test_duplicate_titles_in_one_axis_but_not_across_axes(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = plan(tmp_path / "p.xlsx", [
        action("Action dupliquée", axis="Axe 1"),
        action("Action dupliquée", axis="Axe 2"),
        action("Action dupliquée", axis="Axe 1"),
    ])
    lines = _refused(tmp_path, path, capsys)
    assert _has(lines, "ligne 6, colonne D", "Titres d'actions en doublon dans le même axe : "
                "Axe 1::Action dupliquée", "déjà ligne 4")
    assert not _has(lines, "ligne 5, colonne D")


def test_orphan_sub_action_and_sub_action_without_title(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = plan(tmp_path / "p.xlsx", [
        action("Parent", axis="Axe 1"),
        action("Parent", axis="Axe 2", sub_title="SA 1.1"),
        action("Inconnue", axis="Axe 1", sub_title="SA 1.2"),
        {"axis": "Axe 1", "sub_title": "SA 1.3"},
        {"axis": "Axe 1", "description": "une ligne sans titre"},
    ])
    lines = _refused(tmp_path, path, capsys)
    assert _has(lines, "ligne 5, colonne E (Titre de la sous-action)",
                'Sous-action(s) sans action parente trouvée(s) : "SA 1.1"',
                "existe ligne 4, dans un autre axe")
    assert _has(lines, "ligne 6, colonne E", '"SA 1.2"')
    assert _has(lines, "ligne 7, colonne D", "'Titre de l'action' est manquant")
    assert _has(lines, "ligne 8, colonne D", "Le titre est obligatoire")


def test_empty_sheet_and_workbook_without_the_data_sheet(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lines = _refused(tmp_path, plan(tmp_path / "vide.xlsx", []), capsys)
    assert _has(lines, "feuille Fichier dimport, ligne 4", "aucune action")
    book = openpyxl.Workbook()
    book.active.title = "Plan"
    book.active["A1"] = "Axe"
    book.save(tmp_path / "autre.xlsx")
    lines = _refused(tmp_path, tmp_path / "autre.xlsx", capsys)
    assert _has(lines, "autre.xlsx", "L'onglet des données n'a pas été trouvé",
                "«Plan»")


def test_a_csv_renamed_xlsx_and_a_password_protected_workbook(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    csv = tmp_path / "plan.xlsx"
    csv.write_text("Axe (x);Sous-axe (x.x)\n1. Santé;1.1 Accès\n", encoding="utf-8")
    lines = _refused(tmp_path, csv, capsys)
    assert _has(lines, "plan.xlsx", "n'est pas un classeur Excel", "CSV")
    locked = tmp_path / "protege.xlsx"   # an encrypted OOXML file is an OLE container
    locked.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4096))
    lines = _refused(tmp_path, locked, capsys)
    assert _has(lines, "protege.xlsx", "mot de passe")


def test_a_macro_workbook_imports_with_a_warning(tmp_path: Path) -> None:
    source = plan(tmp_path / "p.xlsx", [action("A")])
    macro = tmp_path / "plan.xlsm"
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(macro, "w") as copy:
        for item in original.infolist():
            copy.writestr(item, original.read(item))
        copy.writestr("xl/vbaProject.bin", b"\x00" * 64)
    result = read_import("tet", macro)
    assert result.contract is not None
    assert any(d.severity is Severity.WARNING and "macros" in d.message
               for d in result.diagnostics)


def test_a_50000_row_sheet_is_refused_at_its_first_row_over_the_limit(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "enorme.xlsx"
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Fichier dimport")
    sheet.append([None])
    sheet.append([c.title for c in COLUMNS])
    sheet.append([None])
    for n in range(50_000):
        sheet.append(["1. Axe", None, None, f"Action {n}"])
    book.save(path)
    lines = _refused(tmp_path, path, capsys)
    assert _has(lines, "feuille Fichier dimport, ligne 5004", "50000 lignes d'actions",
                "5000")


def test_all_problems_of_all_rows_are_reported_at_once(tmp_path: Path) -> None:
    path = plan(tmp_path / "p.xlsx", [
        action("A", budget="x"), action("B", amount1="y"), action("C", start="demain"),
        action("D" * 301),
    ])
    with pytest.raises(ImportFailed) as failed:
        read_import("tet", path)
    rows = {d.location.row for d in failed.value.diagnostics
            if d.severity is Severity.ERROR}
    assert rows == {4, 5, 6, 7}
