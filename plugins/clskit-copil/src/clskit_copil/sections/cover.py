"""The frame of the deck: title, opening, signatories, agenda, next steps, closing."""

from __future__ import annotations

from clskit import fr
from clskit_copil import fit
from clskit_copil.canvas import NAVY, Para, Rect, Run, pt
from clskit_copil.context import Context, contract_span, contract_title
from clskit_copil.sections import strategy


def _occasion(ctx: Context) -> str:
    # For a period, «POINT D'ÉTAPE» over the period itself (ctx.dated), said once.
    return ctx.occasion.upper() if ctx.meeting is not None else "POINT D'ÉTAPE"


def title(ctx: Context) -> None:
    c = ctx.contract
    lines = [_occasion(ctx), c.territory.name, ctx.dated]
    slide = ctx.deck.cover(contract_title(c), lines)
    notes = f"{c.name}. Période couverte : {fr.period(ctx.snapshot.window)}."
    if c.period is None:
        notes += f" Dates du contrat : {contract_span(c)}."
    ctx.deck.notes(slide, notes)


def opening(ctx: Context) -> None:
    meeting = ctx.meeting
    if meeting is None or not meeting.opened_by:
        return
    paras: list[Para] = [Para.of("OUVERTURE PAR", size=20, bold=True, space_after=18)]
    for person_id in meeting.opened_by:
        lines = ctx.who_lines(person_id)
        paras.append(Para([Run(lines[0], bold=True)], size=22, space_after=4))
        paras += [Para.of(line, size=16, space_after=4) for line in lines[1:]]
        paras[-1].space_after = 18
    ctx.deck.flow("Ouverture", paras)


def _signing(ctx: Context) -> list[tuple[str, list[str]]]:
    """Each signatory with the people who speak for it. The body that holds the
    contract is its host, not one more signatory on this slide, unless the record names
    who signed for it (its representative): the seed lists the five partners only."""
    holder = ctx.contract.territory.organisation
    out = []
    for signatory in ctx.contract.signatories:
        if signatory.organisation == holder and signatory.representative is None:
            continue
        people = [p for p in (signatory.representative, *signatory.delegates) if p]
        out.append((ctx.organisation_name(signatory.organisation).upper(),
                    [ctx.who(p) for p in people]))
    return out


def _blocks(signing: list[tuple[str, list[str]]], size: float) -> list[list[Para]]:
    blocks = []
    for name, people in signing:
        block = [Para([Run(name, bold=True, color=NAVY)], size=size + 2, space_after=3)]
        block += [Para.of(who, size=size, bullet=True, space_after=2) for who in people]
        block[-1].space_after = size
        blocks.append(block)
    return blocks


def signatories(ctx: Context) -> None:
    """The signatories in two columns balanced by height, at the largest size at which
    they fit one slide (the seed's slide shows them all at once)."""
    signing = _signing(ctx)
    if not any(people for _, people in signing):   # names alone: said on the title's notes
        return
    title_text = ("Les signataires du CLS – mots d'ouverture" if ctx.meeting is not None
                  else "Les signataires du CLS")
    deck = ctx.deck
    area = deck.area()
    columns = area.columns(2, gap=int(area.width * 0.04)) if len(signing) > 1 else [area]
    room = pt(area.height) - 7.2
    chosen: tuple[list[list[Para]], list[list[int]]] | None = None
    for size in (20.0, 18.0, 16.0, 15.0, 14.0, 13.0, 12.0):
        blocks = _blocks(signing, size)
        heights = [sum(deck.measure(p, columns[0].width) for p in b) for b in blocks]
        split = fit.balance(heights, room, pages=len(columns))
        if len(split) <= len(columns) and all(
                sum(heights[i] for i in col) <= room for col in split):
            chosen = (blocks, split)
            break
    if chosen is None:      # too many to hold on one slide: they flow over several
        slides = deck.flow(title_text, [p for b in _blocks(signing, 14.0) for p in b])
    else:
        blocks, split = chosen
        slide, _ = deck.slide(title_text)
        slides = [slide]
        for rect, col in zip(columns, split, strict=False):
            paras = [p for i in col for p in blocks[i]]
            if paras:
                deck.text(slide, Rect(rect.left, rect.top, rect.width, rect.height), paras)
    deck.notes(slides[0], "Les signataires et leurs représentants, tels que le contrat "
               "les désigne.")


def agenda(ctx: Context) -> None:
    """«Ordre du jour»: the parts the deck actually has, numbered as their slides are
    titled (written once the deck is built). The meeting's own agenda, when the record
    holds it, goes to the speaker notes."""
    slide = ctx.deck.agenda("Ordre du jour")
    if ctx.meeting and ctx.meeting.agenda:
        ctx.deck.agenda_notes = "Ordre du jour de la convocation :\n" + "\n".join(
            f"- {item}" for item in ctx.meeting.agenda)
    del slide


def _upcoming_steps(ctx: Context) -> list[Para]:
    """The contract's calendar steps still to come after the window: what a contract in
    préfiguration has for next steps when its meeting lists none."""
    end = ctx.snapshot.window.end
    paras = []
    for m in ctx.contract.milestones:
        first = m.start or m.end
        if m.done or (first is not None and first <= end):
            continue
        paras.append(Para.labelled(m.title, m.when or fr.when(None, m.span), size=18,
                                   bullet=True))
    return paras


def next_steps(ctx: Context) -> None:
    steps = list(ctx.meeting.next_steps) if ctx.meeting else []
    paras = [Para.of(step, size=18, bullet=True) for step in steps]
    upcoming = ctx.snapshot.upcoming
    if not paras and not upcoming and strategy.early(ctx):
        paras = _upcoming_steps(ctx)
    if upcoming:
        paras.append(Para.of("Prochaines réunions", size=18, bold=True, space_after=4))
        for meeting in upcoming[:8]:
            body = ctx.index.bodies.get(meeting.body)
            name = meeting.title or (body.name if body else meeting.body)
            when = fr.date(meeting.date) if meeting.date else (
                fr.period(meeting.period) if meeting.period else "date à fixer")
            if meeting.time:
                when += f" à {fr.time(meeting.time)}"
            paras.append(Para.labelled(when, name, size=16, bullet=True))
    if not paras:
        return
    ctx.deck.flow(ctx.deck.PART, paras)


def closing(ctx: Context) -> None:
    c = ctx.contract
    ctx.deck.cover(contract_title(c),
                   [_occasion(ctx), "MOTS DE CLÔTURE", c.territory.name, ctx.dated])
