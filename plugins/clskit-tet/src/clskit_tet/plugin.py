"""The plugin: registers its exporters and importers. Importing it loads no heavy library."""

from __future__ import annotations

from clskit import Exporter, hookimpl


@hookimpl
def clskit_exporters() -> list[Exporter]:
    return []
