"""What the workbook's period already holds, and the marks that name each pre-filled row.

A pre-filled row carries, in its hidden first column (or, for meetings and partners, in
its «Identifiant»), what it stands for in the record: ``J:`` and a digest of a journal
entry (entries have no id), ``I:indicator:`` and a digest of a measurement, the id of a
meeting or an organisation. The importer gives back the record's own object for such a
row, so that it is never added twice, whatever fields the row does not show (tags, a
meeting's minutes…); see ``docs/importers/suivi.md``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

import clskit
from clskit import Contract, Indicator, JournalEntry, Measurement, Meeting, Organisation, Period
from clskit.snapshot import occurs

JOURNAL_MARK = "J:"
MEASUREMENT_MARK = "I:"


def digest(item: Any) -> str:
    """A short, stable name of a model object: its canonical data, hashed."""
    data = clskit.converter.unstructure(item)
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def journal_key(entry: JournalEntry) -> str:
    return f"{JOURNAL_MARK}{digest(entry)}"


def measurement_key(indicator: Indicator, measurement: Measurement) -> str:
    return f"{MEASUREMENT_MARK}{indicator.id}:{digest(measurement)}"


def _meeting_days(contract: Contract) -> dict[str, dt.date]:
    return {m.id: m.date for m in contract.meetings if m.date is not None}


def journal(contract: Contract, window: Period) -> list[JournalEntry]:
    """Entries that happened in the window; an undated outcome of a meeting happens on the
    meeting's day (``docs/analysis.md``)."""
    days = _meeting_days(contract)
    found = []
    for entry in contract.journal:
        date = entry.date
        if date is None and entry.period is None and entry.outcome_of:
            date = days.get(entry.outcome_of)
        if occurs(date, entry.period, window):
            found.append(entry)
    return found


def meetings(contract: Contract, window: Period) -> list[Meeting]:
    """Meetings of the window, held, planned or cancelled, in date order."""
    inside = [m for m in contract.meetings if occurs(m.date, m.period, window)]
    return sorted(inside, key=lambda m: (m.when.start if m.when else window.start, m.id))


def measurements(contract: Contract, window: Period) -> list[tuple[Indicator, Measurement]]:
    return [(indicator, m) for indicator in contract.indicators
            for m in indicator.measurements if occurs(m.date, m.period, window)]


def partners(contract: Contract, window: Period) -> list[Organisation]:
    """Organisations that joined in the window (``Organisation.joined``)."""
    return [o for o in contract.organisations if o.joined is not None and o.joined in window]


__all__ = ["digest", "journal", "journal_key", "measurement_key", "measurements", "meetings",
           "partners"]
