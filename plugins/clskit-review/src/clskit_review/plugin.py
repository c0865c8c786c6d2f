"""The plugin: registers the ``review`` exporter. Importing it loads no python-docx."""

from __future__ import annotations

from clskit import Exporter, Needs, Option, hookimpl

SECTION_NAMES = ("purpose, bodies, contract, deployment, participation, indicators, process, "
                 "governance, extra, annexes")


@hookimpl
def clskit_exporters() -> list[Exporter]:
    return [Exporter(
        name="review",
        title="Revue trimestrielle et bilan annuel du CLS",
        formats=("docx", "html", "md", "pdf"),
        write="clskit_review.write:write",
        needs=Needs.SNAPSHOT,
        options=(
            Option("template", "a territory's own template: a .docx for DOCX and PDF (its "
                               "styles, cover, header and footer), a jinja2 file for HTML "
                               "or Markdown"),
            Option("sections", f"the sections to include, in order (default: {SECTION_NAMES})"),
            Option("redact", "replace people's names and contacts by their roles",
                   default="false", choices=("true", "false")),
            Option("toc", "auto: page numbers from a LibreOffice layout pass when soffice is "
                          "installed; fields: no pass, the table is updated by Word",
                   default="auto", choices=("auto", "fields")),
            Option("date", "the document's date in its properties (default: the end of the "
                           "period, or the meeting's day)"),
        ),
        description="The quarterly review («revue trimestrielle») of a quarter, the yearly "
                    "report («bilan annuel») of a year: DOCX from the territory's Word "
                    "template, HTML, Markdown, PDF.",
    )]
