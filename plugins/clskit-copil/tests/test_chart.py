"""Bar charts without xlsxwriter: the chart XML python-pptx writes, a workbook that opens."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from clskit_copil._chart import BarChartData, column
from lxml import etree
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.enum.chart import XL_CHART_TYPE

from render import Converter, text_of_page

CATEGORIES = ["1 Vos droits en santé", "Santé & bien-être <jeunes>", "3 Autre"]
SERIES = [("Réalisé", [5, 2.5, None]), ("Cible", [10, 4, 7])]


def _canonical(xml: bytes) -> bytes:
    root = etree.fromstring(xml, etree.XMLParser(remove_blank_text=True))
    for element in root.iter():
        element.attrib.pop("lang", None)   # ours says fr-FR, python-pptx en-US
        if etree.QName(element).localname in ("axId", "crossAx"):
            element.set("val", element.get("val", "").lstrip("-"))  # python-pptx's are < 0
    return etree.tostring(root, method="c14n")


@pytest.mark.parametrize("kind", [XL_CHART_TYPE.BAR_CLUSTERED, XL_CHART_TYPE.BAR_STACKED])
def test_axis_ids_are_unsigned_and_cross(kind: XL_CHART_TYPE) -> None:
    root = etree.fromstring(BarChartData(CATEGORIES, SERIES).xml_bytes(kind))
    ns = {"c": "http://schemas.openxmlformats.org/drawingml/2006/chart"}
    plot = root.find("c:chart/c:plotArea", ns)
    ids = [int(e.get("val")) for e in plot.iterfind("c:barChart/c:axId", ns)]
    assert len(set(ids)) == 2 and all(0 <= i < 2**32 for i in ids)   # xsd:unsignedInt
    cat, val = (plot.find(f"c:{a}", ns) for a in ("catAx", "valAx"))
    assert [int(cat.find("c:axId", ns).get("val")), int(val.find("c:axId", ns).get("val"))] == ids
    assert int(cat.find("c:crossAx", ns).get("val")) == ids[1]
    assert int(val.find("c:crossAx", ns).get("val")) == ids[0]


@pytest.mark.parametrize("kind", [XL_CHART_TYPE.BAR_CLUSTERED, XL_CHART_TYPE.BAR_STACKED])
def test_chart_xml_is_python_pptx_s(kind: XL_CHART_TYPE) -> None:
    theirs = CategoryChartData()
    theirs.categories = CATEGORIES
    for name, values in SERIES:
        theirs.add_series(name, values)
    ours = BarChartData(CATEGORIES, SERIES)
    assert _canonical(ours.xml_bytes(kind)) == _canonical(theirs.xml_bytes(kind))


def test_columns() -> None:
    assert [column(i) for i in (0, 1, 25, 26, 27, 51, 52, 701, 702)] == [
        "A", "B", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA"]


def test_series_must_match_categories() -> None:
    with pytest.raises(ValueError, match="2 values for 3 categories"):
        BarChartData(CATEGORIES, [("x", [1, 2])])


def test_unsupported_chart_type() -> None:
    with pytest.raises(ValueError, match="unsupported"):
        BarChartData(CATEGORIES, SERIES).xml_bytes(XL_CHART_TYPE.PIE)


def test_add_chart_takes_it(tmp_path: Path) -> None:
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    chart = slide.shapes.add_chart(XL_CHART_TYPE.BAR_CLUSTERED, 0, 0, 5_000_000, 3_000_000,
                                   BarChartData(CATEGORIES, SERIES)).chart
    path = tmp_path / "chart.pptx"
    prs.save(str(path))
    back = Presentation(str(path)).slides[0].shapes[0].chart
    assert list(back.plots[0].categories) == CATEGORIES
    assert [s.name for s in back.series] == ["Réalisé", "Cible"]
    assert list(back.series[0].values) == [5.0, 2.5, None]
    assert chart.part.chart_workbook.xlsx_part is not None


def test_workbook_cells(tmp_path: Path) -> None:
    """The cells the chart refers to, read back as a spreadsheet reads them (texts from
    the shared-strings table)."""
    from clskit import workbooks

    blob = BarChartData(CATEGORIES, SERIES).xlsx_blob
    with zipfile.ZipFile(io.BytesIO(blob)) as archive:
        names = set(archive.namelist())
    assert names == {"[Content_Types].xml", "_rels/.rels", "xl/workbook.xml",
                     "xl/_rels/workbook.xml.rels", "xl/worksheets/sheet1.xml",
                     "xl/sharedStrings.xml", "xl/styles.xml", "xl/theme/theme1.xml"}
    problems = workbooks.Problems()
    path = tmp_path / "chart.xlsx"
    path.write_bytes(blob)
    book = workbooks.open_workbook(path, problems)
    assert book is not None and problems.ok
    assert book.sheets[0].grid == [(None, "Réalisé", "Cible"), (CATEGORIES[0], 5, 10),
                                   (CATEGORIES[1], 2.5, 4), (CATEGORIES[2], None, 7)]


@pytest.mark.render
def test_workbook_opens_in_libreoffice(tmp_path: Path, convert: Converter) -> None:
    path = tmp_path / "données.xlsx"
    path.write_bytes(BarChartData(CATEGORIES, SERIES).xlsx_blob)
    page = text_of_page(convert.pdf(path), 1).replace(",", ".")  # whatever the locale
    rows = [line.split() for line in page.splitlines()]
    # Columns keep their default width: long categories are cut on the page.
    assert rows[0] == ["Réalisé", "Cible"]
    assert rows[2][:3] == ["Santé", "&", "bi"]
    assert [row[-2:] for row in rows[1:3]] == [["5", "10"], ["2.5", "4"]]
    assert rows[3][-1] == "7"
