"""One data row of the platform's sheet read into a :class:`Line`, every problem placed.

A row is read whole even when a cell is wrong, so that one pass reports every problem of
every row (the platform stops at the first row that fails).
"""

from __future__ import annotations

import datetime as dt

import attrs
from attrs import define, field

from clskit import ParticipationDegree, Priority
from clskit.model import ActionStatus
from clskit.workbooks import Cell, Problems, Sheet, text
from clskit_tet import values
from clskit_tet.columns import BY_KEY, EXAMPLE_TITLE_START, FUNDER_PAIRS, fold, is_placeholder
from clskit_tet.sheet import DataSheet

#: The platform's limits on a fiche (``packages/domain/src/plans/fiches/fiche.schema.ts``).
LIMITS = {"title": 300, "sub_title": 300, "description": 20_000, "objectives": 10_000,
          "resources": 10_000}
_LIMIT_MESSAGES = {
    "title": "Le titre ne peut pas dépasser 300 caractères",
    "sub_title": "Le titre de la sous-action ne peut pas dépasser 300 caractères",
}


@define
class Funder:
    """A «Financeur n» / «Montant € HT» pair as read."""

    name: str | None
    amount: int | float | None
    cell: Cell


@define
class Line:
    """What one row says, before it is tied to axes, parents and parties."""

    row: int
    path: list[tuple[str, Cell]]
    title: str | None
    title_cell: Cell
    sub_title: str | None
    sub_cell: Cell
    texts: dict[str, str | None] = field(factory=dict)
    lists: dict[str, list[str]] = field(factory=dict)
    funders: list[Funder] = field(factory=list)
    budget: int | float | None = None
    participation: ParticipationDegree | None = None
    status: ActionStatus | None = None
    priority: Priority | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    notes: str | None = None

    @property
    def is_sub(self) -> bool:
        return self.sub_title is not None

    def label(self) -> str:
        """How messages name the row's action, as the platform does («Action avec le
        titre "…"»)."""
        if self.is_sub:
            return f"sous-action «{self.sub_title}» de «{self.title}»"
        return f"action «{self.title}»"


class RowReader:
    """Reads rows of one data sheet; shares the problems of the whole import."""

    def __init__(self, data: DataSheet, problems: Problems) -> None:
        self.data = data
        self.sheet: Sheet = data.sheet
        self.problems = problems

    def cell(self, row: int, key: str) -> Cell:
        return self.sheet.cell(row, BY_KEY[key].index)

    def _text(self, row: int, key: str, *, kept: bool = True) -> tuple[str | None, Cell]:
        """The cell as text; a guidance text left from the template is read as empty,
        with a warning when the platform would have imported it."""
        cell = self.cell(row, key)
        if is_placeholder(cell.value):
            if kept:
                self.problems.warning(cell, "texte de consigne du modèle laissé dans la "
                                      "cellule : ignoré (la plateforme l'importerait tel quel)")
            return None, cell
        value = text(cell)
        if value is not None and not isinstance(cell.value, str):
            if isinstance(cell.value, dt.date | dt.datetime):
                self.problems.warning(cell, f"date dans une colonne de texte : lue comme "
                                      f"«{value}»")
            else:
                self.problems.warning(cell, f"nombre dans une colonne de texte : lu comme "
                                      f"«{value}» (la plateforme attend un texte)")
        limit = LIMITS.get(key)
        if value is not None and limit is not None and len(value) > limit:
            message = _LIMIT_MESSAGES.get(key, f"ce texte ne peut pas dépasser {limit} "
                                               "caractères")
            self.problems.error(cell, f"{message} ({len(value)} caractères)")
        return value, cell

    def is_example(self, row: int) -> bool:
        title = self.cell(row, "title").value
        return isinstance(title, str) and fold(title).startswith(EXAMPLE_TITLE_START)

    def read(self, row: int) -> Line:
        """The row's values; each problem met is placed and names the row's action (the
        platform's «Action avec le titre "…"»)."""
        before = len(self.problems.items)
        line = self._read(row)
        if line.title is not None:
            prefix = line.label()
            self.problems.items[before:] = [
                attrs.evolve(d, message=f"{prefix[:1].upper()}{prefix[1:]} : {d.message}")
                for d in self.problems.items[before:]]
        return line

    def _read(self, row: int) -> Line:
        path = []
        for key in ("axis", "sub_axis", "sub_sub_axis"):
            value, cell = self._text(row, key)
            if value is not None:
                path.append((value, cell))
        title, title_cell = self._text(row, "title")
        sub_title, sub_cell = self._text(row, "sub_title")
        line = Line(row, path, title, title_cell, sub_title, sub_cell)
        for key in ("description", "objectives", "resources", "financing"):
            line.texts[key] = self._text(row, key)[0]
        for key in ("governance", "structures", "partners", "services", "pilots",
                    "referents"):
            value = self._text(row, key)[0]
            line.lists[key] = values.split_list(value) if value else []
        line.participation = values.participation(self.cell(row, "participation"),
                                                  self.problems)
        self._money(row, line)
        line.status = values.status(self.cell(row, "status"), self.problems)
        line.priority = values.priority(self.cell(row, "priority"), self.problems)
        line.start = values.tet_date(self.cell(row, "start"), self.problems)
        line.end = values.tet_date(self.cell(row, "end"), self.problems)
        if line.start and line.end and line.end < line.start:
            self.problems.error(self.cell(row, "end"), "La date de fin doit être après la "
                                f"date de début ({line.start.strftime('%d/%m/%Y')})")
        if self.data.notes_column is not None:
            notes = self.sheet.cell(row, self.data.notes_column)
            line.notes = None if is_placeholder(notes.value) else text(notes)
        return line

    def _money(self, row: int, line: Line) -> None:
        for name_key, amount_key in FUNDER_PAIRS:
            name, name_cell = self._text(row, name_key)
            amount_cell = self.cell(row, amount_key)
            amount = values.money(amount_cell, self.problems, "Un montant est attendu")
            if amount is not None and amount < 0:
                self.problems.error(amount_cell, f"Un montant ne peut pas être négatif "
                                    f"({amount})")
            if name is None and amount is None:
                continue
            if name is not None and amount is None and amount_cell.empty:
                self.problems.warning(amount_cell, f"financeur «{name}» sans montant : gardé "
                                      "sans montant (la plateforme l'ignorerait sans le dire)")
            elif name is None and amount is not None:
                self.problems.warning(name_cell, f"montant {amount} sans financeur : gardé "
                                      "sans financeur (la plateforme l'ignorerait sans le dire)")
            line.funders.append(Funder(name, amount, name_cell))
        budget_cell = self.cell(row, "budget")
        budget = values.money(budget_cell, self.problems, "Un nombre est attendu")
        if budget is not None and budget < 0:
            self.problems.error(budget_cell, "Budget invalide : Le budget ne peut pas être "
                                "négatif")
        elif budget is not None and budget > values.MAX_BUDGET:
            self.problems.error(budget_cell, "Budget invalide : Le budget dépasse la valeur "
                                f"maximale autorisée ({values.MAX_BUDGET}). Vérifiez que la "
                                "colonne budget ne contient pas une date ou une valeur erronée.")
        line.budget = budget


__all__ = ["LIMITS", "Funder", "Line", "RowReader"]
