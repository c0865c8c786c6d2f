"""Indicators: statuses per axis and target against actual, as native charts; a status table."""

from __future__ import annotations

from typing import Any

from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
from pptx.util import Pt

from clskit import AxisKind, IndicatorStatus, fr
from clskit.indicators import status_label
from clskit_copil._chart import BarChartData
from clskit_copil.canvas import FONT, NAVY
from clskit_copil.context import Context

TITLE = "Indicateurs de suivi"
_COLOURS = {
    IndicatorStatus.ACHIEVED: RGBColor(0x38, 0x76, 0x1D),
    IndicatorStatus.ON_TRACK: RGBColor(0x2E, 0x75, 0xB6),
    IndicatorStatus.LATE: RGBColor(0xC5, 0x5A, 0x11),
    IndicatorStatus.NO_TARGET: RGBColor(0x7F, 0x7F, 0x7F),
    IndicatorStatus.NO_DATA: RGBColor(0xBF, 0xBF, 0xBF),
}


def _shown(value: object) -> str:
    """A value as a reader sees it: «—», «oui» / «non» for a milestone, French numbers."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "oui" if value else "non"
    number = _number(value)
    return fr.number(number) if number is not None else str(value)


def _number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value)


def build(ctx: Context) -> None:
    c = ctx.contract
    if not c.indicators:
        return
    rolled = ctx.snapshot.indicators
    axes = [a for a in c.axes if a.kind is AxisKind.STRATEGIC and rolled.by_axis[a.id].total]
    # Statuses say something only when some indicator can be judged (a value and a
    # target): a chart all «Pas de donnée» or «Sans cible» is an empty tile.
    judged = any(rolled.by_axis[a.id][s] for a in axes for s in IndicatorStatus
                 if s not in (IndicatorStatus.NO_DATA, IndicatorStatus.NO_TARGET))
    if axes and judged:
        statuses = [s for s in IndicatorStatus
                    if any(rolled.by_axis[a.id][s] for a in axes)]
        data = BarChartData([a.code for a in axes], [
            (status_label(status), [rolled.by_axis[a.id][status] for a in axes])
            for status in statuses])
        slide, body = ctx.deck.slide(TITLE, f"Statut des indicateurs par axe au "
                                            f"{fr.date(rolled.as_of)}")
        chart = slide.shapes.add_chart(XL_CHART_TYPE.BAR_STACKED, body.left, body.top,
                                       body.width, body.height, data).chart
        _style(chart, legend=True)
        for series, status in zip(chart.plots[0].series, statuses, strict=True):
            series.format.fill.solid()
            series.format.fill.fore_color.rgb = _COLOURS[status]
        chart.category_axis.reverse_order = True
        ctx.deck.notes(slide, "Règle des statuts : voir la documentation des indicateurs. "
                       + "; ".join(f"{status_label(s)} : {n}"
                                   for s, n in rolled.contract.counts.items() if n))
    _key_figures(ctx)
    _table(ctx)


def _key_figures(ctx: Context) -> None:
    achieved = ctx.snapshot.achievements
    chosen = [i for i in ctx.contract.indicators if i.key] or list(ctx.contract.indicators)
    points = []
    for indicator in chosen:
        a = achieved[indicator.id]
        actual = _number(a.value)
        if actual is not None:
            points.append((indicator, actual, _number(a.target_value)))
    if len(points) < 2:     # one bar is a figure the status table already gives
        return
    points = points[:8]
    values: list[tuple[str, list[float | None]]] = [("Réalisé", [v for _, v, _ in points])]
    if any(t is not None for _, _, t in points):
        values.append(("Cible", [t for _, _, t in points]))
    data = BarChartData([i.label for i, _, _ in points], values)
    slide, body = ctx.deck.slide(TITLE, "Indicateurs clés : réalisé et cible")
    chart = slide.shapes.add_chart(XL_CHART_TYPE.BAR_CLUSTERED, body.left, body.top,
                                   body.width, body.height, data).chart
    _style(chart, legend=len(chart.plots[0].series) > 1)
    chart.category_axis.reverse_order = True
    plot = chart.plots[0]
    plot.has_data_labels = True
    plot.data_labels.font.size = Pt(12)
    for series, colour in zip(plot.series, (NAVY, RGBColor(0xA6, 0xA6, 0xA6)), strict=False):
        series.format.fill.solid()
        series.format.fill.fore_color.rgb = colour
    ctx.deck.notes(slide, "\n".join(
        f"{i.label} : {fr.number(v)}" + (f" (cible {fr.number(t)})" if t is not None else "")
        for i, v, t in points))


def _table(ctx: Context) -> None:
    achieved = ctx.snapshot.achievements
    measured = [i for i in ctx.contract.indicators if i.measurements or i.targets]
    if not measured:
        return
    rows = []
    for indicator in measured:
        a = achieved[indicator.id]
        value, target = _shown(a.value), _shown(a.target_value)
        codes = ctx.codes(list(indicator.actions))
        rows.append([indicator.label, codes or "—", value, target, a.label])
    ctx.deck.table(TITLE, ["Indicateur", "Fiche", "Dernière valeur", "Cible", "Statut"], rows,
                   [0.44, 0.12, 0.15, 0.12, 0.17], size=12,
                   subtitle=f"Au {fr.date(ctx.snapshot.indicators.as_of)}", bold_first=False)


def _style(chart: Any, *, legend: bool) -> None:
    chart.font.name = FONT
    chart.font.size = Pt(13)
    chart.has_title = False     # a one-series chart would otherwise title itself
    chart.has_legend = legend
    if legend:
        chart.legend.position = XL_LEGEND_POSITION.BOTTOM
        chart.legend.include_in_layout = False
        chart.legend.font.size = Pt(12)
    chart.value_axis.has_major_gridlines = True
    chart.value_axis.major_gridlines.format.line.color.rgb = RGBColor(0xD9, 0xD9, 0xD9)
    chart.value_axis.tick_labels.font.size = Pt(11)
    chart.category_axis.tick_labels.font.size = Pt(12)
