"""«Déploiement du CLS»: one section per fiche action that moved in the window, in
the fiches' order, its entries as narrative; the yearly report starts with every
fiche's status at the year's end."""

from __future__ import annotations

import datetime as dt
import re

from clskit import ActionStatus, BodyKind, EntryKind, JournalEntry, Meeting, fr
from clskit.snapshot import ActionView
from clskit_review.context import Context
from clskit_review.document import Block, Bullets, Paragraph, Part, Run, Table, runs
from clskit_review.french import capital, join, on, sentence

_FA = re.compile(r"^(?:FA|F\.A\.|Fiche action)\s*n?°?\s*(\S+)$", re.IGNORECASE)


def fiche_title(code: str, title: str) -> str:
    """«FICHE ACTION 3 « Favoriser l'accueil… »», «ACTION 1.1.2 « … »»."""
    found = _FA.match(code.strip())
    label = f"FICHE ACTION {found.group(1)}" if found else code.upper()
    return f"{label} « {title} »"


def status_text(view: ActionView, end: dt.date) -> str:
    """«En cours»; «non renseigné» when the record does not give it for the window."""
    if view.status is None:
        return fr.UNKNOWN_STATUS
    return fr.enum(view.status)


def mentions(text: str, day: dt.date) -> bool:
    """Whether a text already says a day («30 novembre», «30/11», «1er décembre»)."""
    number = "1er" if day.day == 1 else str(day.day)
    month = fr.month(day.year, day.month).rsplit(" ", 1)[0]
    forms = (f"{number} {month}", f"{day.day} {month}", f"{day.day:02d}/{day.month:02d}",
             f"{day.day}/{day.month}")
    return any(form in text for form in forms)


def entry_runs(ctx: Context, entry: JournalEntry) -> tuple[Run, ...]:
    """An entry as a sentence: its title in bold, its text, its day when the text
    does not say it."""
    text = sentence(ctx.text(entry.text))
    parts: list[Run] = []
    if entry.title and entry.title.lower() not in entry.text.lower()[: len(entry.title) + 8]:
        parts.append(Run(f"{ctx.text(entry.title)} — ", bold=True))
    parts.append(Run(text))
    if entry.date is not None and not mentions(entry.text, entry.date):
        parts.append(Run(f" ({fr.date(entry.date)})", italic=True))
    if entry.kind is EntryKind.TODO and entry.due is not None and not mentions(entry.text,
                                                                                 entry.due):
        parts.append(Run(f" (échéance : {fr.date(entry.due)})", italic=True))
    return tuple(parts)


def _related(ctx: Context, view: ActionView) -> list[Meeting]:
    """The fiche's own meetings of the window: not the COPIL or COTECH that review
    every fiche."""
    general = {BodyKind.COPIL, BodyKind.COTECH, BodyKind.FOLLOW_UP_COMMITTEE}
    out = []
    for meeting in view.meetings:
        body = ctx.index.bodies.get(meeting.body)
        if body is not None and body.kind in general:
            continue
        out.append(meeting)
    return out


def _upcoming(ctx: Context, view: ActionView, todo: list[JournalEntry]) -> list[Meeting]:
    """Planned meetings of the fiche in the following period that no to-do already
    announces (a to-do due on the meeting's day or in its month tells it)."""
    out = []
    for meeting in ctx.snapshot.upcoming:
        if view.action.id not in meeting.actions or meeting.when is None:
            continue
        span = meeting.when
        if any(e.due is not None and e.due in span for e in todo):
            continue
        if any(e.due is not None and span.start.year == e.due.year
               and span.start.month == e.due.month and meeting.date is None for e in todo):
            continue
        out.append(meeting)
    return out


def fiche_blocks(ctx: Context, view: ActionView) -> list[Block]:
    """The narrative of one fiche for the window."""
    entries = ctx.in_order(view.entries)
    ctx.told.update(id(e) for e in entries)
    told = [e for e in entries if e.kind is not EntryKind.TODO]
    todo = [e for e in entries if e.kind is EntryKind.TODO]
    blocks: list[Block] = []
    if ctx.kind == "yearly" and told:
        blocks.append(Paragraph(runs(f"Réalisé {ctx.during} :"), style="lead"))
        blocks.append(Bullets(tuple(entry_runs(ctx, e) for e in told)))
    else:
        blocks += [Paragraph(entry_runs(ctx, e)) for e in told]
    meetings = _related(ctx, view)
    if meetings:
        said = [f"{ctx.meeting_name(m)} ({on(m.date, m.when, m.time)})" for m in meetings]
        blocks.append(Paragraph((Run("Réunions : ", bold=True), Run(sentence(join(said))))))
    ahead = [entry_runs(ctx, e) for e in todo]
    ahead += [(Run(capital(ctx.text(ctx.meeting_name(m))), bold=True),
               Run(f" : réunion prévue {on(m.date, m.when, m.time)}"
                   f"{f', {m.place}' if m.place else ''}."))
              for m in _upcoming(ctx, view, todo)]
    if ahead:
        blocks.append(Paragraph(runs("Reste à faire :"), style="lead"))
        blocks.append(Bullets(tuple(ahead)))
    blocks.append(Paragraph(runs(f"Statut au {fr.date(ctx.snapshot.window.end)} : "
                                 f"{status_text(view, ctx.snapshot.window.end)}."),
                            style="note"))
    return blocks


def status_table(ctx: Context) -> Table | None:
    """Every fiche with its status at the window's end and whether it moved."""
    views = ctx.snapshot.actions
    if not views:
        return None
    end = fr.date(ctx.snapshot.window.end)
    rows = tuple((v.action.code, ctx.text(v.action.short_title or v.action.title),
                  capital(status_text(v, ctx.snapshot.window.end)),
                  "oui" if v.moved else "—") for v in views)
    return Table(("Fiche", "Intitulé", f"Statut au {end}", f"Avancée {ctx.during}"), rows,
                 (0.12, 0.52, 0.2, 0.16),
                 caption=f"Les fiches action au {end}")


def build(ctx: Context) -> Part | None:
    snap = ctx.snapshot
    moved = snap.moved
    table = status_table(ctx) if ctx.kind == "yearly" else None
    if not moved and table is None:
        return None
    blocks: list[Block] = [ctx.heading(1, "Déploiement du CLS")]
    if table is not None:
        by_status: dict[ActionStatus | None, int] = {}
        for view in snap.actions:
            by_status[view.status] = by_status.get(view.status, 0) + 1
        said = [f"{n} {fr.enum(s).lower() if s else fr.UNKNOWN_STATUS}"
                for s, n in by_status.items()]
        blocks.append(Paragraph(runs(
            f"{snap.counts.actions_moved} des {snap.counts.actions_total} fiches action ont "
            f"avancé {ctx.during}. Statuts au {fr.date(snap.window.end)} : "
            f"{join(said)}.")))
        blocks.append(table)
    for view in moved:
        a = view.action
        blocks.append(ctx.heading(2, fiche_title(a.code, ctx.text(a.title))))
        blocks += fiche_blocks(ctx, view)
    still = snap.still
    if moved and still:
        blocks.append(Paragraph(runs(
            f"Aucune avancée n'est enregistrée {ctx.during} pour "
            f"{'la fiche' if len(still) == 1 else 'les fiches'} "
            f"{join([v.action.code for v in still])}."), style="note"))
    return Part("deployment", tuple(blocks))
