"""Sections other plugins contribute through the ``clskit_sections`` hook."""

from __future__ import annotations

from clskit.exporters import Section
from clskit_copil.canvas import Para
from clskit_copil.context import Context


def build(ctx: Context, sections: list[Section]) -> None:
    for section in sections:
        paras = [Para.of(text, size=16) for text in section.paragraphs]
        paras += [Para.of(text, size=16, bullet=True) for text in section.items]
        slides = []
        if paras:
            slides += ctx.deck.flow(section.title, paras)
        if section.table:
            header, *rows = section.table
            shares = [1.0] * len(header)
            slides += ctx.deck.table(section.title, list(header), [list(r) for r in rows],
                                     shares, size=13)
        if not slides:
            slides = ctx.deck.flow(section.title, [])
        if section.notes:
            ctx.deck.notes(slides[0], section.notes)
