"""The record's reference values: what the drop-down lists offer and what a cell may name.

A cell is matched whatever its case, accents and spaces («en cours», «En Cours »), by
French label, code, name or id: a coordinator types what the list shows, a script may
write the data key.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from enum import Enum
from typing import TypeVar

from attrs import define, field

import clskit
from clskit import (
    ActionStatus,
    Contract,
    EntryKind,
    MeetingMode,
    MeetingStatus,
    OrganisationKind,
    Sector,
)

E = TypeVar("E", bound=Enum)


def normal(text: str) -> str:
    """«  Point Saillant » → «point saillant»; «FA3» and «FA 3» meet as «fa3»."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(folded.lower().split())


@define
class Choices:
    """Values a column accepts: what the list shows, in order, and every spelling read."""

    shown: list[str] = field(factory=list)
    by_spelling: dict[str, str] = field(factory=dict)

    def add(self, shown: str, value: str, *spellings: str) -> None:
        self.shown.append(shown)
        for spelling in (shown, value, *spellings):
            self.by_spelling.setdefault(normal(spelling), value)

    def find(self, text: str) -> str | None:
        return self.by_spelling.get(normal(text))

    def listed(self, limit: int = 8) -> str:
        """The first choices, for a message: «À venir, En cours, … (8 en tout)»."""
        head = ", ".join(f"«{s}»" for s in self.shown[:limit])
        return head + (f", … ({len(self.shown)} en tout)" if len(self.shown) > limit else "")


def enum_choices(values: Iterable[E]) -> Choices:
    choices = Choices()
    for value in values:
        choices.add(clskit.label(value), str(value.value))
    return choices


def enum_value(choices: Choices, kind: type[E], text: str) -> E | None:
    found = choices.find(text)
    return kind(found) if found is not None else None


@define
class References:
    """Every list of the workbook, from one contract."""

    fiches: Choices
    kinds: Choices
    statuses: Choices
    bodies: Choices
    meetings: Choices
    indicators: Choices
    modes: Choices
    meeting_statuses: Choices
    organisation_kinds: Choices
    sectors: Choices

    @classmethod
    def of(cls, contract: Contract) -> References:
        fiches = Choices()
        for action in contract.actions:
            fiches.add(action.code, action.id)
        bodies = Choices()
        for body in contract.bodies:
            bodies.add(body.name, body.id)
        meetings = Choices()
        for meeting in sorted(contract.meetings, key=lambda m: m.id):
            meetings.add(meeting.id, meeting.id)
        indicators = Choices()
        for indicator in contract.indicators:
            indicators.add(indicator.label, indicator.id)
        return cls(
            fiches=fiches,
            kinds=enum_choices(EntryKind),
            statuses=enum_choices(ActionStatus),
            bodies=bodies,
            meetings=meetings,
            indicators=indicators,
            modes=enum_choices(MeetingMode),
            meeting_statuses=enum_choices(MeetingStatus),
            organisation_kinds=enum_choices(OrganisationKind),
            sectors=enum_choices(Sector),
        )

    def lists(self) -> dict[str, Sequence[str]]:
        """The columns of the lists sheet by name, as :class:`~clskit_suivi.layout.Column`
        ``choices`` name them."""
        return {
            "fiches": self.fiches.shown,
            "types": self.kinds.shown,
            "statuts": self.statuses.shown,
            "instances": self.bodies.shown,
            "reunions": self.meetings.shown,
            "indicateurs": self.indicators.shown,
            "modalites": self.modes.shown,
            "statuts_reunion": self.meeting_statuses.shown,
            "types_organisme": self.organisation_kinds.shown,
            "secteurs": self.sectors.shown,
        }


__all__ = ["Choices", "References", "enum_choices", "enum_value", "normal"]
