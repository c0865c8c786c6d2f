"""Axes, sub-axes and sub-sub-axes of the sheet into clskit axes and objectives.

An axis path is the non-empty cells of A, B, C (a gap moves the next level up, as on the
platform). The first level becomes an :class:`~clskit.Axis` («Axe 4»), the next ones
:class:`~clskit.Objective` nodes under it («4.2», then «4.2.1»). A leading number
(«4.2. Titre», «4.2 : Titre») becomes the code and leaves the title; an unnumbered level
gets the next free number among its siblings, so that the export writes it numbered and
reading the export gives the same codes back.

The platform compares axis names exactly: «4.2. Déployer…» and «4.2 : Déployer…» make
two sub-axes there. Here they are one (same number, same title), with a warning.
"""

from __future__ import annotations

import re

from attrs import define, field

from clskit import Axis, Objective, ObjectiveLevel
from clskit.workbooks import Cell, Problems
from clskit_tet.columns import fold
from clskit_tet.values import numbered


@define
class Node:
    """One level of the plan's tree, identified by its number and title under its parent."""

    number: str | None
    title: str
    raw: str
    cell: Cell
    parent: Node | None
    children: list[Node] = field(factory=list)
    code: str = ""
    id: str = ""

    @property
    def depth(self) -> int:
        return 1 if self.parent is None else self.parent.depth + 1


def slug(text: str, limit: int = 40) -> str:
    """An id-friendly form of a name: «Service Santé (CCAS)» → ``service-sante-ccas``."""
    cut = re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")[:limit].strip("-")
    return cut or "x"


class Tree:
    """The axes of the sheet, built row by row, numbered once every row is read."""

    def __init__(self, problems: Problems) -> None:
        self.problems = problems
        self.roots: list[Node] = []
        self._seen: dict[tuple[int, str | None, str], Node] = {}

    def add(self, path: list[tuple[str, Cell]], has_gap: bool) -> Node | None:
        """The deepest node of a row's path, created with its parents when new."""
        parent: Node | None = None
        for raw, cell in path:
            number, title = numbered(raw)
            key = (id(parent), number, title)
            node = self._seen.get(key)
            siblings = parent.children if parent else self.roots
            if node is None:
                node = Node(number, title, raw, cell, parent)
                for other in siblings:
                    if fold(other.title) == fold(title) and other.number == number:
                        self.problems.warning(cell, f"«{raw}» ressemble à «{other.raw}» "
                                              f"(ligne {other.cell.location.row}) : deux axes "
                                              "distincts sont créés ; écrivez-les à "
                                              "l'identique s'il s'agit du même")
                        break
                siblings.append(node)
                self._seen[key] = node
            elif raw != node.raw and " ".join(raw.split()) != " ".join(node.raw.split()):
                self.problems.warning(cell, f"«{raw}» est écrit «{node.raw}» ligne "
                                      f"{node.cell.location.row} : lu comme le même axe (la "
                                      "plateforme en créerait deux)")
            parent = node
        if has_gap and path:
            self.problems.warning(path[0][1], "niveau d'axe vide avant celui-ci : il est "
                                  "remonté d'un niveau, comme sur la plateforme")
        return parent

    def number(self) -> None:
        """Codes and ids for every node: its own number, else the next free one."""
        used_ids: set[str] = set()

        def visit(nodes: list[Node], prefix: str | None) -> None:
            taken = {n.number for n in nodes if n.number}
            k = 0
            for node in nodes:
                if node.number is None:
                    while True:
                        k += 1
                        candidate = f"{prefix}.{k}" if prefix else str(k)
                        if candidate not in taken:
                            break
                    node.number = candidate
                    taken.add(candidate)
                assert node.number is not None
                node.code = (f"Axe {node.number}" if node.parent is None else node.number)
                base = ("axe-" if node.parent is None else "obj-") + node.number.replace(".", "-")
                node.id, n = base, 2
                while node.id in used_ids:
                    node.id, n = f"{base}-{n}", n + 1
                used_ids.add(node.id)
                visit(node.children, node.number)

        visit(self.roots, None)

    def axes(self) -> list[Axis]:
        return [Axis(id=n.id, code=n.code, title=n.title) for n in self.roots]

    def objectives(self) -> list[Objective]:
        out: list[Objective] = []

        def visit(node: Node, axis: str) -> None:
            for child in node.children:
                level = (ObjectiveLevel.SPECIFIC if child.depth == 2
                         else ObjectiveLevel.OPERATIONAL)
                parent = child.parent.id if child.parent and child.parent.depth > 1 else None
                out.append(Objective(id=child.id, code=child.code, title=child.title,
                                     level=level, parent=parent, axis=axis))
                visit(child, axis)

        for root in self.roots:
            visit(root, root.id)
        return out


def place(node: Node | None) -> tuple[str | None, list[str]]:
    """The axis id and the objective ids an action under ``node`` takes."""
    if node is None:
        return None, []
    root = node
    while root.parent is not None:
        root = root.parent
    return root.id, ([node.id] if node.parent is not None else [])


def path_text(node: Node | None) -> str:
    """The path as messages show it, joined as the platform joins it: «Axe 1::Sous-axe»."""
    parts: list[str] = []
    while node is not None:
        parts.append(node.raw)
        node = node.parent
    return "::".join(reversed(parts))


__all__ = ["Node", "Tree", "path_text", "place", "slug"]
