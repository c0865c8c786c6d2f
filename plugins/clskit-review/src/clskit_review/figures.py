"""The window's key figures, worded as the COPIL deck words its tiles.

The deck and the review read the same ``Snapshot.counts``; writing the figures with the
same words («3 revues trimestrielles produites», «7 groupes de travail réunis», «1 COPIL
tenu», «12/15 fiches action qui ont avancé») lets a reader — and a test — see that they
agree. A kind of body known only to have met in a period gets «≥ n» beside counted
meetings, and no figure when it has none.
"""

from __future__ import annotations

from clskit import BodyKind, Contract
from clskit.snapshot import Snapshot

# How a figure names the meetings of a kind of body: singular, plural, feminine.
_HELD: dict[BodyKind, tuple[str, str, bool]] = {
    BodyKind.COPIL: ("COPIL", "COPIL", False),
    BodyKind.COTECH: ("COTECH", "COTECH", False),
    BodyKind.FOLLOW_UP_COMMITTEE: ("comité de suivi", "comités de suivi", False),
    BodyKind.THEMATIC_COMMITTEE: ("comité thématique", "comités thématiques", False),
    BodyKind.WORKING_GROUP: ("groupe de travail", "groupes de travail", False),
    BodyKind.INHABITANTS_WORKSHOP: ("atelier des habitants", "ateliers des habitants", False),
    BodyKind.COORDINATION: ("réunion de coordination", "réunions de coordination", True),
    BodyKind.REFERENTS: ("réunion des référents communaux",
                         "réunions des référents communaux", True),
    BodyKind.SELECTION_COMMITTEE: ("comité de sélection", "comités de sélection", False),
    BodyKind.OTHER: ("autre instance", "autres instances", True),
}


def held(kind: BodyKind, count: int, verb: str = "tenu") -> str:
    """«COPIL tenu», «ateliers des habitants tenus», «autre instance tenue»."""
    singular, plural, feminine = _HELD[kind]
    if singular.startswith("réunion"):
        verb = "tenu"
    return (f"{singular if count <= 1 else plural} {verb}{'e' if feminine else ''}"
            f"{'s' if count > 1 else ''}")


def key_figures(contract: Contract, snapshot: Snapshot) -> list[tuple[str, str]]:
    """(number, words) pairs, in the deck's order."""
    counts = snapshot.counts
    out: list[tuple[str, str]] = []
    if counts.reviews:
        out.append((str(counts.reviews), "revues trimestrielles produites"
                    if counts.reviews > 1 else "revue trimestrielle produite"))
    groups = snapshot.partnership.working_groups_met
    if groups:      # «0 groupe de travail réuni» says nothing a reader can use
        out.append((str(len(groups)), "groupes de travail réunis" if len(groups) > 1
                    else "groupe de travail réuni"))
    for kind in BodyKind:
        n, loose = counts.meetings_by_kind.get(kind, 0), counts.uncounted_by_kind.get(kind, 0)
        if kind is BodyKind.WORKING_GROUP or not n:
            continue
        if loose:
            out.append((f"≥\u00a0{n + loose}", held(kind, n + loose)))
        else:
            out.append((str(n), held(kind, n)))
    if counts.workshop_participants:
        out.append((str(counts.workshop_participants), "habitants aux ateliers"
                    if counts.workshop_participants > 1 else "habitant aux ateliers"))
    # «0/16 fiches action qui ont avancé» only when the record follows the fiches at
    # all (a journal about them): a record with none does not know that none moved.
    followed = any(e.actions for e in contract.journal)
    if counts.actions_total and (counts.actions_moved or followed):
        out.append((f"{counts.actions_moved}/{counts.actions_total}",
                    "fiche action qui a avancé" if counts.actions_moved == 1
                    else "fiches action qui ont avancé"))
    return out


def loose_kinds(snapshot: Snapshot) -> list[tuple[BodyKind, int]]:
    """Kinds of bodies with records of an unknown number of meetings, and how many."""
    return [(kind, n) for kind, n in snapshot.counts.uncounted_by_kind.items() if n]
