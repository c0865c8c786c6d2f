"""Names in the actor columns into organisations, people and bodies, each made once.

The platform keeps one tag per name, compared trimmed, lower-cased and without accents;
so does this registry. Services («Direction ou service pilote») are kept apart from
structures and partners (they are organisations of kind ``municipal_service``), so that
the export writes each name back in the column it came from. Organisations and people
share one set of ids, as the model requires.
"""

from __future__ import annotations

from clskit import (
    Body,
    BodyKind,
    Organisation,
    OrganisationKind,
    OrganisationRelation,
    Person,
)
from clskit_tet.columns import fold
from clskit_tet.tree import slug

#: How a partner line says its party is the fiche's «élu·e référent·e» (``Partner.note``).
REFERENT_NOTE = "Élu·e référent·e"

_BODY_KINDS = (
    (("copil", "comite de pilotage"), BodyKind.COPIL),
    (("cotech", "comite technique"), BodyKind.COTECH),
    (("comite de suivi",), BodyKind.FOLLOW_UP_COMMITTEE),
    (("comite thematique",), BodyKind.THEMATIC_COMMITTEE),
    (("groupe de travail", "gt "), BodyKind.WORKING_GROUP),
    (("atelier",), BodyKind.INHABITANTS_WORKSHOP),
)


def body_kind(name: str) -> BodyKind:
    """The kind of a governance body from its name («COPIL santé» → ``copil``)."""
    key = fold(name) + " "
    for words, kind in _BODY_KINDS:
        if any(key.startswith(w) or f" {w}" in key or f"({w}" in key for w in words):
            return kind
    return BodyKind.OTHER


class Parties:
    """Every organisation, person and body named by the sheet, in order of appearance."""

    def __init__(self) -> None:
        self._orgs: dict[tuple[bool, str], Organisation] = {}
        self._people: dict[str, Person] = {}
        self._bodies: dict[str, Body] = {}
        self._ids: set[str] = set()
        self._body_ids: set[str] = set()
        self._roles: dict[str, set[str]] = {}

    def _new_id(self, name: str, taken: set[str], prefix: str = "") -> str:
        base = prefix + slug(name)
        candidate, n = base, 2
        while candidate in taken:
            candidate, n = f"{base}-{n}", n + 1
        taken.add(candidate)
        return candidate

    def organisation(self, name: str, *, service: bool = False, use: str = "actor") -> str:
        """The id of the organisation of this name (made on first use)."""
        key = (service, fold(name))
        org = self._orgs.get(key)
        if org is None:
            kind = OrganisationKind.MUNICIPAL_SERVICE if service else OrganisationKind.OTHER
            org = Organisation(id=self._new_id(name, self._ids), name=name, kind=kind)
            self._orgs[key] = org
        self._roles.setdefault(org.id, set()).add(use)
        return org.id

    def person(self, name: str, *, elected: bool = False) -> str:
        key = fold(name)
        person = self._people.get(key)
        if person is None:
            person = Person(id=self._new_id(name, self._ids), name=name)
            self._people[key] = person
        if elected:
            person.elected = True
        return person.id

    def body(self, name: str, action: str) -> None:
        """The governance body of this name serves ``action``."""
        key = fold(name)
        body = self._bodies.get(key)
        if body is None:
            body = Body(id=self._new_id(name, self._body_ids), name=name,
                        kind=body_kind(name))
            self._bodies[key] = body
        if action not in body.actions:
            body.actions.append(action)

    def organisations(self) -> list[Organisation]:
        """The organisations; one named only as a funder says so (``relation``)."""
        out = []
        for org in self._orgs.values():
            if self._roles.get(org.id) == {"funder"}:
                org.relation = OrganisationRelation.FUNDER
            out.append(org)
        return out

    def people(self) -> list[Person]:
        return list(self._people.values())

    def bodies(self) -> list[Body]:
        return list(self._bodies.values())


__all__ = ["REFERENT_NOTE", "Parties", "body_kind"]
