"""The built-in rules. Ids are stable: documents and CI configurations cite them."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from typing import Any

import attrs

from clskit._text import suggest
from clskit.checks import Finding, rule
from clskit.checks._index import Index, dates_of
from clskit.diagnostics import Path, Severity, format_path
from clskit.model import (
    AxisKind,
    Contract,
    Measure,
    MeetingStatus,
    Value,
)
from clskit.period import Period

E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO  # noqa: E741


def _each(items: list[Any], name: str) -> Iterator[tuple[Path, Any]]:
    for i, item in enumerate(items):
        yield (name, i), item


def _missing(refs: Iterable[tuple[Path, str | None]], ix: Index, what: str,
             *collections: str) -> Iterator[Finding]:
    """References among ``refs`` to none of the ids of ``collections``, with the closest
    id when one is close. A reference to an id that a file or an item which could not be
    read declares is not reported: the reading error is, and notes it."""
    known = [ix.of(name) for name in collections]
    for path, ref in refs:
        if ref is None or any(ref in ids for ids in known):
            continue
        holder = ix.unread.holder(ref, collections)
        if holder is not None:
            ix.unread.skip(holder, ref, path)
            continue
        message = f"unknown {what} {ref!r}"
        guess = suggest(ref, [id_ for ids in known for id_ in ids]
                        + ix.unread.declared(collections))
        if guess:
            message += f" (did you mean {guess!r}?)"
        yield path, message


def _unread(ix: Index, p: Path, *names: str) -> bool:
    """True when one of the fields ``names`` of the item at ``p`` was written but could
    not be read: a rule about its absence would only repeat the reading error."""
    return any(ix.unread.field((*p, name)) for name in names)


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
                first: Path = (name, seen[item.id], "id")
                yield ((name, i, "id"), f"duplicate id {item.id!r} (also "
                       f"{format_path(first)})", first)
            else:
                seen[item.id] = i
    # Organisations and people share one namespace: a pilot or member may be either.
    for i, person in enumerate(c.people):
        if person.id in ix.organisations:
            index = next(j for j, o in enumerate(c.organisations) if o.id == person.id)
            other: Path = ("organisations", index, "id")
            yield (("people", i, "id"), f"id {person.id!r} is also an organisation's id "
                   f"(also {format_path(other)})", other)


@rule("CLS102", E, "a reference to an unknown axis")
def unknown_axis(c: Contract, ix: Index) -> Iterator[Finding]:
    refs: list[tuple[Path, str | None]] = []
    for p, a in _each(c.actions, "actions"):
        refs.append(((*p, "axis"), a.axis))
        refs += [((*p, "transversal_axes", j), r) for j, r in enumerate(a.transversal_axes)]
    refs += [((*p, "axis"), o.axis) for p, o in _each(c.objectives, "objectives")]
    refs += [((*p, "axis"), b.axis) for p, b in _each(c.bodies, "bodies")]
    yield from _missing(refs, ix, "axis", "axes")


@rule("CLS103", E, "a reference to an unknown objective")
def unknown_objective(c: Contract, ix: Index) -> Iterator[Finding]:
    refs: list[tuple[Path, str | None]] = []
    for name, items in (("actions", c.actions), ("indicators", c.indicators),
                        ("other_actions", c.other_actions)):
        for p, item in _each(items, name):
            refs += [((*p, "objectives", j), r) for j, r in enumerate(item.objectives)]
    refs += [((*p, "parent"), o.parent) for p, o in _each(c.objectives, "objectives")]
    yield from _missing(refs, ix, "objective", "objectives")


@rule("CLS104", E, "a reference to an unknown organisation or person")
def unknown_party(c: Contract, ix: Index) -> Iterator[Finding]:
    def orgs(refs: list[tuple[Path, str | None]]) -> Iterator[Finding]:
        return _missing(refs, ix, "organisation", "organisations")

    def people(refs: list[tuple[Path, str | None]]) -> Iterator[Finding]:
        return _missing(refs, ix, "person", "people")

    def parties(refs: list[tuple[Path, str | None]]) -> Iterator[Finding]:
        return _missing(refs, ix, "organisation or person", "organisations", "people")

    yield from orgs([(("territory", "organisation"), c.territory.organisation)])
    yield from people([(("coordinator",), c.coordinator)])
    for p, s in _each(c.signatories, "signatories"):
        yield from orgs([((*p, "organisation"), s.organisation)])
        yield from people([((*p, "representative"), s.representative)]
                          + [((*p, "delegates", j), r) for j, r in enumerate(s.delegates)])
    yield from orgs([((*p, "organisation"), x.organisation) for p, x in _each(c.people, "people")])
    yield from orgs([((*p, "parent"), x.parent)
                     for p, x in _each(c.organisations, "organisations")])
    for p, a in _each(c.actions, "actions"):
        yield from parties([((*p, "pilot"), a.pilot)])
        yield from parties([((*p, "partners", j, "organisation"), x.organisation)
                            for j, x in enumerate(a.partners)])
        yield from orgs([((*p, "funding", j, "funder"), x.funder)
                         for j, x in enumerate(a.funding)])
    for p, b in _each(c.bodies, "bodies"):
        yield from parties([((*p, "members", j, "member"), x.member)
                            for j, x in enumerate(b.members)] + [((*p, "chair"), b.chair)])
    for p, mt in _each(c.meetings, "meetings"):
        yield from parties([((*p, "participants", j), x) for j, x in enumerate(mt.participants)])
        yield from people([((*p, "opened_by", j), x) for j, x in enumerate(mt.opened_by)])
    for name, items in (("other_actions", c.other_actions),
                        ("related_schemes", c.related_schemes)):
        yield from orgs([((*p, "organisation"), x.organisation) for p, x in _each(items, name)])


@rule("CLS105", E, "a reference to an unknown body")
def unknown_body(c: Contract, ix: Index) -> Iterator[Finding]:
    refs: list[tuple[Path, str | None]] = []
    for p, b in _each(c.bodies, "bodies"):
        refs += [((*p, "reports_to", j), r) for j, r in enumerate(b.reports_to)]
    refs += [((*p, "body"), w.body) for p, w in _each(c.workshops, "workshops")]
    refs += [((*p, "body"), e.body) for p, e in _each(c.journal, "journal")]
    yield from _missing(refs, ix, "body", "bodies")


@rule("CLS106", E, "a reference to an unknown fiche action")
def unknown_action(c: Contract, ix: Index) -> Iterator[Finding]:
    for name, items in (("indicators", c.indicators), ("meetings", c.meetings),
                        ("bodies", c.bodies), ("other_actions", c.other_actions),
                        ("workshops", c.workshops), ("surveys", c.surveys)):
        for p, item in _each(items, name):
            yield from _missing([((*p, "actions", j), r) for j, r in enumerate(item.actions)],
                                ix, "action", "actions")


@rule("CLS107", E, "a journal entry about an unknown action or meeting")
def journal_refs(c: Contract, ix: Index) -> Iterator[Finding]:
    for p, e in _each(c.journal, "journal"):
        yield from _missing([((*p, "actions", j), r) for j, r in enumerate(e.actions)],
                            ix, "action", "actions")
        yield from _missing([((*p, "meeting"), e.meeting)], ix, "meeting", "meetings")


@rule("CLS108", E, "a meeting of an unknown body")
def meeting_body(c: Contract, ix: Index) -> Iterator[Finding]:
    yield from _missing([((*p, "body"), m.body) for p, m in _each(c.meetings, "meetings")],
                        ix, "body", "bodies")


@rule("CLS109", W, "a fiche action runs outside the contract period")
def action_outside_period(c: Contract, ix: Index) -> Iterator[Finding]:
    if c.period is None:  # a contract whose dates are not known: nothing to compare with
        return
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
    # Periods read from files are refused when they end first; built in Python they are not.
    for path, period in _periods(c):
        if not period.is_valid:
            yield path, (f"the period ends ({period.end.isoformat()}) before it starts "
                         f"({period.start.isoformat()})")


def _periods(c: Contract) -> Iterator[tuple[Path, Period]]:
    """Every period of the record, with its path."""
    if c.period is not None:
        yield ("period",), c.period
    if c.successor is not None and c.successor.period is not None:
        yield ("successor", "period"), c.successor.period
    for name, items in (("meetings", c.meetings), ("journal", c.journal),
                        ("other_actions", c.other_actions), ("surveys", c.surveys),
                        ("publications", c.publications)):
        for p, x in _each(items, name):
            if x.period is not None:
                yield (*p, "period"), x.period
    for p, ind in _each(c.indicators, "indicators"):
        for name, values in (("targets", ind.targets), ("measurements", ind.measurements)):
            for j, v in enumerate(values):
                if v.period is not None:
                    yield (*p, name, j, "period"), v.period


@rule("CLS111", W, "a fiche action has no pilot")
def no_pilot(c: Contract, ix: Index) -> Iterator[Finding]:
    for p, a in _each(c.actions, "actions"):
        if a.pilot is None and a.pilot_label is None and not _unread(ix, p, "pilot",
                                                                      "pilot_label"):
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
    if c.period is None:
        return
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
    held: Counter[tuple[str, int]] = Counter()
    uncounted: set[tuple[str, int]] = set()  # met an unknown number of times that year
    first_met: dict[str, int] = {}
    unsure: set[str] = set()  # a meeting's date could not be read: any year may be short
    for p, m in _each(c.meetings, "meetings"):
        if m.when is None and _unread(ix, p, "date", "period"):
            unsure.add(m.body)
        if (m.status is MeetingStatus.HELD and m.when is not None
                and m.when.start.year == m.when.end.year):
            key = (m.body, m.when.start.year)
            first_met[m.body] = min(first_met.get(m.body, key[1]), key[1])
            if m.count is None:
                uncounted.add(key)
            else:
                held[key] += max(m.count, 0)
    for p, b in _each(c.bodies, "bodies"):
        if not b.min_meetings_per_year or b.id in unsure:
            continue
        if c.period is not None:
            first = max(c.period.start.year, b.created.year if b.created else 0)
            last = min(c.period.end.year, latest.year - 1)
        else:
            # No known contract dates: judge the years after the body was set up (or
            # first met), since the first may have begun late.
            since = b.created.year if b.created else first_met.get(b.id)
            if since is None:
                continue
            first, last = since + 1, latest.year - 1
        for year in range(first, last + 1):
            count = held[(b.id, year)]
            if count < b.min_meetings_per_year and (b.id, year) not in uncounted:
                yield (*p, "min_meetings_per_year"), (
                    f"{b.name} met {count} time{'s' if count != 1 else ''} in {year}, "
                    f"fewer than the required {b.min_meetings_per_year}")


@rule("CLS117", W, "a signatory has no representative")
def signatory_representative(c: Contract, ix: Index) -> Iterator[Finding]:
    for p, s in _each(c.signatories, "signatories"):
        if s.representative is None and not _unread(ix, p, "representative"):
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
        yield from _dated(ix, p, e, "a journal entry needs a date or a period", "the entry's")


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
                             for j, r in enumerate(a.place.communes)], ix, "commune", "communes")
        yield from _missing([((*p, "place", "neighbourhoods", j), r)
                             for j, r in enumerate(a.place.neighbourhoods)],
                            ix, "priority neighbourhood", "neighbourhoods")
    yield from _missing([(("territory", "priority_neighbourhoods", i, "commune"), q.commune)
                         for i, q in enumerate(c.territory.priority_neighbourhoods)],
                        ix, "commune", "communes")


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
    found: list[tuple[Path, float | int | None]] = [(("duration_months",), c.duration_months)]
    if c.successor is not None:
        found.append((("successor", "duration_months"), c.successor.duration_months))
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
        yield from _dated(ix, p, m,
                          "a meeting needs a date or, when only loosely known, a period",
                          "the meeting's")


def _dated(ix: Index, p: Path, item: Any, undated: str, whose: str) -> Iterator[Finding]:
    """Journal entries and meetings take a ``date``, a loose ``period``, or both when the
    date falls within the period. A date or period written but unreadable is reported
    where it is written, not again as missing."""
    if item.date is None and item.period is None:
        if undated and not _unread(ix, p, "date", "period"):
            yield p, undated
    elif item.date is not None and item.period is not None and item.date not in item.period:
        yield (*p, "date"), f"{item.date.isoformat()} is outside {whose} period {item.period}"


@rule("CLS132", E, "a report or an outcome of an unknown meeting")
def unknown_meeting(c: Contract, ix: Index) -> Iterator[Finding]:
    refs: list[tuple[Path, str | None]] = []
    refs += [((*p, "outcome_of"), e.outcome_of) for p, e in _each(c.journal, "journal")]
    refs += [((*p, "reported_at"), m.reported_at) for p, m in _each(c.meetings, "meetings")]
    for p, ind in _each(c.indicators, "indicators"):
        refs += [((*p, "measurements", j, "reported_at"), m.reported_at)
                 for j, m in enumerate(ind.measurements)]
    yield from _missing(refs, ix, "meeting", "meetings")


@rule("CLS133", E, "a journal entry is both shown to a meeting and an outcome of it")
def shown_and_outcome(c: Contract, ix: Index) -> Iterator[Finding]:
    for p, e in _each(c.journal, "journal"):
        if e.meeting is not None and e.meeting == e.outcome_of:
            yield (*p, "outcome_of"), (
                f"the entry is both shown to meeting {e.meeting!r} (meeting) and an outcome "
                "of it (outcome_of): an entry is either shown to a meeting or an outcome of "
                "it; keep one")


@rule("CLS134", E, "a meeting entry stands for fewer than one meeting")
def meeting_count(c: Contract, ix: Index) -> Iterator[Finding]:
    for p, m in _each(c.meetings, "meetings"):
        if m.count is not None and m.count < 1:
            yield (*p, "count"), (
                f"count {m.count}: an entry stands for at least one meeting (leave count out "
                "for one, write null when the number is not known)")


@rule("CLS135", W, "an objective has no axis and no parent")
def objective_without_axis(c: Contract, ix: Index) -> Iterator[Finding]:
    for p, o in _each(c.objectives, "objectives"):
        if o.axis is None and o.parent is None and not _unread(ix, p, "axis", "parent"):
            yield p, (f"objective {o.id!r} has no axis: it is shown among the contract's "
                      "general objectives")


@rule("CLS136", I, "a contract has neither a period nor a duration")
def contract_undated(c: Contract, ix: Index) -> Iterator[Finding]:
    if (c.period is None and c.duration_months is None
            and not _unread(ix, (), "period", "duration_months")):
        yield (), ("the contract has no period and no duration_months: dates cannot be "
                   "checked against it")


@rule("CLS137", E, "an other action or a survey has a date outside its period")
def loose_dates(c: Contract, ix: Index) -> Iterator[Finding]:
    for name, items, whose in (("other_actions", c.other_actions, "the action's"),
                               ("surveys", c.surveys, "the survey's")):
        for p, x in _each(items, name):
            yield from _dated(ix, p, x, "", whose)


#: What an id is: what every output can carry as it is (a file name, an iCalendar UID, an
#: XML attribute, a URL fragment) — no space, no line break, no control character.
ID_SYNTAX = re.compile(r"^\w[\w.-]{0,99}$")
ID_FORMS = ("1 to 100 letters, digits, «-», «_» or «.», starting with a letter or a digit "
            "(fa-03, cpam77, copil-2021-12-07)")


#: The field names of each model class (``None``: not a model object), looked up once.
_FIELD_NAMES: dict[type, tuple[str, ...] | None] = {}


def field_names(cls: type) -> tuple[str, ...] | None:
    """The attrs field names of ``cls``, or ``None`` when it is no model object."""
    try:
        return _FIELD_NAMES[cls]
    except KeyError:
        names = (tuple(a.name for a in attrs.fields(cls))
                 if attrs.has(cls) and not issubclass(cls, Period) else None)
        _FIELD_NAMES[cls] = names
        return names


def _objects(value: Any, path: Path, out: list[tuple[Path, Any]]) -> None:
    """Every model object under the model object ``value`` with its path, ``value``
    first, into ``out``. Leaves (texts, numbers, dates: five in six values) are passed
    over without a call."""
    out.append((path, value))
    for name in field_names(type(value)) or ():
        item = getattr(value, name)
        if isinstance(item, list):
            _items(item, (*path, name), out)
        elif field_names(type(item)) is not None:
            _objects(item, (*path, name), out)


def _items(values: list[Any], path: Path, out: list[tuple[Path, Any]]) -> None:
    for i, item in enumerate(values):
        if isinstance(item, list):
            _items(item, (*path, i), out)
        elif field_names(type(item)) is not None:
            _objects(item, (*path, i), out)


def objects_of(c: Contract, ix: Index) -> list[tuple[Path, Any]]:
    """Every model object of ``c`` with its path, the contract first: walked once for
    all the rules of a check (the index is made for one)."""
    if ix.walked is None or ix.walked[0] is not c:
        found: list[tuple[Path, Any]] = []
        _objects(c, (), found)
        ix.walked = (c, found)
    return ix.walked[1]


@rule("CLS138", E, "an id is not a valid identifier")
def id_syntax(c: Contract, ix: Index) -> Iterator[Finding]:
    for p, x in objects_of(c, ix):
        id_ = getattr(x, "id", None)
        if isinstance(id_, str) and not ID_SYNTAX.match(id_) and not _unread(ix, p, "id"):
            what = "the id is empty" if not id_ else f"{id_!r} is not an identifier"
            yield (*p, "id"), f"{what}: an id is {ID_FORMS}"


#: How far from the contract's period a date may lie before it looks mistyped.
FAR_YEARS = 10
#: The years a date of a record with no period may fall in (CLS began in 2009).
PLAUSIBLE = Period(dt.date(1990, 1, 1), dt.date(2099, 12, 31))


def _far_window(c: Contract) -> tuple[Period, str]:
    if c.period is not None and c.period.is_valid and PLAUSIBLE.contains_period(c.period):
        start, end = c.period.start, c.period.end
        window = Period(dt.date(max(start.year - FAR_YEARS, 1), 1, 1),
                        dt.date(min(end.year + FAR_YEARS, 9999), 12, 31))
        return window, f"more than {FAR_YEARS} years from the contract period {c.period}"
    return PLAUSIBLE, f"outside {PLAUSIBLE.start.year}–{PLAUSIBLE.end.year}"


def _compared(p: Path, name: str) -> bool:
    """Dates the rules CLS109 (a fiche's start and end) and CLS114 (measurements) already
    compare with the contract's period."""
    if p[:1] == ("actions",) and len(p) == 2:
        return name in ("start", "end")
    return p[:1] == ("indicators",) and len(p) == 4 and p[2] == "measurements" \
        and name in ("date", "period")


_DATED: dict[type, bool] = {}


def _holds_dates(cls: type) -> bool:
    """Whether values of ``cls`` are dates or periods (remembered: CLS139 asks it of
    every value of the record)."""
    try:
        return _DATED[cls]
    except KeyError:
        dated = _DATED[cls] = issubclass(cls, dt.date | Period)
        return dated


@rule("CLS139", W, "a date lies far from the contract's period")
def far_dates(c: Contract, ix: Index) -> Iterator[Finding]:
    window, how = _far_window(c)
    for p, x in objects_of(c, ix):
        for name in field_names(type(x)) or ():
            value = getattr(x, name)
            if not _holds_dates(type(value)) or (c.period is not None and _compared(p, name)):
                continue
            where = (*p, name)
            if isinstance(value, dt.date):
                days = [value]
            elif isinstance(value, Period) and (p, name) != ((), "period"):
                days = [value.start, value.end]
            elif isinstance(value, Period):  # the contract's own: judged on its own
                if not PLAUSIBLE.contains_period(value) and value.is_valid:
                    yield where, (f"the contract period {value} lies outside "
                                  f"{PLAUSIBLE.start.year}–{PLAUSIBLE.end.year}: is a year "
                                  "mistyped?")
                continue
            else:
                continue
            far = [d for d in days if d not in window]
            if far:
                yield where, (f"{far[0].isoformat()} is {how}: is the year mistyped?")
