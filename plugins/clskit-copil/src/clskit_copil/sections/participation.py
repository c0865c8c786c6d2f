"""The participatory approach: achieved / to do, survey results as native charts, workshops."""

from __future__ import annotations

from typing import Any

from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION
from pptx.oxml.ns import qn
from pptx.util import Inches, Pt

from clskit import EntryKind, fr
from clskit.model import SurveyQuestion
from clskit_copil._chart import BarChartData
from clskit_copil.canvas import FONT, INK, NAVY, Para, Rect, Run, pt
from clskit_copil.context import Context

TITLE = "Démarche participative et démocratie sanitaire"


def build(ctx: Context) -> None:
    part = ctx.snapshot.participation
    achieved = [e for e in part.entries if e.kind is not EntryKind.TODO]
    todo = [e for e in part.entries if e.kind is EntryKind.TODO]
    if achieved or todo:
        ctx.deck.two_lists(TITLE, ("Objectifs atteints",
                                   [Para.of(e.text, size=15, bullet=True) for e in achieved]),
                           ("Reste-à-faire", [Para.of(e.text, size=15, bullet=True)
                                              for e in todo]))
    for survey in part.surveys:
        for question in survey.questions:
            if question.answers:
                _chart(ctx, survey.title, question)
    for workshop, sessions in part.workshops:
        _workshop(ctx, workshop, sessions)


def _chart(ctx: Context, survey_title: str, question: SurveyQuestion) -> None:
    number = f"{question.number}. " if question.number else ""
    slide, body = ctx.deck.slide(survey_title, f"{number}{question.text}")
    labels = [f"{i} {a.label}" if question.number else a.label
              for i, a in enumerate(question.answers, start=1)]
    # Every label whole: the renderers wrap a long one in its band (tickLblSkip keeps
    # LibreOffice from skipping any), rather than a «…» hiding the end of the answer.
    data = BarChartData(labels,
                        [("Réponses", [a.count for a in question.answers])])
    area = body
    if question.free_answers:
        area, side = body.columns(2, gap=Inches(0.3))[0], body.columns(2)[1]
        area = Rect(area.left, area.top, int(body.width * 0.66), area.height)
        side = Rect(area.left + area.width + Inches(0.3), body.top,
                    body.width - area.width - Inches(0.3), body.height)
        paras = [Para([Run("Préciser :", bold=True)], size=14, space_after=6)]
        paras += [Para.of(text, size=13, bullet=True) for text in question.free_answers]
        ctx.deck.text(slide, side, paras)
    frame = slide.shapes.add_chart(XL_CHART_TYPE.BAR_CLUSTERED, area.left, area.top,
                                   area.width, area.height, data)
    chart = frame.chart
    _style_chart(chart, len(labels), pt(area.height))
    total = sum(a.count for a in question.answers)
    ctx.deck.notes(slide, f"{survey_title} — {question.text}\n" + "\n".join(
        f"{label} : {a.count}" for label, a in zip(labels, question.answers, strict=True))
        + f"\nTotal des réponses : {total}" + (" (plusieurs réponses possibles)"
                                               if question.multiple else ""))


def _style_chart(chart: Any, count: int, height_pt: float) -> None:
    size = max(10.0, min(13.0, round(height_pt / max(count, 1) * 0.36 * 2) / 2))
    chart.has_title = False
    chart.has_legend = False
    chart.font.name = FONT
    chart.font.size = Pt(size)
    plot = chart.plots[0]
    plot.gap_width = 60
    plot.has_data_labels = True
    labels = plot.data_labels
    labels.font.size = Pt(size)
    labels.font.bold = True
    labels.number_format = "0"
    labels.number_format_is_linked = False
    labels.position = XL_LABEL_POSITION.OUTSIDE_END
    series = plot.series[0]
    series.format.fill.solid()
    series.format.fill.fore_color.rgb = NAVY
    category = chart.category_axis
    category.reverse_order = True          # the first answer on top, as in the questionnaire
    _every_label(category)
    category.tick_labels.font.size = Pt(size)
    category.tick_labels.font.color.rgb = INK
    category.format.line.color.rgb = INK
    value = chart.value_axis
    value.has_major_gridlines = False
    value.visible = False


def _workshop(ctx: Context, workshop: Any, sessions: Any) -> None:
    dates = [fr.date(s.date) for s in sessions]
    when = ", ".join(dates[:-1]) + " et " + dates[-1] if len(dates) > 1 else dates[0]
    counts = [f"{s.participants_count} participants le {fr.date(s.date)}"
              for s in sessions if s.participants_count]
    who = []
    if workshop.participants_total:
        who.append(f"au total, {workshop.participants_total} habitants")
    if workshop.participants_profile:
        who.append(workshop.participants_profile)
    who_text = ", ".join(who) + (f" ({', '.join(counts)})" if counts else "")
    paras = [Para([Run("QUAND ? ", bold=True, color=NAVY), Run(f"les séances du {when}")],
                  size=16, bullet=True)]
    if who_text:
        paras.append(Para([Run("QUI ? ", bold=True, color=NAVY), Run(who_text)], size=16,
                          bullet=True))
    themed = [s for s in sessions if s.themes]
    if themed:
        paras.append(Para([Run("QUOI ?", bold=True, color=NAVY)], size=16, bullet=True,
                          space_after=2))
        paras += [Para([Run(f"Thématiques du {fr.date(s.date)} : ", bold=True),
                        Run(" ; ".join(s.themes))], size=14, bullet=True, level=1)
                  for s in themed]
    # «ET APRÈS ?»: what came out of it (the evaluation questionnaire: the inhabitants
    # agree to join the working groups), then what comes next, as the seed says.
    after = [*workshop.outcomes, *workshop.next_steps]
    if after:
        paras.append(Para([Run("ET APRÈS ?", bold=True, color=NAVY)], size=16, bullet=True,
                          space_after=2))
        paras += [Para.of(text, size=14, bullet=True, level=1) for text in after]
    slides = ctx.deck.flow(f"Zoom sur {workshop.title[0].lower()}{workshop.title[1:]}"
                           if workshop.title.lower().startswith("les ") else workshop.title,
                           paras)
    if workshop.feedback:
        ctx.deck.notes(slides[0], "Paroles de participants :\n" + "\n".join(
            f"« {quote.strip('«» ')} »" for quote in workshop.feedback))


def _every_label(axis: Any) -> None:
    """Show every category label: LibreOffice skips some when it judges room short."""
    cat_ax = axis._element
    for old in cat_ax.findall(qn("c:tickLblSkip")):
        cat_ax.remove(old)
    skip = cat_ax.makeelement(qn("c:tickLblSkip"), {"val": "1"})
    # Schema order: tickLblSkip comes after c:lblOffset / c:lblAlgn, before c:tickMarkSkip.
    anchor = cat_ax.find(qn("c:lblOffset"))
    if anchor is None:
        anchor = cat_ax.find(qn("c:lblAlgn"))
    if anchor is not None:
        anchor.addnext(skip)
    else:
        cat_ax.append(skip)
