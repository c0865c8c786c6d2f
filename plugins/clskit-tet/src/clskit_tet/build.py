"""The rows of the sheet into a contract: fiches under their axes, parents and parties.

The platform's business rules are checked on all rows at once: two actions with the same
title in one axis, and a sub-action whose parent has no row of its own (same title in
«Titre de l'action», same axis path, «Titre de la sous-action» empty). A sub-action is a
fiche under its parent: code «FA 3.1» under «FA 3», id ``fa-3-1``, the parent's axis and
objectives, listed right after its parent.
"""

from __future__ import annotations

from attrs import define

from clskit import (
    Action,
    ArsQuestions,
    Contract,
    Funding,
    ParticipationDegree,
    Partner,
    PartnerRole,
    Period,
    Territory,
)
from clskit.workbooks import Problems
from clskit_tet.parties import REFERENT_NOTE, Parties
from clskit_tet.rows import Line
from clskit_tet.tree import Node, Tree, path_text, place

#: The funding line that holds «Budget prévisionnel total € HT» (no funder).
BUDGET_LABEL = "Budget prévisionnel total"


@define
class Head:
    """The contract's own fields, from the import's options."""

    id: str
    name: str
    territory: str
    period: Period | None = None


@define
class _Placed:
    line: Line
    node: Node | None


def _funding(line: Line, parties: Parties) -> list[Funding]:
    lines = []
    for funder in line.funders:
        org = parties.organisation(funder.name, use="funder") if funder.name else None
        lines.append(Funding(funder=org, amount=funder.amount))
    financing = line.texts.get("financing")
    if financing:
        lines.append(Funding(label=financing))
    if line.budget is not None:
        lines.append(Funding(label=BUDGET_LABEL, amount=line.budget))
    return lines


def _actors(line: Line, parties: Parties) -> tuple[str | None, list[Partner]]:
    """The pilot (first structure, else service, else person) and the partners table:
    the other pilots as co-pilots, the partners, the elected referents (a note)."""
    structures = [parties.organisation(n) for n in line.lists["structures"]]
    services = [parties.organisation(n, service=True) for n in line.lists["services"]]
    pilots = [parties.person(n) for n in line.lists["pilots"]]
    leads = structures + services + pilots
    pilot = leads[0] if leads else None
    partners: dict[str, Partner] = {}
    for party in leads[1:]:
        partners.setdefault(party, Partner(organisation=party,
                                           roles=[PartnerRole.CO_PILOTING]))
    for name in line.lists["partners"]:
        party = parties.organisation(name)
        if party != pilot:
            partners.setdefault(party, Partner(organisation=party))
    for name in line.lists["referents"]:
        party = parties.person(name, elected=True)
        partner = partners.setdefault(party, Partner(organisation=party))
        partner.note = REFERENT_NOTE
    return pilot, list(partners.values())


def _action(line: Line, node: Node | None, parties: Parties, id_: str, code: str,
            title: str) -> Action:
    axis, objectives = place(node)
    pilot, partners = _actors(line, parties)
    degree = line.participation
    participative = None if degree is None else degree is not ParticipationDegree.NONE
    action = Action(
        id=id_, code=code, title=title, axis=axis, objectives=objectives,
        description=line.texts.get("description"),
        specific_objective=line.texts.get("objectives"),
        resources=line.texts.get("resources"),
        pilot=pilot, partners=partners, start=line.start, end=line.end,
        priority=line.priority, funding=_funding(line, parties), notes=line.notes,
        ars=ArsQuestions(participative=participative, participation_degree=degree),
    )
    if line.status is not None:
        action.status = line.status
    for name in line.lists["governance"]:
        parties.body(name, id_)
    return action


def build(lines: list[Line], tree: Tree, nodes: list[Node | None], head: Head,
          problems: Problems) -> Contract | None:
    """The contract of the sheet, or ``None`` when a business rule fails (every failure
    recorded in ``problems``)."""
    parents: dict[tuple[int, str], _Placed] = {}
    subs: list[_Placed] = []
    order: list[_Placed] = []
    for line, node in zip(lines, nodes, strict=True):
        placed = _Placed(line, node)
        assert line.title is not None
        if line.is_sub:
            subs.append(placed)
            continue
        key = (id(node), line.title)
        first = parents.get(key)
        if first is not None:
            where = path_text(node) or "(sans axe)"
            problems.error(line.title_cell, "Titres d'actions en doublon dans le même axe : "
                           f"{where}::{line.title} (déjà ligne {first.line.row})", "duplicate")
            continue
        parents[key] = placed
        order.append(placed)
    children: dict[int, list[_Placed]] = {}
    for placed in subs:
        line = placed.line
        assert line.title is not None
        parent = parents.get((id(placed.node), line.title))
        if parent is None:
            hint = next((f" ; une action de ce titre existe ligne {p.line.row}, dans un autre "
                         f"axe («{path_text(p.node) or 'sans axe'}»)"
                         for (_, title), p in parents.items() if title == line.title), "")
            problems.error(line.sub_cell, "Sous-action(s) sans action parente trouvée(s) : "
                           f"\"{line.sub_title}\" (aucune ligne «{line.title}» sans "
                           f"sous-action dans le même axe){hint}", "reference")
            continue
        siblings = children.setdefault(id(parent), [])
        if any(s.line.sub_title == line.sub_title for s in siblings):
            problems.warning(line.sub_cell, f"sous-action «{line.sub_title}» deux fois sous "
                             f"«{line.title}» : deux fiches de même titre sont créées",
                             "duplicate")
        siblings.append(placed)
    if not problems.ok:
        return None
    tree.number()
    parties = Parties()
    actions: list[Action] = []
    for n, placed in enumerate(order, start=1):
        line = placed.line
        assert line.title is not None
        actions.append(_action(line, placed.node, parties, f"fa-{n}", f"FA {n}", line.title))
        for m, sub in enumerate(children.get(id(placed), []), start=1):
            assert sub.line.sub_title is not None
            actions.append(_action(sub.line, sub.node, parties, f"fa-{n}-{m}", f"FA {n}.{m}",
                                   sub.line.sub_title))
    contract = Contract(id=head.id, name=head.name, territory=Territory(name=head.territory),
                        organisations=parties.organisations(), people=parties.people(),
                        axes=tree.axes(), objectives=tree.objectives(), actions=actions,
                        bodies=parties.bodies())
    contract.period = head.period
    return contract


__all__ = ["BUDGET_LABEL", "Head", "build"]
