"""Annexes: the meetings of the window (held and planned), the minutes of the
meetings that have them, and the COPIL deck — what that meeting was shown, from the
snapshot as of that meeting, the one the deck itself reads."""

from __future__ import annotations

import clskit
from clskit import Meeting, fr
from clskit_review.context import Context
from clskit_review.document import Block, Bullets, Paragraph, Part, Run, Table, runs
from clskit_review.figures import key_figures
from clskit_review.french import hour
from clskit_review.sections.bodies import deck_of, ordered


def _when(meeting: Meeting) -> str:
    text = fr.when(meeting.date, meeting.when)
    return f"{text}, {hour(meeting.time)}" if meeting.time is not None else text


def _participants(meeting: Meeting) -> str:
    if meeting.participants_count is not None:
        return fr.number(meeting.participants_count)
    if meeting.participants:
        return fr.number(len(meeting.participants))
    return "—"


def meetings_table(ctx: Context) -> Table | None:
    rows = []
    start = ctx.snapshot.window.start
    for m in sorted(ordered(ctx), key=lambda m: m.when.start if m.when else start):
        count = "" if m.count == 1 else (" (nombre non renseigné)" if m.count is None
                                         else f" ({m.count} réunions)")
        rows.append((_when(m) + count, ctx.text(ctx.meeting_name(m)),
                     ctx.codes(m.actions) if len(m.actions) < 4 else "toutes",
                     _participants(m)))
    for workshop, sessions in ctx.snapshot.participation.workshops:
        for s in sessions:
            rows.append((fr.date(s.date), ctx.text(workshop.title), ctx.codes(workshop.actions)
                         or "—", fr.number(s.participants_count)
                         if s.participants_count is not None else "—"))
    if not rows:
        return None
    return Table(("Date", "Réunion", "Fiches", "Participants"), tuple(rows),
                 (0.26, 0.46, 0.12, 0.16), caption=f"Réunions tenues {ctx.during}")


def upcoming_table(ctx: Context) -> Table | None:
    rows = tuple((_when(m), ctx.text(ctx.meeting_name(m)), ctx.text(m.place or "—"))
                 for m in ctx.snapshot.upcoming)
    if not rows:
        return None
    return Table(("Date", "Réunion", "Lieu"), rows, (0.3, 0.5, 0.2),
                 caption="Réunions prévues")


def deck_blocks(ctx: Context, meeting: Meeting, title: str) -> list[Block]:
    """What the deck presented at ``meeting`` showed: its agenda, its key figures and
    the fiches' achieved and to-do items — from the snapshot as of that meeting."""
    shown = clskit.snapshot(ctx.contract, meeting=meeting.id)
    blocks: list[Block] = [ctx.heading(1, f"Annexe : {ctx.text(title)}", numbered=False)]
    blocks.append(Paragraph(runs(
        f"Ce support couvre la période {fr.period(shown.window)} : ce que le "
        f"{ctx.body_name(meeting.body)} s'est vu présenter le {fr.date(meeting.date)}"
        if meeting.date else "Ce support couvre la période "
        f"{fr.period(shown.window)}."), style="note"))
    if meeting.agenda:
        blocks.append(Paragraph(runs("Ordre du jour :"), style="lead"))
        blocks.append(Bullets(tuple(runs(ctx.text(a)) for a in meeting.agenda)))
    figures = key_figures(ctx.contract, shown)
    if figures:
        blocks.append(Paragraph(runs("Chiffres présentés :"), style="lead"))
        blocks.append(Bullets(tuple((Run(n, bold=True), Run(f" {w}")) for n, w in figures)))
    rows = []
    for view in shown.actions:
        achieved = "\n".join(ctx.text(e.text) for e in view.achieved)
        todo = "\n".join(ctx.text(e.text) for e in view.todo)
        if achieved or todo:
            rows.append((view.action.code, achieved or "—", todo or "—"))
    if rows:
        blocks.append(Table(("Fiche", "Objectifs atteints", "Reste-à-faire"), tuple(rows),
                            (0.12, 0.44, 0.44), caption="État d'avancement présenté"))
    points = [e for e in shown.contract_entries if e.outcome_of is None]
    if points:
        blocks.append(Paragraph(runs("Autres points présentés :"), style="lead"))
        blocks.append(Bullets(tuple(runs(ctx.text(e.text)) for e in ctx.in_order(points))))
    return blocks


def build(ctx: Context) -> Part | None:
    blocks: list[Block] = []
    held = meetings_table(ctx)
    planned = upcoming_table(ctx)
    if held is not None or planned is not None:
        blocks.append(ctx.heading(1, f"Annexe : réunions {ctx.during}", numbered=False))
        blocks += [t for t in (held, planned) if t is not None]
    for meeting in ordered(ctx):
        name = f"{ctx.body_name(meeting.body)} du {fr.date(meeting.date)}" if meeting.date \
            else ctx.meeting_name(meeting)
        if meeting.minutes:
            blocks.append(ctx.heading(1, f"Annexe : Compte-rendu de la réunion du {name}",
                                      numbered=False))
            blocks += [Paragraph(runs(ctx.text(p.strip())))
                       for p in meeting.minutes.split("\n") if p.strip()]
        deck = deck_of(ctx, meeting)
        if deck is not None:
            blocks += deck_blocks(ctx, meeting, deck)
    if not blocks:
        return None
    return Part("annexes", tuple(blocks))
