"""How documents name what the record links by id: pilots, parties, meetings, figures.

The record says ``pilot: cpam77`` and ``body: copil``; a document says «CPAM 77» and
«Comité de pilotage du 7 décembre 2021». Every exporter needs these few names, and two
documents of one contract should not word them differently, so they are here, public,
with the French wording of the key figures the COPIL deck and the review both print.

Each function takes the :class:`~clskit.Contract` or, in a loop, its
:class:`~clskit.Index` (built once: ``Index(contract)``).

>>> import clskit
>>> from clskit import display
>>> contract = clskit.load("examples/melun-val-de-seine")          # doctest: +SKIP
>>> display.pilot_name(contract, contract.actions[0])             # doctest: +SKIP
'CCAS de Melun'
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from clskit import fr
from clskit.model import Action, BodyKind, Contract, Meeting

if TYPE_CHECKING:
    from clskit.checks import Index
    from clskit.snapshot import Snapshot


def _index(where: Contract | Index) -> Index:
    from clskit.checks import Index

    return Index(where) if isinstance(where, Contract) else where


def party_name(where: Contract | Index, ref: str | None, *, short: bool = True) -> str:
    """The name of the organisation or person ``ref``: an organisation's short name
    («CPAM 77») — its full name with ``short=False`` —, a person's name; an id the
    record does not define is printed as written, ``None`` as ``""``."""
    if ref is None:
        return ""
    index = _index(where)
    org = index.organisations.get(ref)
    if org is not None:
        return (org.short_name or org.name) if short else org.name
    person = index.people.get(ref)
    return person.name if person is not None else ref


def pilot_name(where: Contract | Index, action: Action, *, short: bool = True) -> str:
    """Who pilots a fiche action, as a document prints it: the porteur as the fiche
    writes it (``pilot_label``), else the name of its ``pilot`` (organisation or
    person, see :func:`party_name`), else ``""``."""
    if action.pilot_label:
        return action.pilot_label
    return party_name(where, action.pilot, short=short)


def meeting_when(meeting: Meeting) -> str:
    """When a meeting took place: «7 décembre 2021»; a meeting known only loosely
    («réunis en 2021», ``period``) gives «2021»; no date at all, «date non renseignée»."""
    return fr.when(meeting.date, meeting.period)


def meeting_name(where: Contract | Index, meeting: Meeting, *, dated: bool = False) -> str:
    """A meeting's display name: its ``title``, else its body's name («Comité de
    pilotage»), else the body's id. With ``dated``: «Comité de pilotage du 7 décembre
    2021», «… de 2021» for a loose period."""
    if meeting.title:
        name = meeting.title
    else:
        body = _index(where).bodies.get(meeting.body)
        name = body.name if body is not None else meeting.body
    if not dated:
        return name
    if meeting.date is not None:
        return f"{name} du {fr.date(meeting.date)}"
    if meeting.period is not None:
        return f"{name} ({fr.period(meeting.period)})"
    return name


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
    """The words after a number of meetings, agreeing with it: «COPIL tenu»,
    «ateliers des habitants tenus», «autre instance tenue»; ``verb="réuni"``: «groupes
    de travail réunis» (a «réunion» is always «tenue»)."""
    singular, plural, feminine = _HELD[kind]
    if singular.startswith("réunion"):
        verb = "tenu"
    return (f"{singular if count <= 1 else plural} {verb}{'e' if feminine else ''}"
            f"{'s' if count > 1 else ''}")


def key_figures(snapshot: Snapshot) -> list[tuple[str, str]]:
    """The window's key figures as (number, words) pairs, in the order the COPIL deck
    shows its tiles: «3 revues trimestrielles produites», «7 groupes de travail réunis»,
    «1 COPIL tenu», «12/15 fiches action qui ont avancé».

    A kind of body known only to have met in a period (``Meeting.count: null``) reads
    «≥ n» beside counted meetings, and gives no figure when it has none. The fiches'
    figure is left out when the record follows no fiche at all (no journal entry about
    one): such a record does not know that none moved.
    """
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
    followed = any(e.actions for e in snapshot.contract.journal)
    if counts.actions_total and (counts.actions_moved or followed):
        out.append((f"{counts.actions_moved}/{counts.actions_total}",
                    "fiche action qui a avancé" if counts.actions_moved == 1
                    else "fiches action qui ont avancé"))
    return out


__all__ = ["held", "key_figures", "meeting_name", "meeting_when", "party_name", "pilot_name"]
