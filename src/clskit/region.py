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

from attrs import define

from clskit._text import fold
from clskit.checks._index import dates_of
from clskit.diagnostics import Diagnostic
from clskit.indicators import IndicatorStatus
from clskit.loader import CONTRACT_FILES, EXTENSIONS, validate
from clskit.model import ActionStatus, Contract
from clskit.period import Period
from clskit.snapshot import Snapshot, snapshot


@define(frozen=True)
class ContractRow:
    """One contract of the region at the as-of date."""

    source: str
    contract: Contract
    snapshot: Snapshot
    actions_by_status: dict[ActionStatus, int]
    indicators: dict[IndicatorStatus, int]
    bodies_behind: tuple[str, ...]
    partners: int
    meetings_held: int


@define(frozen=True)
class Failure:
    """A contract of the folder that could not be loaded, with its errors."""

    source: str
    diagnostics: tuple[Diagnostic, ...]


@define(frozen=True)
class Region:
    """Rows per contract and totals, as of one date for every contract."""

    as_of: dt.date
    rows: tuple[ContractRow, ...]
    failures: tuple[Failure, ...]
    actions_by_status: dict[ActionStatus, int]
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


def _row(source: str, contract: Contract, as_of: dt.date) -> ContractRow:
    year_start = max(dt.date(as_of.year, 1, 1), min(contract.period.start, as_of))
    snap = snapshot(contract, Period(min(year_start, as_of), as_of))
    partners = {p.organisation for a in contract.actions for p in a.partners}
    return ContractRow(
        source=source,
        contract=contract,
        snapshot=snap,
        actions_by_status=dict(Counter(v.status for v in snap.actions)),
        indicators=snap.indicators.contract.counts,
        bodies_behind=tuple(a.body.id for a in snap.behind_rhythm),
        partners=len(partners),
        meetings_held=len(snap.meetings),
    )


def _partner_names(contract: Contract) -> set[str]:
    names = {o.id: o.short_name or o.name for o in contract.organisations}
    return {names.get(p.organisation, p.organisation)
            for a in contract.actions for p in a.partners}


def load_region(folder: str | os.PathLike[str], as_of: dt.date | None = None) -> Region:
    """Load every contract of ``folder`` and roll them up as of ``as_of``.

    ``as_of`` defaults to the latest date any of the records holds, so that the same
    files always give the same figures.
    """
    loaded: list[tuple[str, Contract]] = []
    failures: list[Failure] = []
    for path in sources(folder):
        report = validate(path)
        if report.contract is None or not report.ok:
            failures.append(Failure(path.name, tuple(report.errors)))
        else:
            loaded.append((path.name, report.contract))
    if as_of is None:
        latest = [d for _, c in loaded for d in dates_of(c)]
        as_of = max(latest, default=max((c.period.end for _, c in loaded),
                                        default=dt.date.today()))
    rows = tuple(_row(source, contract, as_of) for source, contract in loaded)

    by_status: Counter[ActionStatus] = Counter()
    by_theme: Counter[str] = Counter()
    indicators: Counter[IndicatorStatus] = Counter()
    # Partners are matched across contracts by name: ids are each contract's own.
    partner_contracts: dict[str, set[str]] = {}
    shown: dict[str, str] = {}
    for row in rows:
        by_status.update(row.actions_by_status)
        indicators.update(row.indicators)
        for action in row.contract.actions:
            by_theme.update(set(action.themes))
        for name in _partner_names(row.contract):
            key = fold(name)
            shown.setdefault(key, name)
            partner_contracts.setdefault(key, set()).add(row.contract.id)
    partners = {shown[k]: len(v) for k, v in
                sorted(partner_contracts.items(), key=lambda kv: (-len(kv[1]), kv[0]))}
    return Region(
        as_of=as_of,
        rows=rows,
        failures=tuple(failures),
        actions_by_status={s: by_status[s] for s in ActionStatus if by_status[s]},
        actions_by_theme=dict(sorted(by_theme.items(), key=lambda kv: (-kv[1], kv[0]))),
        indicators={s: indicators[s] for s in IndicatorStatus},
        partners=partners,
        bodies_behind=sum(len(r.bodies_behind) for r in rows),
    )


__all__ = ["ContractRow", "Failure", "Region", "load_region", "sources"]
