"""What the regional report shows beyond the region's totals, shared by its HTML page
and its workbook so that both say the same: contracts by status and generation, the
last fact of each record, the stale records, the bodies behind their rhythm."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from attrs import define

from clskit import fr
from clskit.checks._index import dates_of
from clskit.model import Contract, ContractStatus
from clskit.region import ContractRow, Region

#: A record with no fact (meeting, journal entry, measurement, workshop session) for this
#: many months before the as-of date is «sans nouvelles»: its figures may be out of date.
STALE_MONTHS = 6


@define(frozen=True)
class Behind:
    """A body of a contract that met less often than its rhythm asks, in the as-of year."""

    row: ContractRow
    name: str
    held: int
    expected: int


def contract_name(contract: Contract) -> str:
    return contract.short_name or contract.name


def last_fact(contract: Contract, as_of: dt.date) -> dt.date | None:
    """The latest dated fact of the record on or before ``as_of`` (planned dates after
    it are not news of the contract)."""
    return max((d for d in dates_of(contract) if d <= as_of), default=None)


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` months earlier (the month's last day when it is shorter)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")  # pragma: no cover


def stale(region: Region, months: int = STALE_MONTHS) -> list[tuple[ContractRow, dt.date | None]]:
    """The contracts whose record holds no fact since ``months`` before the as-of date,
    oldest news first (no fact at all first of all)."""
    limit = months_before(region.as_of, months)
    found = [(row, last_fact(row.contract, region.as_of)) for row in region.rows]
    late = [(row, last) for row, last in found if last is None or last < limit]
    return sorted(late, key=lambda item: (item[1] is not None, item[1] or dt.date.min))


def by_contract_status(region: Region) -> dict[ContractStatus, int]:
    counts = Counter(row.contract.status for row in region.rows)
    return {s: counts[s] for s in ContractStatus if counts[s]}


def by_generation(region: Region) -> dict[int, int]:
    counts = Counter(row.contract.generation for row in region.rows)
    return dict(sorted(counts.items()))


def generation_label(generation: int) -> str:
    """«1er contrat», «2e contrat»…"""
    return f"{generation}{'er' if generation == 1 else 'e'} contrat"


def behind(region: Region) -> list[Behind]:
    """Every body behind its rhythm, contract by contract."""
    return [Behind(row, activity.body.name, activity.held_this_year, activity.expected_by_now)
            for row in region.rows for activity in row.snapshot.behind_rhythm]


def period_text(contract: Contract) -> str:
    return fr.period(contract.period) if contract.period is not None else "non renseignée"


def first_message(region: Region) -> list[tuple[str, int, str]]:
    """Each failed contract: its source, its number of errors and the first of them."""
    out = []
    for failure in region.failures:
        first = failure.diagnostics[0] if failure.diagnostics else None
        text = "" if first is None else (
            f"{first.location.file or ''}{f':{first.location.line}' if first.location.line else ''}"
            f" {first.message}").strip()
        out.append((failure.source, len(failure.diagnostics), text))
    return out
