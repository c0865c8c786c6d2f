"""The snapshot for the terminal (``clskit status``): French text, or plain data for JSON."""

from __future__ import annotations

from typing import Any

from clskit import fr
from clskit._text import shorten
from clskit.indicators import IndicatorStatus, status_label
from clskit.model import Meeting
from clskit.snapshot import Snapshot

_WIDTH = 100
_GT_MET = "groupes de travail réunis"


def _meeting(m: Meeting) -> str:
    when = fr.date(m.date) if m.date else (fr.period(m.period) if m.period else "date inconnue")
    if m.time:
        when += f" à {fr.time(m.time)}"
    if m.participants_count:
        when += f", {fr.plural(m.participants_count, 'participant')}"
    return when


def _tally(counts: dict[IndicatorStatus, int]) -> str:
    parts = [f"{status_label(s).lower()} : {n}" for s, n in counts.items() if n]
    return ", ".join(parts) if parts else "aucun indicateur"


def render_text(snap: Snapshot) -> str:
    c = snap.contract
    title = c.short_name or c.name
    span = fr.period(snap.window)
    if snap.meeting is not None and snap.meeting.date is not None:
        span = f"réunion du {fr.date(snap.meeting.date)}, depuis le {fr.date(snap.window.start)}"
    lines = [title, f"Période : {span}", ""]
    counts = snap.counts
    lines.append(f"Fiches action : {counts.actions_moved} sur {counts.actions_total} "
                 "ont avancé sur la période")
    for axis in snap.axes:
        if not axis.actions:
            continue
        lines.append(f"  {axis.axis.code} — {shorten(axis.axis.title, _WIDTH - 20)}")
        for view in axis.actions:
            if view.action.axis != axis.axis.id:
                continue  # listed under its strategic axis only
            mark = "a avancé" if view.moved else "—"
            detail = []
            if view.achieved:
                detail.append(fr.plural(len(view.achieved), "objectif atteint",
                                        "objectifs atteints"))
            if view.todo:
                detail.append(f"{len(view.todo)} reste-à-faire")
            name = shorten(view.action.short_title or view.action.title, 46)
            lines.append(f"    {view.action.code:<8} {name:<46} {fr.enum(view.status):<11} "
                         f"{mark:<9} {', '.join(detail)}".rstrip())
    lines += ["", "Instances"]
    for activity in snap.bodies:
        if not activity.meetings and not activity.behind:
            continue
        held = "; ".join(_meeting(m) for m in activity.meetings) or "aucune réunion"
        lines.append(f"  {shorten(activity.body.name, 40)} : {held}")
        if activity.behind:
            lines.append(f"    en retard sur son rythme : {activity.held_this_year} réunion(s) "
                         f"tenue(s) cette année pour {activity.expected_by_now} attendue(s)")
    names = {b.id: b.name for b in c.bodies}
    for m in snap.upcoming[:5]:
        lines.append(f"  À venir : {shorten(m.title or names.get(m.body, m.body), 60)} "
                     f"({_meeting(m)})")
    lines += ["", f"Indicateurs : {_tally(snap.indicators.contract.counts)}"]
    p = snap.partnership
    lines += ["", "Partenariat"]
    if p.organisations_joined:
        lines.append("  Nouveaux partenaires : " + ", ".join(
            o.short_name or o.name for o in p.organisations_joined))
    if p.new_co_pilots:
        lines.append("  Nouveaux co-pilotes : " + ", ".join(
            f"{j.organisation} ({j.action})" for j in p.new_co_pilots))
    lines.append(f"  Groupes de travail réunis : {len(p.working_groups_met)}")
    for entry in p.entries:
        lines.append(f"  • {shorten(entry.text, _WIDTH - 4)}")
    part = snap.participation
    if part.workshops or part.surveys:
        lines += ["", "Démarche participative"]
        for workshop, sessions in part.workshops:
            dates = ", ".join(fr.date(s.date) for s in sessions)
            lines.append(f"  {workshop.title} : {dates} — "
                         f"{fr.plural(counts.workshop_participants, 'participant')}")
        for survey in part.surveys:
            lines.append(f"  {survey.title}")
    kinds = ", ".join(fr.plural(n, fr.enum(k).split(" (")[0].lower())
                      for k, n in counts.meetings_by_kind.items())
    lines += ["", "Chiffres de la période",
              f"  {fr.plural(counts.reviews, 'revue trimestrielle produite')}",
              f"  {fr.plural(counts.working_groups_met, 'groupe de travail réuni', _GT_MET)}",
              f"  Réunions : {kinds or 'aucune'}",
              f"  {fr.plural(counts.workshop_participants, 'habitant', 'habitants')} aux ateliers"]
    return "\n".join(lines) + "\n"


def to_data(snap: Snapshot) -> dict[str, Any]:
    """The snapshot as plain data (ids, counts, English keys) for ``--format json``."""
    counts = snap.counts
    return {
        "contract": snap.contract.id,
        "window": {"start": snap.window.start.isoformat(), "end": snap.window.end.isoformat()},
        "meeting": snap.meeting.id if snap.meeting else None,
        "previous_meeting": snap.previous_meeting.id if snap.previous_meeting else None,
        "actions": [
            {
                "id": v.action.id, "code": v.action.code, "status": v.status.value,
                "moved": v.moved, "achieved": [e.text for e in v.achieved],
                "todo": [e.text for e in v.todo], "highlights": [e.text for e in v.highlights],
                "decisions": [e.text for e in v.decisions], "events": [e.text for e in v.events],
                "meetings": [m.id for m in v.meetings],
                "indicators": {a.indicator: a.status.value for a in v.indicators},
            }
            for v in snap.actions
        ],
        "axes": [
            {"id": a.axis.id, "actions": [v.action.id for v in a.actions],
             "statuses": {s.value: n for s, n in a.statuses.items()},
             "indicators": {s.value: n for s, n in a.indicators.items()}}
            for a in snap.axes
        ],
        "indicators": {s.value: n for s, n in snap.indicators.contract.counts.items()},
        "meetings": [m.id for m in snap.meetings],
        "upcoming": [m.id for m in snap.upcoming],
        "bodies_behind_rhythm": [b.body.id for b in snap.behind_rhythm],
        "partnership": {
            "organisations_joined": [o.id for o in snap.partnership.organisations_joined],
            "partners_joined": [[j.organisation, j.action]
                                for j in snap.partnership.partners_joined],
            "new_co_pilots": [[j.organisation, j.action]
                              for j in snap.partnership.new_co_pilots],
            "working_groups_met": [b.id for b in snap.partnership.working_groups_met],
            "entries": [e.text for e in snap.partnership.entries],
        },
        "participation": {
            "workshops": [{"id": w.id, "sessions": [s.date.isoformat() for s in sessions]}
                          for w, sessions in snap.participation.workshops],
            "surveys": [s.id for s in snap.participation.surveys],
        },
        "publications": [p.id for p in snap.publications],
        "counts": {
            "reviews": counts.reviews,
            "meetings_by_kind": {k.value: n for k, n in counts.meetings_by_kind.items()},
            "working_groups_met": counts.working_groups_met,
            "workshop_sessions": counts.workshop_sessions,
            "workshop_participants": counts.workshop_participants,
            "survey_respondents": counts.survey_respondents,
            "actions_moved": counts.actions_moved,
            "actions_total": counts.actions_total,
        },
    }

