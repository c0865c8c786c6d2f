"""The bodies that met in the window, the COPIL first: when, how, who, the agenda,
what was decided and what comes next (seed 000, «1. Comité de Pilotage du CLS»)."""

from __future__ import annotations

from clskit import BodyKind, Meeting, PublicationKind, fr
from clskit_review.context import Context
from clskit_review.document import Block, Bullets, Paragraph, Part, Run, runs
from clskit_review.french import MODES, capital, count, lower_first, on, sentence

# The order bodies are told in: steering first, working groups last.
RANK = {kind: i for i, kind in enumerate((
    BodyKind.COPIL, BodyKind.COTECH, BodyKind.FOLLOW_UP_COMMITTEE,
    BodyKind.THEMATIC_COMMITTEE, BodyKind.SELECTION_COMMITTEE, BodyKind.REFERENTS,
    BodyKind.COORDINATION, BodyKind.OTHER, BodyKind.WORKING_GROUP,
    BodyKind.INHABITANTS_WORKSHOP))}
_MASCULINE = ("comité", "groupe", "conseil", "collectif", "réseau", "copil", "cotech")


def _kind(ctx: Context, meeting: Meeting) -> BodyKind:
    body = ctx.index.bodies.get(meeting.body)
    return body.kind if body else BodyKind.OTHER


def ordered(ctx: Context) -> list[Meeting]:
    """The window's meetings, steering bodies first, each kind in date order."""
    meetings = list(ctx.snapshot.meetings)
    return sorted(meetings, key=lambda m: RANK.get(_kind(ctx, m), 99))


def detailed(meeting: Meeting) -> bool:
    """Whether a meeting has more to tell than that it took place."""
    return bool(meeting.date or meeting.agenda or meeting.decisions or meeting.next_steps
                or meeting.minutes or meeting.participants or meeting.participants_count)


def held_sentence(ctx: Context, meeting: Meeting) -> str:
    """«Le Comité de Pilotage s'est réuni le 7 décembre 2021 à 10 h 00, par
    visioconférence» — a number of meetings only when the record gives it."""
    name = ctx.body_name(meeting.body)
    if name.split(" ", 1)[0].lower() in _MASCULINE:
        subject, verb = f"Le {name}", "s'est réuni"
    else:
        subject, verb = f"La réunion « {ctx.meeting_name(meeting)} »", "s'est tenue"
    when = on(meeting.date, meeting.when, meeting.time)
    if meeting.count is None:
        when += " (nombre de réunions non renseigné)"
    elif meeting.count > 1:
        when = f"{meeting.count} fois {when}"
    extra = []
    if meeting.place:
        extra.append(f"à {meeting.place}" if not meeting.place.lower().startswith(
            ("à ", "au ", "en ")) else meeting.place)
    if meeting.mode is not None:
        extra.append(MODES[meeting.mode])
    tail = (", " + ", ".join(extra)) if extra else ""
    return f"{subject} {verb} {when}{tail}."


def meeting_blocks(ctx: Context, meeting: Meeting) -> list[Block]:
    """Everything the record says of one meeting, in the order of the seed."""
    blocks: list[Block] = [Paragraph(runs(held_sentence(ctx, meeting)))]
    if meeting.participants_count or meeting.participants_note:
        who = ctx.text(meeting.participants_note or "")
        if meeting.participants_count:
            head = f"Il a réuni {count(meeting.participants_count, 'participant')}"
            blocks.append(Paragraph((Run(head, bold=True),
                                     Run(f" : {lower_first(sentence(who))}" if who else "."))))
        else:
            blocks.append(Paragraph(runs(f"Participants : {sentence(who)}")))
    if meeting.participants:
        names = [ctx.party(p) for p in meeting.participants]
        blocks.append(Paragraph((Run("Présents : ", bold=True),
                                 Run(sentence(" ; ".join(names))))))
    if meeting.opened_by:
        blocks.append(Paragraph((Run("Ouverture : ", bold=True),
                                 Run(sentence(" ; ".join(ctx.party(p)
                                                         for p in meeting.opened_by))))))
    if meeting.agenda:
        blocks.append(Paragraph(runs("L'ordre du jour de cette rencontre était le suivant :")))
        blocks.append(Bullets(tuple(runs(ctx.text(a)) for a in meeting.agenda)))
    if meeting.decisions:
        blocks.append(Paragraph(runs("Les arbitrages et décisions :")))
        blocks.append(Bullets(tuple(runs(ctx.text(d)) for d in meeting.decisions)))
    outcomes = ctx.fresh([e for e in ctx.snapshot.outcomes if e.outcome_of == meeting.id])
    for entry in outcomes:
        blocks.append(Paragraph(runs(ctx.text(sentence(entry.text)))))
    if meeting.next_steps:
        blocks.append(Paragraph(runs("Les prochaines étapes retenues :")))
        blocks.append(Bullets(tuple(runs(ctx.text(s)) for s in meeting.next_steps)))
    annexed = []
    if meeting.minutes:
        annexed.append("le compte-rendu")
    if deck_of(ctx, meeting) is not None:
        annexed.append("le support de présentation")
    if annexed:
        what = " et ".join(annexed)
        verb = "sont annexés" if len(annexed) > 1 else "est annexé"
        blocks.append(Paragraph(runs(f"{capital(what)} de cette réunion {verb} à la "
                                     f"présente {'revue' if ctx.kind != 'yearly' else 'note'}"
                                     f" (voir les annexes).")))
    return blocks


def deck_of(ctx: Context, meeting: Meeting) -> str | None:
    """The title of the deck presented at ``meeting``, when the record lists one (a
    publication of kind deck dated that day)."""
    for publication in ctx.contract.publications:
        if (publication.kind is PublicationKind.DECK and meeting.date is not None
                and publication.date == meeting.date):
            return publication.title
    return None


def build(ctx: Context) -> Part | None:
    meetings = ordered(ctx)
    full = [m for m in meetings if detailed(m)
            and _kind(ctx, m) is not BodyKind.WORKING_GROUP]
    loose = [m for m in meetings if m not in full]
    if not meetings:
        return None
    bodies = {m.body for m in full}
    blocks: list[Block] = []
    if len(full) == 1 and not loose:
        name = ctx.body_name(full[0].body)
        said = name if ("CLS" in name or "Contrat" in name) else f"{name} du CLS"
        blocks.append(ctx.heading(1, said))
        blocks += meeting_blocks(ctx, full[0])
    else:
        blocks.append(ctx.heading(1, "Les instances du CLS"))
        for meeting in full:
            title = ctx.meeting_name(meeting) if len(bodies) < len(full) else \
                ctx.body_name(meeting.body)
            blocks.append(ctx.heading(2, f"{title} — {fr.when(meeting.date, meeting.when)}"))
            blocks += meeting_blocks(ctx, meeting)
        if loose:
            blocks.append(ctx.heading(2, "Autres réunions"))
            blocks.append(Bullets(tuple(_loose_item(ctx, m) for m in loose)))
    return Part("bodies", tuple(blocks))


def _loose_item(ctx: Context, meeting: Meeting) -> tuple[Run, ...]:
    name = ctx.meeting_name(meeting)
    when = on(meeting.date, meeting.when, meeting.time)
    if meeting.count is None:
        detail = f"réuni {when} (nombre de réunions non renseigné)"
    elif meeting.count > 1:
        detail = f"réuni {meeting.count} fois {when}"
    else:
        detail = f"réunion {'tenue ' if meeting.date or meeting.when else ''}{when}"
    actions = f" ({ctx.codes(meeting.actions)})" if meeting.actions and \
        ctx.codes(meeting.actions) not in name else ""
    return (Run(name, bold=True), Run(f"{actions} : {detail}."))
