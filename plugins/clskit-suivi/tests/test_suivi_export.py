"""What the exported follow-up workbook holds: its sheets in French, the record's lists as
drop-downs, the quarter pre-filled, and nothing from the record that could run as a
formula."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from suivi_helpers import exported, suivi_plugins, titles, workspace

import clskit
from clskit.plugins import import_file
from render import Converter, page_count, text_of_page


@pytest.fixture
def book(tmp_path: Path) -> Path:
    return exported(workspace(tmp_path), "2021-Q4", tmp_path / "suivi-2021-T4.xlsx",
                    suivi_plugins())


def test_sheets_lists_and_drop_downs(book: Path) -> None:
    workbook = openpyxl.load_workbook(book)
    assert workbook.sheetnames == ["Mode d'emploi", "Journal", "Réunions", "Indicateurs",
                                   "Partenaires", "Listes"]
    lists = workbook["Listes"]
    assert lists.sheet_state == "hidden"
    assert [c.value for c in lists["A"]][:4] == ["fiches", "FA 1", "FA 2", "FA 3"]
    assert (lists["T1"].value, lists["U1"].value, lists["T2"].value, lists["U2"].value) == (
        "contrat", "camvs-cls2", "période", "2021-T4")
    journal = workbook["Journal"]
    assert journal.column_dimensions["A"].hidden
    by_range = {str(v.sqref): v for v in journal.data_validations.dataValidation}
    assert by_range["C2:C500"].formula1 == "Listes!$A$2:$A$16"  # fiche codes
    assert by_range["D2:D500"].formula1 == "Listes!$B$2:$B$6"   # kinds
    assert by_range["I2:I500"].formula1 == "Listes!$C$2:$C$9"   # statuses
    assert by_range["I2:I500"].showErrorMessage and not by_range["C2:C500"].showErrorMessage
    meetings = {str(v.sqref): v.formula1 for v in
                workbook["Réunions"].data_validations.dataValidation}
    assert meetings["B2:B500"] == "Listes!$D$2:$D$15"             # bodies
    guide = [c.value for c in workbook["Mode d'emploi"]["A"]]
    assert guide[0] == "Classeur de suivi — CLS 2 de la CAMVS"
    assert guide[1].startswith("Période : octobre à décembre 2021 (2021-T4).")


def test_the_quarter_is_pre_filled(book: Path) -> None:
    workbook = openpyxl.load_workbook(book)
    journal = workbook["Journal"]
    columns = titles(journal)
    texts = [journal.cell(r, columns["Texte"]).value for r in range(2, 20)]
    assert texts[0].startswith("Le rôle de la revue trimestrielle")
    assert texts[-1] == "Ateliers des habitants en novembre 2021"
    assert journal.cell(2, columns["Date ou période"]).value == dt.datetime(2021, 12, 7)
    assert journal.cell(4, columns["Date ou période"]).value == "2021-T4"
    assert journal.cell(2, 1).value.startswith("J:")
    meetings = workbook["Réunions"]
    assert [meetings.cell(r, 1).value for r in range(2, 4)] == ["copil-2021-12-07", None]


def test_a_record_text_that_looks_like_a_formula_stays_a_text(tmp_path: Path) -> None:
    folder = workspace(tmp_path)
    journal = folder / "journal" / "2021-Q4.yaml"
    journal.write_text(journal.read_text(encoding="utf-8") + "- kind: highlight\n"
                       "  date: 2021-11-02\n  text: '=HYPERLINK(\"http://x\";\"clic\")'\n",
                       encoding="utf-8")
    plugins = suivi_plugins()
    book = exported(folder, "2021-Q4", tmp_path / "suivi.xlsx", plugins)
    journal_sheet = openpyxl.load_workbook(book)["Journal"]
    cells = [c for c in journal_sheet["F"] if c.value == '=HYPERLINK("http://x";"clic")']
    assert [c.data_type for c in cells] == ["s"]
    done = import_file("suivi", book, into=folder, using=plugins)
    assert (done.added, done.diagnostics) == (0, ())
    assert len(clskit.load(folder).journal) == len(clskit.load(workspace(
        tmp_path / "fresh")).journal) + 1


@pytest.mark.render
def test_it_opens_in_libreoffice_in_french(book: Path, convert: Converter) -> None:
    pdf = convert.pdf(book)
    pages = [text_of_page(pdf, n) for n in range(1, page_count(pdf) + 1)]
    assert "Classeur de suivi — CLS 2 de la CAMVS" in pages[0]
    assert "Onglet « Journal »" in "".join(pages)
    assert any("Date ou" in p and "Nouveau" in p and "2021-T4" in p for p in pages)
    assert any("copil-2021-12-07" in p and "En visioconférence" in p for p in pages)
