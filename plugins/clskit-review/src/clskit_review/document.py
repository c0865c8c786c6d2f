"""The review as neutral content: headings, paragraphs, lists, tables, figures.

The sections are written once, as these blocks, from the snapshot; the DOCX, HTML and
Markdown writers only lay them out. That is what keeps the three formats saying the
same thing, and what a user's jinja2 template iterates over (``block.kind``).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from attrs import field, frozen


@frozen
class Run:
    """A stretch of text with its emphasis."""

    text: str
    bold: bool = False
    italic: bool = False


def runs(*parts: str | Run) -> tuple[Run, ...]:
    """Plain strings become plain runs; empty ones are dropped."""
    return tuple(p if isinstance(p, Run) else Run(p) for p in parts if
                 (p.text if isinstance(p, Run) else p))


@frozen
class Heading:
    """A heading of level 1 (a part) or 2 (a fiche, a meeting); ``anchor`` links the
    table of contents to it."""

    level: int
    text: str
    anchor: str
    kind: str = "heading"


@frozen
class Paragraph:
    """A paragraph; ``style`` is ``body``, ``quote``, ``lead`` (a short introduction in
    bold) or ``note`` (smaller, muted)."""

    runs: tuple[Run, ...]
    style: str = "body"
    kind: str = "paragraph"

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


@frozen
class Bullets:
    """A bulleted list; each item is a tuple of runs."""

    items: tuple[tuple[Run, ...], ...]
    kind: str = "bullets"


@frozen
class Table:
    """A table: a header row, then rows of cells; ``widths`` are shares of the width."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...] = ()
    caption: str = ""
    kind: str = "table"


@frozen
class Figure:
    """A picture (PNG bytes) with its caption and a text alternative."""

    png: bytes = field(repr=False)
    caption: str
    alt: str
    width_cm: float = 16.0
    kind: str = "figure"


Block = Heading | Paragraph | Bullets | Table | Figure


@frozen
class Part:
    """One section of the review: its name (for ``sections=`` and the template's
    markers) and its blocks, the first of which is its heading."""

    name: str
    blocks: tuple[Block, ...]

    @property
    def heading(self) -> Heading | None:
        first = self.blocks[0] if self.blocks else None
        return first if isinstance(first, Heading) else None


@frozen
class Review:
    """The whole document: what its cover says and its parts in order."""

    kind: str                      # "quarterly", "yearly" or "period"
    contract_name: str
    short_name: str
    territory: str
    title: str                     # «Revue trimestrielle d'octobre à décembre 2021»
    period: str                    # «octobre à décembre 2021»
    parts: tuple[Part, ...]
    date_iso: str                  # the day the file's properties are dated by

    def headings(self) -> Iterator[Heading]:
        for part in self.parts:
            for block in part.blocks:
                if isinstance(block, Heading):
                    yield block

    def part(self, name: str) -> Part | None:
        return next((p for p in self.parts if p.name == name), None)


def flatten(blocks: Sequence[Block | Sequence[Block] | None]) -> tuple[Block, ...]:
    """Blocks from a list that may hold ``None`` (nothing to say) and sub-lists."""
    out: list[Block] = []
    for item in blocks:
        if item is None:
            continue
        if isinstance(item, Heading | Paragraph | Bullets | Table | Figure):
            out.append(item)
        else:
            out.extend(flatten(list(item)))
    return tuple(out)
