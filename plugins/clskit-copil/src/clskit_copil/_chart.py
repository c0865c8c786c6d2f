"""Chart data for python-pptx's ``add_chart``, without xlsxwriter.

``pptx.chart.data`` imports xlsxwriter to write the workbook PowerPoint opens on «Modifier
les données»; that import alone is a tenth of a deck's time. The deck's charts are bars
(clustered or stacked) of text categories, so their chart XML is the one python-pptx
writes for them, and their workbook a one-sheet package with the same cells (A1 empty,
series names from B1, categories from A2). ``slide.shapes.add_chart`` takes this object
as it takes a ``CategoryChartData``: it asks only ``xml_bytes`` and ``xlsx_blob``.
"""

from __future__ import annotations

from collections.abc import Sequence
from xml.sax.saxutils import escape

from pptx.enum.chart import XL_CHART_TYPE

from clskit_copil import _chart_workbook

_GROUPING = {XL_CHART_TYPE.BAR_CLUSTERED: ("clustered", ""),
             XL_CHART_TYPE.BAR_STACKED: ("stacked", '<c:overlap val="100"/>')}
# The axis ids are python-pptx's but positive: it writes -2068027336 and -2113994440, and
# ECMA-376 types c:axId/c:crossAx as xsd:unsignedInt (PowerPoint tolerates negatives
# today, nothing promises it will). Distinct within a chart: catAx and valAx cross.
_CAT_AX, _VAL_AX = "2068027336", "2113994440"


def column(index: int) -> str:
    """The spreadsheet column of a 0-based ``index``: A, B… Z, AA…"""
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


class BarChartData:
    """Text categories and numeric series (None: no bar), as a chart and its workbook."""

    def __init__(self, categories: Sequence[str],
                 series: Sequence[tuple[str, Sequence[float | None]]]) -> None:
        for name, values in series:
            if len(values) != len(categories):
                raise ValueError(f"series {name!r} has {len(values)} values for "
                                 f"{len(categories)} categories")
        self.categories = [str(c) for c in categories]
        self.series = [(name, list(values)) for name, values in series]

    def _strings(self, ref: str, texts: Sequence[str]) -> str:
        points = "".join(f'<c:pt idx="{i}"><c:v>{escape(t)}</c:v></c:pt>'
                         for i, t in enumerate(texts))
        return (f"<c:strRef><c:f>{ref}</c:f><c:strCache><c:ptCount val=\"{len(texts)}\"/>"
                f"{points}</c:strCache></c:strRef>")

    def xml_bytes(self, chart_type: XL_CHART_TYPE) -> bytes:
        """The chart part, as python-pptx writes a bar chart."""
        if chart_type not in _GROUPING:
            raise ValueError(f"unsupported chart type {chart_type}")
        grouping, overlap = _GROUPING[chart_type]
        last = len(self.categories) + 1
        categories = self._strings(f"Sheet1!$A$2:$A${last}", self.categories)
        series = []
        for i, (name, values) in enumerate(self.series):
            col = column(i + 1)
            points = "".join(f'<c:pt idx="{k}"><c:v>{_number(v)}</c:v></c:pt>'
                             for k, v in enumerate(values) if v is not None)
            series.append(
                f'<c:ser><c:idx val="{i}"/><c:order val="{i}"/>'
                f"<c:tx>{self._strings(f'Sheet1!${col}$1', [name])}</c:tx>"
                f"<c:cat>{categories}</c:cat><c:val><c:numRef>"
                f"<c:f>Sheet1!${col}$2:${col}${last}</c:f><c:numCache>"
                f"<c:formatCode>General</c:formatCode><c:ptCount val=\"{len(values)}\"/>"
                f"{points}</c:numCache></c:numRef></c:val></c:ser>")
        xml = (
            "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
            '<c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" '
            'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            '<c:date1904 val="0"/><c:chart><c:autoTitleDeleted val="0"/><c:plotArea>'
            f'<c:barChart><c:barDir val="bar"/><c:grouping val="{grouping}"/>'
            f'{"".join(series)}{overlap}<c:axId val="{_CAT_AX}"/><c:axId val="{_VAL_AX}"/>'
            f'</c:barChart><c:catAx><c:axId val="{_CAT_AX}"/><c:scaling><c:orientation '
            'val="minMax"/></c:scaling><c:delete val="0"/><c:axPos val="l"/>'
            '<c:majorTickMark val="out"/><c:minorTickMark val="none"/>'
            f'<c:tickLblPos val="nextTo"/><c:crossAx val="{_VAL_AX}"/>'
            '<c:crosses val="autoZero"/><c:auto val="1"/><c:lblAlgn val="ctr"/>'
            '<c:lblOffset val="100"/><c:noMultiLvlLbl val="0"/></c:catAx>'
            f'<c:valAx><c:axId val="{_VAL_AX}"/><c:scaling/><c:delete val="0"/>'
            '<c:axPos val="b"/><c:majorGridlines/><c:majorTickMark val="out"/>'
            '<c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>'
            f'<c:crossAx val="{_CAT_AX}"/><c:crosses val="autoZero"/></c:valAx>'
            '</c:plotArea><c:dispBlanksAs val="gap"/></c:chart><c:txPr><a:bodyPr/>'
            '<a:lstStyle/><a:p><a:pPr><a:defRPr sz="1800"/></a:pPr>'
            '<a:endParaRPr lang="fr-FR"/></a:p></c:txPr></c:chartSpace>')
        return xml.encode("utf-8")

    @property
    def xlsx_blob(self) -> bytes:
        """The workbook behind the chart: one sheet, the cells the chart refers to."""
        return _chart_workbook.workbook(self.categories, self.series)
