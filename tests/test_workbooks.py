"""The shared workbook reader: anything handed over gives a workbook or one placed message."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from clskit import Severity, workbooks
from clskit.workbooks import Cell, Limits, Problems


def saved(path: Path, rows: list[list[object]], title: str = "Plan") -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def only_problem(path: Path, **kwargs: object) -> str:
    problems = Problems()
    assert workbooks.open_workbook(path, problems, **kwargs) is None  # type: ignore[arg-type]
    (problem,) = problems.items
    assert problem.severity is Severity.ERROR and problem.rule == "CLS201"
    return str(problem)


def test_a_csv_renamed_xlsx_is_named_as_such(tmp_path: Path) -> None:
    path = tmp_path / "plan.xlsx"
    path.write_text("Titre;Statut\nAction 1;En cours\n", encoding="utf-8")
    assert "plan.xlsx: error CLS201 n'est pas un classeur Excel (.xlsx) : c'est un fichier " \
           "texte (un CSV renommé ?)" in only_problem(path)


def test_a_protected_or_old_workbook_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "plan.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))
    assert "protégé par un mot de passe, ou au format Excel 97-2003" in only_problem(path)


def test_other_office_files_and_damaged_zips(tmp_path: Path) -> None:
    word = tmp_path / "revue.xlsx"
    with zipfile.ZipFile(word, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    assert "c'est un document Word" in only_problem(word)
    broken = tmp_path / "cut.xlsx"
    broken.write_bytes(saved(tmp_path / "full.xlsx", [["a"]]).read_bytes()[:300])
    assert "n'est pas un classeur Excel lisible" in only_problem(broken)


def test_a_zip_bomb_is_not_unpacked(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/media/image1.png", bytes(30 * 1024 * 1024))
    assert bomb.stat().st_size < 100_000
    message = only_problem(bomb, limits=Limits(max_unpacked=20 * 1024 * 1024))
    assert "se décompresse en 30 Mo" in message


def test_a_macro_workbook_reads_with_a_warning(tmp_path: Path) -> None:
    plain = saved(tmp_path / "plain.xlsx", [["Titre"], ["Action 1"]])
    macro = tmp_path / "plan.xlsm"
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(macro, "w") as target:
        for item in source.infolist():
            target.writestr(item, source.read(item.filename))
        target.writestr("xl/vbaProject.bin", b"Attribute VB_Name")
    problems = Problems()
    book = workbooks.open_workbook(macro, problems)
    assert book is not None and book.has_macros
    assert book.sheets[0].value(2, 1) == "Action 1"
    (warning,) = problems.items
    assert warning.severity is Severity.WARNING and "macros" in warning.message


def test_too_many_rows_refuse_the_sheet_only(tmp_path: Path) -> None:
    path = saved(tmp_path / "big.xlsx", [[i] for i in range(1, 60)])
    problems = Problems()
    book = workbooks.open_workbook(path, problems, limits=Limits(max_rows=50))
    assert book is not None and book.sheets == []
    assert str(problems.items[0]).startswith("big.xlsx, feuille Plan: error CLS201 plus de "
                                             "50 lignes")


def test_merged_cells_carry_their_value_and_places_name_columns(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "FA 3"
    sheet.append(["Axe", "Porteur de l'action"])
    sheet.append(["Axe 1", "CCAS"])
    sheet.append([None, "Mairie"])
    sheet.merge_cells("A2:A3")
    book.save(tmp_path / "fiches.xlsx")
    problems = Problems()
    read = workbooks.open_workbook(tmp_path / "fiches.xlsx", problems)
    assert read is not None and problems.ok
    fa3 = read.sheet(" fa  3 ")
    assert fa3 is not None
    assert fa3.value(3, 1) == "Axe 1"
    fa3.use_header(1)
    assert str(fa3.cell(3, 2).location) == ("fiches.xlsx, feuille FA 3, ligne 3, colonne B "
                                            "(Porteur de l'action)")
    assert list(fa3.rows(2)) == [2, 3]


def cell(value: object) -> Cell:
    return Cell(value, workbooks.Sheet("S", "f.xlsx", []).location(2, 3))


@pytest.mark.parametrize(("value", "expected"), [
    (dt.datetime(2019, 10, 12), dt.date(2019, 10, 12)),
    (43750, dt.date(2019, 10, 12)),
    ("12/10/2019", dt.date(2019, 10, 12)),
    ("12/10/19", dt.date(2019, 10, 12)),
    ("2019-10-12", dt.date(2019, 10, 12)),
    (" 12.10.2019 ", dt.date(2019, 10, 12)),
    (None, None),
    ("  ", None),
])
def test_dates(value: object, expected: dt.date | None) -> None:
    problems = Problems()
    assert workbooks.date(cell(value), problems) == expected
    assert problems.items == []


@pytest.mark.parametrize("value", ["oct-19", "Octobre 2019", "10/2019", "oct. 2019"])
def test_a_month_alone_is_its_first_day_with_a_warning(value: str) -> None:
    problems = Problems()
    assert workbooks.date(cell(value), problems) == dt.date(2019, 10, 1)
    assert [d.severity for d in problems.items] == [Severity.WARNING]


@pytest.mark.parametrize(("value", "message"), [
    ("30/02/2021", "n'est pas une date qui existe"),
    ("13/2021", "n'est pas une date qui existe"),
    ("bientôt", "n'est pas une date (écrire JJ/MM/AAAA)"),
    (-4, "n'est pas une date"),
    (float("nan"), "n'est pas une date"),
])
def test_impossible_dates_are_errors(value: object, message: str) -> None:
    problems = Problems()
    assert workbooks.date(cell(value), problems) is None
    (problem,) = problems.items
    assert problem.severity is Severity.ERROR and message in problem.message


@pytest.mark.parametrize(("value", "expected"), [
    (1500, 1500.0), (12.5, 12.5), ("12 500,50 €", 12500.5), ("1\u202f000", 1000.0),
    ("-3", -3.0), (None, None),
])
def test_numbers(value: object, expected: float | None) -> None:
    problems = Problems()
    assert workbooks.number(cell(value), problems) == expected
    assert problems.ok


@pytest.mark.parametrize("value", ["douze", "12 k€", True, float("inf"), "1,2,3"])
def test_text_in_an_amount_is_an_error(value: object) -> None:
    problems = Problems()
    assert workbooks.number(cell(value), problems, "un montant") is None
    assert "n'est pas un montant" in problems.errors[0].message


@pytest.mark.parametrize(("value", "expected"), [
    ("Oui ", True), ("oui", True), ("X", True), ("Non", False), (None, None), (" ", None),
])
def test_yes_no(value: object, expected: bool | None) -> None:
    problems = Problems()
    assert workbooks.yes_no(cell(value), problems) is expected
    assert problems.items == []


def test_neither_yes_nor_no_is_a_warning() -> None:
    problems = Problems()
    assert workbooks.yes_no(cell("peut-être"), problems) is None
    assert problems.items[0].severity is Severity.WARNING


def test_text_keeps_the_writing() -> None:
    assert workbooks.text(cell(3.0)) == "3"
    assert workbooks.text(cell(dt.datetime(2021, 12, 7))) == "07/12/2021"
    assert workbooks.text(cell("  Porteur\r\n ")) == "Porteur"


@given(st.sampled_from("=+-@"), st.text())
def test_a_text_from_the_record_never_becomes_a_formula(first: str, rest: str) -> None:
    value = first + rest
    book = openpyxl.Workbook()
    written = workbooks.put(book.active, 1, 1, value)
    assert written.data_type == "s"
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    with zipfile.ZipFile(buffer) as archive:
        sheet_xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml


def test_sheet_titles_are_valid_and_unique() -> None:
    taken: set[str] = set()
    assert workbooks.safe_sheet_title("FA 1 : Accès/soins [x]", taken) == "FA 1 - Accès-soins -x-"
    long = "Fiche action " + "très " * 10
    first = workbooks.safe_sheet_title(long, taken)
    second = workbooks.safe_sheet_title(long.upper(), taken)
    assert len(first) == len(second) == 31 and second.endswith(" (2)")


@pytest.mark.parametrize("index,letters", [(1, "A"), (26, "Z"), (27, "AA"), (703, "AAA")])
def test_column_letters(index: int, letters: str) -> None:
    assert workbooks.column_letter(index) == letters


def test_saved_workbooks_are_valid_office_files_that_read_back(tmp_path: Path) -> None:
    from openpyxl.styles import Font
    from openpyxl.worksheet.datavalidation import DataValidation
    from openxml_audit import OpenXmlValidator

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "FA 1"
    for row, value in enumerate(["=SUM(A1)", " espace ", "ligne\ndeux", "", "FA 1"], 1):
        workbooks.put(sheet, row, 1, value)
    workbooks.put(sheet, 1, 2, 12.5)
    sheet["A1"].font = Font(bold=True, size=14, color="FF0000")
    choice = DataValidation(type="list", formula1='"Oui,Non"', allow_blank=True)
    sheet.add_data_validation(choice)
    choice.add("C2:C20")
    sheet.oddFooter.center.text = "CLS — FA 1"
    target = tmp_path / "fiches.xlsx"
    workbooks.save(book, target)
    findings = OpenXmlValidator(max_errors=0).validate(str(target)).errors
    assert [(f.part_uri, f.description) for f in findings] == []
    with zipfile.ZipFile(target) as archive:
        assert "inlineStr" not in archive.read("xl/worksheets/sheet1.xml").decode()
    problems = Problems()
    read = workbooks.open_workbook(target, problems)
    assert read is not None and problems.ok
    assert [read.sheets[0].value(r, 1) for r in range(1, 6)] == [
        "=SUM(A1)", " espace ", "ligne\ndeux", None, "FA 1"]
    assert read.sheets[0].value(1, 2) == 12.5


# -- save: the rows written by clskit, compared with openpyxl's own -----------------------

def _cells_of(path: Path, styles: bool = True) -> dict[str, object]:
    """Everything a reader sees of the workbook at ``path``, sheet by sheet, cell by cell."""
    from openpyxl.worksheet.formula import ArrayFormula
    from openpyxl.xml.functions import tostring

    book = openpyxl.load_workbook(path)
    out: dict[str, object] = {}
    for ws in book.worksheets:
        cells = {}
        for row in ws.iter_rows():
            for c in row:
                kind = "n" if c.value is None and c.data_type == "inlineStr" else c.data_type
                value = (c.value.ref, c.value.text) if isinstance(c.value, ArrayFormula) else \
                    c.value
                cells[c.coordinate] = (
                    value, kind, c.number_format, c.quotePrefix, repr(c.font), repr(c.fill),
                    repr(c.border), repr(c.alignment), repr(c.protection)) if styles else (
                    value, kind, c.number_format, c.font.b)
        out[ws.title] = (
            cells, sorted(str(r) for r in ws.merged_cells.ranges),
            {k: (d.ht, d.hidden, d.outlineLevel, d.customHeight)
             for k, d in ws.row_dimensions.items()},
            [tostring(v.to_tree()) for v in ws.data_validations.dataValidation],
            [c.coordinate for row in ws.iter_rows() for c in row if c.hyperlink],
            [(c.coordinate, c.comment.text) for row in ws.iter_rows() for c in row if c.comment])
    return out


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _both(tmp_path: Path, build: Callable[[], openpyxl.Workbook],
          styles: bool = True) -> tuple[Path, Path]:
    """The workbook ``build()`` makes, saved by :func:`workbooks.save` and by openpyxl."""
    ours, plain = tmp_path / "ours.xlsx", tmp_path / "plain.xlsx"
    workbooks.save(build(), ours)
    build().save(plain)
    assert _cells_of(ours, styles) == _cells_of(plain, styles)
    return ours, plain


def _every_kind() -> openpyxl.Workbook:
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.worksheet.datavalidation import DataValidation
    from openpyxl.worksheet.formula import ArrayFormula

    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Valeurs"
    numbers: list[object] = [0, 1, -1, 2**53 + 1, 10**20, -(10**17), 0.1, 1 / 3, 1e-300,
                             5e-324, 1.7976931348623157e308, -0.0, 12.5, 1500]
    texts: list[object] = [" devant", "derrière ", "ligne\ndeux", "\n", '<&>"\'', "", " ",
                           "\tonglet", "é ü — ’ 📺", "a\r\nb", "&amp; déjà échappé",
                           "=pas une formule", "devant"]
    for column, value in enumerate(numbers, 1):
        ws.cell(row=1, column=column, value=value)
    for column, value in enumerate(texts, 1):
        workbooks.put(ws, 2, column, value)
    others: list[object] = [True, False, None, dt.date(2021, 12, 7),
                            dt.datetime(2019, 10, 12, 13, 45, 30, 250000),
                            dt.date(1900, 2, 1), dt.time(8, 30),
                            dt.timedelta(days=2, hours=3)]
    for column, value in enumerate(others, 1):
        ws.cell(row=3, column=column, value=value)
    thin = Side(style="thin", color="000000")
    for row in range(5, 8):  # styled empty cells, and a merged range drawing a border
        for column in range(1, 5):
            ws.cell(row=row, column=column).border = Border(left=thin, right=thin, top=thin,
                                                            bottom=thin)
    ws["A5"] = "fusion"
    ws.merge_cells("A5:D7")
    ws["F5"].fill = PatternFill("solid", fgColor="FFEE00")
    ws["G5"].font = Font(bold=True, size=14, color="FF0000")
    ws["H5"].alignment = Alignment(wrap_text=True, vertical="top")
    ws["I5"].number_format = "0.00%"
    # what openpyxl writes itself: formulas, array formulae, errors, links, comments
    ws["A9"] = "=SUM(A1:C1)"
    ws["B9"] = "devant"  # the same text as in a written row: one entry in the table
    ws["C9"] = " espace "
    ws["D9"] = "#N/A"
    ws["A10"] = ArrayFormula("A10:A11", "=A1:A2*2")
    ws["A12"] = "site"
    ws["A12"].hyperlink = "https://example.org/"
    ws["A13"] = "note"
    ws["A13"].comment = Comment("à relire", "clskit")
    ws["B14"].comment = Comment("sur une cellule vide", "clskit")
    # rows: heights, hidden, outline, styled, and rows without cells
    ws.row_dimensions[2].height = 31.5
    ws.row_dimensions[3].hidden = True
    ws.row_dimensions[5].outline_level = 1
    ws.row_dimensions[20].height = 12.75
    ws.row_dimensions[21].font = Font(italic=True)
    ws.row_dimensions[22]  # touched: an empty row, as openpyxl writes it
    choice = DataValidation(type="list", formula1='"Oui,Non"', allow_blank=True)
    ws.add_data_validation(choice)
    choice.add("C2:C20")
    ws.oddFooter.center.text = "CLS — Valeurs"
    ws.print_title_rows = "1:2"
    ws.page_setup.orientation = "landscape"
    other = book.create_sheet("Vide")
    other.sheet_properties.tabColor = "1072BA"
    third = book.create_sheet("Riche")
    from openpyxl.cell.rich_text import CellRichText, TextBlock
    from openpyxl.cell.text import InlineFont

    third["A1"] = CellRichText(["normal ", TextBlock(InlineFont(b=True), "gras")])
    third["A2"] = "devant"
    return book


def test_save_writes_what_openpyxl_writes_for_every_kind_of_cell(tmp_path: Path) -> None:
    from openxml_audit import OpenXmlValidator

    ours, _ = _both(tmp_path, _every_kind)
    findings = OpenXmlValidator(max_errors=0).validate(str(ours)).errors
    assert [(f.part_uri, f.description) for f in findings] == []
    read = openpyxl.load_workbook(ours)["Valeurs"]
    assert read["E1"].value == 10**20 and read["A2"].value == " devant"
    assert read["D1"].value == 2**53  # 16 digits, as openpyxl writes (and Excel keeps 15)
    assert read["E2"].value == '<&>"\'' and read["F2"].value is None
    assert read["A9"].value == "=SUM(A1:C1)" and read["A12"].hyperlink.target
    assert read.row_dimensions[2].height == 31.5 and read.row_dimensions[3].hidden


def test_saved_sheets_are_openpyxls_with_the_texts_shared(tmp_path: Path) -> None:
    """Byte for byte: openpyxl's package as :func:`workbooks.normalise` corrects it."""
    import html

    ours, plain = _both(tmp_path, _every_kind)
    corrected = tmp_path / "corrected.xlsx"
    corrected.write_bytes(workbooks._package.normalise(plain.read_bytes()))
    mine, theirs = _parts(ours), _parts(corrected)
    assert sorted(mine) == sorted(theirs)
    for name in mine:
        if name == "docProps/core.xml":
            continue
        if name == "xl/sharedStrings.xml":  # lxml writes « é » as « &#233; »
            assert html.unescape(mine[name].decode()) == html.unescape(theirs[name].decode())
        else:
            assert mine[name] == theirs[name], name
    sheet = mine["xl/worksheets/sheet1.xml"].decode()
    assert "inlineStr" not in sheet and "<f>SUM(A1:C1)</f>" in sheet
    assert '<is><r>' in mine["xl/worksheets/sheet3.xml"].decode()  # rich text stays inline
    table = mine["xl/sharedStrings.xml"].decode()
    assert table.count(">devant<") == 1


def test_save_leaves_openpyxl_as_it_was(tmp_path: Path) -> None:
    from openpyxl.worksheet._writer import WorksheetWriter

    rows, row = WorksheetWriter.write_rows, WorksheetWriter.write_row
    workbooks.save(_every_kind(), tmp_path / "ours.xlsx")
    assert (WorksheetWriter.write_rows, WorksheetWriter.write_row) == (rows, row)
    _every_kind().save(tmp_path / "plain.xlsx")
    assert "inlineStr" in _parts(tmp_path / "plain.xlsx")["xl/worksheets/sheet1.xml"].decode()


def test_a_timezone_in_a_date_is_refused_as_openpyxl_refuses_it(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.active["A1"] = dt.datetime(2021, 1, 1, tzinfo=dt.UTC)
    with pytest.raises(TypeError, match="timezones"):
        workbooks.save(book, tmp_path / "tz.xlsx")


def test_a_long_sheet(tmp_path: Path) -> None:
    from openpyxl.styles import Font

    def build() -> openpyxl.Workbook:
        book = openpyxl.Workbook()
        ws = book.active
        bold = Font(bold=True)
        for row in range(1, 10_001):
            ws.cell(row=row, column=1, value=row)
            ws.cell(row=row, column=2, value=f"ligne {row % 97}")
            ws.cell(row=row, column=3, value=row / 7)
            ws.cell(row=row, column=4, value=dt.date(2020, 1, 1) + dt.timedelta(days=row))
            if row % 10 == 0:
                ws.cell(row=row, column=5).font = bold
                ws.row_dimensions[row].height = 20
            if row % 1000 == 0:
                ws.cell(row=row, column=6, value=f"=A{row}*2")
        return book

    ours, _ = _both(tmp_path, build, styles=False)
    with zipfile.ZipFile(ours) as archive:
        table = archive.read("xl/sharedStrings.xml").decode()
    assert 'count="10000" uniqueCount="97"' in table


@given(st.lists(st.one_of(
    st.none(), st.booleans(), st.integers(-(2**62), 2**62),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")) | st.sampled_from(
        "\n\r\t <>&\"'")),
    st.datetimes(min_value=dt.datetime(1900, 3, 1))), min_size=1, max_size=30))
def test_any_row_reads_back_as_openpyxl_writes_it(values: list[object]) -> None:
    import tempfile

    def build() -> openpyxl.Workbook:
        book = openpyxl.Workbook()
        for column, value in enumerate(values, 1):
            book.active.cell(row=1, column=column, value=value)
        return book

    with tempfile.TemporaryDirectory() as scratch:
        _both(Path(scratch), build)
