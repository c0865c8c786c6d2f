"""The «Contrat» sheet: what a new workspace needs beyond the fiches.

An import makes a whole contract, so the workbook carries the contract's identity
(id, name, period, status, territory) and the organisations, people, communes and QPV
the fiches name — those a pilot, a partner line or a funding line points to, with the
organisations they belong to — so that every reference of the imported fiches resolves.
Bodies, meetings, the journal, signatories and the rest of the record stay in the
workspace they came from (see ``docs/exporters/ars.md``).
"""

from __future__ import annotations

from typing import Any

from openpyxl.worksheet.worksheet import Worksheet

from clskit.model import Contract, Organisation, Person
from clskit_ars import layout as L
from clskit_ars.sheet import (
    BOLD,
    HEADER_FILL,
    LABEL_FILL,
    SECTION_FILL,
    WHITE,
    SheetWriter,
    printable,
)
from clskit_ars.values import shown


def needed(contract: Contract) -> tuple[list[Organisation], list[Person]]:
    """The organisations and people the fiches and the contract's own fields name, and
    every organisation those belong to, in the record's order."""
    wanted: set[str] = set()
    for action in contract.actions:
        wanted.update(p.organisation for p in action.partners)
        wanted.update(f.funder for f in action.funding if f.funder)
        if action.pilot:
            wanted.add(action.pilot)
    for identifier in (contract.coordinator, contract.territory.organisation):
        if identifier:
            wanted.add(identifier)
    people = [p for p in contract.people if p.id in wanted]
    wanted.update(p.organisation for p in people if p.organisation)
    by_id = {o.id: o for o in contract.organisations}
    for identifier in list(wanted):  # the parents of each, up the chain
        seen: set[str] = set()
        while identifier in by_id and by_id[identifier].parent and identifier not in seen:
            seen.add(identifier)
            identifier = by_id[identifier].parent or ""
            wanted.add(identifier)
    return [o for o in contract.organisations if o.id in wanted], people


def _yes_no(value: bool | None) -> str | None:
    return None if value is None else (L.YES if value else L.NO)


def contract_rows(contract: Contract) -> list[tuple[str, Any]]:
    t = contract.territory
    values: dict[str, Any] = {
        "id": contract.id, "name": contract.name, "short_name": contract.short_name,
        "generation": contract.generation,
        "start": contract.period.start if contract.period else None,
        "end": contract.period.end if contract.period else None,
        "duration_months": contract.duration_months, "status": shown(contract.status),
        "coordinator": contract.coordinator, "territory": t.name, "territory_kind": t.kind,
        "territory_organisation": t.organisation, "department": t.department,
        "region": t.region,
    }
    return [(L.CONTRACT_FIELDS[k], v) for k, v in values.items()]


def tables(contract: Contract) -> dict[str, list[tuple[Any, ...]]]:
    organisations, people = needed(contract)
    t = contract.territory
    return {
        L.ORGANISATIONS: [(o.id, o.name, o.short_name, shown(o.kind), shown(o.sector),
                           o.parent, o.joined, shown(o.relation), o.description, o.website,
                           o.email) for o in organisations],
        L.PEOPLE: [(p.id, p.name, p.honorific, p.position, p.organisation, p.role,
                    _yes_no(p.elected), p.email, p.phone) for p in people],
        L.COMMUNES_TABLE: [(c.id, c.name, c.insee_code, c.population) for c in t.communes],
        L.QPV_TABLE: [(q.id, q.name, q.commune, q.code, q.population)
                      for q in t.priority_neighbourhoods],
    }


def write_contract(ws: Worksheet, contract: Contract) -> None:
    widths = (30.0, 34.0, 16.0, 18.0, 16.0, 16.0, 12.0, 18.0, 34.0, 20.0, 20.0)
    w = SheetWriter(ws, widths)
    label = {"font": BOLD, "fill": LABEL_FILL}
    w.line([(1, 4, L.CONTRACT, {"font": WHITE, "fill": SECTION_FILL, "border": False})])
    for name, value in contract_rows(contract):
        w.line([(1, 1, name, label), (2, 4, value, {})])
    for title, rows in tables(contract).items():
        header = L.CONTRACT_TABLES[title]
        w.row += 1
        w.line([(1, len(header), title, {"font": WHITE, "fill": SECTION_FILL, "border": False})])
        w.line([(i, i, h, {"font": BOLD, "fill": HEADER_FILL})
                for i, h in enumerate(header, start=1)])
        for row in rows:
            w.line([(i, i, v, {}) for i, v in enumerate(row, start=1)])
    printable(w, columns=len(widths), title_rows="1:1",
              footer_left=contract.short_name or contract.name,
              footer_right=L.CONTRACT, landscape=True)
