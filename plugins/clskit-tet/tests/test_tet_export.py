"""`clskit export tet`: the template, filled, that the platform's rules accept; and the
round trip import → export → import."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import attrs
import openpyxl
import pytest
from clskit_tet.columns import COLUMNS, TITLE_PARSER
from clskit_tet.values import PARTICIPATION_LABELS, PRIORITY_LABELS, STATUS_LABELS, split_list
from tet_sheets import RICH_NOTES, RICH_ROWS, TEMPLATE, VALID, plan

import clskit
from clskit import Action, Contract, ExportError
from clskit.plugins import export, read_import

ROOT = Path(__file__).resolve().parents[3]
EXAMPLES = ("melun-val-de-seine", "paris-vallee-de-la-marne", "mauges")
OPTIONS = {"id": "plan", "name": "Plan"}
# The platform's enum values (statut.enum.schema.ts writes «A discuter» unaccented).
PLATFORM_STATUSES = {*STATUS_LABELS.values(), "A discuter"}


def _values(path: Path, sheet: str = "Fichier dimport") -> list[tuple[Any, ...]]:
    book = openpyxl.load_workbook(path)
    return [tuple(r) for r in book[sheet].iter_rows(values_only=True)]


def platform_accepts(path: Path) -> None:
    """The platform's rules (IMPORT-RULES.md), strictly: the first sheet with A2 ==
    «Axe (x)», A2:AB2 equal to the parser's titles once trimmed, data from row 4; titles
    are texts of 1–300 characters, lists texts, amounts numbers, dates real dates, enums
    exact values; no duplicate title in one axis; every sub-action has its parent row."""
    book = openpyxl.load_workbook(path)
    sheet = next(ws for ws in book.worksheets if ws["A2"].value == "Axe (x)")
    header = [str(sheet.cell(2, c.index).value or "").strip() for c in COLUMNS]
    assert header == [c.title for c in COLUMNS]
    assert header[3] == TITLE_PARSER
    parents: set[tuple[tuple[str, ...], str]] = set()
    subs: list[tuple[tuple[str, ...], str]] = []
    rows = list(sheet.iter_rows(min_row=4, values_only=True))
    assert rows, "no data row"
    for values in rows:
        cells = dict(zip((c.key for c in COLUMNS), values, strict=False))
        if all(v is None for v in values):
            continue
        title = cells["title"]
        assert isinstance(title, str) and 1 <= len(title.strip()) <= 300, cells
        for key in ("sub_title", "description", "objectives", "resources", "financing",
                    "governance", "structures", "partners", "services", "pilots",
                    "referents", "funder1", "funder2", "funder3"):
            assert cells[key] is None or isinstance(cells[key], str), (key, cells[key])
        for key in ("amount1", "amount2", "amount3", "budget"):
            value = cells[key]
            assert value is None or (isinstance(value, int | float) and
                                     not isinstance(value, bool)), (key, value)
        assert cells["budget"] is None or 0 <= cells["budget"] <= 999_999_999_999
        for key in ("start", "end"):
            assert cells[key] is None or isinstance(cells[key], dt.datetime), cells[key]
        if cells["start"] and cells["end"]:
            assert cells["start"] <= cells["end"]
        assert cells["status"] is None or cells["status"] in PLATFORM_STATUSES
        assert cells["priority"] is None or cells["priority"] in PRIORITY_LABELS.values()
        assert (cells["participation"] is None or
                cells["participation"] in PARTICIPATION_LABELS.values())
        path_key = tuple(v for v in (cells["axis"], cells["sub_axis"], cells["sub_sub_axis"])
                         if v)
        if cells["sub_title"]:
            subs.append((path_key, title))
        else:
            assert (path_key, title) not in parents, f"duplicate {title}"
            parents.add((path_key, title))
    assert all(s in parents for s in subs)


def _roundtrip(tmp_path: Path, source: Path, **export_options: str) -> tuple[Contract,
                                                                             Contract, Path]:
    first = read_import("tet", source, options=OPTIONS).contract
    assert first is not None
    out = tmp_path / "plan.xlsx"
    export("tet", first, out, options=export_options)
    second = read_import("tet", out, options=OPTIONS)
    assert second.contract is not None
    return first, second.contract, out


def _differences(a: Contract, b: Contract) -> list[str]:
    return [f.name for f in attrs.fields(Contract) if getattr(a, f.name) != getattr(b, f.name)]


@pytest.mark.parametrize("header", ["platform", "template"])
def test_the_valid_workbook_round_trips_to_the_same_contract(tmp_path: Path,
                                                              header: str) -> None:
    first, second, out = _roundtrip(tmp_path, VALID, header=header)
    assert _differences(first, second) == []
    assert first == second
    if header == "platform":
        platform_accepts(out)
        # Read back, the export has nothing odd left: no warning at all.
        again = read_import("tet", out, options=OPTIONS)
        assert [d for d in again.diagnostics if d.severity.value != "info"] == []


@pytest.mark.filterwarnings("ignore:Data Validation extension:UserWarning")
def test_the_export_header_is_the_templates(tmp_path: Path) -> None:
    contract = read_import("tet", VALID, options=OPTIONS).contract
    assert contract is not None
    template = _values(TEMPLATE)
    export("tet", contract, tmp_path / "p.xlsx")
    export("tet", contract, tmp_path / "t.xlsx", options={"header": "template"})
    platform, published = _values(tmp_path / "p.xlsx"), _values(tmp_path / "t.xlsx")
    # As published: rows 1–4 (sections, titles, field types, guidance) cell for cell.
    assert [r[:33] for r in published[:4]] == [r[:33] for r in template[:4]]
    # As the platform reads it: the template's rows 1–3, but D2 in the parser's words.
    expected = list(template[1][:33])
    expected[3] = TITLE_PARSER
    assert list(platform[1][:33]) == expected
    assert [r[:33] for r in (platform[0], platform[2])] == [r[:33] for r in
                                                             (template[0], template[2])]
    assert platform[3][3] == "Arranger la piste cyclable 2040-2044"
    assert published[4][3] == "Arranger la piste cyclable 2040-2044"
    book = openpyxl.load_workbook(tmp_path / "p.xlsx")
    assert book.sheetnames == ["Mode demploi", "Fichier dimport", "Listes déroulantes"]
    lists = {dv.formula1 for dv in book["Fichier dimport"].data_validations.dataValidation}
    assert "'Listes déroulantes'!$C$2:$C$9" in lists


def test_a_plan_with_every_column_round_trips(tmp_path: Path) -> None:
    source = plan(tmp_path / "riche.xlsx", RICH_ROWS, extra={"Notes": RICH_NOTES})
    first, second, out = _roundtrip(tmp_path, source)
    assert _differences(first, second) == []
    assert first == second
    platform_accepts(out)
    rows = _values(out)
    assert rows[3][3:5] == ("Coordonner le CLS", None)
    assert rows[4][3:5] == ("Coordonner le CLS", "Préparer le COPIL")  # sub under parent
    assert rows[3][1] == "1.1. Animer"
    assert rows[5][0] == "2. Participation"        # an unnumbered axis, numbered
    # The comma inside «…» keeps one body; the brackets keep one partner.
    assert split_list(rows[3][6]) == ["COPIL santé", "Groupe de travail «accès, droits»"]


@pytest.mark.parametrize("example", EXAMPLES)
def test_every_example_exports_a_plan_the_platform_accepts(tmp_path: Path,
                                                           example: str) -> None:
    contract = clskit.load(ROOT / "examples" / example)
    out = tmp_path / f"{example}.xlsx"
    export("tet", contract, out)
    platform_accepts(out)
    rows = [r for r in _values(out)[3:] if any(v is not None for v in r)]
    assert len(rows) == len(contract.actions)
    # What the platform reads back, exported again, gives the same sheet.
    again = read_import("tet", out, options=OPTIONS).contract
    assert again is not None
    export("tet", again, tmp_path / "again.xlsx")
    assert _values(tmp_path / "again.xlsx") == _values(out)


def test_text_from_the_record_never_becomes_a_formula(tmp_path: Path) -> None:
    contract = read_import("tet", VALID, options=OPTIONS).contract
    assert contract is not None
    contract.actions[0].description = "=HYPERLINK(\"http://exemple\")"
    contract.actions[0].resources = "- 1 ETP\n- un local"
    export("tet", contract, tmp_path / "p.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "p.xlsx")["Fichier dimport"]
    assert sheet["F4"].data_type == "s" and sheet["F4"].value.startswith("=HYPERLINK")
    assert sheet["K4"].data_type == "s" and sheet["K4"].quotePrefix


def test_what_the_platform_would_refuse_is_listed_and_nothing_written(
        tmp_path: Path) -> None:
    contract = read_import("tet", VALID, options=OPTIONS).contract
    assert contract is not None
    first = contract.actions[0]
    contract.actions.append(attrs.evolve(first, id="fa-99", code="FA 99"))
    contract.actions.append(Action(id="fa-100", code="FA 100", title="T" * 301))
    with pytest.raises(ExportError) as refused:
        export("tet", contract, tmp_path / "p.xlsx")
    assert "FA 99 et FA 1 : même titre dans le même axe" in str(refused.value)
    assert "FA 100" in str(refused.value) and "301 caractères" in str(refused.value)
    assert not (tmp_path / "p.xlsx").exists()
