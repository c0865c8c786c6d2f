"""The governance graph of a contract: who sits where, who pilots and supports what.

One :func:`governance_graph` is built from the model; every analysis here is a plain
function of the contract, so the COPIL deck, the quarterly review and a script all
count the same partners. The graph is exported to GraphML or GEXF (to open in Gephi)
and drawn for a slide, in two views: the governance bodies, and the partners of the
fiches action of one axis. See ``docs/graph.md``.

Node ids carry their kind (``org:cpam77``, ``person:helene-marie``, ``body:copil``,
``action:fa-05``), so organisations and people, which share one namespace in the
record, stay apart from bodies and actions. References the record does not resolve
are left out: reporting them is the job of :mod:`clskit.checks`.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, get_args

from attrs import Factory, define, field, frozen

from clskit import _graph_draw, fr
from clskit._atomic import write_atomic
from clskit._graph_data import Edge, GraphData
from clskit._graph_draw import HEIGHT as LAYOUT_HEIGHT
from clskit._graph_draw import POINTS_PER_UNIT as LAYOUT_POINTS_PER_UNIT
from clskit._graph_draw import WIDTH as LAYOUT_WIDTH
from clskit._graph_draw import Box, Key, Link, Panel, Scene
from clskit.errors import ExportError
from clskit.labels import label as french
from clskit.model import (
    Action,
    Axis,
    Body,
    Contract,
    Meeting,
    MeetingStatus,
    Organisation,
    PartnerRole,
    Sector,
)
from clskit.period import Period
from clskit.snapshot import BodyActivity, workshop_meetings

if TYPE_CHECKING:
    # networkx takes ~0.2 s to import: only the functions that return or write a
    # MultiDiGraph import it, so the layouts (the COPIL deck) do without.
    import networkx as nx

    from clskit.snapshot import Snapshot

__all__ = [
    "FORMATS",
    "RELATIONS",
    "Centrality",
    "GraphFormat",
    "Growth",
    "Involvement",
    "Membership",
    "PartnerJoin",
    "actions_without_partners",
    "actions_without_pilot",
    "axis_actions",
    "bodies_never_met",
    "central_partners",
    "draw_graph",
    "export_graph",
    "governance_graph",
    "isolated_organisations",
    "network_growth",
    "partner_involvement",
    "partnership_graph",
    "scalar_graph",
]

#: What :func:`export_graph` writes: two graph formats and two drawings.
GraphFormat = Literal["graphml", "gexf", "png", "svg"]
FORMATS: tuple[str, ...] = get_args(GraphFormat)

#: Edge relations (the ``relation`` attribute) and their French labels.
RELATIONS: dict[str, str] = {
    "belongs_to": "Appartient à",
    "represents": "Représente",
    "member": "Membre de",
    "chairs": "Préside ou anime",
    "reports_to": "Rend compte à",
    "serves": "Travaille sur",
    "pilots": "Pilote",
    "partner": "Partenaire",
    "attended": "A participé à",
}

_PREFIX = {"organisation": "org", "person": "person", "body": "body", "action": "action"}
_CAPACITY = {"representative": "Représentant(e) signataire", "delegate": "Délégué(e)"}


def _node(kind: str, ref: str) -> str:
    return f"{_PREFIX[kind]}:{ref}"


def _put(attrs: dict[str, Any], **values: Any) -> dict[str, Any]:
    """Add the values that are set: a graph attribute is absent rather than None."""
    for key, value in values.items():
        if value is not None and value != "":
            attrs[key] = value
    return attrs


def _sort_key(text: str) -> str:
    """Accent- and case-insensitive key, so «Épicerie» sorts with the E."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _org_label(org: Organisation) -> str:
    return org.short_name or org.name


def _action_label(action: Action) -> str:
    return f"{action.code} – {action.short_title or action.title}"


def _held(contract: Contract) -> Iterator[Meeting]:
    return (m for m in contract.meetings if m.status is MeetingStatus.HELD)


def _activities(contract: Contract, snapshot: Snapshot | None) -> dict[str, BodyActivity]:
    """Body id → its meetings: those of the snapshot's window, else every held meeting
    of the record; workshop sessions are meetings of their workshop's body."""
    if snapshot is not None:
        return {activity.body.id: activity for activity in snapshot.bodies}
    every = [*_held(contract), *workshop_meetings(contract)]
    return {b.id: BodyActivity(b, tuple(m for m in every if m.body == b.id), 0, 0)
            for b in contract.bodies}


def _meetings_label(count: int | None, at_least: int = 0,
                   loose: Iterable[Period] = ()) -> str:
    """What a body's box says of its meetings, never inventing a number (the
    arguments read as :class:`clskit.snapshot.BodyActivity`'s).

    A known ``count``: «aucune réunion tenue», «1 réunion tenue», «2 réunions tenues».
    Unknown (``None``: records that only say the body met): «réuni en 2021» when those
    are all it has (one ``loose`` period per record), else «au moins 3 réunions», the
    floor ``at_least``.
    """
    loose = tuple(loose)
    if count is not None:
        if count == 0:
            return "aucune réunion tenue"
        return f"{count} réunion tenue" if count == 1 else f"{count} réunions tenues"
    periods = sorted(set(loose), key=lambda p: (p.start, p.end))
    if loose and at_least <= len(loose):
        spans = [fr.during(p) for p in periods]
        joined = spans[0] if len(spans) == 1 else ", ".join(spans[:-1]) + " et " + spans[-1]
        return f"réuni {joined}"
    return f"au moins {fr.plural(max(at_least, 1), 'réunion')}"


class _Refs:
    """Resolves an id of the record to a node id (organisations win a clash)."""

    def __init__(self, contract: Contract) -> None:
        orgs = {o.id for o in contract.organisations}
        self.people = [p for p in contract.people if p.id not in orgs]
        self.nodes: dict[str, str] = {p.id: _node("person", p.id) for p in self.people}
        self.nodes.update({o: _node("organisation", o) for o in orgs})
        self.bodies = {b.id: _node("body", b.id) for b in contract.bodies}
        self.actions = {a.id: _node("action", a.id) for a in contract.actions}

    def party(self, ref: str | None) -> str | None:
        return self.nodes.get(ref) if ref is not None else None


# --------------------------------------------------------------------------- the graph


def governance_graph(contract: Contract, *, snapshot: Snapshot | None = None
                     ) -> nx.MultiDiGraph:
    """Build the graph of organisations, people, bodies and fiches action.

    A body's meetings (``meetings_held``, ``attended`` edges) are those of the whole
    record, or, with ``snapshot``, of its window; the graph then carries ``window``
    (and ``meeting``, for a snapshot as of a meeting).

    Nodes come in the record's order (organisations, people, bodies, actions) and edges
    in a fixed order of relations (see :data:`RELATIONS`), so two builds of one record
    are identical. Edge keys are the relation (``partner:<role>`` for partner roles),
    so ``graph.has_edge("org:cpam77", "action:fa-05", "partner:implementation")`` reads
    as it means. Node and edge attributes are plain values (dates stay dates);
    :func:`scalar_graph` makes them fit GraphML and GEXF.
    """
    return _governance_data(contract, snapshot).to_networkx()


def _governance_data(contract: Contract, snapshot: Snapshot | None = None) -> GraphData:
    """The nodes and edges of :func:`governance_graph`, without networkx."""
    refs = _Refs(contract)
    signatories = {s.organisation for s in contract.signatories}
    activities = _activities(contract, snapshot)
    axes = {a.id: a for a in contract.axes}
    nodes: list[tuple[str, dict[str, Any]]] = []

    for org in contract.organisations:
        nodes.append((refs.nodes[org.id], _put(
            {"kind": "organisation", "label": _org_label(org), "name": org.name},
            short_name=org.short_name, org_kind=org.kind.value, org_kind_label=french(org.kind),
            sector=org.sector.value if org.sector else None,
            sector_label=french(org.sector) if org.sector else None,
            parent=org.parent, joined=org.joined, signatory=org.id in signatories)))
    for person in refs.people:
        # Contacts (e-mail, phone) stay out: the graph is meant to be shared.
        nodes.append((refs.nodes[person.id], _put(
            {"kind": "person", "label": person.name},
            position=person.position, organisation=person.organisation, role=person.role,
            elected=person.elected, coordinator=person.id == contract.coordinator)))
    for body in contract.bodies:
        met = activities.get(body.id) or BodyActivity(body, (), 0, 0)
        nodes.append((refs.bodies[body.id], _put(
            {"kind": "body", "label": body.name},
            body_kind=body.kind.value, body_kind_label=french(body.kind), axis=body.axis,
            min_meetings_per_year=body.min_meetings_per_year, created=body.created,
            meetings_held=met.count, meetings_known=met.count is not None,
            meetings_at_least=met.at_least, met_during=tuple(dict.fromkeys(met.loose)) or None,
            meetings_label=_meetings_label(met.count, met.at_least, met.loose))))
    for action in contract.actions:
        axis = axes.get(action.axis) if action.axis else None
        nodes.append((refs.actions[action.id], _put(
            {"kind": "action", "label": _action_label(action), "code": action.code,
             "title": action.title},
            short_title=action.short_title, axis=action.axis,
            axis_code=axis.code if axis else None,
            transversal_axes=tuple(action.transversal_axes) or None,
            status=action.status.value, status_label=french(action.status),
            priority=action.priority.value if action.priority else None)))

    attrs = _put({"name": contract.short_name or contract.name, "contract": contract.id},
                 window=snapshot.window if snapshot else None,
                 meeting=snapshot.meeting.id if snapshot and snapshot.meeting else None)
    return GraphData.build(attrs, nodes, _edges(contract, refs, snapshot))


def _edge(relation: str, **attrs: Any) -> dict[str, Any]:
    return _put({"relation": relation, "label": RELATIONS[relation]}, **attrs)


def _edges(contract: Contract, refs: _Refs, snapshot: Snapshot | None = None
           ) -> Iterator[Edge]:
    """Every edge of the graph, relation by relation, in the record's order; with a
    snapshot, ``attended`` counts the meetings of its window."""
    for person in refs.people:
        src, dst = refs.party(person.id), refs.party(person.organisation)
        if src and dst and src != dst:
            yield src, dst, "belongs_to", _edge("belongs_to")
    for org in contract.organisations:
        src, dst = refs.party(org.id), refs.party(org.parent)
        if src and dst and src != dst:
            yield src, dst, "belongs_to", _edge("belongs_to")
    for sig in contract.signatories:
        dst = refs.party(sig.organisation)
        people = [(sig.representative, "representative")] + [(d, "delegate") for d in sig.delegates]
        for ref, capacity in people:
            src = refs.party(ref)
            if src and dst:
                yield src, dst, "represents", _edge(
                    "represents", capacity=capacity, capacity_label=_CAPACITY[capacity])
    for body in contract.bodies:
        node = refs.bodies[body.id]
        for member in body.members:
            src = refs.party(member.member)
            if src:
                yield src, node, "member", _edge("member", role=member.role, since=member.since)
    for body in contract.bodies:
        src = refs.party(body.chair)
        if src:
            yield src, refs.bodies[body.id], "chairs", _edge("chairs")
    for body in contract.bodies:
        for parent in body.reports_to:
            if parent in refs.bodies and parent != body.id:
                yield refs.bodies[body.id], refs.bodies[parent], "reports_to", _edge("reports_to")
    for body in contract.bodies:
        for ref in body.actions:
            if ref in refs.actions:
                yield refs.bodies[body.id], refs.actions[ref], "serves", _edge("serves")
    for action in contract.actions:
        src = refs.party(action.pilot)
        if src:
            yield src, refs.actions[action.id], "pilots", _edge("pilots")
    for action in contract.actions:
        for partner in action.partners:
            src = refs.party(partner.organisation)
            if not src:
                continue
            sector = partner.sector or _default_sector(contract, partner.organisation)
            common = {"sector": sector.value if sector else None,
                      "sector_label": french(sector) if sector else None,
                      "since": partner.since}
            if not partner.roles:
                yield src, refs.actions[action.id], "partner", _edge(
                    "partner", **common)
            for role in _ordered_roles(partner.roles):
                yield src, refs.actions[action.id], f"partner:{role.value}", _put(
                    {"relation": "partner", "label": french(role), "role": role.value},
                    **common)
    attended: Counter[tuple[str, str]] = Counter()
    if snapshot is None:
        held = list(_held(contract))
    else:       # the window's meetings, in the record's order
        shown = {id(m) for m in snapshot.meetings}
        held = [m for m in contract.meetings if id(m) in shown]
    for meeting in held:
        if meeting.body not in refs.bodies:
            continue
        present = dict.fromkeys([*meeting.participants, *meeting.opened_by])
        for ref in present:
            src = refs.party(ref)
            if src:
                attended[(src, refs.bodies[meeting.body])] += 1
    for (src, dst), count in attended.items():
        yield src, dst, "attended", _edge("attended", count=count)


def _ordered_roles(roles: Iterable[PartnerRole]) -> list[PartnerRole]:
    chosen = set(roles)
    return [role for role in PartnerRole if role in chosen]


def _default_sector(contract: Contract, ref: str) -> Sector | None:
    return next((o.sector for o in contract.organisations if o.id == ref), None)


def _axis(contract: Contract, axis: str) -> Axis:
    for candidate in contract.axes:
        if candidate.id == axis:
            return candidate
    known = ", ".join(a.id for a in contract.axes) or "none"
    raise ValueError(f"unknown axis {axis!r}; the contract's axes are: {known}")


def axis_actions(contract: Contract, axis: str) -> list[Action]:
    """The fiches action of an axis: filed under it, or serving it as a transversal axis.

    Raises ``ValueError`` naming the known axes when ``axis`` is not one of them.
    """
    _axis(contract, axis)
    return [a for a in contract.actions if a.axis == axis or axis in a.transversal_axes]


def partnership_graph(contract: Contract, axis: str) -> nx.MultiDiGraph:
    """The part of the graph about one axis: its actions, their pilots and partners.

    Only ``pilots`` and ``partner`` edges are kept, with the nodes they join; an action
    with neither stays, alone, so the gap shows.
    """
    return _partnership_data(contract, axis).to_networkx()


def _partnership_data(contract: Contract, axis: str) -> GraphData:
    """The nodes and edges of :func:`partnership_graph`, without networkx."""
    full = _governance_data(contract)
    actions = [_node("action", a.id) for a in axis_actions(contract, axis)]
    chosen = set(actions)
    edges = [(u, v, k, d) for u, v, k, d in full.edges_by_source()
             if v in chosen and d["relation"] in ("pilots", "partner")]
    keep = chosen | {u for u, _, _, _ in edges}
    return GraphData.build({**full.attrs, "axis": axis},
                           ((n, d) for n, d in full.nodes.items() if n in keep), edges)


# --------------------------------------------------------------------------- analyses


@frozen
class Involvement:
    """One line of the partner × action table: who does what in a fiche action."""

    partner: str = field(metadata={"doc": "Id of the organisation (or person) involved."})
    label: str = field(metadata={"doc": "Its short name, for a table."})
    action: str = field(metadata={"doc": "Id of the fiche action."})
    code: str = field(metadata={"doc": "Display code of the action (FA 5)."})
    pilot: bool = field(metadata={"doc": "True when it pilots the action (porteur)."})
    partner_line: bool = field(metadata={"doc": "True when it is in the partners table."})
    roles: tuple[PartnerRole, ...] = field(metadata={"doc": "Roles of the ARS table."})
    sector: Sector | None = field(metadata={"doc": "Sector in this action."})

    def has(self, role: PartnerRole) -> bool:
        """Whether the partner takes ``role`` in the action (a cell of the table)."""
        return role in self.roles


def _party_labels(contract: Contract) -> dict[str, str]:
    labels = {p.id: p.name for p in contract.people}
    labels.update({o.id: _org_label(o) for o in contract.organisations})
    return labels


@define
class _Row:
    pilot: bool = False
    partner_line: bool = False
    roles: set[PartnerRole] = Factory(set)
    sector: Sector | None = None


def partner_involvement(contract: Contract) -> list[Involvement]:
    """The partner × action × role table, one row per (partner, action).

    The rows hold pilots and partners-table lines (a partner listed twice in one fiche
    has its roles merged). Sorted by partner name (accents and case ignored), then by
    the record's order of actions, so the table reads partner by partner.
    """
    labels = _party_labels(contract)
    order = {a.id: i for i, a in enumerate(contract.actions)}
    rows: dict[tuple[str, str], _Row] = {}
    for action in contract.actions:
        if action.pilot is not None:
            rows.setdefault((action.pilot, action.id), _Row()).pilot = True
        for partner in action.partners:
            row = rows.setdefault((partner.organisation, action.id), _Row())
            row.partner_line = True
            row.roles.update(partner.roles)
            row.sector = row.sector or partner.sector
    codes = {a.id: a.code for a in contract.actions}
    result = [
        Involvement(partner=ref, label=labels.get(ref, ref), action=act, code=codes[act],
                    pilot=row.pilot, partner_line=row.partner_line,
                    roles=tuple(_ordered_roles(row.roles)),
                    sector=row.sector or _default_sector(contract, ref))
        for (ref, act), row in rows.items()
    ]
    result.sort(key=lambda r: (_sort_key(r.label), r.partner, order[r.action]))
    return result


@frozen
class Centrality:
    """How central an organisation is in the partnership of the fiches action."""

    organisation: str = field(metadata={"doc": "Id of the organisation."})
    label: str = field(metadata={"doc": "Its short name."})
    actions: int = field(metadata={"doc": "Number of fiches action it pilots or supports."})
    roles: int = field(metadata={"doc": "Number of ARS roles it takes, over all actions."})
    score: float = field(metadata={"doc": "actions / number of fiches action (0 to 1)."})


def central_partners(contract: Contract, top: int | None = None) -> list[Centrality]:
    """Organisations ranked by degree centrality in the partner–action graph.

    The measure: in the bipartite graph that links an organisation to each fiche action
    it pilots or lists it as a partner, an organisation's score is its degree divided by
    the number of actions (networkx's bipartite degree centrality): 1.0 means it is
    involved in every fiche. Ties are broken by name (accents and case ignored);
    ``roles`` is reported, not ranked on. Organisations in no action are left out.
    """
    orgs = {o.id: o for o in contract.organisations}
    involved: dict[str, set[str]] = {}
    roles: Counter[str] = Counter()
    for row in partner_involvement(contract):
        if row.partner in orgs:
            involved.setdefault(row.partner, set()).add(row.action)
            roles[row.partner] += len(row.roles)
    total = len(contract.actions) or 1
    ranked = sorted(
        (Centrality(organisation=ref, label=_org_label(orgs[ref]), actions=len(acts),
                    roles=roles[ref], score=len(acts) / total)
         for ref, acts in involved.items()),
        key=lambda c: (-c.actions, _sort_key(c.label), c.organisation))
    return ranked if top is None else ranked[:top]


def actions_without_pilot(contract: Contract) -> list[Action]:
    """Fiches action with no pilot id (a ``pilot_label`` alone is not a node to link)."""
    return [a for a in contract.actions if a.pilot is None]


def actions_without_partners(contract: Contract) -> list[Action]:
    """Fiches action whose partners table is empty."""
    return [a for a in contract.actions if not a.partners]


def isolated_organisations(contract: Contract) -> list[Organisation]:
    """Organisations with no edge at all: named in the record, tied to nothing."""
    graph = _governance_data(contract)
    return [o for o in contract.organisations
            if graph.degree(_node("organisation", o.id)) == 0]


def bodies_never_met(contract: Contract, *, until: dt.date | None = None) -> list[Body]:
    """Bodies with no meeting held (``status: held``, or a session of a workshop held
    under the body), or none begun by ``until``.

    A loosely dated meeting (a period) counts from the first day of its period; an
    undated one only when ``until`` is not given.
    """
    met: set[str] = set()
    for meeting in [*_held(contract), *workshop_meetings(contract)]:
        when: Period | None = meeting.when
        if until is None or (when is not None and when.start <= until):
            met.add(meeting.body)
    return [b for b in contract.bodies if b.id not in met]


@frozen
class PartnerJoin:
    """A partners-table line dated by ``Partner.since``."""

    organisation: str = field(metadata={"doc": "Id of the partner."})
    action: str = field(metadata={"doc": "Id of the fiche action."})
    since: dt.date = field(metadata={"doc": "When it joined the action."})
    roles: tuple[PartnerRole, ...] = field(metadata={"doc": "Its roles in the action."})


@frozen
class Membership:
    """A member of a body dated by ``Member.since``."""

    member: str = field(metadata={"doc": "Id of the organisation or person."})
    body: str = field(metadata={"doc": "Id of the body."})
    since: dt.date = field(metadata={"doc": "When it joined the body."})


@frozen
class Growth:
    """What the network gained between two dates (both included)."""

    start: dt.date = field(metadata={"doc": "First day looked at."})
    end: dt.date = field(metadata={"doc": "Last day looked at."})
    organisations: tuple[Organisation, ...] = field(
        metadata={"doc": "Organisations whose ``joined`` date falls in the range."})
    partners: tuple[PartnerJoin, ...] = field(
        metadata={"doc": "Partner lines whose ``since`` falls in the range."})
    co_pilots: tuple[PartnerJoin, ...] = field(
        metadata={"doc": "Those of ``partners`` that co-pilot their action."})
    members: tuple[Membership, ...] = field(
        metadata={"doc": "Body members whose ``since`` falls in the range."})
    bodies: tuple[Body, ...] = field(
        metadata={"doc": "Bodies whose ``created`` date falls in the range."})

    @property
    def newcomers(self) -> tuple[str, ...]:
        """Ids of every organisation or person above, once, in order of appearance."""
        ids = [o.id for o in self.organisations] + [p.organisation for p in self.partners]
        ids += [m.member for m in self.members]
        return tuple(dict.fromkeys(ids))


def network_growth(contract: Contract, start: dt.date, end: dt.date) -> Growth:
    """How the partnership grew from ``start`` to ``end`` (both included).

    It reads the dates the record holds: ``Organisation.joined``, ``Partner.since``,
    ``Member.since`` and ``Body.created``; undated lines are never counted as new.
    Pass a quarter as ``period.start, period.end``.
    """
    if start > end:
        raise ValueError(f"the range ends ({end}) before it starts ({start})")

    def inside(day: dt.date | None) -> bool:
        return day is not None and start <= day <= end

    partners = tuple(
        PartnerJoin(organisation=p.organisation, action=a.id, since=p.since,
                    roles=tuple(_ordered_roles(p.roles)))
        for a in contract.actions for p in a.partners
        if p.since is not None and inside(p.since))
    return Growth(
        start=start, end=end,
        organisations=tuple(o for o in contract.organisations if inside(o.joined)),
        partners=partners,
        co_pilots=tuple(p for p in partners if PartnerRole.CO_PILOTING in p.roles),
        members=tuple(Membership(member=m.member, body=b.id, since=m.since)
                      for b in contract.bodies for m in b.members
                      if m.since is not None and inside(m.since)),
        bodies=tuple(b for b in contract.bodies if inside(b.created)),
    )


# --------------------------------------------------------------------------- exports


Scalar = str | int | float | bool


def _scalar(value: Any) -> Scalar | None:
    if value is None or isinstance(value, str | bool | int | float):
        return value if value != "" else None
    if isinstance(value, Enum):
        return _scalar(value.value)
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, list | tuple | set | frozenset):
        items = [str(s) for s in map(_scalar, value) if s is not None]
        return "; ".join(items) or None
    return str(value)


def _scalars(data: dict[str, Any]) -> dict[str, Scalar]:
    return {k: s for k, v in data.items() if (s := _scalar(v)) is not None}


def _unify_types(items: list[dict[str, Scalar]]) -> None:
    """Give each attribute one type: GraphML and GEXF declare one type per name."""
    types: dict[str, set[type]] = {}
    for data in items:
        for key, value in data.items():
            types.setdefault(key, set()).add(type(value))
    for key, kinds in types.items():
        if len(kinds) < 2:
            continue
        cast: type = float if kinds <= {int, float} else str
        for data in items:
            if key in data:
                value = data[key]
                data[key] = (str(value).lower() if isinstance(value, bool) else str(value)
                             ) if cast is str else float(value)


def scalar_graph(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy whose attributes GraphML and GEXF can hold, with unique edge ids.

    Missing values are left out (never None), dates become ISO text, enums their data
    key, lists a ``"; "``-joined text, and an attribute found with mixed types takes
    one (text, or a float for numbers). Edge keys become ``e0``, ``e1``…, unique in the
    file as Gephi expects; ``relation`` and ``role`` still say what each edge is.
    """
    import networkx as nx

    nodes = [(n, _scalars(d)) for n, d in graph.nodes(data=True)]
    edges = [(u, v, f"e{i}", _scalars(d))
             for i, (u, v, d) in enumerate(graph.edges(data=True))]
    _unify_types([d for _, d in nodes])
    _unify_types([d for _, _, _, d in edges])
    out = nx.MultiDiGraph(**_scalars(graph.graph))
    out.add_nodes_from(nodes)
    out.add_edges_from(edges)
    return out


def _format_for(path: str | os.PathLike[str], format: str | None) -> str:
    chosen = (format or Path(path).suffix.lstrip(".")).lower()
    if chosen not in FORMATS:
        asked = f"format {format!r}" if format else f"extension {Path(path).suffix!r}"
        raise ExportError(f"{path}: unknown graph {asked}; use one of {', '.join(FORMATS)}")
    return chosen


def _check_axis(contract: Contract, axis: str | None) -> None:
    if axis is not None:
        try:
            _axis(contract, axis)
        except ValueError as exc:
            raise ExportError(str(exc)) from None


def draw_graph(contract: Contract, format: Literal["png", "svg"] = "png", *,
               axis: str | None = None, snapshot: Snapshot | None = None) -> bytes:
    """Draw a 16:9 slide of the graph and return the PNG or SVG bytes.

    Without ``axis``: the governance view (bodies, reporting lines, coordination), its
    meetings those of the record or of ``snapshot``'s window. With ``axis``: the
    partnership view of the fiches action of that axis. Needs matplotlib
    (``pip install clskit[draw]``), imported only here, with the Agg canvas.
    """
    if format not in ("png", "svg"):
        raise ExportError(f"cannot draw as {format!r}; use png or svg")
    _check_axis(contract, axis)
    scene = (governance_layout(contract, snapshot=snapshot) if axis is None
             else partnership_layout(contract, axis))
    return _graph_draw.render(scene, format)


def export_graph(contract: Contract, path: str | os.PathLike[str],
                 format: str | None = None, *, axis: str | None = None,
                 snapshot: Snapshot | None = None) -> Path:
    """Write the graph as GraphML, GEXF, PNG or SVG to ``path``, atomically.

    ``format`` defaults to the file's extension. With ``axis``, GraphML and GEXF hold
    the :func:`partnership_graph` of that axis and a drawing shows its partners;
    without, the whole graph and the governance view, whose meetings are those of
    ``snapshot``'s window when one is given. Raises ``ExportError`` for an unknown
    format or axis, a missing matplotlib, or a file that cannot be written; the target
    is then left as it was.
    """
    chosen = _format_for(path, format)
    _check_axis(contract, axis)
    if chosen in ("png", "svg"):
        payload = draw_graph(contract, "png" if chosen == "png" else "svg", axis=axis,
                             snapshot=snapshot)
    else:
        import networkx as nx

        graph = scalar_graph(governance_graph(contract, snapshot=snapshot) if axis is None
                             else partnership_graph(contract, axis))
        buffer = io.BytesIO()
        if chosen == "graphml":
            nx.write_graphml(graph, buffer, encoding="utf-8", prettyprint=True)
        else:
            nx.write_gexf(graph, buffer, encoding="utf-8", prettyprint=True)
        payload = buffer.getvalue()
    try:
        return write_atomic(path, payload)
    except OSError as exc:
        raise ExportError(f"{path}: cannot be written: {exc.strerror or exc}") from None


# --------------------------------------------------------------------------- layouts

def governance_layout(contract: Contract, *, snapshot: Snapshot | None = None) -> Scene:
    """The governance view as plain data: boxes, panels, links and legend placed on a
    ``LAYOUT_WIDTH`` × ``LAYOUT_HEIGHT`` canvas (y upwards, box positions by centre).

    Each box says how many meetings its body held — over the whole record, or, with
    ``snapshot``, in its window (the subtitle then says which) — and a body that held
    none is dashed. A number is shown only when the record gives it: a body known only
    to have met in a period reads «réuni en 2021».

    The PNG/SVG drawing renders it with matplotlib; a document exporter can redraw it
    with its own shapes (the COPIL deck draws native, editable shapes and connectors).
    It does not import networkx (~0.2 s), which a deck would pay on every run.
    """
    return _graph_draw.governance_scene(contract, _governance_data(contract, snapshot))


def partnership_layout(contract: Contract, axis: str) -> Scene:
    """The partnership view of one axis as plain data (see :func:`governance_layout`)."""
    return _graph_draw.partnership_scene(contract, _axis(contract, axis),
                                         _partnership_data(contract, axis))


__all__ += [
    "LAYOUT_HEIGHT",
    "LAYOUT_POINTS_PER_UNIT",
    "LAYOUT_WIDTH",
    "Box",
    "Key",
    "Link",
    "Panel",
    "Scene",
    "governance_layout",
    "partnership_layout",
]
