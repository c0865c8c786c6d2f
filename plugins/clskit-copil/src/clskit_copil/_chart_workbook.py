"""The workbook behind a chart («Modifier les données»), as a package Excel opens as is.

One sheet with the chart's cells (A1 empty, series names from B1, categories from A2),
texts in a shared-strings table, and the styles and theme parts Excel expects of every
workbook: without them the Office Open XML validator reports missing relationships, and
Excel rewrites inline strings on its next save. Written by hand, as the chart XML is:
importing a spreadsheet library would cost a tenth of a deck's time.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from xml.sax.saxutils import escape

from clskit_copil import _xml

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT = "application/vnd.openxmlformats-officedocument"
_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'

_STYLES = (
    f'{_HEAD}<styleSheet xmlns="{_MAIN}"><fonts count="1"><font><sz val="11"/>'
    '<color theme="1"/><name val="Calibri"/><family val="2"/><scheme val="minor"/></font>'
    '</fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill>'
    '<patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/>'
    '<right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf '
    'numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="1">'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs><cellStyles '
    'count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>')


def _scheme_colour(name: str, rgb: str) -> str:
    return f'<a:{name}><a:srgbClr val="{rgb}"/></a:{name}>'


def _theme() -> str:
    colours = "".join(_scheme_colour(n, v) for n, v in (
        ("accent1", "4472C4"), ("accent2", "ED7D31"), ("accent3", "A5A5A5"),
        ("accent4", "FFC000"), ("accent5", "5B9BD5"), ("accent6", "70AD47"),
        ("hlink", "0563C1"), ("folHlink", "954F72")))
    fonts = ('<a:latin typeface="{0}"/><a:ea typeface=""/><a:cs typeface=""/>')
    solid = '<a:solidFill><a:schemeClr val="phClr"/></a:solidFill>'
    line = f'<a:ln w="6350">{solid}</a:ln>'
    return (
        f'{_HEAD}<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
        'name="clskit"><a:themeElements><a:clrScheme name="clskit">'
        '<a:dk1><a:sysClr val="windowText" lastClr="000000"/></a:dk1>'
        '<a:lt1><a:sysClr val="window" lastClr="FFFFFF"/></a:lt1>'
        f'{_scheme_colour("dk2", "44546A")}{_scheme_colour("lt2", "E7E6E6")}{colours}'
        '</a:clrScheme><a:fontScheme name="clskit">'
        f'<a:majorFont>{fonts.format("Calibri Light")}</a:majorFont>'
        f'<a:minorFont>{fonts.format("Calibri")}</a:minorFont></a:fontScheme>'
        f'<a:fmtScheme name="clskit"><a:fillStyleLst>{solid * 3}</a:fillStyleLst>'
        f'<a:lnStyleLst>{line * 3}</a:lnStyleLst><a:effectStyleLst>'
        f'{"<a:effectStyle><a:effectLst/></a:effectStyle>" * 3}</a:effectStyleLst>'
        f'<a:bgFillStyleLst>{solid * 3}</a:bgFillStyleLst></a:fmtScheme></a:themeElements>'
        '</a:theme>')


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _column(index: int) -> str:
    letters = ""
    while index >= 0:
        index, rest = divmod(index, 26)
        letters = chr(65 + rest) + letters
        index -= 1
    return letters


def workbook(categories: Sequence[str],
             series: Sequence[tuple[str, Sequence[float | None]]]) -> bytes:
    """The .xlsx bytes of one sheet: series names in row 1, categories in column A."""
    strings: dict[str, int] = {}

    def text(ref: str, value: str) -> str:
        return f'<c r="{ref}" t="s"><v>{strings.setdefault(value, len(strings))}</v></c>'

    rows = ["".join(text(f"{_column(i + 1)}1", name) for i, (name, _) in enumerate(series))]
    for k, category in enumerate(categories):
        cells = [text(f"A{k + 2}", category)]
        for i, (_, values) in enumerate(series):
            value = values[k]
            if value is not None:
                cells.append(f'<c r="{_column(i + 1)}{k + 2}"><v>{_number(value)}</v></c>')
        rows.append("".join(cells))
    sheet = "".join(f'<row r="{n}">{cells}</row>' for n, cells in enumerate(rows, 1))
    uses = sum(len(r.split('t="s"')) - 1 for r in rows)
    shared = "".join(f'<si><t xml:space="preserve">{escape(s)}</t></si>' for s in strings)
    overrides = "".join(
        f'<Override PartName="/xl/{part}" ContentType="{_CT}.{kind}+xml"/>'
        for part, kind in (("workbook.xml", "spreadsheetml.sheet.main"),
                           ("worksheets/sheet1.xml", "spreadsheetml.worksheet"),
                           ("sharedStrings.xml", "spreadsheetml.sharedStrings"),
                           ("styles.xml", "spreadsheetml.styles"),
                           ("theme/theme1.xml", "theme")))
    relationships = "".join(
        f'<Relationship Id="rId{n}" Type="{_REL}/{kind}" Target="{target}"/>'
        for n, (kind, target) in enumerate((("worksheet", "worksheets/sheet1.xml"),
                                            ("sharedStrings", "sharedStrings.xml"),
                                            ("styles", "styles.xml"),
                                            ("theme", "theme/theme1.xml")), 1))
    files = {
        "[Content_Types].xml":
            f'{_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="rels" ContentType="application/'
            'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
            f'ContentType="application/xml"/>{overrides}</Types>',
        "_rels/.rels":
            f'{_HEAD}<Relationships xmlns="{_PKG}"><Relationship Id="rId1" '
            f'Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml":
            f'{_HEAD}<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><sheets><sheet name="Sheet1" '
            'sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels":
            f'{_HEAD}<Relationships xmlns="{_PKG}">{relationships}</Relationships>',
        "xl/worksheets/sheet1.xml":
            f'{_HEAD}<worksheet xmlns="{_MAIN}"><sheetData>{sheet}</sheetData></worksheet>',
        "xl/sharedStrings.xml":
            f'{_HEAD}<sst xmlns="{_MAIN}" count="{uses}" uniqueCount="{len(strings)}">'
            f'{shared}</sst>',
        "xl/styles.xml": _STYLES,
        "xl/theme/theme1.xml": _theme(),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(zipfile.ZipInfo(name, date_time=_xml.ZIP_TIME),
                             content.encode("utf-8"), zipfile.ZIP_DEFLATED)
    return buffer.getvalue()
