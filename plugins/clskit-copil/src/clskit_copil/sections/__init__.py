"""The sections of the deck, in their default order; each is optional and orderable."""

from __future__ import annotations

from collections.abc import Callable

from clskit_copil.context import Context
from clskit_copil.sections import (
    cover,
    indicators,
    participation,
    process,
    strategy,
    timeline,
)

Builder = Callable[[Context], None]

#: Section name → builder, in the order of the seed's COPIL deck.
SECTIONS: dict[str, Builder | None] = {
    "title": cover.title,
    "opening": cover.opening,
    "signatories": cover.signatories,
    "agenda": cover.agenda,
    "overview": strategy.overview,
    "axes": strategy.axes,
    "participation": participation.build,
    "process": process.build,
    "indicators": indicators.build,
    "timeline": timeline.build,
    "extra": None,          # sections other plugins contribute (clskit_sections hook)
    "next_steps": cover.next_steps,
    "closing": cover.closing,
}
DEFAULT_ORDER = tuple(SECTIONS)
