"""The plugin: registers the ``copil`` exporter. Importing it loads no python-pptx."""

from __future__ import annotations

from clskit import Exporter, Needs, Option, hookimpl

SECTION_NAMES = ("title, opening, signatories, agenda, territory, overview, axes, participation, "
                 "process, indicators, timeline, extra, next_steps, closing")


@hookimpl
def clskit_exporters() -> list[Exporter]:
    return [Exporter(
        name="copil",
        title="Support du comité de pilotage (COPIL)",
        formats=("pptx",),
        write="clskit_copil.deck:write",
        needs=Needs.SNAPSHOT,
        options=(
            Option("template", "a territory's own .pptx: its masters and layouts are used"),
            Option("sections", f"the sections to include, in order (default: {SECTION_NAMES})"),
            Option("redact", "replace people's names and contacts by their roles",
                   default="false", choices=("true", "false")),
            Option("dividers", "a divider slide opens each part of the agenda",
                   default="true", choices=("true", "false")),
            Option("date", "the document's date in its properties (default: the meeting's)"),
        ),
        description="The deck a coordinator presents to the steering committee, in the "
                    "territory's template.",
    )]
