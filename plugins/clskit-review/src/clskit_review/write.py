"""The exporter's write function: the review in the format the file's extension asks.

DOCX is laid out in the Word template; when LibreOffice is installed, a layout pass
gives the table of contents its page numbers (``toc=fields`` skips it). PDF is that
DOCX converted by LibreOffice. HTML and Markdown go through jinja2 templates.
"""

from __future__ import annotations

import sys
import tempfile
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import TYPE_CHECKING

from clskit import ExportError, ExportRequest
from clskit_review.build import build_review, order
from clskit_review.document import Review

if TYPE_CHECKING:
    from docx.document import Document

    from clskit_review.diagram import Governance


def docx_bytes(review: Review, template: str | None, toc: str,
               program: str | None, opened: tuple[Document, str] | None = None) -> bytes:
    """The DOCX; its table of contents numbered from a LibreOffice layout pass when
    ``program`` is given and ``toc`` is not ``fields``. ``opened`` is the template
    already opened (:func:`~clskit_review.docx_template.open_template`), for the first
    layout to write into."""
    from clskit_review.docx_writer import lay_out

    if program is None or toc == "fields":
        return lay_out(review, template, False, opened).save(review.date_iso)
    from clskit_review import office
    from clskit_review.toc import heading_pages

    layout = lay_out(review, template, True, opened)
    draft = layout.save()
    with tempfile.TemporaryDirectory(prefix="clskit-review-") as scratch:
        source = Path(scratch) / "revue.docx"
        source.write_bytes(draft)
        try:
            pdf = office.to_pdf(source, program)
        except ExportError as exc:
            print(f"clskit: {exc}; the table of contents has no page numbers",
                  file=sys.stderr)
            return lay_out(review, template, with_pages=False).save(review.date_iso)
    layout.pages(heading_pages(pdf, list(review.headings())))
    return layout.save(review.date_iso)


def _governance(request: ExportRequest, options: dict[str, str]) -> AbstractContextManager[
        Governance | None]:
    """The governance diagram, started first: it is painted while the template opens
    and the other sections are written (``clskit_review.background``)."""
    if (request.snapshot is None or not request.contract.bodies
            or "governance" not in order(options.get("sections"))):
        return nullcontext()
    from clskit_review.diagram import Governance

    return Governance(request.contract, request.snapshot)


def write(request: ExportRequest, path: Path) -> None:
    """The exporter's write function (see clskit's ``Exporter``)."""
    snapshot = request.snapshot
    if snapshot is None:
        raise ExportError("the review needs a period or a meeting")
    options = dict(request.options)
    template = options.get("template")
    fmt = request.format
    if fmt not in ("docx", "pdf", "html", "md"):
        raise ExportError(f"the review writes docx, html, md or pdf, not {fmt!r}")
    with _governance(request, options) as governance:
        opened = None
        if fmt in ("docx", "pdf"):
            # The Word template's markers decide the order, so that the numbering and
            # the table of contents follow the page. It is opened once, and laid out into.
            from clskit_review.docx_template import open_template, placement

            opened = open_template(template)
            options["sections"] = ",".join(placement(opened[0],
                                                     order(options.get("sections"))))
        review = build_review(request.contract, snapshot, options, request.sections(),
                              governance)
    if fmt == "html":
        from clskit_review.text_writers import render_html

        path.write_text(render_html(review, template), encoding="utf-8")
    elif fmt == "md":
        from clskit_review.text_writers import render_markdown

        path.write_text(render_markdown(review, template), encoding="utf-8")
    elif fmt == "docx":
        toc = options.get("toc", "auto")
        program = None
        if toc != "fields":
            from clskit_review import office

            program = office.soffice()
        path.write_bytes(docx_bytes(review, template, toc, program, opened))
    else:
        from clskit_review import office

        program = office.soffice()
        if program is None:
            raise ExportError("a PDF needs LibreOffice: the program «soffice» was not found "
                              "(install LibreOffice, or set CLSKIT_SOFFICE to its path); "
                              "export .docx, .html or .md instead")
        data = docx_bytes(review, template, options.get("toc", "auto"), program, opened)
        with tempfile.TemporaryDirectory(prefix="clskit-review-") as scratch:
            source = Path(scratch) / f"{path.stem or 'revue'}.docx"
            source.write_bytes(data)
            path.write_bytes(office.to_pdf(source, program))
