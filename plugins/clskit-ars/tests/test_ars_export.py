"""The fiche workbook and the CSV lists: sheets, printing, French values, safety."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest
from ars_support import CAMVS, CAPVM, MAUGES, row_of, sheet_rows, write
from openpyxl import load_workbook

import clskit
from clskit.errors import ExportError

FICHE_CODES = [f"FA {n}" for n in range(1, 17)]


@pytest.fixture(scope="module")
def capvm() -> clskit.Contract:
    return clskit.load(CAPVM)


@pytest.fixture(scope="module")
def capvm_book(capvm: clskit.Contract, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write(capvm, tmp_path_factory.mktemp("ars") / "capvm.xlsx", period="2020")


def test_capvm_has_sixteen_fiche_sheets_between_the_lists(capvm_book: Path) -> None:
    titles = load_workbook(capvm_book).sheetnames
    assert titles == ["Fiches", "Axes", "Objectifs", "Bilan 2020", *FICHE_CODES,
                      "Indicateurs", "Contrat"]


def test_a_fiche_sheet_holds_every_block_of_the_template(capvm_book: Path,
                                                         capvm: clskit.Contract) -> None:
    rows = sheet_rows(capvm_book, "FA 7")
    column_a = [r[0] for r in rows]
    for label in ("FICHE ACTION", "Axe stratégique", "Intitulé de l'action",
                  "Porteur de l'action", "Obj spécifique", "Obj opérationnel 1",
                  "Public cible", "Lieu de l'action", "TYPOLOGIE ET THÉMATIQUE",
                  "Déterminant visé", "Thème 3", "PARTENAIRES ET PARTICIPATION", "Secteur",
                  "SUIVI ET ÉVALUATION", "Indicateur processus", "Indicateur résultat 2",
                  "JUSTIFICATION", "DESCRIPTION", "INFORMATIONS COMPLÉMENTAIRES (clskit)"):
        assert label in column_a, label
    action = next(a for a in capvm.actions if a.code == "FA 7")
    pilot = rows[row_of(capvm_book, "FA 7", "Porteur de l'action") - 1]
    assert pilot[1] == "Direction de l'urbanisme CAPVM"
    assert pilot[2:6] == ("Début", dt.datetime(2020, 1, 1), "Fin", dt.datetime(2022, 12, 31))
    # FA 7 leaves the first three questions unanswered: the cells stay empty.
    pre = rows[column_a.index(
        "L'action est-elle déjà mise en œuvre (préexistante à la dynamique du CLS) ?")]
    assert pre[5] is None
    header = column_a.index("Secteur")
    partners = rows[header + 1: header + 1 + len(action.partners)]
    assert [p[1] for p in partners][:2] == ["ARS-IDF", "Services de la CAPVM"]
    assert partners[1][2:6] == ("Oui", "Oui", "Oui", "Oui")
    assert partners[0][2:6] == ("Oui", None, None, None)


def test_fiche_sheets_print_one_page_wide_with_header_and_footer(capvm_book: Path) -> None:
    book = load_workbook(capvm_book)
    for code in FICHE_CODES:
        ws = book[code]
        assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.print_area == f"'{code}'!$A$1:$F${ws.max_row}"
        assert ws.print_title_rows == "$1:$2"
        assert f"Fiche action {code}" in ws.oddFooter.right.text
        assert ws.oddFooter.left.text == "CLS de la CAPVM 2019-2022"
        assert ws["B5"].alignment.wrap_text


def test_summary_lists(capvm_book: Path) -> None:
    fiches = sheet_rows(capvm_book, "Fiches")
    assert fiches[1] == ("Code", "Intitulé", "Axe", "Porteur", "Début", "Fin", "Statut",
                         "Statut connu le")
    assert fiches[2][:4] == ("FA 1", "Assurer la coordination du CLS", "Axe stratégique 1",
                             "Coordinateur du CLS")
    assert len(fiches) == 2 + 16
    axes = sheet_rows(capvm_book, "Axes")
    assert [r[1] for r in axes[2:]] == [f"Axe stratégique {n}" for n in range(1, 5)]
    objectives = sheet_rows(capvm_book, "Objectifs")
    shared = next(r for r in objectives if r[0] == "os-fa-13")
    assert shared[2] == "Objectif spécifique" and shared[7] == "FA 13, FA 14"


def test_bilan_says_an_unknown_status_and_the_indicators_of_the_year(tmp_path: Path) -> None:
    mauges = clskit.load(MAUGES)
    path = write(mauges, tmp_path / "mauges.xlsx", period="2021")
    rows = sheet_rows(path, "Bilan 2021")
    assert rows[1][2] == "Statut au 31 décembre 2021"
    radon = next(r for r in rows if r[0] == "Action 2.5.1")
    assert radon[2] == "Statut non renseigné"
    assert ("Kits de mesure du radon distribués aux habitants : 237 (31 mars 2021) ; "
            "sans cible — Sans cible") in radon[5]


def test_bilan_lists_what_was_done_in_the_year(tmp_path: Path) -> None:
    path = write(clskit.load(CAMVS), tmp_path / "camvs.xlsx", period="2021")
    fa2 = next(r for r in sheet_rows(path, "Bilan 2021") if r[0] == "FA 2")
    assert fa2[2] == "En cours"
    assert fa2[3].startswith("octobre à décembre 2021 : Un travail d'identification")
    assert fa2[4] == "2021 : réunion fin décembre avec le service concerné"


def _csv(path: Path) -> list[list[str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM French Excel needs
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle, delimiter=";"))


def test_csv_lists(capvm: clskit.Contract, tmp_path: Path) -> None:
    fiches = _csv(write(capvm, tmp_path / "fiches.csv"))
    assert fiches[0][:3] == ["Code", "Intitulé", "Axe"]
    assert fiches[1][4:6] == ["01/10/2019", "31/12/2022"]
    axes = _csv(write(capvm, tmp_path / "axes.csv", options={"list": "axes"}))
    assert [r[1] for r in axes[1:]] == [f"Axe stratégique {n}" for n in range(1, 5)]
    objectives = _csv(write(capvm, tmp_path / "objectifs.csv", options={"list": "objectives"}))
    assert len(objectives) == 1 + 15
    bilan = _csv(write(clskit.load(CAMVS), tmp_path / "bilan.csv", period="2021",
                       options={"list": "bilan"}))
    assert bilan[0][2] == "Statut au 31 décembre 2021"
    assert len(bilan) == 1 + 15


def test_csv_bilan_needs_a_period_and_a_workbook_takes_no_list(capvm: clskit.Contract,
                                                               tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="--period"):
        write(capvm, tmp_path / "bilan.csv", options={"list": "bilan"})
    with pytest.raises(ExportError, match="CSV"):
        write(capvm, tmp_path / "fiches.xlsx", options={"list": "axes"})
    assert not list(tmp_path.iterdir())


def test_texts_that_look_like_formulas_stay_texts(capvm: clskit.Contract,
                                                  tmp_path: Path) -> None:
    contract = clskit.load(CAPVM)
    contract.actions[0].title = "=HYPERLINK(\"http://x\",\"clic\")"
    contract.actions[0].target_public = "-habitants"
    path = write(contract, tmp_path / "f.xlsx")
    ws = load_workbook(path)["FA 1"]
    title = ws.cell(row_of(path, "FA 1", "Intitulé de l'action"), 2)
    public = ws.cell(row_of(path, "FA 1", "Public cible"), 2)
    assert title.data_type == "s" and title.value.startswith("=HYPERLINK")
    assert public.data_type == "s" and public.value == "-habitants"
    rows = _csv(write(contract, tmp_path / "f.csv"))
    assert rows[1][1] == "'=HYPERLINK(\"http://x\",\"clic\")"
