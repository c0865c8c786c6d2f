"""What every part of the reader shares: placed cells, and the record being rebuilt.

A cell of a label/value sheet is named after its row's label («colonne D (Début)»), a
cell of a table after its column's title, so that each message says where to look.
:class:`Record` resolves the names a fiche writes (a partner, a commune, an axis) to the
identifiers of the «Contrat» and «Axes» sheets, and adds — with a warning — the
organisations a hand-edited workbook names but does not list.
"""

from __future__ import annotations

from enum import Enum
from typing import TypeVar

from attrs import define, field

from clskit.diagnostics import Location
from clskit.model import Axis, Commune, Organisation, Person, PriorityNeighbourhood
from clskit.workbooks import Cell, Problems, Sheet, column_letter, text
from clskit_ars.layout import key
from clskit_ars.values import choices, enum_of, name_of, slug

E = TypeVar("E", bound=Enum)


def at(sheet: Sheet, row: int, column: int, title: str | None = None) -> Cell:
    """The cell at ``row``, ``column``, its place naming ``title`` (the row's label)."""
    where = Location(sheet.file, sheet=sheet.title, row=row, column=column_letter(column),
                     column_title=title or sheet.titles.get(column))
    return Cell(sheet.value(row, column), where)


def enum_cell(cell: Cell, kind: type[E], problems: Problems, what: str, *,
              strict: bool = True) -> E | None:
    """A French label read as ``kind``; an unknown one is an error (``strict``) or a
    warning (the cell is then read as empty)."""
    shown = text(cell)
    if shown is None:
        return None
    found = enum_of(kind, shown)
    if found is None:
        message = f"{shown!r} n'est pas {what} connu (valeurs : {choices(kind)})"
        if strict:
            problems.error(cell, message)
        else:
            problems.warning(cell, message + " : case laissée vide")
    return found


@define
class Record:
    """The organisations, people, communes, QPV and axes the fiches may name."""

    problems: Problems
    organisations: list[Organisation] = field(factory=list)
    people: list[Person] = field(factory=list)
    communes: list[Commune] = field(factory=list)
    neighbourhoods: list[PriorityNeighbourhood] = field(factory=list)
    axes: list[Axis] = field(factory=list)
    listed: bool = True  # False when the workbook has no «Contrat» sheet
    axes_listed: bool = True  # False when it has no «Axes» sheet
    _names: dict[str, str] = field(factory=dict)

    def every(self) -> list[Organisation | Person]:
        return [*self.organisations, *self.people]

    def index(self) -> None:
        """(Re)build the lookups of names: ids first, then names, then short names."""
        self._names = {}
        for party in self.every():
            for name in (party.id, party.name, name_of(party)):
                self._names.setdefault(key(name), party.id)

    @property
    def ids(self) -> set[str]:
        return {p.id for p in self.every()}

    def display(self, identifier: str) -> str | None:
        """How a fiche names the organisation or person ``identifier``."""
        for party in self.every():
            if party.id == identifier:
                return name_of(party)
        return None

    def find(self, name: str) -> str | None:
        """The id of the organisation or person called ``name`` (or of that id)."""
        if not self._names:
            self.index()
        return self._names.get(key(name))

    def party(self, cell: Cell) -> str | None:
        """The id of the organisation a cell names; an unknown name becomes a new
        organisation of that name, with a warning (unless the workbook lists none)."""
        name = text(cell)
        if name is None:
            return None
        found = self.find(name)
        if found is not None:
            return found
        identifier = slug(name, self.ids)
        self.organisations.append(Organisation(id=identifier, name=name))
        self._names[key(name)] = identifier
        if self.listed:
            self.problems.warning(cell, f"{name!r} n'est pas dans la feuille «Contrat» : "
                                        f"ajoutée comme organisation «{identifier}»")
        return identifier

    def places(self, cell: Cell, *, qpv: bool) -> list[str]:
        """Ids of the communes (or QPV) a cell lists, one per line."""
        listed: list[Commune] | list[PriorityNeighbourhood] = (
            self.neighbourhoods if qpv else self.communes)
        lookup = {}
        for item in listed:
            lookup[key(item.id)] = item.id
            lookup.setdefault(key(item.name), item.id)
        found = []
        for name in (text(cell) or "").split("\n"):
            if not name.strip():
                continue
            identifier = lookup.get(key(name))
            if identifier is None:
                what = "quartier prioritaire" if qpv else "commune"
                self.problems.warning(cell, f"{what} {name.strip()!r} absente de la feuille "
                                            "«Contrat» : ignorée")
            else:
                found.append(identifier)
        return found

    def axis(self, cell: Cell) -> str | None:
        """The id of the axis a cell names: «Axe 1 : titre», its code, title or id."""
        shown = text(cell)
        if shown is None:
            return None
        wanted = key(shown)
        for axis in self.axes:
            if wanted in {key(axis.id), key(axis.code), key(axis.title),
                          key(f"{axis.code} : {axis.title}")}:
                return axis.id
        if not self.axes_listed:  # a workbook with no «Axes» sheet: the fiche names it
            code, _, title = shown.partition(" : ")
            identifier = slug(code, {a.id for a in self.axes})
            self.axes.append(Axis(id=identifier, code=code.strip(),
                                  title=(title or code).strip()))
            return identifier
        self.problems.error(cell, f"l'axe {shown!r} n'est pas dans la feuille «Axes»",
                            "reference")
        return None
