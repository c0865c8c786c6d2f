"""The summary lists as plain rows: the same rows fill a sheet of the workbook and a CSV.

Values are what a reader sees (French labels, dates as dates); the workbook writer
styles them, the CSV writer formats dates as ``JJ/MM/AAAA``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from clskit import fr
from clskit.indicators import Achievement
from clskit.model import Contract, Indicator, JournalEntry, Objective
from clskit.snapshot import Snapshot
from clskit_ars import layout as L
from clskit_ars.values import lines, name_of, parties, shown

Row = tuple[Any, ...]


def fiches(contract: Contract) -> tuple[Row, list[Row]]:
    """One row per fiche: code, title, axis, pilot, dates, status as recorded."""
    axes = {a.id: a for a in contract.axes}
    who = parties(contract)
    rows = []
    for action in contract.actions:
        axis = axes.get(action.axis or "")
        pilot = action.pilot_label or (name_of(who[action.pilot]) if action.pilot in who
                                       else action.pilot)
        rows.append((action.code, action.title, axis.code if axis else action.axis, pilot,
                     action.start, action.end, shown(action.status), action.status_date))
    return L.FICHES_HEADER, rows


def axes(contract: Contract) -> tuple[Row, list[Row]]:
    rows = []
    for axis in contract.axes:
        codes = [a.code for a in contract.actions
                 if a.axis == axis.id or axis.id in a.transversal_axes]
        rows.append((axis.id, axis.code, shown(axis.kind), axis.title, axis.short_title,
                     axis.description, ", ".join(codes) or None))
    return L.AXES_HEADER, rows


def objective_depths(contract: Contract) -> list[tuple[Objective, int]]:
    """The objectives in tree order (each under its parent), with their depth."""
    children: dict[str | None, list[Objective]] = {}
    known = {o.id for o in contract.objectives}
    for objective in contract.objectives:
        parent = objective.parent if objective.parent in known else None
        children.setdefault(parent, []).append(objective)
    ordered: list[tuple[Objective, int]] = []
    seen: set[str] = set()

    def visit(parent: str | None, depth: int) -> None:
        for child in children.get(parent, []):
            if child.id not in seen:
                seen.add(child.id)
                ordered.append((child, depth))
                visit(child.id, depth + 1)

    visit(None, 0)
    # A cycle leaves objectives unvisited: list them at the top level rather than lose them.
    ordered += [(o, 0) for o in contract.objectives if o.id not in seen]
    return ordered


def objectives(contract: Contract) -> tuple[Row, list[Row]]:
    """The objectives tree, depth-first; the writer indents titles by depth."""
    axes_by_id = {a.id: a for a in contract.axes}
    rows = []
    for objective, _depth in objective_depths(contract):
        codes = [a.code for a in contract.actions if objective.id in a.objectives]
        axis = axes_by_id.get(objective.axis or "")
        rows.append((objective.id, objective.code, shown(objective.level), objective.title,
                     objective.parent, axis.code if axis else objective.axis,
                     objective.description, ", ".join(codes) or None))
    return L.OBJECTIVES_HEADER, rows


def indicators(contract: Contract) -> tuple[Row, list[Row]]:
    codes = {a.id: a.code for a in contract.actions}
    rows = []
    for ind in contract.indicators:
        rows.append((ind.id, ", ".join(codes.get(a, a) for a in ind.actions) or None,
                     shown(ind.kind), ind.label, shown(ind.measure), ind.unit,
                     shown(ind.direction), shown(ind.family),
                     ", ".join(ind.objectives) or None, ind.source,
                     L.YES if ind.key else L.NO))
    return L.INDICATORS_HEADER, rows


def _entry(entry: JournalEntry) -> str:
    return f"{fr.when(entry.date, entry.period)} : {entry.text}"


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return L.YES if value else L.NO
    if isinstance(value, int | float):
        return fr.number(value)
    return str(value)


def _indicator(indicator: Indicator | None, achievement: Achievement) -> str:
    name = indicator.label if indicator else achievement.indicator
    if achievement.value is None:
        value = "pas de valeur"
    else:
        value = f"{_value(achievement.value)} ({fr.when(achievement.value_date)})"
    target = "sans cible"
    if achievement.target_value is not None:
        target = f"cible {_value(achievement.target_value)}"
        if achievement.due is not None:
            target += f" au {fr.date(achievement.due)}"
    return f"{name} : {value} ; {target} — {achievement.label}"


def bilan(snapshot: Snapshot) -> tuple[Row, list[Row]]:
    """The «bilan par fiche» of the snapshot's window: status at its end (or «Statut non
    renseigné»), what was done (the window's journal entries), what remains, and each
    indicator's value and target as of the window's end."""
    by_id = {i.id: i for i in snapshot.contract.indicators}
    end = fr.date(snapshot.window.end)
    header = (*L.BILAN_HEADER[:2], f"Statut au {end}", *L.BILAN_HEADER[3:])
    rows = []
    for view in snapshot.actions:
        status = shown(view.status) if view.status else f"Statut {fr.UNKNOWN_STATUS}"
        done = lines(_entry(e) for e in view.moving)
        todo = lines(_entry(e) for e in view.todo)
        values = lines(_indicator(by_id.get(a.indicator), a) for a in view.indicators)
        rows.append((view.action.code, view.action.title, status, done, todo, values))
    return header, rows


def period_label(snapshot: Snapshot) -> str:
    """«2021» for a year, the window as French readers say it otherwise."""
    return fr.period(snapshot.window)


def csv_cell(value: Any) -> str:
    """A value as a French Excel reads it from a CSV: dates ``JJ/MM/AAAA``, decimal comma."""
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float):
        return str(value).replace(".", ",")
    return str(value)


def widths(header: Sequence[str]) -> list[float]:
    """Column widths for a summary sheet: long texts wide, codes and dates narrow."""
    wide = {"Intitulé", "Libellé", "Description", "Fait dans la période", "Reste à faire",
            "Indicateurs : valeur et cible"}
    narrow = {"Code", "Début", "Fin", "Type", "Niveau", "Unité", "Sens", "Indicateur clé",
              "Statut connu le"}
    return [46.0 if h in wide else 11.0 if h in narrow else 18.0 for h in header]
