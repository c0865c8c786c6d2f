"""Why the review exists: the contract's evaluation clause, quoted from the record,
and the rhythm its bodies owe."""

from __future__ import annotations

from clskit import MeetingStatus
from clskit_review.context import Context
from clskit_review.document import Bullets, Paragraph, Part, Run, flatten, runs
from clskit_review.french import capital, join, of_body, on

TITLES = {
    "quarterly": "La revue trimestrielle : un outil de suivi et de communication",
    "yearly": "Le bilan annuel : un outil de suivi et d'évaluation",
    "period": "La revue : un outil de suivi et de communication",
}


def clause_blocks(ctx: Context, text: str) -> list[Paragraph | Bullets]:
    """The clause as written: its paragraphs as quotes, its «- » lines as a list."""
    blocks: list[Paragraph | Bullets] = []
    items: list[tuple[Run, ...]] = []
    for line in (raw.strip() for raw in text.splitlines()):
        if line.startswith(("- ", "• ", "* ")):
            items.append(runs(ctx.text(line[2:].strip())))
            continue
        if items:
            blocks.append(Bullets(tuple(items)))
            items = []
        if line:
            bold = line.isupper() or line.upper().startswith("ARTICLE")
            blocks.append(Paragraph((Run(ctx.text(line), bold=bold),), style="quote"))
    if items:
        blocks.append(Bullets(tuple(items)))
    return blocks


def build(ctx: Context) -> Part | None:
    c = ctx.contract
    blocks: list[object] = []
    if c.evaluation_clause:
        blocks.append(Paragraph(runs("Le contrat fixe ainsi le suivi et l'évaluation du CLS :")))
        blocks.extend(clause_blocks(ctx, c.evaluation_clause))
    for activity in ctx.snapshot.bodies:
        body = activity.body
        if not body.min_meetings_per_year:
            continue
        n = body.min_meetings_per_year
        held = [m for m in activity.meetings if m.status is MeetingStatus.HELD]
        if held:
            said = join([on(m.date, m.when, m.time) for m in held])
            tail = f" {capital(ctx.during)}, il s'est réuni {said}."
        else:
            tail = f" Aucune réunion n'est enregistrée {ctx.during}."
        meetings = "une réunion" if n == 1 else f"{n} réunions"
        blocks.append(Paragraph(runs(f"La coordination du CLS implique l'organisation "
                                     f"d'au moins {meetings} par an {of_body(body.name)}."
                                     f"{tail}")))
    if not blocks:
        return None
    heading = ctx.heading(1, TITLES[ctx.kind], numbered=False)
    return Part("purpose", flatten([heading, *blocks]))  # type: ignore[list-item]
