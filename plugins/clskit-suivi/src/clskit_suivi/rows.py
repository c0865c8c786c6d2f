"""One row of each sheet, both ways: a model object as the cells the exporter writes, and
the cells of a row read back as a model object.

The two directions sit side by side so that they stay each other's inverse on what a row
shows: the importer tells an untouched pre-filled row from an edited one by reading the
cells the exporter would write for the original and comparing the two readings.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from attrs import define

import clskit
from clskit import (
    ActionStatus,
    Contract,
    EntryKind,
    Indicator,
    JournalEntry,
    Measure,
    Measurement,
    Meeting,
    MeetingMode,
    MeetingStatus,
    Organisation,
    OrganisationKind,
    Period,
    Sector,
    workbooks,
)
from clskit.workbooks import Cell, Problems
from clskit_suivi import values
from clskit_suivi.references import References

Row = Mapping[str, Cell]


@define
class Context:
    """What reading a row needs: the record, its lists, the workbook's period, and the
    ids of the meetings rows may name (the record's and the Réunions sheet's)."""

    contract: Contract
    refs: References
    window: Period
    problems: Problems
    meeting_ids: set[str]

    def errors(self) -> int:
        return len(self.problems.errors)


def _when_cell(date: dt.date | None, period: Period | None) -> Any:
    if date is not None:
        return date
    return values.period_text(period) if period is not None else None


def _label(value: Any) -> str | None:
    return clskit.label(value) if value is not None else None


# --------------------------------------------------------------------------- journal


def journal_cells(entry: JournalEntry, contract: Contract) -> dict[str, Any]:
    codes = {a.id: a.code for a in contract.actions}
    return {
        "when": _when_cell(entry.date, entry.period),
        "actions": values.joined_codes([codes.get(a, a) for a in entry.actions]),
        "kind": clskit.label(entry.kind),
        "title": entry.title,
        "text": entry.text,
        "meeting": entry.meeting,
        "outcome_of": entry.outcome_of,
        "status": _label(entry.status),
        "due": entry.due,
    }


def _fiches(cell: Cell, ctx: Context) -> list[str]:
    found: list[str] = []
    for token in values.tokens(cell):
        action = ctx.refs.fiches.find(token)
        if action is None:
            listed = ctx.refs.fiches.listed() or "le dossier n'a aucune fiche"
            ctx.problems.error(cell, f"«{token}» n'est pas une fiche du contrat ({listed})",
                               "reference")
        elif action not in found:
            found.append(action)
    return found


def _meeting(cell: Cell, ctx: Context) -> str | None:
    value = workbooks.text(cell)
    if value is None:
        return None
    if value in ctx.meeting_ids:
        return value
    by_spelling = {values_key(m): m for m in ctx.meeting_ids}
    found = by_spelling.get(values_key(value))
    if found is None:
        ctx.problems.error(cell, f"«{value}» n'est l'identifiant d'aucune réunion du dossier "
                           "ni de l'onglet Réunions", "reference")
    return found


def values_key(identifier: str) -> str:
    return identifier.strip().lower()


def _required(cell: Cell, ctx: Context, what: str) -> None:
    if cell.empty:
        ctx.problems.error(cell, f"{what} manque")


def read_journal(row: Row, ctx: Context) -> JournalEntry | None:
    """The entry of a Journal row; ``None`` when the row has an error (all are said)."""
    before = ctx.errors()
    date, period = values.when(row["when"], ctx.problems)
    if date is None and period is None and row["when"].empty:
        period = ctx.window
    actions = _fiches(row["actions"], ctx)
    _required(row["kind"], ctx, "le type de l'entrée")
    kind = values.enum_choice(row["kind"], ctx.refs.kinds, EntryKind, ctx.problems,
                              "un type d'entrée")
    _required(row["text"], ctx, "le texte")
    status = values.enum_choice(row["status"], ctx.refs.statuses, ActionStatus,
                                ctx.problems, "un statut de fiche")
    if status is not None and not actions and row["actions"].empty:
        ctx.problems.error(row["status"], "un nouveau statut s'applique à des fiches : "
                           "nommer la ou les fiches dans la colonne Fiche(s)")
    entry_meeting = _meeting(row["meeting"], ctx)
    outcome_of = _meeting(row["outcome_of"], ctx)
    due = workbooks.date(row["due"], ctx.problems)
    text = workbooks.text(row["text"])
    if ctx.errors() > before or kind is None or text is None:
        return None
    return JournalEntry(kind=kind, date=date, period=period, text=text, actions=actions,
                        meeting=entry_meeting, outcome_of=outcome_of, status=status, due=due,
                        title=workbooks.text(row["title"]))


# --------------------------------------------------------------------------- meetings


def meeting_cells(meeting: Meeting, contract: Contract) -> dict[str, Any]:
    names = {b.id: b.name for b in contract.bodies}
    return {
        "id": meeting.id,
        "body": names.get(meeting.body, meeting.body),
        "when": _when_cell(meeting.date, meeting.period),
        "status": clskit.label(meeting.status),
        "mode": _label(meeting.mode),
        "participants_count": meeting.participants_count,
        "agenda": "\n".join(meeting.agenda) or None,
        "decisions": "\n".join(meeting.decisions) or None,
    }


def read_meeting(row: Row, ctx: Context, identifier: str) -> Meeting | None:
    """The meeting of a Réunions row, under ``identifier`` (given or formed by the sheet)."""
    before = ctx.errors()
    _required(row["body"], ctx, "l'instance")
    body = values.choice(row["body"], ctx.refs.bodies, ctx.problems, "une instance du contrat")
    _required(row["when"], ctx, "la date")
    date, period = values.when(row["when"], ctx.problems)
    status = values.enum_choice(row["status"], ctx.refs.meeting_statuses, MeetingStatus,
                                ctx.problems, "un statut de réunion")
    mode = values.enum_choice(row["mode"], ctx.refs.modes, MeetingMode, ctx.problems,
                              "une modalité de réunion")
    count = values.whole(row["participants_count"], ctx.problems, "un nombre de participants")
    if ctx.errors() > before or body is None or (date is None and period is None):
        return None
    return Meeting(id=identifier, body=body, date=date, period=period,
                   status=status or MeetingStatus.HELD, mode=mode, participants_count=count,
                   agenda=values.lines(row["agenda"]), decisions=values.lines(row["decisions"]))


def meeting_when(row: Row) -> tuple[dt.date | None, Period | None]:
    """The day or period of a row, read quietly (the row's own reading reports problems)."""
    return values.when(row["when"], Problems())


# --------------------------------------------------------------------------- indicators


def _value_cell(value: Any) -> Any:
    if isinstance(value, bool):
        return "Oui" if value else "Non"
    return value


def measurement_cells(indicator: Indicator, measurement: Measurement) -> dict[str, Any]:
    return {
        "indicator": indicator.label,
        "when": _when_cell(measurement.date, measurement.period),
        "value": _value_cell(measurement.value),
        "comment": measurement.comment,
    }


def _measured(cell: Cell, indicator: Indicator | None, ctx: Context) -> Any:
    measure = indicator.measure if indicator is not None else None
    if measure is Measure.MILESTONE:
        answer = workbooks.yes_no(cell, ctx.problems)
        if answer is None and not cell.empty:
            ctx.problems.error(cell, "un jalon se note «Oui» ou «Non»")
        return answer
    if measure in (Measure.NUMBER, Measure.PERCENTAGE):
        what = "un nombre" if measure is Measure.NUMBER else "un pourcentage (45 pour 45 %)"
        raw = cell.value
        if isinstance(raw, str):
            raw = raw.replace("%", "")
        number = workbooks.number(Cell(raw, cell.location), ctx.problems, what)
        return values.number(number) if number is not None else None
    if isinstance(cell.value, int | float) and not isinstance(cell.value, bool):
        return values.number(float(cell.value))
    return workbooks.text(cell)


def read_measurement(row: Row, ctx: Context) -> tuple[str, Measurement] | None:
    """The indicator id and the measurement of an Indicateurs row."""
    before = ctx.errors()
    _required(row["indicator"], ctx, "l'indicateur")
    found = values.choice(row["indicator"], ctx.refs.indicators, ctx.problems,
                          "un indicateur du contrat")
    indicator = next((i for i in ctx.contract.indicators if i.id == found), None)
    date, period = values.when(row["when"], ctx.problems)
    if date is None and period is None and row["when"].empty:
        period = ctx.window
    _required(row["value"], ctx, "la valeur")
    value = _measured(row["value"], indicator, ctx)
    if ctx.errors() > before or indicator is None or value is None:
        return None
    return indicator.id, Measurement(value=value, date=date, period=period,
                                     comment=workbooks.text(row["comment"]))


# --------------------------------------------------------------------------- partners


def partner_cells(organisation: Organisation) -> dict[str, Any]:
    return {
        "id": organisation.id,
        "name": organisation.name,
        "short_name": organisation.short_name,
        "kind": clskit.label(organisation.kind),
        "sector": _label(organisation.sector),
        "joined": organisation.joined,
        "description": organisation.description,
    }


def read_partner(row: Row, ctx: Context, identifier: str) -> Organisation | None:
    before = ctx.errors()
    _required(row["name"], ctx, "le nom")
    kind = values.enum_choice(row["kind"], ctx.refs.organisation_kinds, OrganisationKind,
                              ctx.problems, "un type d'organisme")
    sector = values.enum_choice(row["sector"], ctx.refs.sectors, Sector, ctx.problems,
                                "un secteur")
    joined = workbooks.date(row["joined"], ctx.problems)
    name = workbooks.text(row["name"])
    if ctx.errors() > before or name is None:
        return None
    return Organisation(id=identifier, name=name, short_name=workbooks.text(row["short_name"]),
                        kind=kind or OrganisationKind.OTHER, sector=sector, joined=joined,
                        description=workbooks.text(row["description"]))


__all__ = ["Context", "Row", "journal_cells", "measurement_cells", "meeting_cells",
           "meeting_when", "partner_cells", "read_journal", "read_measurement",
           "read_meeting", "read_partner"]
