"""A contract as the rows of the platform's import sheet: the inverse of the import.

Each fiche is a row; a fiche whose code is its parent's code and a number («FA 3.1»
under «FA 3») is a sub-action row, written right after its parent with the parent's title
and axis path, as the platform requires. What the platform would refuse (a title over 300
characters, two actions with one title in one axis) is listed, all at once, and nothing is
written.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from attrs import define, field

from clskit import (
    Action,
    Contract,
    Objective,
    OrganisationKind,
    ParticipationDegree,
    PartnerRole,
)
from clskit.errors import ExportError
from clskit_tet import values
from clskit_tet.build import BUDGET_LABEL
from clskit_tet.columns import FUNDER_PAIRS, fold
from clskit_tet.parties import REFERENT_NOTE
from clskit_tet.rows import LIMITS


@define
class PlanRow:
    """The cells of one row, by column key (see :mod:`clskit_tet.columns`)."""

    cells: dict[str, Any] = field(factory=dict)
    notes: str | None = None


def _numbered(code: str, title: str) -> str:
    number = values.number_of(code)
    return f"{number}. {title}" if number else title


def sub_actions(contract: Contract) -> dict[str, Action]:
    """Sub-action id → parent, by code: «FA 3.1» is under «FA 3» when «FA 3» is a fiche
    that is not itself a sub-action."""
    by_code = {a.code: a for a in contract.actions}
    parents: dict[str, Action] = {}
    for action in contract.actions:
        m = re.match(r"^(.*\S)\.(\d+)$", action.code)
        parent = by_code.get(m[1]) if m else None
        if parent is not None and parent is not action:
            parents[action.id] = parent
    return {k: p for k, p in parents.items() if p.id not in parents}


class Planner:
    """Builds the rows; keeps indexes of the contract's lists."""

    def __init__(self, contract: Contract) -> None:
        self.contract = contract
        self.axes = {a.id: a for a in contract.axes}
        self.objectives = {o.id: o for o in contract.objectives}
        self.orgs = {o.id: o for o in contract.organisations}
        self.people = {p.id: p for p in contract.people}
        self.parents = sub_actions(contract)
        self.problems: list[str] = []

    def _chain(self, objective: Objective) -> list[Objective]:
        chain, seen = [objective], {objective.id}
        while chain[0].parent in self.objectives and chain[0].parent not in seen:
            parent = self.objectives[chain[0].parent]
            seen.add(parent.id)
            chain.insert(0, parent)
        return chain

    def path(self, action: Action) -> list[str]:
        """A, B, C: the axis, then the objective the fiche serves and its ancestors
        (two levels at most, from the top of the tree)."""
        chains = [self._chain(self.objectives[o]) for o in action.objectives
                  if o in self.objectives]
        own = [c for c in chains if c[0].axis in (None, action.axis)]
        chain = (own or chains or [[]])[0]
        axis_id = action.axis or (chain[0].axis if chain else None)
        out = []
        axis = self.axes.get(axis_id) if axis_id else None
        if axis is not None:
            out.append(_numbered(axis.code, axis.title))
        out += [_numbered(o.code, o.title) for o in chain[:2]]
        return out

    def _party_name(self, party: str) -> str:
        if party in self.orgs:
            return self.orgs[party].name
        if party in self.people:
            return self.people[party].name
        return party

    def _lead_column(self, party: str) -> str:
        if party in self.people:
            return "pilots"
        org = self.orgs.get(party)
        if org is not None and org.kind is OrganisationKind.MUNICIPAL_SERVICE:
            return "services"
        return "structures"

    def actors(self, action: Action, cells: dict[str, Any]) -> None:
        lists: dict[str, list[str]] = {k: [] for k in
                                       ("structures", "services", "pilots", "partners",
                                        "referents")}
        if action.pilot:
            lists[self._lead_column(action.pilot)].append(self._party_name(action.pilot))
        elif action.pilot_label:
            lists["structures"].append(action.pilot_label)
        for partner in action.partners:
            party = partner.organisation
            co = PartnerRole.CO_PILOTING in partner.roles
            person = self.people.get(party)
            referent = (fold(partner.note or "") == fold(REFERENT_NOTE) or
                        (person is not None and person.elected and not partner.roles
                         and not partner.note))
            if co and party != action.pilot:
                lists[self._lead_column(party)].append(self._party_name(party))
            if referent:
                lists["referents"].append(self._party_name(party))
            if not co and not referent and party != action.pilot:
                lists["partners"].append(self._party_name(party))
        for key, names in lists.items():
            if names:
                cells[key] = values.join_list(names)

    def funding(self, action: Action, cells: dict[str, Any]) -> None:
        pairs: list[tuple[str, Any]] = []
        texts: list[str] = []
        budget_set = False
        for line in action.funding:
            if (line.funder is None and line.label == BUDGET_LABEL and
                    line.amount is not None and not budget_set):
                cells["budget"], budget_set = line.amount, True
            elif line.funder is None and line.amount is None:
                if line.label and line.label.strip():
                    texts.append(line.label.strip())
            else:
                name = self._party_name(line.funder) if line.funder else (line.label or "")
                if line.funder and line.label and line.label.strip():
                    texts.append(f"{name} : {line.label.strip()}")
                pairs.append((name, line.amount))
        for (name_key, amount_key), (name, amount) in zip(FUNDER_PAIRS, pairs, strict=False):
            if name:
                cells[name_key] = name
            if amount is not None:
                cells[amount_key] = amount
        texts += [_overflow(name, amount) for name, amount in pairs[len(FUNDER_PAIRS):]]
        if texts:
            cells["financing"] = "\n".join(texts)

    def row(self, action: Action, parent: Action | None) -> PlanRow:
        head = parent or action
        cells: dict[str, Any] = {}
        for key, text_value in zip(("axis", "sub_axis", "sub_sub_axis"), self.path(head),
                                   strict=False):
            cells[key] = text_value
        cells["title"] = head.title
        if parent is not None:
            cells["sub_title"] = action.title
        bodies = [b.name for b in self.contract.bodies if action.id in b.actions]
        objectives = action.specific_objective
        if action.operational_objectives:
            objectives = "\n".join([objectives or "", *(f"- {o}" for o in
                                                        action.operational_objectives)]).strip()
        for key, value in (("description", action.description),
                           ("governance", values.join_list(bodies) if bodies else None),
                           ("objectives", objectives), ("resources", action.resources)):
            if value and value.strip():
                cells[key] = value.strip()
        self.actors(action, cells)
        degree = action.ars.participation_degree
        if degree is None and action.ars.participative is False:
            degree = ParticipationDegree.NONE
        if degree is not None:
            cells["participation"] = values.PARTICIPATION_LABELS[degree]
        self.funding(action, cells)
        cells["status"] = values.STATUS_LABELS[action.status]
        if action.priority is not None:
            cells["priority"] = values.PRIORITY_LABELS[action.priority]
        for key, day in (("start", action.start), ("end", action.end)):
            if day is not None:
                cells[key] = dt.datetime(day.year, day.month, day.day)
        self._check(action, cells)
        return PlanRow(cells, action.notes.strip() if action.notes else None)

    def _check(self, action: Action, cells: dict[str, Any]) -> None:
        for key, limit in LIMITS.items():
            value = cells.get(key)
            if isinstance(value, str) and len(value) > limit:
                self.problems.append(f"{action.code} : le texte de la colonne «{key}» a "
                                     f"{len(value)} caractères, la plateforme en accepte "
                                     f"{limit}")

    def rows(self) -> list[PlanRow]:
        out: list[PlanRow] = []
        children: dict[str, list[Action]] = {}
        for action in self.contract.actions:
            if action.id in self.parents:
                children.setdefault(self.parents[action.id].id, []).append(action)
        seen: dict[tuple[tuple[str, ...], str], str] = {}
        for action in self.contract.actions:
            if action.id in self.parents:
                continue
            key = (tuple(self.path(action)), action.title)
            if key in seen:
                self.problems.append(f"{action.code} et {seen[key]} : même titre dans le même "
                                     "axe, que la plateforme refuse («Titres d'actions en "
                                     "doublon dans le même axe»)")
            seen.setdefault(key, action.code)
            out.append(self.row(action, None))
            out += [self.row(sub, action) for sub in children.get(action.id, [])]
        if self.problems:
            raise ExportError("la plateforme refuserait ce plan ; rien n'est écrit :\n- "
                              + "\n- ".join(self.problems))
        return out


def _overflow(name: str, amount: Any) -> str:
    if amount is None:
        return name
    return f"{name} : {amount} € HT"


def plan_rows(contract: Contract) -> list[PlanRow]:
    """The rows of ``contract``'s plan, in order. Raises
    :class:`~clskit.errors.ExportError` listing what the platform would refuse."""
    return Planner(contract).rows()


__all__ = ["PlanRow", "plan_rows", "sub_actions"]
