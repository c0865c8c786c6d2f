"""Built-in plugin: the governance graph as GraphML, GEXF, PNG or SVG."""

from __future__ import annotations

from pathlib import Path

from clskit.exporters import Exporter, ExportRequest, Needs, Option
from clskit.hookspecs import hookimpl


def write_graph(request: ExportRequest, path: Path) -> None:
    # networkx (and matplotlib for drawings) load only when a graph is written.
    from clskit.graph import export_graph

    # With --period or --meeting, the governance shows the meetings of that window.
    export_graph(request.contract, path, request.format, axis=request.options.get("axis"),
                 snapshot=request.snapshot)


@hookimpl
def clskit_exporters() -> list[Exporter]:
    return [
        Exporter(
            name="graph", title="Graphe de la gouvernance et des partenariats",
            formats=("graphml", "gexf", "png", "svg"), write=write_graph,
            needs=Needs.CONTRACT,
            options=(Option("axis", "id of an axis: the partnership network of its fiches "
                            "action instead of the whole governance"),),
            description="GraphML/GEXF open in Gephi; PNG/SVG are drawings sized for a slide. "
                        "With --period or --meeting, the meetings of the bodies are those "
                        "of that window.",
        ),
    ]
