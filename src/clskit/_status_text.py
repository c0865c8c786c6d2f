"""The snapshot for the terminal (``clskit status``): French text, or plain data for JSON.

The text shows everything the snapshot holds, one section per part, and a heading only
when something follows it. Where the record gives no date it says «date non renseignée»,
where it gives no status «non renseigné»: nothing is invented.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from clskit import fr
from clskit._text import shorten
from clskit.indicators import IndicatorStatus, status_label
from clskit.model import (
    ActionStatus,
    BodyKind,
    Contract,
    JournalEntry,
    Meeting,
    Milestone,
    OrganisationRelation,
    OtherAction,
    Signature,
    Survey,
    Validation,
    Workshop,
    WorkshopSession,
)
from clskit.period import Period
from clskit.snapshot import (
    ActionView,
    BodyActivity,
    ContractFacts,
    ObjectiveView,
    PartnerJoin,
    Snapshot,
    Undated,
)

_WIDTH = 100
_GT_MET = "groupes de travail réunis"


# --------------------------------------------------------------------------- words


def _meeting(m: Meeting) -> str:
    """When a meeting took place: «7 décembre 2021 à 10h00, 12 participants»,
    «réuni en 2021» when the record does not say how many times."""
    if m.count is None:
        return f"réuni {fr.during(m.when)}" if m.when else f"réuni, {fr.UNKNOWN_DATE}"
    when = fr.when(m.date, m.period)
    if m.time:
        when += f" à {fr.time(m.time)}"
    if m.count > 1:
        when += f" ({fr.plural(m.count, 'réunion')})"
    if m.participants_count:
        when += f", {fr.plural(m.participants_count, 'participant')}"
    return when


def _tally(counts: dict[IndicatorStatus, int]) -> str:
    parts = [f"{status_label(s).lower()} : {n}" for s, n in counts.items() if n]
    return ", ".join(parts) if parts else "aucun indicateur"


def _status(view: ActionView, window: Period) -> str:
    """«En cours», «En cours au 3 mars 2022», «statut au 7 décembre 2021 : non renseigné»."""
    if view.status is None:
        return f"statut au {fr.date(window.end)} : {fr.UNKNOWN_STATUS}"
    if view.status_date is not None:
        return f"{fr.enum(view.status)} au {fr.date(view.status_date)}"
    return fr.enum(view.status)


def _org_name(c: Contract, ident: str) -> str:
    """An organisation's short name, or a person's name (a member may be either)."""
    for o in c.organisations:
        if o.id == ident:
            return o.short_name or o.name
    return next((person.name for person in c.people if person.id == ident), ident)


def _action_code(c: Contract, ident: str) -> str:
    return next((a.code for a in c.actions if a.id == ident), ident)


def _section(title: str, body: list[str]) -> list[str]:
    """A heading and its lines, or nothing when there are no lines."""
    return ["", title, *body] if body else []


def _bullets(entries: Iterable[JournalEntry], indent: str = "  ") -> list[str]:
    # Shown whole: a status tells everything the snapshot holds.
    return [f"{indent}• {' '.join(e.text.split())}" for e in entries]


# --------------------------------------------------------------------------- head


def _head(snap: Snapshot) -> list[str]:
    c = snap.contract
    span = fr.period(snap.window)
    if snap.meeting is not None and snap.meeting.date is not None:
        span = f"réunion du {fr.date(snap.meeting.date)}, depuis le {fr.date(snap.window.start)}"
    lines = [c.short_name or c.name, f"Période : {span}",
             f"Contrat : {fr.enum(c.status)}, {fr.span(c.period, c.duration_months)}"]
    if c.successor is not None:
        lines.append(f"Contrat suivant : {_successor(c)}")
    return lines


def _successor(c: Contract) -> str:
    s = c.successor
    assert s is not None
    details = []
    if s.generation is not None:
        details.append(f"génération {s.generation}")
    if s.period is not None or s.duration_months is not None:
        details.append(fr.span(s.period, s.duration_months))
    text = s.name + (f" ({', '.join(details)})" if details else "")
    return text + (f" — {' '.join(s.description.split())}" if s.description else "")


# --------------------------------------------------------------------------- actions


def _action_line(view: ActionView, window: Period) -> str:
    mark = "a avancé" if view.moved else "—"
    detail = [_status(view, window)]
    if view.achieved:
        detail.append(fr.plural(len(view.achieved), "objectif atteint", "objectifs atteints"))
    if view.todo:
        detail.append(f"{len(view.todo)} reste-à-faire")
    name = shorten(view.action.short_title or view.action.title, 46)
    return f"    {view.action.code:<8} {name:<46} {mark:<9} {' ; '.join(detail)}"


def _actions(snap: Snapshot) -> list[str]:
    if not snap.actions:
        return []
    counts = snap.counts
    lines = ["", f"Fiches action : {counts.actions_moved} sur {counts.actions_total} "
                 "ont avancé sur la période"]
    listed: set[str] = set()
    for axis in snap.axes:
        # A fiche is listed under its own axis only, not under its transversal ones.
        views = [v for v in axis.actions if v.action.axis == axis.axis.id]
        if views:
            lines.append(f"  {axis.axis.code} — {shorten(axis.axis.title, _WIDTH - 20)}")
            lines += [_action_line(v, snap.window) for v in views]
            listed.update(v.action.id for v in views)
    rest = [v for v in snap.actions if v.action.id not in listed]
    if rest:
        lines.append("  Sans axe")
        lines += [_action_line(v, snap.window) for v in rest]
    return lines


def _general_objectives(objectives: tuple[ObjectiveView, ...]) -> list[str]:
    lines = []
    for view in objectives:
        o = view.objective
        codes = ", ".join(v.action.code for v in view.actions)
        lines.append(f"  {o.code} — {shorten(o.title, _WIDTH - 20)}"
                     + (f" ({codes})" if codes else ""))
    return _section("Objectifs généraux", lines)


# --------------------------------------------------------------------------- contract facts


def _validation(v: Validation) -> str:
    when = f"le {fr.date(v.date)}" if v.date else fr.UNKNOWN_DATE
    return f"  Validation — {fr.enum(v.by)} : {when}" + (f" ({v.note})" if v.note else "")


def _signature(s: Signature) -> str:
    state = "signé" if s.done else "à venir"
    when = f"le {fr.date(s.date)}" if s.date else fr.UNKNOWN_DATE
    return f"  Signature : {state}, {when}" + (f", à {s.place}" if s.place else "")


def _other_action(c: Contract, a: OtherAction, lead: str = "•") -> str:
    who = f" ({_org_name(c, a.organisation)})" if a.organisation else ""
    return f"  {lead} {a.title}{who} — {fr.when(a.date, a.period)}"


def _milestone(m: Milestone) -> str:
    phase = f"{m.phase} : " if m.phase else ""
    if m.span is not None:
        when = fr.period(m.span)
    else:
        when = f"«{m.when}» ({fr.UNKNOWN_DATE})" if m.when else fr.UNKNOWN_DATE
    return f"  • {phase}{m.title} — {when}{fr.done(m.done)}"


def _facts(snap: Snapshot) -> list[str]:
    f = snap.facts
    steps = [_validation(v) for v in f.validations]
    if f.signature is not None:
        steps.append(_signature(f.signature))
    return (_section("Validations et signature", steps)
            + _section("Autres actions", [_other_action(snap.contract, a)
                                          for a in f.other_actions])
            + _section("Calendrier", [_milestone(m) for m in f.milestones]
                       + [f"  Début de {a.code} : {fr.date(a.start)}"
                          for a in f.actions_starting if a.start]
                       + [f"  Fin de {a.code} : {fr.date(a.end)}"
                          for a in f.actions_ending if a.end]))


def _undated(snap: Snapshot) -> list[str]:
    u = snap.undated
    lines = [_validation(v) for v in u.validations]
    if u.signature is not None:
        lines.append(_signature(u.signature))
    lines += [_other_action(snap.contract, a, "Autre action :") for a in u.other_actions]
    if u.milestones:
        lines.append("  Étapes, dans l'ordre :")
        lines += ["  " + _milestone(m) for m in u.milestones]
    return _section("Non daté", lines)


# --------------------------------------------------------------------------- governance


def _body(activity: BodyActivity) -> list[str]:
    held = "; ".join(_meeting(m) for m in activity.meetings) or "aucune réunion"
    lines = [f"  {activity.body.name} : {held}"]
    if activity.behind:
        floor = "au moins " if activity.count is None else ""
        lines.append(f"    en retard sur son rythme : {floor}"
                     f"{fr.plural(activity.held_this_year, 'réunion tenue')} cette année "
                     f"pour {activity.expected_by_now} attendue(s)")
    return lines


def _bodies(snap: Snapshot) -> list[str]:
    lines = []
    for activity in snap.bodies:
        if activity.meetings or activity.behind:
            lines += _body(activity)
    names = {b.id: b.name for b in snap.contract.bodies}
    for m in snap.upcoming:
        lines.append(f"  À venir : {m.title or names.get(m.body, m.body)} ({_meeting(m)})")
    return _section("Instances", lines)


def _outcomes(snap: Snapshot) -> list[str]:
    meetings = {m.id: m for m in snap.contract.meetings}
    names = {b.id: b.name for b in snap.contract.bodies}
    lines: list[str] = []
    seen: list[str] = []
    for e in snap.outcomes:
        if e.outcome_of is not None and e.outcome_of not in seen:
            seen.append(e.outcome_of)
    for ref in seen:
        m = meetings.get(ref)
        title = (m.title or names.get(m.body, m.body)) if m else ref
        when = f" ({fr.when(m.date, m.period)})" if m else ""
        lines.append(f"  {title}{when}")
        lines += _bullets((e for e in snap.outcomes if e.outcome_of == ref), "    ")
    return _section("Ce qui est ressorti des réunions", lines)


def _contract_entries(snap: Snapshot) -> list[str]:
    # Outcomes, partnership and participation entries have their own sections.
    elsewhere = {id(e) for e in (*snap.outcomes, *snap.partnership.entries,
                                 *snap.participation.entries)}
    return _section("Vie du contrat",
                    _bullets(e for e in snap.contract_entries if id(e) not in elsewhere))


# --------------------------------------------------------------------------- partnership


def _joined(c: Contract, j: PartnerJoin) -> str:
    """«CPAM — FA 1, co-pilotage (20 mars 2024)»."""
    roles = "".join(f", {fr.enum(r).lower()}" for r in j.roles)
    return f"{_org_name(c, j.organisation)} — {_action_code(c, j.action)}{roles} " \
        f"({fr.date(j.date)})"


def _partnership(snap: Snapshot) -> list[str]:
    c, p = snap.contract, snap.partnership
    lines = []
    if p.organisations_joined:
        lines.append("  Organisations entrées dans le partenariat : " + ", ".join(
            f"{o.short_name or o.name} ({fr.date(o.joined)})" if o.joined
            else (o.short_name or o.name) for o in p.organisations_joined))
    if p.partners_joined:
        lines.append("  Partenaires entrés dans une fiche : "
                     + ", ".join(_joined(c, j) for j in p.partners_joined))
    if p.new_co_pilots:
        lines.append("  Nouveaux co-pilotes : " + ", ".join(
            f"{_org_name(c, j.organisation)} ({_action_code(c, j.action)})"
            for j in p.new_co_pilots))
    bodies = {b.id: b.name for b in c.bodies}
    if p.bodies_created:
        lines.append("  Instances mises en place : " + ", ".join(
            f"{b.name} ({fr.date(b.created)})" for b in p.bodies_created if b.created))
    if p.members_joined:
        lines.append("  Membres entrés dans une instance : " + ", ".join(
            f"{_org_name(c, j.member)} — {bodies.get(j.body, j.body)} ({fr.date(j.date)})"
            for j in p.members_joined))
    if p.working_groups_met:
        lines.append(f"  Groupes de travail réunis : {len(p.working_groups_met)}")
    return _section("Partenariat", lines + _bullets(p.entries))


def _relations(c: Contract) -> list[str]:
    lines = []
    for relation in OrganisationRelation:
        names = [o.short_name or o.name for o in c.organisations if o.relation is relation]
        if names:
            lines.append(f"  {fr.enum(relation)} : {', '.join(names)}")
    return _section("Organisations liées au contrat", lines)


def _participants(workshop: Workshop, held: tuple[WorkshopSession, ...]) -> int:
    if workshop.participants_total is not None and len(held) == len(workshop.sessions):
        return workshop.participants_total
    return sum(s.participants_count or 0 for s in held)


def _survey(s: Survey) -> str:
    who = f", {fr.plural(s.respondents, 'répondant')}" if s.respondents else ""
    return f"  {s.title} — {fr.when(s.date, s.period)}{who}"


def _participation(snap: Snapshot) -> list[str]:
    part = snap.participation
    lines = []
    for workshop, sessions in part.workshops:
        dates = ", ".join(fr.date(s.date) for s in sessions)
        n = _participants(workshop, sessions)
        lines.append(f"  {workshop.title} : {fr.plural(len(sessions), 'séance')} ({dates})"
                     + (f" — {fr.plural(n, 'participant')}" if n else ""))
    lines += [_survey(s) for s in part.surveys]
    return _section("Démarche participative", lines + _bullets(part.entries))


# --------------------------------------------------------------------------- figures


def _kinds(by_kind: dict[BodyKind, int]) -> str:
    return ", ".join(fr.plural(n, fr.enum(k).split(" (")[0].lower()) for k, n in by_kind.items())


def _figures(snap: Snapshot) -> list[str]:
    counts = snap.counts
    lines = []
    if counts.reviews:
        lines.append(f"  {fr.plural(counts.reviews, 'revue trimestrielle produite')}")
    if counts.working_groups_met:
        met = fr.plural(counts.working_groups_met, "groupe de travail réuni", _GT_MET)
        lines.append(f"  {met}")
    if counts.meetings_by_kind:
        lines.append(f"  Réunions : {_kinds(counts.meetings_by_kind)}")
    if counts.uncounted_by_kind:
        lines.append(f"  Nombre de réunions non renseigné : {_kinds(counts.uncounted_by_kind)}")
    if counts.workshop_participants:
        lines.append(f"  {fr.plural(counts.workshop_participants, 'habitant')} aux ateliers")
    if counts.survey_respondents:
        lines.append(f"  {fr.plural(counts.survey_respondents, 'répondant')} aux questionnaires")
    return _section("Chiffres de la période", lines)


def _publications(snap: Snapshot) -> list[str]:
    return _section("Documents produits", [
        f"  {p.title} ({fr.enum(p.kind).lower()}, {fr.when(p.date, p.period)})"
        for p in snap.publications])


def _indicators(snap: Snapshot) -> list[str]:
    if not snap.contract.indicators:
        return []
    return ["", f"Indicateurs : {_tally(snap.indicators.contract.counts)}"]


def render_text(snap: Snapshot) -> str:
    lines = _head(snap)
    lines += _section("Avertissements", [f"  • {w}" for w in snap.warnings])
    lines += _actions(snap)
    lines += _general_objectives(snap.general_objectives)
    lines += _facts(snap)
    lines += _bodies(snap)
    lines += _outcomes(snap)
    lines += _contract_entries(snap)
    lines += _indicators(snap)
    lines += _partnership(snap)
    lines += _relations(snap.contract)
    lines += _participation(snap)
    lines += _publications(snap)
    lines += _figures(snap)
    lines += _undated(snap)
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- JSON


def _day(day: dt.date | None) -> str | None:
    return day.isoformat() if day is not None else None


def _span(period: Period | None) -> dict[str, str] | None:
    if period is None:
        return None
    return {"start": period.start.isoformat(), "end": period.end.isoformat()}


def _entry_data(e: JournalEntry) -> dict[str, Any]:
    return {"kind": e.kind.value, "text": e.text, "date": _day(e.date),
            "period": _span(e.period), "actions": list(e.actions), "meeting": e.meeting,
            "outcome_of": e.outcome_of, "tags": list(e.tags)}


def _statuses(statuses: dict[ActionStatus | None, int]) -> dict[str, int]:
    return {s.value: n for s, n in statuses.items() if s is not None}


def _action_data(v: ActionView) -> dict[str, Any]:
    return {
        "id": v.action.id, "code": v.action.code,
        "status": v.status.value if v.status is not None else None,
        "status_date": _day(v.status_date),
        "moved": v.moved, "achieved": [e.text for e in v.achieved],
        "todo": [e.text for e in v.todo], "highlights": [e.text for e in v.highlights],
        "decisions": [e.text for e in v.decisions], "events": [e.text for e in v.events],
        "meetings": [m.id for m in v.meetings],
        "indicators": {a.indicator: a.status.value for a in v.indicators},
    }


def _body_data(a: BodyActivity) -> dict[str, Any]:
    return {"id": a.body.id, "meetings": [m.id for m in a.meetings], "count": a.count,
            "at_least": a.at_least, "loose": [_span(p) for p in a.loose],
            "held_this_year": a.held_this_year, "expected_by_now": a.expected_by_now,
            "behind": a.behind}


def _validation_data(v: Validation) -> dict[str, Any]:
    return {"by": v.by.value, "date": _day(v.date), "note": v.note}


def _signature_data(s: Signature | None) -> dict[str, Any] | None:
    if s is None:
        return None
    return {"date": _day(s.date), "place": s.place, "done": s.done}


def _milestone_data(m: Milestone) -> dict[str, Any]:
    return {"id": m.id, "title": m.title, "phase": m.phase, "start": _day(m.start),
            "end": _day(m.end), "when": m.when, "done": m.done}


def _steps_data(f: ContractFacts | Undated) -> dict[str, Any]:
    """What dated and undated contract facts share: validations, signature, other
    actions, calendar steps."""
    return {
        "validations": [_validation_data(v) for v in f.validations],
        "signature": _signature_data(f.signature),
        "other_actions": [a.id for a in f.other_actions],
        "milestones": [_milestone_data(m) for m in f.milestones],
    }


def _facts_data(snap: Snapshot) -> dict[str, Any]:
    f = snap.facts
    return {
        **_steps_data(f),
        "actions_starting": [a.id for a in f.actions_starting],
        "actions_ending": [a.id for a in f.actions_ending],
    }


def _undated_data(snap: Snapshot) -> dict[str, Any]:
    u = snap.undated
    return {
        **_steps_data(u),
        "contract_period": u.contract_period,
    }


def _contract_data(c: Contract) -> dict[str, Any]:
    s = c.successor
    return {
        "status": c.status.value, "period": _span(c.period),
        "duration_months": c.duration_months,
        "successor": None if s is None else {
            "name": s.name, "generation": s.generation, "period": _span(s.period),
            "duration_months": s.duration_months},
        "organisations_by_relation": {
            r.value: [o.id for o in c.organisations if o.relation is r]
            for r in OrganisationRelation if any(o.relation is r for o in c.organisations)},
    }


def _counts_data(snap: Snapshot) -> dict[str, Any]:
    counts = snap.counts
    return {
        "reviews": counts.reviews,
        "publications": {k.value: n for k, n in counts.publications.items()},
        "meetings_by_kind": {k.value: n for k, n in counts.meetings_by_kind.items()},
        "uncounted_by_kind": {k.value: n for k, n in counts.uncounted_by_kind.items()},
        "working_groups_met": counts.working_groups_met,
        "thematic_meetings": counts.thematic_meetings,
        "workshop_sessions": counts.workshop_sessions,
        "workshop_participants": counts.workshop_participants,
        "survey_respondents": counts.survey_respondents,
        "actions_moved": counts.actions_moved,
        "actions_total": counts.actions_total,
    }


def _partnership_data(snap: Snapshot) -> dict[str, Any]:
    p = snap.partnership
    return {
        "organisations_joined": [o.id for o in p.organisations_joined],
        "partners_joined": [[j.organisation, j.action] for j in p.partners_joined],
        "new_co_pilots": [[j.organisation, j.action] for j in p.new_co_pilots],
        "working_groups_met": [b.id for b in p.working_groups_met],
        "members_joined": [{"body": j.body, "member": j.member, "role": j.role,
                            "date": j.date.isoformat()} for j in p.members_joined],
        "bodies_created": [b.id for b in p.bodies_created],
        "entries": [e.text for e in p.entries],
    }


def _participation_data(snap: Snapshot) -> dict[str, Any]:
    part = snap.participation
    return {
        "workshops": [{"id": w.id, "sessions": [s.date.isoformat() for s in sessions]}
                      for w, sessions in part.workshops],
        "surveys": [s.id for s in part.surveys],
        "entries": [e.text for e in part.entries],
    }


def _objective_data(view: ObjectiveView) -> dict[str, Any]:
    return {"id": view.objective.id, "actions": [v.action.id for v in view.actions],
            "indicators": {s.value: n for s, n in view.indicators.items()}}


def to_data(snap: Snapshot) -> dict[str, Any]:
    """The snapshot as plain data (ids, counts, English keys) for ``--format json``.

    What the record does not say is ``null``: a status not known for the window, a date
    not given.
    """
    return {
        "contract": snap.contract.id,
        "contract_details": _contract_data(snap.contract),
        "window": _span(snap.window),
        "meeting": snap.meeting.id if snap.meeting else None,
        "previous_meeting": snap.previous_meeting.id if snap.previous_meeting else None,
        "warnings": list(snap.warnings),
        "actions": [_action_data(v) for v in snap.actions],
        "axes": [
            {"id": a.axis.id, "actions": [v.action.id for v in a.actions],
             "statuses": _statuses(a.statuses),
             "status_unknown": a.statuses.get(None, 0),
             "indicators": {s.value: n for s, n in a.indicators.items()}}
            for a in snap.axes
        ],
        "general_objectives": [_objective_data(o) for o in snap.general_objectives],
        "indicators": {s.value: n for s, n in snap.indicators.contract.counts.items()},
        "meetings": [m.id for m in snap.meetings],
        "bodies": [_body_data(a) for a in snap.bodies],
        "upcoming": [m.id for m in snap.upcoming],
        "bodies_behind_rhythm": [b.body.id for b in snap.behind_rhythm],
        "outcomes": [_entry_data(e) for e in snap.outcomes],
        "contract_entries": [_entry_data(e) for e in snap.contract_entries],
        "facts": _facts_data(snap),
        "undated": _undated_data(snap),
        "partnership": _partnership_data(snap),
        "participation": _participation_data(snap),
        "publications": [p.id for p in snap.publications],
        "counts": _counts_data(snap),
    }
