"""Built-in plugin: the canonical YAML and JSON dumps of a contract."""

from __future__ import annotations

from pathlib import Path

from clskit.dump import dumps
from clskit.exporters import Exporter, ExportRequest, Needs
from clskit.hookspecs import hookimpl


def write_dump(request: ExportRequest, path: Path) -> None:
    text = dumps(request.contract, "json" if request.format == "json" else "yaml")
    path.write_text(text, encoding="utf-8")


@hookimpl
def clskit_exporters() -> list[Exporter]:
    return [
        Exporter(name="yaml", title="Contrat en YAML (forme canonique)", formats=("yaml", "yml"),
                 write=write_dump, needs=Needs.CONTRACT,
                 description="The whole record as one canonical YAML file that loads again."),
        Exporter(name="json", title="Contrat en JSON", formats=("json",), write=write_dump,
                 needs=Needs.CONTRACT,
                 description="The whole record as one JSON file that loads again."),
    ]
