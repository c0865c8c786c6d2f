"""The timeline of the fiches action: one bar per fiche across the contract's years."""

from __future__ import annotations

import datetime as dt

from pptx.dml.color import RGBColor
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Inches, Pt

from clskit import ActionStatus, fr
from clskit_copil import _xml, fit
from clskit_copil.canvas import CONTINUED, INK, MUTED, Para, Rect, Run, hex_colour, pt
from clskit_copil.context import Context, contract_span, status_text

TITLE = "Calendrier des fiches action"
ROWS_PER_SLIDE = 12
_COLOURS = {
    ActionStatus.DONE: RGBColor(0x38, 0x76, 0x1D),
    ActionStatus.IN_PROGRESS: RGBColor(0x2E, 0x75, 0xB6),
    ActionStatus.LATE: RGBColor(0xC5, 0x5A, 0x11),
    ActionStatus.BLOCKED: RGBColor(0xC0, 0x00, 0x00),
    ActionStatus.PAUSED: RGBColor(0xBF, 0x90, 0x00),
    ActionStatus.ABANDONED: RGBColor(0x7F, 0x7F, 0x7F),
}
_PLANNED = RGBColor(0x9D, 0xC3, 0xE6)
# A status the record does not give as of the window: neutral, never the later one.
_UNKNOWN = RGBColor(0xD9, 0xD9, 0xD9)
_UNKNOWN_TEXT = RGBColor(0x40, 0x40, 0x40)


def _light(colour: str) -> bool:
    """Whether ``colour`` (RRGGBB) is light enough to want dark text on it."""
    r, g, b = (int(colour[i:i + 2], 16) for i in (0, 2, 4))
    return 0.299 * r + 0.587 * g + 0.114 * b > 150


def _colours(status: ActionStatus | None, dated: bool) -> tuple[str, str]:
    """The bar's colour (its fill, or its line when the fiche has no dates) and its
    text's: white on a dark fill, dark ink on a light one (never pale on pale)."""
    if status is None:
        return hex_colour(_UNKNOWN if dated else MUTED), hex_colour(_UNKNOWN_TEXT)
    colour = hex_colour(_COLOURS.get(status, _PLANNED))
    if not dated:
        return colour, colour
    return colour, hex_colour(INK) if _light(colour) else "FFFFFF"


def _span(ctx: Context) -> tuple[dt.date, dt.date]:
    """The track's ends: the contract's period, else (dates not known) what the fiches
    and the window cover."""
    if ctx.contract.period is not None:
        return ctx.contract.period.start, ctx.contract.period.end
    window = ctx.snapshot.window
    starts = [a.start for a in ctx.contract.actions if a.start] + [window.start]
    ends = [a.end for a in ctx.contract.actions if a.end] + [window.end]
    return min(starts), max(max(ends), min(starts))


def _label(text: str, width_pt: float, height_pt: float) -> tuple[str, float]:
    """The row's label and its size: whole on one or two lines, 12 pt down to 10 pt;
    cut at a word with «…» only when even two lines of 10 pt cannot hold it."""
    for size in (12.0, 11.0, 10.0):
        lines = fit.wrap(text, fit.Font(size), width_pt)
        if len(lines) * fit.line_height(fit.Font(size)) * fit.SAFETY <= height_pt:
            return text, size
    size = 10.0
    lines = fit.wrap(text, fit.Font(size), width_pt)
    keep = max(1, int(height_pt // (fit.line_height(fit.Font(size)) * fit.SAFETY)))
    shown = " ".join(lines[:keep])
    words = shown.split(" ")
    while len(words) > 1 and len(fit.wrap(" ".join(words) + " …", fit.Font(size),
                                           width_pt)) > keep:
        words.pop()
    return " ".join(words).rstrip(" ,;:(") + " …", size


def build(ctx: Context) -> None:
    """One bar per fiche, when the fiches have dates: a calendar of undated fiches
    would draw nothing but dashed frames."""
    views = list(ctx.snapshot.actions)
    if not any(v.action.start or v.action.end for v in views):
        return
    start, end = _span(ctx)
    years = list(range(start.year, end.year + 1))
    span = (end - start).days + 1
    contract = (fr.period(ctx.contract.period) if ctx.contract.period is not None
                else f"Contrat : {contract_span(ctx.contract)}")
    pages = fit.balance([1.0] * len(views), ROWS_PER_SLIDE)
    today = ctx.snapshot.window.end
    inside = start <= today <= end
    for number, page in enumerate(pages):
        chunk = [views[i] for i in page]
        slide, body = ctx.deck.slide(TITLE + (CONTINUED if number else ""),
                                     f"{contract} — état au "
                                     f"{fr.date(ctx.snapshot.window.end)}")
        label_w = int(body.width * 0.36)
        track = Rect(body.left + label_w, body.top, body.width - label_w, body.height)
        head = Inches(0.4)
        # Rows share the slide (balanced pages hold fewer than the most): room for a
        # label on two lines.
        most = max(len(p) for p in pages)
        row_h = min(int((body.height - head - Inches(0.45)) / most), Inches(0.6))

        def x_of(day: dt.date, track: Rect = track) -> int:
            offset = (min(max(day, start), end) - start).days
            return track.left + int(track.width * offset / span)

        for year in years:
            left = x_of(max(dt.date(year, 1, 1), start))
            right = x_of(min(dt.date(year, 12, 31), end))
            ctx.deck.text(slide, Rect(left, body.top, right - left, head),
                          [Para([Run(str(year), bold=True)], size=14, space_after=0,
                                align=PP_ALIGN.CENTER)])
            _xml.add_line(slide, (left, body.top + head),
                          (left, body.top + head + row_h * len(chunk)), color="D9D9D9",
                          width=int(Pt(0.75)))
        unknown = False
        for i, view in enumerate(chunk):
            top = body.top + head + i * row_h
            a = view.action
            label, size = _label(f"{a.code} : {a.short_title or a.title}",
                                 pt(label_w - Inches(0.1)) - 16, pt(row_h) - 2)
            ctx.deck.text(slide, Rect(body.left, top - Inches(0.04), label_w - Inches(0.1),
                                      row_h), [Para([Run(label)], size=size, space_after=0)])
            dated = a.start is not None or a.end is not None
            unknown |= not dated
            left, right = x_of(a.start or start), x_of(a.end or end)
            colour, ink = _colours(view.status, dated)
            words = status_text(view.status)
            bar_w = max(right - left, Inches(0.05))
            inside_bar = fit.text_width(words, fit.Font(10)) + 16 <= pt(bar_w)
            status = ctx.deck.run_xml(words, 10, color=ink if inside_bar else INK)
            _xml.add_shape(slide, "rect", (left, top + int(row_h * 0.2), bar_w,
                                           int(row_h * 0.6)),
                           fill=colour if dated else None, line=None if dated else colour,
                           line_width=int(Pt(1.5)), dashed=not dated,
                           insets=(91440, 0, 91440, 0),
                           paragraphs=[_xml.paragraph([status], align="ctr")]
                           if inside_bar else [], name="Rectangle")
            if not inside_bar:      # a short bar: its status beside it, where there is room
                room_right = track.left + track.width - (left + bar_w)
                width = int((fit.text_width(words, fit.Font(10)) + 16) * 12700)
                at = left + bar_w if room_right >= width else max(left - width, track.left)
                ctx.deck.text(slide, Rect(at, top + int(row_h * 0.1), width, int(row_h * 0.8)),
                              [Para([Run(words)], size=10, space_after=0)],
                              anchor=MSO_ANCHOR.MIDDLE)
        if inside:
            _xml.add_line(slide, (x_of(today), body.top + head - Inches(0.05)),
                          (x_of(today), body.top + head + row_h * len(chunk) + Inches(0.05)),
                          color="C00000", width=int(Pt(2)))
        legend = []
        if inside:
            legend.append("Trait rouge : date de la réunion." if ctx.meeting is not None
                          else "Trait rouge : fin de la période.")
        if unknown:
            legend.append("Cadre en pointillés : dates de début et de fin non renseignées.")
        if legend:
            ctx.deck.text(slide, Rect(body.left, body.top + head + row_h * len(chunk)
                                      + Inches(0.1), body.width, Inches(0.35)),
                          [Para([Run(" ".join(legend))], size=11, color=MUTED, space_after=0)])
        ctx.deck.notes(slide, "\n".join(
            f"{v.action.code} : {status_text(v.status)}"
            + (f", du {fr.date(v.action.start)}" if v.action.start else "")
            + (f" au {fr.date(v.action.end)}" if v.action.end else "") for v in chunk))
