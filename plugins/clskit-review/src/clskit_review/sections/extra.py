"""Sections other plugins contribute to the review (the ``clskit_sections`` hook)."""

from __future__ import annotations

from collections.abc import Sequence

from clskit import Section
from clskit_review.context import Context
from clskit_review.document import Block, Bullets, Paragraph, Part, Table, runs


def parts(ctx: Context, sections: Sequence[Section]) -> list[tuple[Part, str | None]]:
    """Each contributed section as a part, with the name of the part it follows."""
    out = []
    for i, section in enumerate(sections):
        blocks: list[Block] = [ctx.heading(1, ctx.text(section.title))]
        blocks += [Paragraph(runs(ctx.text(p))) for p in section.paragraphs]
        if section.items:
            blocks.append(Bullets(tuple(runs(ctx.text(item)) for item in section.items)))
        if section.table:
            header, *rows = section.table
            blocks.append(Table(tuple(ctx.text(h) for h in header),
                                tuple(tuple(ctx.text(c) for c in row) for row in rows)))
        if section.notes:
            blocks.append(Paragraph(runs(ctx.text(section.notes)), style="note"))
        out.append((Part(f"extra-{i + 1}", tuple(blocks)), section.after))
    return out
