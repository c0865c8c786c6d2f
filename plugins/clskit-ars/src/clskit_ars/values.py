"""Values as the workbook shows them, and back: French labels of enums, lists as lines,
names of organisations.

A list of the record (determinants, other plans…) is one cell with one item per line, as
a coordinator types it; a French label reads back to its enum value whatever its case or
accents, and the English data key is accepted too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from enum import Enum
from typing import TypeVar

from clskit.labels import LABELS, label
from clskit.model import Contract, Organisation, Person
from clskit_ars.layout import key

E = TypeVar("E", bound=Enum)


def shown(value: Enum | None) -> str | None:
    """The French label of an enum value, ``None`` for none."""
    return None if value is None else label(value)


def enum_of(kind: type[E], text: str) -> E | None:
    """The value of ``kind`` whose French label (or English key) is ``text``."""
    wanted = key(text)
    for value in kind:
        if wanted in (key(LABELS.get(value, "")), key(value.value)):
            return value
    return None


def choices(kind: type[Enum]) -> str:
    """«À venir», «En cours»… for a message saying what a cell may hold."""
    return ", ".join(f"«{label(v)}»" for v in kind)


def lines(items: Iterable[str]) -> str | None:
    """A list as one cell, one item per line; ``None`` when empty."""
    text = "\n".join(items)
    return text or None


def split_lines(text: str | None) -> list[str]:
    """One cell back to a list: one item per line, blank lines dropped."""
    if not text:
        return []
    return [line.strip() for line in text.split("\n") if line.strip()]


def split_list(text: str | None) -> list[str]:
    """Identifiers written on lines or separated by commas or semicolons."""
    if not text:
        return []
    return [part.strip() for part in re.split(r"[\n,;]", text) if part.strip()]


def paragraphs(text: str | None) -> list[str]:
    """A long text's paragraphs (split on blank lines): one row of the sheet each."""
    if not text:
        return []
    return [p.strip("\n") for p in re.split(r"\n[ \t]*\n", text.strip("\n")) if p.strip()]


def long_text(parts: list[str]) -> str | None:
    """Paragraph rows back to one text, ending with a line break as the record's YAML
    blocks (``|``) write a long text."""
    text = "\n\n".join(parts).strip("\n")
    return text + "\n" if text else None


def name_of(party: Organisation | Person) -> str:
    """How a fiche names an organisation: its short name (ARS, CPAM), else its name."""
    if isinstance(party, Organisation) and party.short_name:
        return party.short_name
    return party.name


def parties(contract: Contract) -> dict[str, Organisation | Person]:
    """Organisations and people by id (they share one set of ids)."""
    found: dict[str, Organisation | Person] = {o.id: o for o in contract.organisations}
    found.update({p.id: p for p in contract.people})
    return found


def slug(text: str, taken: set[str]) -> str:
    """A new identifier from a name (``Préfecture de Seine-et-Marne`` →
    ``prefecture-de-seine-et-marne``), unique among ``taken``; adds it there."""
    import unicodedata

    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    base = re.sub(r"[^a-z0-9]+", "-", folded).strip("-")[:40].strip("-") or "item"
    name, n = base, 2
    while name in taken:
        name, n = f"{base}-{n}", n + 1
    taken.add(name)
    return name
