"""The window's key figures, worded as the COPIL deck words its tiles.

The deck and the review read the same ``Snapshot.counts``; writing the figures with the
same words («3 revues trimestrielles produites», «7 groupes de travail réunis», «1 COPIL
tenu», «12/15 fiches action qui ont avancé») lets a reader — and a test — see that they
agree. A kind of body known only to have met in a period gets «≥ n» beside counted
meetings, and no figure when it has none.
"""

from __future__ import annotations

from clskit import BodyKind, Contract
from clskit.display import held
from clskit.display import key_figures as _key_figures
from clskit.snapshot import Snapshot

__all__ = ["held", "key_figures", "loose_kinds"]


def key_figures(contract: Contract, snapshot: Snapshot) -> list[tuple[str, str]]:
    """(number, words) pairs, in the deck's order: :func:`clskit.display.key_figures`,
    the wording the deck's tiles and the review share."""
    return _key_figures(snapshot)


def loose_kinds(snapshot: Snapshot) -> list[tuple[BodyKind, int]]:
    """Kinds of bodies with records of an unknown number of meetings, and how many."""
    return [(kind, n) for kind, n in snapshot.counts.uncounted_by_kind.items() if n]
