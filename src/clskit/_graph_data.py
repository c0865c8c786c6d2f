"""The governance graph as plain data, so the slide layouts need not import networkx.

Importing networkx costs about 0.2 s, and the COPIL deck lays the governance out on
every run. :class:`GraphData` holds what :func:`clskit.graph.governance_graph` puts in
its ``MultiDiGraph`` and answers the few queries the layouts ask, in the order networkx
would; :meth:`GraphData.to_networkx` builds the real graph when one is asked for.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cached_property
from typing import TYPE_CHECKING, Any

from attrs import frozen

if TYPE_CHECKING:
    import networkx as nx

#: An edge: source, target, key, attributes.
Edge = tuple[str, str, str, dict[str, Any]]
_Adjacency = dict[str, dict[str, dict[str, dict[str, Any]]]]


@frozen
class GraphData:
    """A directed multigraph, read-only by convention, with networkx's semantics.

    ``nodes`` and ``edges`` keep the order they were added in (an edge is unique by
    source, target and key). Queries answer in networkx's order, which the layouts
    depend on: :meth:`edges_by_source` goes node by node, :meth:`in_edges` by the order
    in which each source first reached the node.
    """

    attrs: dict[str, Any]
    nodes: dict[str, dict[str, Any]]
    edges: list[Edge]

    @classmethod
    def build(cls, attrs: dict[str, Any], nodes: Iterable[tuple[str, dict[str, Any]]],
              edges: Iterable[Edge]) -> GraphData:
        """Add the nodes, then the edges, merging repeats as ``MultiDiGraph`` does.

        A node or an edge (source, target, key) added twice keeps its first place and
        gets the later attributes on top; an edge's missing end becomes a bare node.
        The attribute dicts are copies.
        """
        node_data: dict[str, dict[str, Any]] = {}
        for node, data in nodes:
            node_data.setdefault(node, {}).update(data)
        edge_data: dict[tuple[str, str, str], dict[str, Any]] = {}
        for u, v, key, data in edges:
            node_data.setdefault(u, {})
            node_data.setdefault(v, {})
            edge_data.setdefault((u, v, key), {}).update(data)
        return cls(dict(attrs), node_data,
                   [(u, v, key, data) for (u, v, key), data in edge_data.items()])

    @cached_property
    def _adjacency(self) -> tuple[_Adjacency, _Adjacency]:
        """Successors and predecessors, laid out as networkx's ``_succ`` and ``_pred``."""
        succ: _Adjacency = {n: {} for n in self.nodes}
        pred: _Adjacency = {n: {} for n in self.nodes}
        for u, v, key, data in self.edges:
            succ[u].setdefault(v, {})[key] = data
            pred[v].setdefault(u, {})[key] = data
        return succ, pred

    def out_edges(self, node: str) -> list[Edge]:
        """The edges leaving ``node``, as ``graph.out_edges(node, keys=True, data=True)``."""
        return [(node, v, key, data) for v, keyed in self._adjacency[0][node].items()
                for key, data in keyed.items()]

    def in_edges(self, node: str) -> list[Edge]:
        """The edges reaching ``node``, as ``graph.in_edges(node, keys=True, data=True)``."""
        return [(u, node, key, data) for u, keyed in self._adjacency[1][node].items()
                for key, data in keyed.items()]

    def edges_by_source(self) -> list[Edge]:
        """Every edge, as ``graph.edges(keys=True, data=True)``: source by source."""
        return [edge for node in self.nodes for edge in self.out_edges(node)]

    def degree(self, node: str) -> int:
        """Edges in and out of ``node`` (a loop counts twice), as ``graph.degree(node)``."""
        succ, pred = self._adjacency
        return (sum(len(keyed) for keyed in succ[node].values())
                + sum(len(keyed) for keyed in pred[node].values()))

    def to_networkx(self) -> nx.MultiDiGraph:
        """The same graph as a ``networkx.MultiDiGraph`` (networkx is imported here)."""
        import networkx as nx

        graph = nx.MultiDiGraph()
        graph.graph.update(self.attrs)
        graph.add_nodes_from(self.nodes.items())
        graph.add_edges_from(self.edges)
        return graph
