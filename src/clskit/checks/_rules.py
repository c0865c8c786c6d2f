"""The built-in rules. Ids are stable: documents and CI configurations cite them."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from typing import Any

from clskit.checks import Finding, rule
from clskit.checks._index import Index, dates_of
from clskit.diagnostics import Path, Severity
from clskit.model import (
    AxisKind,
    Contract,
    Measure,
    MeetingStatus,
    Value,
)

E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO  # noqa: E741


def _each(items: list[Any], name: str) -> Iterator[tuple[Path, Any]]:
    for i, item in enumerate(items):
        yield (name, i), item


def _missing(refs: Iterable[tuple[Path, str | None]], known: Any, what: str) -> Iterator[Finding]:
    for path, ref in refs:
        if ref is not None and ref not in known:
            yield path, f"unknown {what} {ref!r}"


@rule("CLS101", E, "an id is used twice in the same list")
def duplicate_ids(c: Contract, ix: Index) -> Iterator[Finding]:
    lists: dict[str, list[Any]] = {
        "organisations": c.organisations, "people": c.people, "axes": c.axes,
        "objectives": c.objectives, "actions": c.actions, "indicators": c.indicators,
        "bodies": c.bodies, "meetings": c.meetings, "other_actions": c.other_actions,
        "workshops": c.workshops, "surveys": c.surveys, "publications": c.publications,
        "milestones": c.milestones, "related_schemes": c.related_schemes,
    }
    for name, items in lists.items():
        seen: dict[str, int] = {}
        for i, item in enumerate(items):
            if item.id in seen:
                yield (name, i, "id"), f"duplicate id {item.id!r} (also {name}[{seen[item.id]}])"
            else:
                seen[item.id] = i
    # Organisations and people share one namespace: a pilot or member may be either.
    for i, person in enumerate(c.people):
        if person.id in ix.organisations:
            yield ("people", i, "id"), f"id {person.id!r} is also an organisation's id"


@rule("CLS102", E, "a reference to an unknown axis")
def unknown_axis(c: Contract, ix: Index) -> Iterator[Finding]:
    refs: list[tuple[Path, str | None]] = []
    for p, a in _each(c.actions, "actions"):
        refs.append(((*p, "axis"), a.axis))
        refs += [((*p, "transversal_axes", j), r) for j, r in enumerate(a.transversal_axes)]
    refs += [((*p, "axis"), o.axis) for p, o in _each(c.objectives, "objectives")]
    refs += [((*p, "axis"), b.axis) for p, b in _each(c.bodies, "bodies")]
    yield from _missing(refs, ix.axes, "axis")


@rule("CLS103", E, "a reference to an unknown objective")
def unknown_objective(c: Contract, ix: Index) -> Iterator[Finding]:
    refs: list[tuple[Path, str | None]] = []
    for name, items in (("actions", c.actions), ("indicators", c.indicators),
                        ("other_actions", c.other_actions)):
        for p, item in _each(items, name):
            refs += [((*p, "objectives", j), r) for j, r in enumerate(item.objectives)]
    refs += [((*p, "parent"), o.parent) for p, o in _each(c.objectives, "objectives")]
    yield from _missing(refs, ix.objectives, "objective")


@rule("CLS104", E, "a reference to an unknown organisation or person")
def unknown_party(c: Contract, ix: Index) -> Iterator[Finding]:
    orgs, people = ix.organisations, ix.people
    parties = {**orgs, **people}
    yield from _missing([(("territory", "organisation"), c.territory.organisation)], orgs,
                        "organisation")
    yield from _missing([(("coordinator",), c.coordinator)], people, "person")
    for p, s in _each(c.signatories, "signatories"):
        yield from _missing([((*p, "organisation"), s.organisation)], orgs, "organisation")
        yield from _missing([((*p, "representative"), s.representative)]
                            + [((*p, "delegates", j), r) for j, r in enumerate(s.delegates)],
                            people, "person")
    yield from _missing([((*p, "organisation"), x.organisation)
                         for p, x in _each(c.people, "people")], orgs, "organisation")
    yield from _missing([((*p, "parent"), x.parent)
                         for p, x in _each(c.organisations, "organisations")], orgs,
                        "organisation")
    for p, a in _each(c.actions, "actions"):
        yield from _missing([((*p, "pilot"), a.pilot)], parties, "organisation or person")
        yield from _missing([((*p, "partners", j, "organisation"), x.organisation)
                             for j, x in enumerate(a.partners)], parties,
                            "organisation or person")
        yield from _missing([((*p, "funding", j, "funder"), x.funder)
                             for j, x in enumerate(a.funding)], orgs, "organisation")
    for p, b in _each(c.bodies, "bodies"):
        yield from _missing([((*p, "members", j, "member"), x.member)
                             for j, x in enumerate(b.members)] + [((*p, "chair"), b.chair)],
                            parties, "organisation or person")
    for p, mt in _each(c.meetings, "meetings"):
        yield from _missing([((*p, "participants", j), x) for j, x in enumerate(mt.participants)],
                            parties, "organisation or person")
        yield from _missing([((*p, "opened_by", j), x) for j, x in enumerate(mt.opened_by)],
                            people, "person")
    for name, items in (("other_actions", c.other_actions),
                        ("related_schemes", c.related_schemes)):
        yield from _missing([((*p, "organisation"), x.organisation)
                             for p, x in _each(items, name)], orgs, "organisation")


@rule("CLS105", E, "a reference to an unknown body")
def unknown_body(c: Contract, ix: Index) -> Iterator[Finding]:
    refs: list[tuple[Path, str | None]] = []
    for p, b in _each(c.bodies, "bodies"):
        refs += [((*p, "reports_to", j), r) for j, r in enumerate(b.reports_to)]
    refs += [((*p, "body"), w.body) for p, w in _each(c.workshops, "workshops")]
    refs += [((*p, "body"), e.body) for p, e in _each(c.journal, "journal")]
    yield from _missing(refs, ix.bodies, "body")


@rule("CLS106", E, "a reference to an unknown fiche action")
def unknown_action(c: Contract, ix: Index) -> Iterator[Finding]:
    for name, items in (("indicators", c.indicators), ("meetings", c.meetings),
                        ("bodies", c.bodies), ("other_actions", c.other_actions),
                        ("workshops", c.workshops), ("surveys", c.surveys)):
        for p, item in _each(items, name):
            yield from _missing([((*p, "actions", j), r) for j, r in enumerate(item.actions)],
                                ix.actions, "action")


@rule("CLS107", E, "a journal entry about an unknown action or meeting")
def journal_refs(c: Contract, ix: Index) -> Iterator[Finding]:
    for p, e in _each(c.journal, "journal"):
        yield from _missing([((*p, "actions", j), r) for j, r in enumerate(e.actions)],
                            ix.actions, "action")
        yield from _missing([((*p, "meeting"), e.meeting)], ix.meetings, "meeting")


@rule("CLS108", E, "a meeting of an unknown body")
def meeting_body(c: Contract, ix: Index) -> Iterator[Finding]:
    yield from _missing([((*p, "body"), m.body) for p, m in _each(c.meetings, "meetings")],
                        ix.bodies, "body")


@rule("CLS109", W, "a fiche action runs outside the contract period")
def action_outside_period(c: Contract, ix: Index) -> Iterator[Finding]:
    for p, a in _each(c.actions, "actions"):
        for name in ("start", "end"):
            day = getattr(a, name)
            if day is not None and day not in c.period:
                yield (*p, name), f"{day.isoformat()} is outside the contract period {c.period}"


@rule("CLS110", E, "something ends before it starts")
def end_before_start(c: Contract, ix: Index) -> Iterator[Finding]:
    for name, items in (("actions", c.actions), ("milestones", c.milestones)):
        for p, x in _each(items, name):
            if x.start and x.end and x.end < x.start:
                yield (*p, "end"), (f"ends ({x.end.isoformat()}) before it starts "
                                    f"({x.start.isoformat()})")


@rule("CLS111", W, "a fiche action has no pilot")
def no_pilot(c: Contract, ix: Index) -> Iterator[Finding]:
    for p, a in _each(c.actions, "actions"):
        if a.pilot is None and a.pilot_label is None:
            yield p, f"{a.code} has no pilot (porteur)"


@rule("CLS112", W, "a fiche action has no indicator")
def no_indicator(c: Contract, ix: Index) -> Iterator[Finding]:
    measured = {ref for ind in c.indicators for ref in ind.actions}
    for p, a in _each(c.actions, "actions"):
        if a.id not in measured:
            yield p, f"{a.code} has no indicator"


@rule("CLS113", W, "an indicator has no target")
def no_target(c: Contract, ix: Index) -> Iterator[Finding]:
    for p, ind in _each(c.indicators, "indicators"):
        if not ind.targets:
            yield (*p, "targets"), f"indicator {ind.id!r} has no target"


@rule("CLS114", W, "a measurement falls outside the contract period")
def measurement_outside(c: Contract, ix: Index) -> Iterator[Finding]:
    for p, ind in _each(c.indicators, "indicators"):
        for j, m in enumerate(ind.measurements):
            if m.date is not None and m.date not in c.period:
                yield (*p, "measurements", j, "date"), (
                    f"{m.date.isoformat()} is outside the contract period {c.period}")
            elif m.date is None and m.period is not None and not c.period.overlaps(m.period):
                yield (*p, "measurements", j, "period"), (
                    f"{m.period} is outside the contract period {c.period}")


def _fits(measure: Measure, value: Value) -> bool:
    if measure is Measure.MILESTONE:
        return isinstance(value, bool)
    if measure is Measure.QUALITATIVE:
        return isinstance(value, str)
    return isinstance(value, (int, float)) and not isinstance(value, bool)


_EXPECTED = {
    Measure.MILESTONE: "true or false",
    Measure.QUALITATIVE: "a text",
    Measure.NUMBER: "a number",
    Measure.PERCENTAGE: "a number from 0 to 100",
}


def _values(c: Contract) -> Iterator[tuple[Path, Measure, Value]]:
    for p, ind in _each(c.indicators, "indicators"):
        if ind.baseline is not None:
            yield (*p, "baseline", "value"), ind.measure, ind.baseline.value
        for j, t in enumerate(ind.targets):
            yield (*p, "targets", j, "value"), ind.measure, t.value
        for j, m in enumerate(ind.measurements):
            yield (*p, "measurements", j, "value"), ind.measure, m.value


@rule("CLS115", E, "a value does not fit its indicator's measure")
def wrong_measure(c: Contract, ix: Index) -> Iterator[Finding]:
    for path, measure, value in _values(c):
        if not _fits(measure, value):
            yield path, (f"{value!r} does not fit a {measure.value} indicator: expected "
                         f"{_EXPECTED[measure]}")


@rule("CLS118", E, "a percentage outside 0–100")
def percentage_range(c: Contract, ix: Index) -> Iterator[Finding]:
    for path, measure, value in _values(c):
        if (measure is Measure.PERCENTAGE and isinstance(value, (int, float))
                and not isinstance(value, bool) and not 0 <= value <= 100):
            yield path, f"{value} is not a percentage between 0 and 100"


@rule("CLS116", W, "a body met less often than its required rhythm")
def rhythm(c: Contract, ix: Index) -> Iterator[Finding]:
    # A year is judged only once the record holds a later date, so an ongoing year
    # is never reported as missed.
    latest = max(dates_of(c), default=None)
    if latest is None:
        return
    held: Counter[tuple[str, int]] = Counter(
        (m.body, m.when.start.year) for m in c.meetings
        if m.status is MeetingStatus.HELD and m.when is not None
        and m.when.start.year == m.when.end.year
    )
    for p, b in _each(c.bodies, "bodies"):
        if not b.min_meetings_per_year:
            continue
        first = max(c.period.start.year, b.created.year if b.created else 0)
        for year in range(first, min(c.period.end.year, latest.year - 1) + 1):
            count = held[(b.id, year)]
            if count < b.min_meetings_per_year:
                yield (*p, "min_meetings_per_year"), (
                    f"{b.name} met {count} time{'s' if count != 1 else ''} in {year}, "
                    f"fewer than the required {b.min_meetings_per_year}")


@rule("CLS117", W, "a signatory has no representative")
def signatory_representative(c: Contract, ix: Index) -> Iterator[Finding]:
    for p, s in _each(c.signatories, "signatories"):
        if s.representative is None:
            yield p, f"signatory {s.organisation!r} has no representative"


@rule("CLS119", E, "the objectives tree has a cycle")
def objective_cycle(c: Contract, ix: Index) -> Iterator[Finding]:
    for p, o in _each(c.objectives, "objectives"):
        seen = {o.id}
        parent = o.parent
        while parent is not None and parent in ix.objectives:
            if parent in seen:
                yield (*p, "parent"), f"objective {o.id!r} is its own ancestor"
                break
            seen.add(parent)
            parent = ix.objectives[parent].parent


@rule("CLS120", E, "a meeting lists more participants than its count")
def participants_count(c: Contract, ix: Index) -> Iterator[Finding]:
    for p, m in _each(c.meetings, "meetings"):
        if m.participants_count is not None and len(m.participants) > m.participants_count:
            yield (*p, "participants_count"), (
                f"{len(m.participants)} participants are listed but the count is "
                f"{m.participants_count}")


@rule("CLS121", E, "a journal entry has no date, or a date outside its period")
def journal_dates(c: Contract, ix: Index) -> Iterator[Finding]:
    for p, e in _each(c.journal, "journal"):
        yield from _dated(p, e, "a journal entry needs a date or a period", "the entry's")


@rule("CLS122", W, "a fiche action serves an objective of another axis")
def objective_axis(c: Contract, ix: Index) -> Iterator[Finding]:
    for p, a in _each(c.actions, "actions"):
        for j, ref in enumerate(a.objectives):
            objective = ix.objectives.get(ref)
            if a.axis and objective and objective.axis and objective.axis != a.axis:
                yield (*p, "objectives", j), (
                    f"objective {ref!r} belongs to axis {objective.axis!r}, not {a.axis!r}")


@rule("CLS123", E, "a reference to an unknown commune or priority neighbourhood")
def unknown_place(c: Contract, ix: Index) -> Iterator[Finding]:
    for p, a in _each(c.actions, "actions"):
        if a.place is None:
            continue
        yield from _missing([((*p, "place", "communes", j), r)
                             for j, r in enumerate(a.place.communes)], ix.communes, "commune")
        yield from _missing([((*p, "place", "neighbourhoods", j), r)
                             for j, r in enumerate(a.place.neighbourhoods)],
                            ix.neighbourhoods, "priority neighbourhood")
    yield from _missing([(("territory", "priority_neighbourhoods", i, "commune"), q.commune)
                         for i, q in enumerate(c.territory.priority_neighbourhoods)],
                        ix.communes, "commune")


@rule("CLS124", W, "a partner appears twice in one fiche action")
def duplicate_partner(c: Contract, ix: Index) -> Iterator[Finding]:
    for p, a in _each(c.actions, "actions"):
        seen: set[str] = set()
        for j, partner in enumerate(a.partners):
            if partner.organisation in seen:
                yield (*p, "partners", j), (
                    f"{partner.organisation!r} is already a partner of {a.code}")
            seen.add(partner.organisation)


@rule("CLS125", I, "a strategic axis has no fiche action")
def empty_axis(c: Contract, ix: Index) -> Iterator[Finding]:
    used = {a.axis for a in c.actions}
    for p, axis in _each(c.axes, "axes"):
        if axis.kind is AxisKind.STRATEGIC and axis.id not in used:
            yield p, f"{axis.code} has no fiche action"


@rule("CLS126", E, "a count or an amount is negative")
def negative(c: Contract, ix: Index) -> Iterator[Finding]:
    found: list[tuple[Path, float | int | None]] = []
    found += [((*p, "participants_count"), m.participants_count)
              for p, m in _each(c.meetings, "meetings")]
    for p, w in _each(c.workshops, "workshops"):
        found.append(((*p, "participants_total"), w.participants_total))
        found += [((*p, "sessions", j, "participants_count"), s.participants_count)
                  for j, s in enumerate(w.sessions)]
    for p, s in _each(c.surveys, "surveys"):
        found.append(((*p, "respondents"), s.respondents))
        for j, q in enumerate(s.questions):
            found += [((*p, "questions", j, "answers", k, "count"), a.count)
                      for k, a in enumerate(q.answers)]
    for p, a in _each(c.actions, "actions"):
        found += [((*p, "funding", j, "amount"), f.amount) for j, f in enumerate(a.funding)]
    for p, b in _each(c.bodies, "bodies"):
        found.append(((*p, "min_meetings_per_year"), b.min_meetings_per_year))
    for path, value in found:
        if value is not None and value < 0:
            yield path, f"{value} cannot be negative"


@rule("CLS127", E, "a workshop session has more participants than the workshop in total")
def workshop_total(c: Contract, ix: Index) -> Iterator[Finding]:
    for p, w in _each(c.workshops, "workshops"):
        counts = [s.participants_count for s in w.sessions if s.participants_count is not None]
        if w.participants_total is not None and counts and max(counts) > w.participants_total:
            yield (*p, "participants_total"), (
                f"a session had {max(counts)} participants, more than the total "
                f"{w.participants_total}")


@rule("CLS128", W, "a single-choice question has more answers than respondents")
def survey_counts(c: Contract, ix: Index) -> Iterator[Finding]:
    for p, s in _each(c.surveys, "surveys"):
        if s.respondents is None:
            continue
        for j, q in enumerate(s.questions):
            total = sum(a.count for a in q.answers)
            if not q.multiple and total > s.respondents:
                yield (*p, "questions", j), (
                    f"{total} answers to a single-choice question, but {s.respondents} "
                    "respondents")


@rule("CLS129", W, "a to-do is due before it was noted")
def due_before_noted(c: Contract, ix: Index) -> Iterator[Finding]:
    for p, e in _each(c.journal, "journal"):
        noted = e.date or (e.period.start if e.period else None)
        if e.due is not None and noted is not None and e.due < noted:
            yield (*p, "due"), f"due {e.due.isoformat()}, before it was noted ({noted.isoformat()})"


@rule("CLS130", W, "a body's reporting lines form a loop")
def reporting_loop(c: Contract, ix: Index) -> Iterator[Finding]:
    graph: dict[str, list[str]] = defaultdict(list)
    for b in c.bodies:
        graph[b.id].extend(b.reports_to)
    for p, b in _each(c.bodies, "bodies"):
        stack, seen = list(graph[b.id]), set()
        while stack:
            node = stack.pop()
            if node == b.id:
                yield (*p, "reports_to"), f"{b.name} reports, through others, to itself"
                break
            if node not in seen:
                seen.add(node)
                stack.extend(graph.get(node, []))


@rule("CLS131", E, "a meeting has no date, or a date outside its period")
def meeting_dates(c: Contract, ix: Index) -> Iterator[Finding]:
    for p, m in _each(c.meetings, "meetings"):
        yield from _dated(p, m, "a meeting needs a date or, when only loosely known, a period",
                          "the meeting's")


def _dated(p: Path, item: Any, undated: str, whose: str) -> Iterator[Finding]:
    """Journal entries and meetings take a ``date``, a loose ``period``, or both when the
    date falls within the period."""
    if item.date is None and item.period is None:
        yield p, undated
    elif item.date is not None and item.period is not None and item.date not in item.period:
        yield (*p, "date"), f"{item.date.isoformat()} is outside {whose} period {item.period}"
