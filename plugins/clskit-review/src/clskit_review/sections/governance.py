"""«Modalités de gouvernance du CLS»: the governance diagram as a picture, its
meetings those of the window, and the bodies in words (for Markdown and screen
readers)."""

from __future__ import annotations

from clskit_review.context import Context
from clskit_review.document import Block, Bullets, Figure, Paragraph, Part, Run, runs
from clskit_review.sections.process import meetings_said


def build(ctx: Context) -> Part | None:
    contract = ctx.contract
    if not contract.bodies:
        return None
    if ctx.governance is not None:
        png, scene = ctx.governance.png(), ctx.governance.scene
    else:
        from clskit_review.diagram import governance_png

        png, scene = governance_png(contract, ctx.snapshot)
    name = contract.short_name or contract.territory.name
    blocks: list[Block] = [ctx.heading(1, f"Modalités de gouvernance du {name}"
                                          if contract.short_name else
                                          "Modalités de gouvernance du CLS")]
    items = []
    quiet = []
    for activity in ctx.snapshot.bodies:
        body = activity.body
        if not activity.meetings:
            quiet.append(ctx.text(body.name))
            continue
        above = [ctx.body_name(b) for b in body.reports_to]
        tail = f" ; rend compte au {', '.join(above)}" if above else ""
        items.append((Run(ctx.text(body.name), bold=True),
                      Run(f" : {meetings_said(ctx, activity)}"
                          f"{'' if activity.count is None else ' ' + ctx.during}{tail}.")))
    if scene.boxes:
        blocks.append(Figure(png, caption=ctx.text(scene.subtitle),
                             alt="Schéma de la gouvernance : " + "; ".join(
                                 ctx.text(b.name) for b in contract.bodies)))
    if items:
        blocks.append(Bullets(tuple(items)))
    if quiet:
        blocks.append(Paragraph(runs(f"Aucune réunion n'est enregistrée {ctx.during} pour : "
                                     f"{' ; '.join(quiet)}."), style="note"))
    return Part("governance", tuple(blocks))
