"""A regional roll-up: many contracts read from one folder, counted together.

An ARS delegation follows dozens of contracts; it wants per-contract rows and totals it
can trust: actions by status and theme, partners across contracts, indicator statuses,
bodies behind their rhythm. Contracts that do not load are listed with their errors
instead of stopping the count.
"""

from __future__ import annotations

import datetime as dt
import os
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

from attrs import define

from clskit._text import fold
from clskit.checks._index import dates_of
from clskit.diagnostics import Diagnostic
from clskit.indicators import IndicatorStatus
from clskit.loader import CONTRACT_FILES, EXTENSIONS, Report, validate
from clskit.model import ActionStatus, Contract
from clskit.period import Period
from clskit.snapshot import Snapshot, contract_start, snapshot

if TYPE_CHECKING:
    from clskit.cache import ContractCache


@define(frozen=True)
class ContractRow:
    """One contract of the region at the as-of date.

    ``actions_by_status`` counts under ``None`` the fiches whose status the record does
    not give as of that date («non renseigné»). ``meetings_held`` counts the meetings
    whose number is known; ``meetings_uncounted`` the records of a body that met an
    unknown number of times («réuni en 2021»), at least once each.
    """

    source: str
    contract: Contract
    snapshot: Snapshot
    actions_by_status: dict[ActionStatus | None, int]
    indicators: dict[IndicatorStatus, int]
    bodies_behind: tuple[str, ...]
    partners: int
    meetings_held: int
    meetings_uncounted: int = 0


@define(frozen=True)
class Failure:
    """A contract of the folder that could not be loaded, with its errors."""

    source: str
    diagnostics: tuple[Diagnostic, ...]


@define(frozen=True)
class Region:
    """Rows per contract and totals, as of one date for every contract.

    ``actions_by_status`` counts under ``None`` the fiches whose status is not known.
    """

    as_of: dt.date
    rows: tuple[ContractRow, ...]
    failures: tuple[Failure, ...]
    actions_by_status: dict[ActionStatus | None, int]
    actions_by_theme: dict[str, int]
    indicators: dict[IndicatorStatus, int]
    partners: dict[str, int]
    bodies_behind: int

    @property
    def actions(self) -> int:
        return sum(self.actions_by_status.values())


def sources(folder: str | os.PathLike[str]) -> list[Path]:
    """The contracts of a folder: its workspaces (sub-folders with a contract file) and
    its single-file contracts, in name order."""
    return [entry for entry in sorted(Path(folder).iterdir(), key=lambda p: p.name)
            if not entry.name.startswith((".", "_")) and _is_contract(entry)]


def _is_contract(entry: Path) -> bool:
    if entry.is_dir():
        return any((entry / name).is_file() for name in CONTRACT_FILES)
    return entry.suffix in EXTENSIONS


def _year_start(contract: Contract, as_of: dt.date) -> dt.date:
    """The first day of the as-of year the contract runs, or the as-of day itself."""
    begin = contract.period.start if contract.period is not None else contract_start(contract)
    first = dt.date(as_of.year, 1, 1)
    return min(max(first, begin), as_of) if begin is not None else first


def _row(source: str, contract: Contract, as_of: dt.date) -> ContractRow:
    snap = snapshot(contract, Period(_year_start(contract, as_of), as_of))
    partners = {p.organisation for a in contract.actions for p in a.partners}
    counts = snap.counts
    return ContractRow(
        source=source,
        contract=contract,
        snapshot=snap,
        actions_by_status=_by_status(Counter(v.status for v in snap.actions)),
        indicators=snap.indicators.contract.counts,
        bodies_behind=tuple(a.body.id for a in snap.behind_rhythm),
        partners=len(partners),
        meetings_held=sum(counts.meetings_by_kind.values()),
        meetings_uncounted=sum(counts.uncounted_by_kind.values()),
    )


def _by_status(counter: Counter[ActionStatus | None]) -> dict[ActionStatus | None, int]:
    """Counts in the order of the statuses, «non renseigné» (``None``) last."""
    order: list[ActionStatus | None] = [*ActionStatus, None]
    return {s: counter[s] for s in order if counter[s]}


def _default_as_of(contracts: list[Contract]) -> dt.date:
    """The latest date the records hold, else the latest end of a contract, else today."""
    latest = [d for c in contracts for d in dates_of(c)]
    ends = [c.period.end for c in contracts if c.period is not None]
    return max(latest, default=max(ends, default=dt.date.today()))


def _partner_names(contract: Contract) -> set[str]:
    names = {o.id: o.short_name or o.name for o in contract.organisations}
    return {names.get(p.organisation, p.organisation)
            for a in contract.actions for p in a.partners}


def load_region(folder: str | os.PathLike[str], as_of: dt.date | None = None, *,
                cache: bool | ContractCache = True) -> Region:
    """Load every contract of ``folder`` and roll them up as of ``as_of``.

    ``as_of`` defaults to the latest date any of the records holds, so that the same
    files always give the same figures. With ``cache`` (the default; or a
    :class:`~clskit.cache.ContractCache` of one's own) the readings and rows of
    unchanged contracts come from the user's cache (``clskit.cache``), with the same
    figures and the same diagnostics; ``cache=False`` reads every file.
    """
    if cache is False:
        return _rolled_up(_read_all(folder), as_of)
    from clskit.cache import ContractCache

    store = cache if isinstance(cache, ContractCache) else ContractCache()
    return _load_cached(folder, as_of, store)


def _read_all(folder: str | os.PathLike[str]) -> list[tuple[str, Report]]:
    return [(path.name, validate(path)) for path in sources(folder)]


def _rolled_up(reports: list[tuple[str, Report]], as_of: dt.date | None) -> Region:
    loaded: list[tuple[str, Contract]] = []
    failures: list[Failure] = []
    for name, report in reports:
        if report.contract is None or not report.ok:
            failures.append(Failure(name, tuple(report.errors)))
        else:
            loaded.append((name, report.contract))
    if as_of is None:
        as_of = _default_as_of([c for _, c in loaded])
    rows = tuple(_row(source, contract, as_of) for source, contract in loaded)
    return _totals(as_of, rows, tuple(failures))


def _load_cached(folder: str | os.PathLike[str], as_of: dt.date | None,
                 store: ContractCache) -> Region:
    """:func:`load_region` through ``store``: a row per as-of date is kept with each
    contract, so that an unchanged region costs reading its entries and nothing more."""
    entries = [(path, store.load(path)) for path in sources(folder)]
    failures = []
    for path, entry in entries:
        if not entry.ok:
            failures.append(Failure(path.name, tuple(entry.report().errors)))
            store.save(entry)
    kept = [(path, entry) for path, entry in entries if entry.ok]
    if as_of is None:
        latest = [e.latest for _, e in kept if e.latest is not None]
        ends = [e.end for _, e in kept if e.end is not None]
        as_of = max(latest, default=max(ends, default=dt.date.today()))
    day = as_of
    rows = []
    for path, entry in kept:
        def make(contract: Contract, name: str = path.name) -> ContractRow:
            return _row(name, contract, day)

        try:
            row = entry.derived(day.isoformat(), make)
        except Exception:  # an entry that unpickles wrong is read again, never trusted
            entry = store.load(path, fresh=True)
            row = entry.derived(day.isoformat(), make)
        rows.append(row)
        store.save(entry)
    return _totals(as_of, tuple(rows), tuple(failures))


def _totals(as_of: dt.date, rows: tuple[ContractRow, ...],
            failures: tuple[Failure, ...]) -> Region:
    by_status: Counter[ActionStatus | None] = Counter()
    by_theme: Counter[str] = Counter()
    indicators: Counter[IndicatorStatus] = Counter()
    # Partners are matched across contracts by name: ids are each contract's own.
    partner_contracts: dict[str, set[str]] = {}
    shown: dict[str, str] = {}
    folded: dict[str, str] = {}  # the same partners recur in most contracts
    for row in rows:
        by_status.update(row.actions_by_status)
        indicators.update(row.indicators)
        for action in row.contract.actions:
            by_theme.update(set(action.themes))
        for name in _partner_names(row.contract):
            key = folded.get(name) or folded.setdefault(name, fold(name))
            shown.setdefault(key, name)
            partner_contracts.setdefault(key, set()).add(row.contract.id)
    partners = {shown[k]: len(v) for k, v in
                sorted(partner_contracts.items(), key=lambda kv: (-len(kv[1]), kv[0]))}
    return Region(
        as_of=as_of,
        rows=rows,
        failures=failures,
        actions_by_status=_by_status(by_status),
        actions_by_theme=dict(sorted(by_theme.items(), key=lambda kv: (-kv[1], kv[0]))),
        indicators={s: indicators[s] for s in IndicatorStatus},
        partners=partners,
        bodies_behind=sum(len(r.bodies_behind) for r in rows),
    )


__all__ = ["ContractRow", "Failure", "Region", "load_region", "sources"]
