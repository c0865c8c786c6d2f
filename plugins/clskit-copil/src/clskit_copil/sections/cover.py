"""The frame of the deck: title, opening, signatories, agenda, next steps, closing."""

from __future__ import annotations

from clskit import fr
from clskit_copil.canvas import Para, Run
from clskit_copil.context import Context, contract_span, contract_title

_ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]


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


def signatories(ctx: Context) -> None:
    if not ctx.contract.signatories:
        return
    paras: list[Para] = []
    for signatory in ctx.contract.signatories:
        name = ctx.organisation_name(signatory.organisation).upper()
        paras.append(Para([Run(name, bold=True)], size=15, space_after=2))
        people = [p for p in (signatory.representative, *signatory.delegates) if p]
        for person_id in people:
            paras.append(Para.of(ctx.who(person_id), size=14, bullet=True, space_after=2))
        paras[-1].space_after = 10
    slides = ctx.deck.flow("Les signataires du CLS", paras, columns=2)
    ctx.deck.notes(slides[0], "Les signataires et leurs représentants, tels que le contrat "
                   "les désigne.")


def agenda(ctx: Context) -> None:
    items = list(ctx.meeting.agenda) if ctx.meeting and ctx.meeting.agenda else [
        "Déploiement des actions (état d'avancement)",
        "Processus de déploiement (suivi, gouvernance, dynamique partenariale)",
        "Prochaines étapes",
    ]
    paras = [Para([Run(f"{_ROMAN[i] if i < len(_ROMAN) else i + 1}. ", bold=True),
                   Run(item)], size=22, space_after=14) for i, item in enumerate(items)]
    ctx.deck.flow("Ordre du jour", paras)


def next_steps(ctx: Context) -> None:
    steps = list(ctx.meeting.next_steps) if ctx.meeting else []
    paras = [Para.of(step, size=18, bullet=True) for step in steps]
    upcoming = ctx.snapshot.upcoming
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
    ctx.deck.flow("Prochaines étapes", paras)


def closing(ctx: Context) -> None:
    c = ctx.contract
    ctx.deck.cover(contract_title(c),
                   [_occasion(ctx), "MOTS DE CLÔTURE", c.territory.name, ctx.dated])
