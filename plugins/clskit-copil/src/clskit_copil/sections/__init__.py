"""The sections of the deck, in their default order; each is optional and orderable.

Sections belong to the parts of the agenda («I. Déploiement des actions», «II. Processus
de déploiement», «III. Prochaines étapes»): a part is numbered, and gets its divider,
only when one of its sections has something to show.
"""

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
    "territory": strategy.territory,
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

_FIRST, _SECOND, _LAST = "first", "second", "last"
#: Section name → its part; the frame (cover, agenda, closing) belongs to none, and
#: other plugins' sections stay in the part they follow.
PART_OF: dict[str, str | None] = {
    "title": None, "opening": None, "signatories": None, "agenda": None,
    "territory": _FIRST, "overview": _FIRST, "axes": _FIRST, "participation": _FIRST,
    "process": _SECOND, "indicators": _SECOND, "timeline": _SECOND,
    "next_steps": _LAST, "closing": None,
}


def part(ctx: Context, name: str) -> tuple[str | None, str | None] | None:
    """The part (title, detail) of section ``name`` for this contract; None to stay in
    the current part. A contract with fiches presents its deployment (the seed's
    wording); one without, or in préfiguration, its strategy and its approach."""
    if name not in PART_OF:
        return None
    which = PART_OF[name]
    if which is None:
        return (None, None)
    early = strategy.early(ctx)
    if which == _FIRST:
        return (("Le territoire et la stratégie du CLS", "axes et objectifs") if early
                else ("Déploiement des actions", "état d'avancement"))
    if which == _SECOND:
        return (("La démarche et la gouvernance", "calendrier et instances") if early
                else ("Processus de déploiement",
                      "suivi du déploiement – gouvernance – dynamique partenariale"))
    return ("Prochaines étapes", None)
