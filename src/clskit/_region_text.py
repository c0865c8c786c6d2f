"""A region for the terminal, for JSON and for a spreadsheet (CSV with French headers)."""

from __future__ import annotations

import csv
import io
from typing import Any

from clskit import fr
from clskit._text import shorten
from clskit.indicators import IndicatorStatus, status_label
from clskit.model import ActionStatus, Contract
from clskit.region import ContractRow, Region

_UNKNOWN_PERIOD = "non renseignée"


def _status_name(status: ActionStatus | None) -> str:
    return fr.enum(status) if status is not None else f"Statut {fr.UNKNOWN_STATUS}"


def _table_period(contract: Contract) -> str:
    return fr.period(contract.period) if contract.period is not None else _UNKNOWN_PERIOD


def _table(region: Region) -> list[str]:
    lines = [f"{'contrat':<42} {'période':<14} {'fiches':>6} {'en cours':>8} "
             f"{'réalisées':>9} {'indic.':>6} {'atteints':>8} {'inst. en retard':>15}"]
    for row in region.rows:
        name = row.contract.short_name or row.contract.name
        lines.append(
            f"{shorten(name, 42):<42} {_table_period(row.contract):<14} "
            f"{len(row.contract.actions):>6} "
            f"{row.actions_by_status.get(ActionStatus.IN_PROGRESS, 0):>8} "
            f"{row.actions_by_status.get(ActionStatus.DONE, 0):>9} "
            f"{sum(row.indicators.values()):>6} "
            f"{row.indicators.get(IndicatorStatus.ACHIEVED, 0):>8} "
            f"{len(row.bodies_behind):>15}")
    return lines


def _meetings_line(region: Region) -> str:
    held = sum(r.meetings_held for r in region.rows)
    loose = sum(r.meetings_uncounted for r in region.rows)
    text = f"Réunions tenues : {fr.number(held)}"
    if loose:
        text += (f", plus {fr.plural(loose, 'instance réunie')} "
                 f"(nombre de réunions {fr.UNKNOWN_STATUS})")
    return text


def _heading(title: str, lines: list[str]) -> list[str]:
    return [title, *lines] if lines else []


def render_text(region: Region) -> str:
    lines = [f"{fr.plural(len(region.rows), 'contrat')} au {fr.date(region.as_of)}"
             + (f" ({len(region.failures)} non chargé(s))" if region.failures else ""), ""]
    lines += _table(region)
    lines += ["", f"Fiches action : {fr.number(region.actions)}"]
    lines += [f"  {_status_name(s)} : {fr.number(n)}" for s, n in region.actions_by_status.items()]
    lines += _heading("Indicateurs :", [f"  {status_label(s)} : {fr.number(n)}"
                                        for s, n in region.indicators.items() if n])
    lines += [_meetings_line(region),
              f"Instances en retard sur leur rythme : {region.bodies_behind}"]
    lines += _heading("Thèmes les plus fréquents :", [
        f"  {theme} : {n}" for theme, n in list(region.actions_by_theme.items())[:10]])
    shared = [(name, n) for name, n in region.partners.items() if n > 1]
    lines += _heading("Partenaires présents dans plusieurs contrats :",
                      [f"  {name} : {n} contrats" for name, n in shared[:10]])
    return "\n".join(lines) + "\n"


def _row_fields(region: Region) -> list[str]:
    return (["source", "contrat", "territoire", "statut", "début", "fin", "fiches action"]
            + [f"fiches : {fr.enum(s).lower()}" for s in ActionStatus]
            + [f"fiches : statut {fr.UNKNOWN_STATUS}"]
            + [f"indicateurs : {status_label(s).lower()}" for s in IndicatorStatus]
            + ["instances en retard", "partenaires", "réunions tenues",
               f"réunions en nombre {fr.UNKNOWN_STATUS}"])


def _statuses(by_status: dict[ActionStatus | None, int]) -> list[int]:
    return [by_status.get(s, 0) for s in ActionStatus] + [by_status.get(None, 0)]


def _bounds(contract: Contract) -> list[str]:
    if contract.period is None:
        return [_UNKNOWN_PERIOD, _UNKNOWN_PERIOD]
    return [contract.period.start.isoformat(), contract.period.end.isoformat()]


def render_csv(region: Region) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(_row_fields(region))
    for row in region.rows:
        c = row.contract
        writer.writerow(
            [row.source, c.name, c.territory.name, fr.enum(c.status), *_bounds(c),
             len(c.actions)]
            + _statuses(row.actions_by_status)
            + [row.indicators.get(s, 0) for s in IndicatorStatus]
            + [len(row.bodies_behind), row.partners, row.meetings_held,
               row.meetings_uncounted])
    totals = ["", "Total", "", "", "", "", region.actions]
    totals += _statuses(region.actions_by_status)
    totals += [region.indicators.get(s, 0) for s in IndicatorStatus]
    totals += [region.bodies_behind, sum(r.partners for r in region.rows),
               sum(r.meetings_held for r in region.rows),
               sum(r.meetings_uncounted for r in region.rows)]
    writer.writerow(totals)
    return out.getvalue()


def _known(by_status: dict[ActionStatus | None, int]) -> dict[str, int]:
    return {s.value: n for s, n in by_status.items() if s is not None}


def _period_data(contract: Contract) -> dict[str, str] | None:
    if contract.period is None:
        return None
    return {"start": contract.period.start.isoformat(), "end": contract.period.end.isoformat()}


def _row_data(r: ContractRow) -> dict[str, Any]:
    return {
        "source": r.source, "id": r.contract.id, "name": r.contract.name,
        "status": r.contract.status.value, "period": _period_data(r.contract),
        "duration_months": r.contract.duration_months,
        "actions": len(r.contract.actions),
        "actions_by_status": _known(r.actions_by_status),
        "actions_status_unknown": r.actions_by_status.get(None, 0),
        "indicators": {s.value: n for s, n in r.indicators.items()},
        "bodies_behind": list(r.bodies_behind), "partners": r.partners,
        "meetings_held": r.meetings_held, "meetings_uncounted": r.meetings_uncounted,
    }


def to_data(region: Region) -> dict[str, Any]:
    """The region as plain data; a status not known is counted in
    ``actions_status_unknown``, never under a status."""
    return {
        "as_of": region.as_of.isoformat(),
        "contracts": [_row_data(r) for r in region.rows],
        "failures": [{"source": f.source, "errors": [d.to_dict() for d in f.diagnostics]}
                     for f in region.failures],
        "totals": {
            "contracts": len(region.rows),
            "actions": region.actions,
            "actions_by_status": _known(region.actions_by_status),
            "actions_status_unknown": region.actions_by_status.get(None, 0),
            "actions_by_theme": region.actions_by_theme,
            "indicators": {s.value: n for s, n in region.indicators.items()},
            "bodies_behind": region.bodies_behind,
            "partners": region.partners,
            "meetings_held": sum(r.meetings_held for r in region.rows),
            "meetings_uncounted": sum(r.meetings_uncounted for r in region.rows),
        },
    }
