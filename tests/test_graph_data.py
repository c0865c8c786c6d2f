"""The layouts do without networkx, and still see the graph networkx would build."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import attrs
import networkx as nx
import pytest

import clskit
from clskit import graph as g
from clskit._graph_data import Edge, GraphData
from clskit._graph_draw import governance_scene, partnership_scene
from clskit.model import Contract, Member, Partner, Sector, Signatory
from clskit_test_support import EXAMPLE_NAMES, EXAMPLES
from test_graph import D, R, small_contract


def duplicated_contract() -> Contract:
    """The small contract with lines the record repeats: networkx merges those edges."""
    c = small_contract()
    fa1, *actions = c.actions
    copil, cotech, *bodies = c.bodies
    return attrs.evolve(
        c,
        signatories=[Signatory(organisation="ars", representative="dir-ars",
                               delegates=["dir-ars", "coord", "coord"]), *c.signatories],
        actions=[attrs.evolve(fa1, partners=[
            *fa1.partners,
            Partner(organisation="cpam", roles=[R.CO_PILOTING], since=D(2023, 1, 1)),
            Partner(organisation="cpam", sector=Sector.SOCIAL), Partner(organisation="cpam"),
        ]), *actions],
        bodies=[attrs.evolve(copil, members=[*copil.members,
                                             Member(member="ars", role="x", since=D(2022, 1, 1))],
                             actions=["fa-2", "fa-2", "fa-1"]),
                attrs.evolve(cotech, reports_to=["copil", "copil", "cotech"]), *bodies],
    )


CONTRACTS = ["small", "duplicated", *EXAMPLE_NAMES]


@pytest.fixture(scope="module", params=CONTRACTS)
def contract(request: pytest.FixtureRequest) -> Contract:
    if request.param == "small":
        return small_contract()
    if request.param == "duplicated":
        return duplicated_contract()
    return clskit.load(EXAMPLES / request.param)


# --------------------------------------------------------------------------- networkx


def _replayed(attrs: dict[str, Any], nodes: list[tuple[str, dict[str, Any]]],
              edges: list[Edge]) -> nx.MultiDiGraph:
    """The graph networkx itself builds from these additions, repeats included."""
    graph = nx.MultiDiGraph(**attrs)
    for node, data in nodes:
        graph.add_node(node, **data)
    for u, v, key, data in edges:
        graph.add_edge(u, v, key=key, **data)
    return graph


def _networkx_governance(contract: Contract) -> nx.MultiDiGraph:
    """The governance graph built edge by edge in networkx, as clskit did before."""
    data = g._governance_data(contract)
    return _replayed(data.attrs, list(data.nodes.items()),
                     list(g._edges(contract, g._Refs(contract))))


def _networkx_partnership(contract: Contract, axis: str) -> nx.MultiDiGraph:
    """The partnership graph cut out of the networkx governance graph, as before."""
    full = _networkx_governance(contract)
    chosen = {f"action:{a.id}" for a in g.axis_actions(contract, axis)}
    edges = [(u, v, k, d) for u, v, k, d in full.edges(keys=True, data=True)
             if v in chosen and d["relation"] in ("pilots", "partner")]
    keep = chosen | {u for u, _, _, _ in edges}
    sub = nx.MultiDiGraph(**full.graph, axis=axis)
    sub.add_nodes_from((n, full.nodes[n]) for n in full.nodes if n in keep)
    sub.add_edges_from(edges)
    return sub


class _NetworkxView:
    """GraphData's queries answered by networkx, to feed the scene code."""

    def __init__(self, graph: nx.MultiDiGraph) -> None:
        self.graph = graph
        self.attrs = graph.graph
        self.nodes = dict(graph.nodes(data=True))

    def out_edges(self, node: str) -> list[Edge]:
        return list(self.graph.out_edges(node, keys=True, data=True))

    def in_edges(self, node: str) -> list[Edge]:
        return list(self.graph.in_edges(node, keys=True, data=True))

    def edges_by_source(self) -> list[Edge]:
        return list(self.graph.edges(keys=True, data=True))

    def degree(self, node: str) -> int:
        return int(self.graph.degree(node))


def _answers(graph: GraphData | _NetworkxView) -> dict[str, Any]:
    """Everything the layouts may ask, in order, attribute order included."""
    return {
        "attrs": list(graph.attrs.items()),
        "nodes": [(n, list(d.items())) for n, d in graph.nodes.items()],
        "edges": [(u, v, k, list(d.items())) for u, v, k, d in graph.edges_by_source()],
        "out": {n: [(u, v, k, d) for u, v, k, d in graph.out_edges(n)] for n in graph.nodes},
        "in": {n: [(u, v, k, d) for u, v, k, d in graph.in_edges(n)] for n in graph.nodes},
        "degree": {n: graph.degree(n) for n in graph.nodes},
    }


# --------------------------------------------------------------------------- tests


def test_layouts_do_not_import_networkx() -> None:
    paths = [str(EXAMPLES / name) for name in EXAMPLE_NAMES]
    code = (
        "import sys, clskit\n"
        "from clskit import graph\n"
        f"for path in {paths!r}:\n"
        "    c = clskit.load(path)\n"
        "    graph.governance_layout(c)\n"
        "    for axis in c.axes:\n"
        "        graph.partnership_layout(c, axis.id)\n"
        "    graph.isolated_organisations(c)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'networkx'))\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert run.stdout.strip() == "[]"


def test_graph_data_merges_like_networkx() -> None:
    nodes = [("b", {"kind": "x", "n": 1}), ("a", {"kind": "y"}), ("b", {"n": 2, "m": 3})]
    edges: list[Edge] = [
        ("b", "a", "k", {"w": 1, "x": 0}), ("a", "a", "loop", {}), ("b", "c", "k", {}),
        ("a", "b", "k", {"w": 2}), ("b", "a", "j", {}), ("b", "a", "k", {"w": 3, "y": 1}),
        ("d", "a", "k", {}),
    ]
    data = GraphData.build({"name": "t"}, nodes, edges)
    graph = _replayed({"name": "t"}, nodes, edges)
    assert _answers(data) == _answers(_NetworkxView(graph))
    assert _answers(_NetworkxView(data.to_networkx())) == _answers(_NetworkxView(graph))
    assert data.degree("a") == 6 and data.edges[0] == ("b", "a", "k", {"w": 3, "x": 0, "y": 1})
    assert nodes[0][1] == {"kind": "x", "n": 1}          # the inputs are copied, not merged


def test_graphs_are_the_graphs_networkx_builds(contract: Contract) -> None:
    expected = _networkx_governance(contract)
    assert _answers(g._governance_data(contract)) == _answers(_NetworkxView(expected))
    assert _answers(_NetworkxView(g.governance_graph(contract))) == _answers(
        _NetworkxView(expected))
    for axis in contract.axes:
        expected = _networkx_partnership(contract, axis.id)
        assert _answers(g._partnership_data(contract, axis.id)) == _answers(
            _NetworkxView(expected))
        assert _answers(_NetworkxView(g.partnership_graph(contract, axis.id))) == _answers(
            _NetworkxView(expected))


def test_layouts_equal_the_scenes_of_the_networkx_graph(contract: Contract) -> None:
    view: Any = _NetworkxView(_networkx_governance(contract))
    assert g.governance_layout(contract) == governance_scene(contract, view)
    for axis in contract.axes:
        view = _NetworkxView(_networkx_partnership(contract, axis.id))
        assert g.partnership_layout(contract, axis.id) == partnership_scene(contract, axis, view)


def test_isolated_organisations_count_the_networkx_degree(contract: Contract) -> None:
    graph = _networkx_governance(contract)
    assert [o.id for o in g.isolated_organisations(contract)] == [
        o.id for o in contract.organisations if graph.degree(f"org:{o.id}") == 0]
