"""«Démocratie sanitaire»: the window's workshops (sessions, who took part, method,
themes, outcomes, comments, next steps) and surveys with their results."""

from __future__ import annotations

from clskit import BodyKind, EntryKind, Survey, Workshop, WorkshopSession, fr
from clskit_review.context import Context
from clskit_review.document import Block, Bullets, Paragraph, Part, Run, Table, runs
from clskit_review.french import capital, count, lower_first, on_days, sentence


def participants(workshop: Workshop, sessions: tuple[WorkshopSession, ...]) -> int | None:
    """The participants of the window, counted as the snapshot counts them: the
    workshop's distinct total when all its sessions are in the window, else the sum of
    the sessions' counts; ``None`` when the record gives neither."""
    if workshop.participants_total is not None and len(sessions) == len(workshop.sessions):
        return workshop.participants_total
    known = [s.participants_count for s in sessions if s.participants_count is not None]
    return sum(known) if known else None


def _who(ctx: Context, workshop: Workshop) -> str:
    body = ctx.index.bodies.get(workshop.body or "")
    inhabitants = body is None or body.kind is BodyKind.INHABITANTS_WORKSHOP
    return "habitant" if inhabitants else "participant"


def workshop_blocks(ctx: Context, workshop: Workshop,
                    sessions: tuple[WorkshopSession, ...]) -> list[Block]:
    blocks: list[Block] = []
    if workshop.description:
        blocks.append(Paragraph(runs(ctx.text(sentence(workshop.description)))))
    blocks.append(Paragraph((Run(f"« {ctx.text(workshop.title)} »", bold=True),
                             Run(f" se sont tenus {on_days([s.date for s in sessions])}."
                                 if len(sessions) > 1 else
                                 f" s'est tenu {on_days([s.date for s in sessions])}."))))
    total = participants(workshop, sessions)
    detail = [f"{count(s.participants_count, 'participant')} le {fr.date(s.date)}"
              for s in sessions if s.participants_count]
    if total is not None:
        word = _who(ctx, workshop)
        text = f"Au total, {count(total, word)}"
        if workshop.participants_profile:
            text += f", {lower_first(ctx.text(workshop.participants_profile)).rstrip('.')},"
        text += " y ont participé" if total > 1 else " y a participé"
        if len(detail) > 1:
            text += f" ({', '.join(detail)})"
        blocks.append(Paragraph(runs(text + ".")))
    elif workshop.participants_profile:
        profile = sentence(ctx.text(workshop.participants_profile))
        blocks.append(Paragraph(runs(f"Participants : {profile}")))
    if workshop.method:
        blocks.append(Paragraph((Run("Méthode : ", bold=True),
                                 Run(sentence(ctx.text(workshop.method.strip()))))))
    themed = [s for s in sessions if s.themes]
    if themed:
        blocks.append(Paragraph(runs("Les thématiques abordées :"), style="lead"))
        blocks.append(Bullets(tuple(
            (Run(f"le {fr.date(s.date)} : ", bold=True),
             Run(" ; ".join(ctx.text(t) for t in s.themes))) for s in themed)))
    if workshop.outcomes:
        blocks.append(Paragraph(runs("Ce qui en est ressorti :"), style="lead"))
        blocks.append(Bullets(tuple(runs(ctx.text(sentence(o))) for o in workshop.outcomes)))
    if workshop.feedback:
        blocks.append(Paragraph(runs("Quelques commentaires des participants :"), style="lead"))
        blocks += [Paragraph(runs(f"« {ctx.text(q).strip('«» ')} »"), style="quote")
                   for q in workshop.feedback]
    if workshop.next_steps:
        blocks.append(Paragraph(runs("Et après ?"), style="lead"))
        blocks.append(Bullets(tuple(runs(ctx.text(sentence(s))) for s in workshop.next_steps)))
    return blocks


def survey_blocks(ctx: Context, survey: Survey) -> list[Block]:
    if survey.date is None and survey.period is not None:
        facts = [f"réalisé {fr.during(survey.period)}"]
    else:
        facts = [f"réalisé le {fr.when(survey.date, survey.period)}"]
    if survey.audience:
        facts.append(f"auprès de : {lower_first(ctx.text(survey.audience))}")
    if survey.respondents is not None:
        facts.append(count(survey.respondents, "répondant"))
    blocks: list[Block] = [Paragraph((Run(ctx.text(survey.title), bold=True),
                                      Run(f" : {', '.join(facts)}.")))]
    for question in survey.questions:
        number = f"{question.number}. " if question.number else ""
        if question.answers:
            total = sum(a.count for a in question.answers)
            rows = tuple((ctx.text(a.label), fr.number(a.count)) for a in question.answers)
            note = " (plusieurs réponses possibles)" if question.multiple else ""
            blocks.append(Table(("Réponse", "Nombre"), rows, (0.8, 0.2),
                                caption=f"{number}{ctx.text(question.text)} — total des "
                                        f"réponses : {fr.number(total)}{note}"))
        elif question.text:
            blocks.append(Paragraph(runs(f"{number}{ctx.text(question.text)}")))
        if question.free_answers:
            blocks.append(Paragraph(runs("Réponses libres :"), style="lead"))
            blocks.append(Bullets(tuple(runs(ctx.text(a)) for a in question.free_answers)))
    return blocks


def build(ctx: Context) -> Part | None:
    part = ctx.snapshot.participation
    entries = ctx.fresh([e for e in part.entries if ctx.happened(e)])
    if not (part.workshops or part.surveys or entries):
        return None
    titles = [w.title for w, _ in part.workshops]
    title = "Démocratie sanitaire"
    if len(titles) == 1:
        title += f" « {ctx.text(titles[0]).upper()} »"
    blocks: list[Block] = [ctx.heading(1, title)]
    said = [_norm(o) for w, _ in part.workshops for o in w.outcomes]
    done = [e for e in entries if e.kind is not EntryKind.TODO
            and not any(o and o in _norm(e.text) for o in said)]
    todo = [e for e in entries if e.kind is EntryKind.TODO]
    for workshop, sessions in part.workshops:
        if len(part.workshops) > 1:
            blocks.append(ctx.heading(2, capital(ctx.text(workshop.title))))
        blocks += workshop_blocks(ctx, workshop, sessions)
    from clskit_review.sections.deployment import entry_runs

    if done:
        blocks.append(Paragraph(runs(f"Également {ctx.during} :"), style="lead"))
        blocks.append(Bullets(tuple(entry_runs(ctx, e) for e in done)))
    for survey in part.surveys:
        blocks.append(ctx.heading(2, f"Enquête : {ctx.text(survey.title)}"))
        blocks += survey_blocks(ctx, survey)
    if todo:
        blocks.append(Paragraph(runs("Reste à faire :"), style="lead"))
        blocks.append(Bullets(tuple(entry_runs(ctx, e) for e in todo)))
    return Part("participation", tuple(blocks))


def _norm(text: str) -> str:
    return " ".join(text.lower().replace("’", "'").split()).rstrip(". ")
