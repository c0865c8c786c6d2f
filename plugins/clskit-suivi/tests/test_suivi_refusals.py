"""What the importer refuses, or reads with a warning: every problem placed by sheet, row
and column, all of them at once, a non-zero exit, and the workspace left as it was."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import openpyxl
import pytest
from suivi_helpers import MAUGES, exported, fill, suivi_plugins, titles, tree, workspace

import clskit
from clskit import ImportFailed, Severity
from clskit.cli import main
from clskit.plugins import Plugins, import_file


@pytest.fixture
def plugins() -> Plugins:
    return suivi_plugins()


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return workspace(tmp_path)


@pytest.fixture
def book(folder: Path, tmp_path: Path, plugins: Plugins) -> Path:
    return exported(folder, "2021-Q4", tmp_path / "suivi-2021-T4.xlsx", plugins)


def refused(book: Path, folder: Path, plugins: Plugins) -> list[str]:
    """The errors of an import that must fail, as printed; checks nothing was written."""
    before = tree(folder)
    with pytest.raises(ImportFailed) as failure:
        import_file("suivi", book, into=folder, using=plugins)
    assert tree(folder) == before
    return [f"{d.location}: {d.message}" for d in failure.value.diagnostics
            if d.severity is Severity.ERROR]


def warnings_of(book: Path, folder: Path, plugins: Plugins) -> list[str]:
    done = import_file("suivi", book, into=folder, using=plugins)
    return [f"{d.location}: {d.message}" for d in done.diagnostics]


def test_unknown_fiche_impossible_date_and_status_out_of_list_all_said_at_once(
        book, folder, plugins) -> None:
    fill(book, {"Journal": [
        {"Fiche(s)": "FA 3, FA 99", "Type": "Événement", "Texte": "Une fiche inconnue."},
        {"Date ou période": "31/02/2022", "Fiche(s)": "FA 3", "Type": "Événement",
         "Texte": "Une date qui n'existe pas."},
        {"Fiche(s)": "FA 3", "Type": "Événement", "Texte": "Un statut hors liste.",
         "Nouveau statut": "Terminé"},
        {"Type": "Note", "Texte": "Un type hors liste."},
        {"Fiche(s)": "FA 3", "Type": "Événement", "Texte": "Une réunion inconnue.",
         "Présenté à la réunion": "copil-2031-01-01"},
    ], "Réunions": [{"Instance": "Conseil des sages", "Date": dt.datetime(2021, 11, 2)}]})
    errors = refused(book, folder, plugins)
    assert errors == [
        "suivi-2021-T4.xlsx, feuille Réunions, ligne 3, colonne B (Instance): «Conseil des "
        "sages» n'est pas une instance du contrat ; choisir dans la liste : «Comité de "
        "Pilotage», «Comité Technique», «Coordination du CLS», «Groupe de travail « "
        "Amélioration des conditions d'installations des étudiants en médecine »», «Groupe "
        "de travail « Journée de la santé »», «Groupe de travail « Laverie solidaire »», "
        "«Groupe de travail « Santé des femmes »», «Groupe de travail « Santé des personnes "
        "âgées »», … (14 en tout)",
        "suivi-2021-T4.xlsx, feuille Journal, ligne 20, colonne C (Fiche(s)): «FA 99» n'est "
        "pas une fiche du contrat («FA 1», «FA 2», «FA 3», «FA 4», «FA 5», «FA 6», «FA 7», "
        "«FA 8», … (15 en tout))",
        "suivi-2021-T4.xlsx, feuille Journal, ligne 21, colonne B (Date ou période): "
        "'31/02/2022' n'est pas une date qui existe",
        "suivi-2021-T4.xlsx, feuille Journal, ligne 22, colonne I (Nouveau statut): «Terminé» "
        "n'est pas un statut de fiche ; choisir dans la liste : «À venir», «À discuter», «En "
        "cours», «Réalisé», «En retard», «En pause», «Bloqué», «Abandonné»",
        "suivi-2021-T4.xlsx, feuille Journal, ligne 23, colonne D (Type): «Note» n'est pas un "
        "type d'entrée ; choisir dans la liste : «Objectif atteint», «Reste-à-faire», «Point "
        "saillant», «Événement», «Décision»",
        "suivi-2021-T4.xlsx, feuille Journal, ligne 24, colonne G (Présenté à la réunion): "
        "«copil-2031-01-01» n'est l'identifiant d'aucune réunion du dossier ni de l'onglet "
        "Réunions",
    ]


def test_the_command_exits_non_zero_and_says_where(book, folder, capsys) -> None:
    fill(book, {"Journal": [{"Fiche(s)": "FA 99", "Type": "Événement", "Texte": "x"}]})
    assert main(["import", "suivi", str(book), "--into", str(folder)]) == 1
    err = capsys.readouterr().err
    assert ("suivi-2021-T4.xlsx, feuille Journal, ligne 20, colonne C (Fiche(s)): error "
            "CLS207 «FA 99» n'est pas une fiche du contrat") in err
    assert err.rstrip().endswith("1 error in " + str(book) + ": nothing was written")


def test_the_command_round_trip(folder, tmp_path, capsys) -> None:
    target = tmp_path / "suivi-2021-T4.xlsx"
    assert main(["export", "suivi", str(folder), "--period", "2021-Q4", "-o",
                 str(target)]) == 0
    fill(target, {"Journal": [{"Fiche(s)": "FA 7", "Type": "Objectif atteint",
                               "Texte": "Premier atelier."}]})
    assert main(["import", "suivi", str(target), "--into", str(folder)]) == 0
    assert "added 1 item" in capsys.readouterr().out


def test_a_csv_renamed_xlsx(tmp_path, folder, plugins) -> None:
    book = tmp_path / "suivi.xlsx"
    book.write_text("Date;Fiche;Type;Texte\n01/11/2021;FA 3;Événement;x\n", encoding="utf-8")
    assert refused(book, folder, plugins) == [
        "suivi.xlsx: n'est pas un classeur Excel (.xlsx) : c'est un fichier texte (un CSV "
        "renommé ?) ; ouvrez-le dans Excel et enregistrez-le au format .xlsx"]


def test_a_password_protected_workbook(tmp_path, folder, plugins) -> None:
    """Excel writes an encrypted workbook as an OLE compound file, not a zip."""
    book = tmp_path / "suivi.xlsx"
    book.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4096))
    (error,) = refused(book, folder, plugins)
    assert error.startswith("suivi.xlsx: classeur protégé par un mot de passe")


def test_a_macro_workbook_reads_with_a_warning(book, folder, plugins, tmp_path) -> None:
    fill(book, {"Journal": [{"Fiche(s)": "FA 7", "Type": "Objectif atteint",
                             "Texte": "Premier atelier."}]})
    macro = tmp_path / "suivi-2021-T4.xlsm"
    with zipfile.ZipFile(book) as source, zipfile.ZipFile(macro, "w") as target:
        for info in source.infolist():
            target.writestr(info, source.read(info))
        target.writestr("xl/vbaProject.bin", b"\x00" * 64)
    assert warnings_of(macro, folder, plugins) == [
        "suivi-2021-T4.xlsm: classeur avec macros : elles sont ignorées (jamais exécutées), "
        "seules les valeurs des cellules sont lues"]


def test_a_workbook_with_one_empty_sheet(tmp_path, folder, plugins) -> None:
    book = tmp_path / "suivi.xlsx"
    openpyxl.Workbook().save(book)
    assert refused(book, folder, plugins) == [
        "suivi.xlsx: n'est pas un classeur de suivi : aucune des feuilles «Journal», "
        "«Réunions», «Indicateurs», «Partenaires» (feuilles : Sheet)"]


def test_an_emptied_sheet_is_a_warning(book, folder, plugins) -> None:
    workbook = openpyxl.load_workbook(book)
    journal = workbook["Journal"]
    workbook.remove(journal)
    workbook.create_sheet("Journal", 1)
    workbook.save(book)
    found = warnings_of(book, folder, plugins)
    assert "suivi-2021-T4.xlsx, feuille Journal: la feuille est vide : rien n'en est importé" \
        in found


def test_a_50000_row_sheet(book, folder, plugins) -> None:
    workbook = openpyxl.load_workbook(book)
    journal = workbook["Journal"]
    for row in range(2, 50_002):
        journal.cell(row=row, column=6, value=f"ligne {row}")
    workbook.save(book)
    assert refused(book, folder, plugins) == [
        "suivi-2021-T4.xlsx, feuille Journal: plus de 5000 lignes : trop pour une feuille de "
        "suivi ; elle n'est pas lue"]


def test_columns_swapped_with_their_titles_read_by_title(book, folder, plugins) -> None:
    workbook = openpyxl.load_workbook(book)
    journal = workbook["Journal"]
    columns = titles(journal)
    kind, text = columns["Type"], columns["Texte"]
    for row in range(1, journal.max_row + 1):
        a, b = journal.cell(row, kind), journal.cell(row, text)
        a.value, b.value = b.value, a.value
    workbook.save(book)
    fill(book, {"Journal": [{"Fiche(s)": "FA 7", "Type": "Objectif atteint",
                             "Texte": "Premier atelier."}]})
    assert warnings_of(book, folder, plugins) == [
        "suivi-2021-T4.xlsx, feuille Journal, ligne 1: les colonnes ne sont plus dans l'ordre "
        "du classeur exporté : elles sont lues d'après leur titre, mais les listes "
        "déroulantes ne sont plus sous leur colonne"]


def test_values_typed_in_each_other_s_column(book, folder, plugins) -> None:
    fill(book, {"Journal": [{"Date ou période": "Premier atelier des habitants.",
                             "Type": "Objectif atteint", "Texte": dt.datetime(2021, 11, 4)}],
                "Réunions": [{"Instance": "Comité Technique", "Date": "En présentiel",
                              "Modalité": dt.datetime(2021, 11, 9)}]})
    assert refused(book, folder, plugins) == [
        "suivi-2021-T4.xlsx, feuille Réunions, ligne 3, colonne C (Date): 'En présentiel' "
        "n'est pas une date (écrire JJ/MM/AAAA)",
        "suivi-2021-T4.xlsx, feuille Réunions, ligne 3, colonne E (Modalité): «09/11/2021» "
        "n'est pas une modalité de réunion ; choisir dans la liste : «En présentiel», «En "
        "visioconférence», «En mixte», «Par téléphone»",
        "suivi-2021-T4.xlsx, feuille Journal, ligne 20, colonne B (Date ou période): "
        "'Premier atelier des habitants.' n'est pas une date (écrire JJ/MM/AAAA)",
    ]


def test_a_required_column_deleted(book, folder, plugins) -> None:
    workbook = openpyxl.load_workbook(book)
    workbook["Journal"].delete_cols(titles(workbook["Journal"])["Texte"])
    workbook.save(book)
    errors = refused(book, folder, plugins)
    assert errors == ["suivi-2021-T4.xlsx, feuille Journal, ligne 1: colonne «Texte» "
                      "absente : elle est obligatoire"]


def test_a_workbook_of_another_contract(tmp_path, folder, plugins) -> None:
    mauges = workspace(tmp_path, MAUGES)
    with pytest.warns(UserWarning):
        book = exported(mauges, "2022-Q1", tmp_path / "mauges.xlsx", plugins)
    (error,) = refused(book, folder, plugins)
    assert error == ("mauges.xlsx, feuille Listes, ligne 1, colonne U: ce classeur a été "
                     "écrit pour le contrat «mauges-cls1», pas pour «camvs-cls2» : exportez "
                     "celui du dossier")


def test_odd_but_readable_values_are_warnings(book, folder, plugins) -> None:
    fill(book, {"Journal": [
        {"Date ou période": dt.datetime(2022, 2, 1), "Fiche(s)": "fa3", "Type": "point "
         "SAILLANT ", "Texte": "Hors du trimestre."}],
        "Partenaires": [{"Nom": "Secours populaire"}, {"Nom": "SOLIPAM", "Sigle": "SOLIPAM"}]})
    found = warnings_of(book, folder, plugins)
    assert found == [
        "suivi-2021-T4.xlsx, feuille Journal, ligne 20, colonne B (Date ou période): hors de "
        "la période du classeur (2021-T4) : importé tel quel",
        "suivi-2021-T4.xlsx, feuille Partenaires, ligne 2, colonne F (Date d'arrivée): sans "
        "date d'arrivée, le partenaire n'est pas compté parmi les nouveaux partenaires de la "
        "période",
        "suivi-2021-T4.xlsx, feuille Partenaires, ligne 3, colonne B (Nom): le dossier a déjà "
        "cet organisme («solipam») : la ligne n'y change rien",
    ]
    assert [o.id for o in clskit.load(folder).organisations][-1] == "secours-populaire"


def test_an_edited_pre_filled_row_keeps_the_record_s_version(book, folder, plugins) -> None:
    workbook = openpyxl.load_workbook(book)
    journal = workbook["Journal"]
    journal.cell(row=2, column=titles(journal)["Texte"], value="Réécrit dans Excel.")
    workbook.save(book)
    before = tree(folder)
    assert warnings_of(book, folder, plugins) == [
        "suivi-2021-T4.xlsx, feuille Journal, ligne 2, colonne A (Réf. clskit (ne pas "
        "modifier)): ligne pré-remplie modifiée : la modification n'est pas reprise (le "
        "dossier garde sa version) ; corrigez le fichier du dossier, ou ajoutez une nouvelle "
        "ligne"]
    assert tree(folder) == before
