"""What every section reads: the contract, the snapshot, the options, people as shown."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from attrs import define, field

from clskit import ActionStatus, Contract, Index, Meeting, Person, Snapshot, fr
from clskit_copil.canvas import Deck


@define
class Context:
    """The deck's inputs, resolved once."""

    contract: Contract
    snapshot: Snapshot
    deck: Deck
    redact: bool = False
    explicit: bool = False      # the sections were chosen (option ``sections``)
    index: Index = field(init=False)

    def __attrs_post_init__(self) -> None:
        self.index = Index(self.contract)

    @property
    def meeting(self) -> Meeting | None:
        return self.snapshot.meeting

    @property
    def day(self) -> dt.date:
        """The day the file's properties are dated by: the meeting's, else the end of the
        period. Never printed as the deck's day for a period: see :attr:`dated`."""
        if self.meeting is not None and self.meeting.date is not None:
            return self.meeting.date
        return self.snapshot.window.end

    @property
    def meeting_day(self) -> dt.date | None:
        """The day of the meeting the deck is for; ``None`` for a period."""
        return self.meeting.date if self.meeting is not None else None

    @property
    def occasion(self) -> str:
        """«Comité de pilotage 2021», or «Point d'étape — octobre à décembre 2021»."""
        if self.meeting is not None:
            body = self.index.bodies.get(self.meeting.body)
            name = self.meeting.title or (body.name if body else "Réunion")
            return name
        return f"Point d'étape — {fr.period(self.snapshot.window)}"

    @property
    def dated(self) -> str:
        """«Le 7 décembre 2021» for a meeting; for a period, the period itself
        («Du 7 novembre au 31 décembre 2019», «Octobre à décembre 2021»), never a day the
        record does not hold."""
        if self.meeting_day is not None:
            return f"Le {fr.date(self.meeting_day)}"
        text = fr.period(self.snapshot.window)
        return text[:1].upper() + text[1:]

    # ------------------------------------------------------------------ people

    def person(self, person_id: str) -> Person | None:
        found: Person | None = self.index.people.get(person_id)
        return found

    def organisation_name(self, org_id: str | None) -> str:
        if org_id is None:
            return ""
        org = self.index.organisations.get(org_id)
        return (org.name if org else org_id)

    def who(self, person_id: str) -> str:
        """«Madame Hélène MARIE – Directrice»; with redaction, the role only."""
        person = self.person(person_id)
        if person is None:
            org = self.index.organisations.get(person_id)
            return org.name if org else person_id
        role = person.position or person.role
        if self.redact:
            return role or f"Représentant(e) — {self.organisation_name(person.organisation)}"
        name = " ".join(part for part in (person.honorific, person.name) if part)
        return f"{name} – {role}" if role else name

    def who_lines(self, person_id: str) -> list[str]:
        """Name, position and organisation on separate lines (the opening slide)."""
        person = self.person(person_id)
        if person is None:
            return [self.who(person_id)]
        org = self.organisation_name(person.organisation)
        if self.redact:
            return [line for line in (person.position or person.role, org) if line]
        name = " ".join(part for part in (person.honorific, person.name) if part)
        return [line for line in (name, person.position, org) if line]

    def action_label(self, action_id: str) -> str:
        action = self.index.actions.get(action_id)
        return action.code if action else action_id

    def codes(self, action_ids: Sequence[str]) -> str:
        """«FA 14 et 15», «FA 3», as the deck writes shared entries."""
        codes = [self.action_label(a) for a in action_ids]
        if len(codes) <= 1:
            return "".join(codes)
        prefix = codes[0].rsplit(" ", 1)[0] + " "
        if all(c.startswith(prefix) for c in codes):
            numbers = [c[len(prefix):] for c in codes]
            return prefix + ", ".join(numbers[:-1]) + " et " + numbers[-1]
        return ", ".join(codes[:-1]) + " et " + codes[-1]


#: What the deck says of a fiche whose status as of the window the record does not give.
UNKNOWN_STATUS = f"Statut {fr.UNKNOWN_STATUS}"


def status_text(status: ActionStatus | None) -> str:
    """«En cours»; «Statut non renseigné» when the window's status is not known (never
    the status the record gives for a later day)."""
    return fr.enum(status) if status is not None else UNKNOWN_STATUS


def period_years(contract: Contract) -> str:
    """«2021-2023», «2022»; «dates non renseignées» for a contract with no known period."""
    if contract.period is None:
        return fr.UNKNOWN_DATES
    start, end = contract.period.start.year, contract.period.end.year
    return str(start) if start == end else f"{start}-{end}"


def contract_title(contract: Contract) -> str:
    """«Contrat Local de Santé 2021-2023»; without known dates, «Contrat Local de Santé»."""
    if contract.period is None:
        return "Contrat Local de Santé"
    return f"Contrat Local de Santé {period_years(contract)}"


def contract_span(contract: Contract) -> str:
    """The contract's period as ``fr.period`` says it («2021-2023»), else «dates non
    renseignées», with the duration when the record gives it («(durée : 12 mois)»)."""
    return fr.span(contract.period, contract.duration_months)

