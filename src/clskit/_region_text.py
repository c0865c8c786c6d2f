"""A region for the terminal, for JSON and for a spreadsheet (CSV with French headers)."""

from __future__ import annotations

import csv
import io
from typing import Any

from clskit import fr
from clskit._text import shorten
from clskit.indicators import IndicatorStatus, status_label
from clskit.model import ActionStatus
from clskit.region import Region


def render_text(region: Region) -> str:
    lines = [f"{fr.plural(len(region.rows), 'contrat')} au {fr.date(region.as_of)}"
             + (f" ({len(region.failures)} non chargé(s))" if region.failures else ""), ""]
    lines.append(f"{'contrat':<42} {'fiches':>6} {'en cours':>8} {'réalisées':>9} "
                 f"{'indic.':>6} {'atteints':>8} {'inst. en retard':>15}")
    for row in region.rows:
        name = row.contract.short_name or row.contract.name
        lines.append(
            f"{shorten(name, 42):<42} {len(row.contract.actions):>6} "
            f"{row.actions_by_status.get(ActionStatus.IN_PROGRESS, 0):>8} "
            f"{row.actions_by_status.get(ActionStatus.DONE, 0):>9} "
            f"{sum(row.indicators.values()):>6} "
            f"{row.indicators.get(IndicatorStatus.ACHIEVED, 0):>8} "
            f"{len(row.bodies_behind):>15}")
    lines += ["", f"Fiches action : {fr.number(region.actions)}"]
    lines += [f"  {fr.enum(s)} : {fr.number(n)}" for s, n in region.actions_by_status.items()]
    lines += ["Indicateurs :"]
    lines += [f"  {status_label(s)} : {fr.number(n)}" for s, n in region.indicators.items() if n]
    lines += [f"Instances en retard sur leur rythme : {region.bodies_behind}",
              "Thèmes les plus fréquents :"]
    lines += [f"  {theme} : {n}" for theme, n in list(region.actions_by_theme.items())[:10]]
    lines += ["Partenaires présents dans plusieurs contrats :"]
    shared = [(name, n) for name, n in region.partners.items() if n > 1]
    lines += [f"  {name} : {n} contrats" for name, n in shared[:10]] or ["  aucun"]
    return "\n".join(lines) + "\n"


def _row_fields(region: Region) -> list[str]:
    return (["source", "contrat", "territoire", "statut", "début", "fin", "fiches action"]
            + [f"fiches : {fr.enum(s).lower()}" for s in ActionStatus]
            + [f"indicateurs : {status_label(s).lower()}" for s in IndicatorStatus]
            + ["instances en retard", "partenaires", "réunions tenues"])


def render_csv(region: Region) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(_row_fields(region))
    for row in region.rows:
        c = row.contract
        writer.writerow(
            [row.source, c.name, c.territory.name, fr.enum(c.status),
             c.period.start.isoformat(), c.period.end.isoformat(), len(c.actions)]
            + [row.actions_by_status.get(s, 0) for s in ActionStatus]
            + [row.indicators.get(s, 0) for s in IndicatorStatus]
            + [len(row.bodies_behind), row.partners, row.meetings_held])
    totals = ["", "Total", "", "", "", "", region.actions]
    totals += [region.actions_by_status.get(s, 0) for s in ActionStatus]
    totals += [region.indicators.get(s, 0) for s in IndicatorStatus]
    totals += [region.bodies_behind, sum(r.partners for r in region.rows),
               sum(r.meetings_held for r in region.rows)]
    writer.writerow(totals)
    return out.getvalue()


def to_data(region: Region) -> dict[str, Any]:
    return {
        "as_of": region.as_of.isoformat(),
        "contracts": [
            {"source": r.source, "id": r.contract.id, "name": r.contract.name,
             "status": r.contract.status.value, "actions": len(r.contract.actions),
             "actions_by_status": {s.value: n for s, n in r.actions_by_status.items()},
             "indicators": {s.value: n for s, n in r.indicators.items()},
             "bodies_behind": list(r.bodies_behind), "partners": r.partners,
             "meetings_held": r.meetings_held}
            for r in region.rows
        ],
        "failures": [{"source": f.source, "errors": [d.to_dict() for d in f.diagnostics]}
                     for f in region.failures],
        "totals": {
            "contracts": len(region.rows),
            "actions": region.actions,
            "actions_by_status": {s.value: n for s, n in region.actions_by_status.items()},
            "actions_by_theme": region.actions_by_theme,
            "indicators": {s.value: n for s, n in region.indicators.items()},
            "bodies_behind": region.bodies_behind,
            "partners": region.partners,
        },
    }
