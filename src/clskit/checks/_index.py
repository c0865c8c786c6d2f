"""Lookups by id over a contract, built once for all rules."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from clskit.model import Contract


def _by_id(items: list[Any]) -> dict[str, Any]:
    # The first of duplicated ids wins; the duplicate-id rule reports the others.
    out: dict[str, Any] = {}
    for item in items:
        out.setdefault(item.id, item)
    return out


class Index:
    """Maps from id to object for every identified list of a contract."""

    def __init__(self, contract: Contract) -> None:
        c = contract
        self.organisations = _by_id(c.organisations)
        self.people = _by_id(c.people)
        self.axes = _by_id(c.axes)
        self.objectives = _by_id(c.objectives)
        self.actions = _by_id(c.actions)
        self.indicators = _by_id(c.indicators)
        self.bodies = _by_id(c.bodies)
        self.meetings = _by_id(c.meetings)
        self.communes = _by_id(c.territory.communes)
        self.neighbourhoods = _by_id(c.territory.priority_neighbourhoods)

    def is_party(self, ref: str) -> bool:
        """True when ``ref`` names an organisation or a person."""
        return ref in self.organisations or ref in self.people


def dates_of(contract: Contract) -> Iterator[dt.date]:
    """Every date the record holds about things that happened or are planned."""
    for meeting in contract.meetings:
        if meeting.when is not None:
            yield meeting.when.end
    for entry in contract.journal:
        if entry.date:
            yield entry.date
        elif entry.period:
            yield entry.period.end
    for indicator in contract.indicators:
        for measurement in indicator.measurements:
            if measurement.date:
                yield measurement.date
            elif measurement.period:
                yield measurement.period.end
    for workshop in contract.workshops:
        for session in workshop.sessions:
            yield session.date
