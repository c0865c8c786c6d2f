"""Lookups by id over a contract, built once for all rules."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import Any

from attrs import define, field

from clskit.diagnostics import Path
from clskit.model import (
    Action,
    Axis,
    Body,
    Commune,
    Contract,
    Indicator,
    Meeting,
    Objective,
    Organisation,
    Person,
    PriorityNeighbourhood,
)

#: The key of :attr:`Unread.ids` for ids that may belong to any list (a contract file
#: that could not be read at all declares organisations, axes, communes…).
ANY = "*"


def _by_id(items: list[Any]) -> dict[str, Any]:
    # The first of duplicated ids wins; the duplicate-id rule reports the others.
    out: dict[str, Any] = {}
    for item in items:
        out.setdefault(item.id, item)
    return out


@define
class Unread:
    """What the record holds but the loader could not read, so that the rules report
    the cause once (as a reading error) and not its consequences.

    ``fields`` are contract paths of values that were written but could not be read
    (left out, or replaced by a placeholder): findings under them are dropped, and rules
    that judge a missing value ask :meth:`field` first. ``ids`` maps a list
    (``"bodies"``, or :data:`ANY`) to the ids declared by files or items that could not
    be read at all, each with the key of the reading error that caused it; a reference to
    one of them is not reported as unknown but noted in ``skipped``.
    """

    fields: set[Path] = field(factory=set)
    ids: dict[str, dict[str, int]] = field(factory=dict)
    skipped: dict[tuple[str, str], list[Path]] = field(factory=dict)

    def field(self, path: Path) -> bool:
        """True when ``path``, or a part holding it, was written but could not be read."""
        return any(path[:n] in self.fields for n in range(1, len(path) + 1))

    def holder(self, ref: str, collections: Iterable[str]) -> str | None:
        """The list under which an unread file or item declares ``ref``, if any."""
        for name in (*collections, ANY):
            if ref in self.ids.get(name, {}):
                return name
        return None

    def declared(self, collections: Iterable[str]) -> list[str]:
        """The ids unread files or items declare under ``collections`` (or any list)."""
        return [id_ for name in (*collections, ANY) for id_ in self.ids.get(name, {})]

    def skip(self, collection: str, ref: str, path: Path) -> None:
        self.skipped.setdefault((collection, ref), []).append(path)


class Index:
    """Maps from id to object for every identified list of a contract, built once.

    What a rule receives beside the contract, and what an exporter builds to resolve the
    ids the record links by (``Index(contract).organisations["ars"]``). Each map holds
    the first item of an id (the duplicate-id rule reports the others); an id no item
    has is simply absent, so use ``.get``.

    >>> from clskit import Index, load
    >>> index = Index(load("examples/melun-val-de-seine"))     # doctest: +SKIP
    >>> index.actions["fa-03"].code                            # doctest: +SKIP
    'FA 3'
    """

    def __init__(self, contract: Contract, unread: Unread | None = None) -> None:
        c = contract
        self.unread = unread if unread is not None else Unread()
        """What the loader could not read (empty for a contract built in code): rules
        ask :meth:`Unread.field` before they report a missing value."""
        self.organisations: dict[str, Organisation] = _by_id(c.organisations)
        """Organisations by id (``Contract.organisations``)."""
        self.people: dict[str, Person] = _by_id(c.people)
        """People by id (``Contract.people``); they share one set of ids with
        organisations (:meth:`is_party`)."""
        self.axes: dict[str, Axis] = _by_id(c.axes)
        """Axes by id."""
        self.objectives: dict[str, Objective] = _by_id(c.objectives)
        """Objectives by id, at every level of the tree."""
        self.actions: dict[str, Action] = _by_id(c.actions)
        """Fiches action by id."""
        self.indicators: dict[str, Indicator] = _by_id(c.indicators)
        """Indicators by id."""
        self.bodies: dict[str, Body] = _by_id(c.bodies)
        """Bodies (instances) by id."""
        self.meetings: dict[str, Meeting] = _by_id(c.meetings)
        """Meetings by id (workshop sessions are not meetings of the record)."""
        self.communes: dict[str, Commune] = _by_id(c.territory.communes)
        """Communes of the territory by id."""
        self.neighbourhoods: dict[str, PriorityNeighbourhood] = _by_id(
            c.territory.priority_neighbourhoods)
        """Priority neighbourhoods (QPV) of the territory by id."""
        self.walked: tuple[Contract, list[tuple[Path, Any]]] | None = None
        """Every model object of the contract with its path, walked once for the rules
        that look at all of them (private to the built-in rules)."""

    def of(self, collection: str) -> dict[str, Any]:
        """The map of one list by its name (``"bodies"``, ``"communes"``…)."""
        found: dict[str, Any] = getattr(self, collection)
        return found

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
