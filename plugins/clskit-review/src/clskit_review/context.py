"""What every section reads: the contract, the snapshot, people as shown, numbering.

The sections never recompute what the snapshot holds; this only resolves ids to names
once, applies redaction, and remembers which journal entries a section already told so
that no fact is told twice.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from attrs import define, field

from clskit import Contract, Index, JournalEntry, Meeting, Snapshot, fr
from clskit.snapshot import occurs
from clskit_review.document import Heading

if TYPE_CHECKING:
    from clskit_review.diagram import Governance

_ROMAN_LETTERS = "abcdefghijklmnopqrstuvwxyz"


@define
class Context:
    """The review's inputs, resolved once."""

    contract: Contract
    snapshot: Snapshot
    kind: str                               # quarterly, yearly, period
    redact: bool = False
    index: Index = field(init=False)
    told: set[int] = field(factory=set)     # ids of the entries already written
    _numbers: list[int] = field(factory=lambda: [0, 0])
    _anchors: int = 0
    _positions: dict[int, int] = field(factory=dict)
    scrub: Callable[[str], str] = field(default=lambda text: text)
    #: The governance picture already being painted (:class:`diagram.Governance`).
    governance: Governance | None = None

    def __attrs_post_init__(self) -> None:
        self.index = Index(self.contract)
        if self.redact:
            self.scrub = _scrubber(self.contract)

    # ------------------------------------------------------------------ words

    @property
    def period(self) -> str:
        """«octobre à décembre 2021»."""
        return fr.period(self.snapshot.window)

    @property
    def during(self) -> str:
        """«d'octobre à décembre 2021», «en 2021»."""
        return fr.during(self.snapshot.window)

    @property
    def span_word(self) -> str:
        """«le trimestre», «l'année», «la période»."""
        return {"quarterly": "le trimestre", "yearly": "l'année"}.get(self.kind, "la période")

    def text(self, value: str) -> str:
        """A text of the record as printed: redacted when asked."""
        return self.scrub(value)

    # ------------------------------------------------------------------ headings

    def heading(self, level: int, title: str, *, numbered: bool = True) -> Heading:
        """A heading numbered «1.», «2.» at level 1 and «a.», «b.» at level 2."""
        self._anchors += 1
        anchor = f"_Toc{self._anchors:04d}"
        if not numbered:
            return Heading(level, title, anchor)
        if level == 1:
            self._numbers[0] += 1
            self._numbers[1] = 0
            return Heading(1, f"{self._numbers[0]}. {title}", anchor)
        self._numbers[1] += 1
        letter = _ROMAN_LETTERS[(self._numbers[1] - 1) % 26]
        return Heading(2, f"{letter}. {title}", anchor)

    # ------------------------------------------------------------------ people

    def party(self, ref: str) -> str:
        """A person as printed («Madame Pascale GOMES, Conseillère…»), or with
        redaction their role; an organisation by its name."""
        person = self.index.people.get(ref)
        if person is None:
            org = self.index.organisations.get(ref)
            return org.name if org else ref
        role = person.position or person.role
        if self.redact:
            return role or f"représentant(e) de {self.organisation(person.organisation)}"
        name = " ".join(p for p in (person.honorific, person.name) if p)
        return f"{name}, {role}" if role else name

    def organisation(self, ref: str | None) -> str:
        if ref is None:
            return ""
        org = self.index.organisations.get(ref)
        return org.name if org else ref

    def short_organisation(self, ref: str) -> str:
        org = self.index.organisations.get(ref)
        return (org.short_name or org.name) if org else ref

    def body_name(self, body_id: str) -> str:
        body = self.index.bodies.get(body_id)
        return body.name if body else body_id

    def meeting_name(self, meeting: Meeting) -> str:
        return meeting.title or self.body_name(meeting.body)

    def code(self, action_id: str) -> str:
        action = self.index.actions.get(action_id)
        return action.code if action else action_id

    def codes(self, action_ids: Sequence[str]) -> str:
        """«FA 14 et 15», «FA 3», as the deck writes shared entries."""
        codes = [self.code(a) for a in action_ids]
        if len(codes) <= 1:
            return "".join(codes)
        prefix = codes[0].rsplit(" ", 1)[0] + " "
        if all(c.startswith(prefix) for c in codes):
            numbers = [c[len(prefix):] for c in codes]
            return prefix + ", ".join(numbers[:-1]) + " et " + numbers[-1]
        return ", ".join(codes[:-1]) + " et " + codes[-1]

    # ------------------------------------------------------------------ entries

    def fresh(self, entries: Sequence[JournalEntry]) -> list[JournalEntry]:
        """The entries not told yet, now marked as told, in the record's order."""
        out = [e for e in entries if id(e) not in self.told]
        self.told.update(id(e) for e in out)
        return self.in_order(out)

    def in_order(self, entries: Sequence[JournalEntry]) -> list[JournalEntry]:
        """By day (a loose period by its start), then as the record lists them: the
        order a coordinator wrote them in."""
        if not self._positions:
            self._positions = {id(e): i for i, e in enumerate(self.contract.journal)}

        def key(entry: JournalEntry) -> tuple[dt.date, int]:
            day = entry.date or (entry.period.start if entry.period else dt.date.min)
            return day, self._positions.get(id(entry), 0)

        return sorted(entries, key=key)

    def happened(self, entry: JournalEntry) -> bool:
        """Whether a contract-level entry is a fact of the window itself: it occurs in
        it (or, as of a meeting, belongs to it). What a meeting of a quarter was only
        shown — the cumulative lists of a COPIL — is told in that meeting's annex."""
        if self.snapshot.meeting is not None:
            return True
        return occurs(entry.date, entry.period, self.snapshot.window)


def _scrubber(contract: Contract) -> Callable[[str], str]:
    """Every known person's name, e-mail and phone in any text becomes their role, as
    the COPIL deck does: the journal's free texts name people too."""
    replacements: list[tuple[re.Pattern[str], str]] = []
    for person in contract.people:
        role = person.position or person.role or "un(e) représentant(e)"
        named = f"{person.honorific} {person.name}" if person.honorific else None
        for token in (named, person.name, person.email, person.phone):
            if token:
                replacements.append((re.compile(re.escape(token), re.IGNORECASE), role))
    replacements.sort(key=lambda pair: -len(pair[0].pattern))

    def scrub(text: str) -> str:
        for pattern, role in replacements:
            text = pattern.sub(role, text)
        return text

    return scrub
