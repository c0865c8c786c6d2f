"""The view of a contract for a period: computed once, read by every exporter.

A snapshot answers what a quarterly review, a COPIL deck or an ARS report asks of a
period, so that they never disagree on a number:

- an entry of the journal *occurs* in the window when its ``date`` is inside it, or,
  when it only has a loose ``period``, when that period lies wholly inside the window
  (a fact «of 2021» is not known to have happened in 2021-Q4);
- an entry is *reported* in the window when it is linked to a meeting held in it — the
  COPIL deck's cumulative «objectifs atteints» are reported at the COPIL of 7 December
  even when they happened earlier in the year;
- an action *moved* in the window when an entry that is not a to-do occurs in it;
- a meeting (or a workshop session, a survey) counts when it occurs in the window by the
  same rule as entries.

``snapshot(contract, "2021-Q4")`` covers a quarter; ``snapshot(contract,
meeting="copil-2021-12-07")`` covers the time since the previous meeting of the same body
(or since the contract began) up to that meeting, as a COPIL looks back.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from typing import TypeVar

from attrs import define, field

from clskit.indicators import Achievement, IndicatorStatus, RollUp, achievements, rollup
from clskit.model import (
    Action,
    ActionStatus,
    Axis,
    Body,
    BodyKind,
    Contract,
    EntryKind,
    JournalEntry,
    Meeting,
    MeetingStatus,
    Objective,
    Organisation,
    PartnerRole,
    Publication,
    PublicationKind,
    Survey,
    Workshop,
    WorkshopSession,
)
from clskit.period import Period

T = TypeVar("T")


def occurs(date: dt.date | None, period: Period | None, window: Period) -> bool:
    """Whether something dated ``date`` (or loosely ``period``) happened inside ``window``."""
    if date is not None:
        return date in window
    return period is not None and window.contains_period(period)


def _entry_sort_key(entry: JournalEntry) -> tuple[dt.date, int]:
    when = entry.date or (entry.period.start if entry.period else dt.date.min)
    return when, list(EntryKind).index(entry.kind)


def _meeting_sort_key(meeting: Meeting) -> dt.date:
    return meeting.when.start if meeting.when else dt.date.min


@define(frozen=True)
class ActionView:
    """One fiche action in the window."""

    action: Action
    status: ActionStatus
    entries: tuple[JournalEntry, ...]
    reported: tuple[JournalEntry, ...]
    meetings: tuple[Meeting, ...]
    indicators: tuple[Achievement, ...]

    @property
    def moved(self) -> bool:
        return any(e.kind is not EntryKind.TODO for e in self.entries)

    def _of(self, kind: EntryKind) -> tuple[JournalEntry, ...]:
        seen = {id(e) for e in self.entries}
        every = list(self.entries) + [e for e in self.reported if id(e) not in seen]
        return tuple(e for e in every if e.kind is kind)

    @property
    def achieved(self) -> tuple[JournalEntry, ...]:
        """«Objectifs atteints»: achieved entries occurring or reported in the window."""
        return self._of(EntryKind.ACHIEVED)

    @property
    def todo(self) -> tuple[JournalEntry, ...]:
        """«Reste-à-faire»."""
        return self._of(EntryKind.TODO)

    @property
    def highlights(self) -> tuple[JournalEntry, ...]:
        return self._of(EntryKind.HIGHLIGHT)

    @property
    def decisions(self) -> tuple[JournalEntry, ...]:
        return self._of(EntryKind.DECISION)

    @property
    def events(self) -> tuple[JournalEntry, ...]:
        return self._of(EntryKind.EVENT)


@define(frozen=True)
class ObjectiveView:
    """An objective of the tree with the actions that serve it."""

    objective: Objective
    actions: tuple[ActionView, ...]
    indicators: dict[IndicatorStatus, int]


@define(frozen=True)
class AxisView:
    """An axis with its objectives and fiches action."""

    axis: Axis
    objectives: tuple[ObjectiveView, ...]
    actions: tuple[ActionView, ...]
    indicators: dict[IndicatorStatus, int]

    @property
    def statuses(self) -> dict[ActionStatus, int]:
        """How many of its fiches are in each status."""
        return dict(Counter(view.status for view in self.actions))


@define(frozen=True)
class BodyActivity:
    """A body's meetings in the window and whether it keeps its required rhythm."""

    body: Body
    meetings: tuple[Meeting, ...]
    held_this_year: int
    expected_by_now: int

    @property
    def behind(self) -> bool:
        return self.held_this_year < self.expected_by_now


@define(frozen=True)
class PartnerJoin:
    """A partner that joined a fiche action (``Partner.since``) in the window."""

    organisation: str
    action: str
    roles: tuple[PartnerRole, ...]
    date: dt.date


@define(frozen=True)
class Partnership:
    """Partnership dynamics of the window."""

    organisations_joined: tuple[Organisation, ...]
    partners_joined: tuple[PartnerJoin, ...]
    new_co_pilots: tuple[PartnerJoin, ...]
    working_groups_met: tuple[Body, ...]
    entries: tuple[JournalEntry, ...]


@define(frozen=True)
class Counts:
    """The figures a COPIL deck quotes («3 revues produites», «1 COTECH, 1 COPIL»…)."""

    reviews: int
    publications: dict[PublicationKind, int]
    meetings_by_kind: dict[BodyKind, int]
    working_groups_met: int
    thematic_meetings: int
    workshop_sessions: int
    workshop_participants: int
    survey_respondents: int
    actions_moved: int
    actions_total: int


@define(frozen=True)
class Participation:
    """Participatory work of the window: workshop sessions and surveys."""

    workshops: tuple[tuple[Workshop, tuple[WorkshopSession, ...]], ...]
    surveys: tuple[Survey, ...]
    entries: tuple[JournalEntry, ...]


@define(frozen=True)
class Snapshot:
    """Everything the documents of a period say, computed once."""

    contract: Contract
    window: Period
    meeting: Meeting | None
    axes: tuple[AxisView, ...]
    actions: tuple[ActionView, ...]
    contract_entries: tuple[JournalEntry, ...]
    indicators: RollUp
    achievements: dict[str, Achievement]
    bodies: tuple[BodyActivity, ...]
    meetings: tuple[Meeting, ...]
    upcoming: tuple[Meeting, ...]
    partnership: Partnership
    participation: Participation
    publications: tuple[Publication, ...]
    counts: Counts
    previous_meeting: Meeting | None = field(default=None)

    @property
    def moved(self) -> tuple[ActionView, ...]:
        """The fiches that moved in the window, in contract order."""
        return tuple(view for view in self.actions if view.moved)

    @property
    def still(self) -> tuple[ActionView, ...]:
        """The fiches that did not move."""
        return tuple(view for view in self.actions if not view.moved)

    @property
    def behind_rhythm(self) -> tuple[BodyActivity, ...]:
        return tuple(activity for activity in self.bodies if activity.behind)

    def action(self, action_id: str) -> ActionView:
        for view in self.actions:
            if view.action.id == action_id:
                return view
        raise KeyError(action_id)


# --------------------------------------------------------------------------- building


def default_period(contract: Contract) -> Period:
    """The quarter of the latest dated fact of the record: the default of ``clskit status``
    and ``clskit export``, deterministic for the same files."""
    from clskit.checks._index import dates_of

    latest = max(dates_of(contract), default=contract.period.start)
    return Period.quarter(latest.year, (latest.month - 1) // 3 + 1)


def _find_meeting(contract: Contract, meeting: str | dt.date) -> Meeting:
    if isinstance(meeting, str):
        for m in contract.meetings:
            if m.id == meeting:
                return m
        try:
            meeting = dt.date.fromisoformat(meeting)
        except ValueError:
            raise KeyError(f"no meeting {meeting!r} in the contract") from None
    found = [m for m in contract.meetings if m.date == meeting]
    if not found:
        raise KeyError(f"no meeting on {meeting.isoformat()} in the contract")
    kinds = {b.id: b.kind for b in contract.bodies}
    # A date may see several meetings; the steering committee is the one a deck serves.
    found.sort(key=lambda m: (kinds.get(m.body) is not BodyKind.COPIL, m.id))
    return found[0]


def _meeting_window(contract: Contract, meeting: Meeting) -> tuple[Period, Meeting | None]:
    if meeting.date is None:
        raise ValueError(f"meeting {meeting.id!r} has no exact date to look back from")
    earlier = [
        m for m in contract.meetings
        if m.body == meeting.body and m is not meeting and m.status is MeetingStatus.HELD
        and m.date is not None and m.date < meeting.date
    ]
    previous = max(earlier, key=lambda m: m.date or dt.date.min, default=None)
    start = previous.date + dt.timedelta(days=1) if previous and previous.date else \
        contract.period.start
    return Period(min(start, meeting.date), meeting.date), previous


def _status_at(action: Action, journal: Iterable[JournalEntry], end: dt.date) -> ActionStatus:
    changes = [
        e for e in journal
        if e.status is not None and action.id in e.actions
        and (e.date or (e.period.end if e.period else dt.date.max)) <= end
    ]
    if not changes:
        return action.status
    last = max(changes, key=_entry_sort_key)
    assert last.status is not None
    return last.status


def _rhythm(body: Body, meetings: list[Meeting], window: Period) -> BodyActivity:
    year = window.end.year
    year_so_far = Period(dt.date(year, 1, 1), window.end)
    held = [m for m in meetings if m.body == body.id and m.status is MeetingStatus.HELD
            and m.when is not None and year_so_far.contains_period(m.when)]
    expected = 0
    if body.min_meetings_per_year:
        # Pro rata of the year elapsed, rounded down: a COPIL due once a year is not
        # behind in June, and is behind on 31 December without a meeting.
        share = year_so_far.days / Period.year(year).days
        expected = int(body.min_meetings_per_year * share + 1e-9)
    in_window = tuple(sorted(
        (m for m in meetings if m.body == body.id and m.status is MeetingStatus.HELD
         and m.when is not None and window.contains_period(m.when)),
        key=_meeting_sort_key))
    return BodyActivity(body, in_window, len(held), expected)


def snapshot(
    contract: Contract,
    period: Period | str | None = None,
    *,
    meeting: str | dt.date | None = None,
) -> Snapshot:
    """The snapshot of ``contract`` for ``period`` (``"2021-Q4"``, ``"2021"``, a
    :class:`Period`) or as of ``meeting`` (an id or a date). Exactly one is needed.

    Raises ``KeyError`` for an unknown meeting, ``ValueError`` for a bad period.
    """
    if (period is None) == (meeting is None):
        raise ValueError("give a period or a meeting (exactly one)")
    current: Meeting | None = None
    previous: Meeting | None = None
    if meeting is not None:
        current = _find_meeting(contract, meeting)
        window, previous = _meeting_window(contract, current)
    else:
        assert period is not None
        window = Period.parse(period) if isinstance(period, str) else period

    held_here = {
        m.id for m in contract.meetings
        if m.status is MeetingStatus.HELD and m.when is not None
        and window.contains_period(m.when)
    }
    if current is not None:
        held_here.add(current.id)
    journal = sorted(contract.journal, key=_entry_sort_key)
    occurring = [e for e in journal if occurs(e.date, e.period, window)]
    reported = [e for e in journal if e.meeting in held_here]

    achieved_by_id = achievements(contract, window.end)
    bodies_by_id = {b.id: b for b in contract.bodies}
    meetings = sorted(
        (m for m in contract.meetings if m.id in held_here), key=_meeting_sort_key)

    views: list[ActionView] = []
    for action in contract.actions:
        related = tuple(
            m for m in meetings
            if action.id in m.actions
            or (m.body in bodies_by_id and action.id in bodies_by_id[m.body].actions)
        )
        views.append(ActionView(
            action=action,
            status=_status_at(action, journal, window.end),
            entries=tuple(e for e in occurring if action.id in e.actions),
            reported=tuple(e for e in reported if action.id in e.actions),
            meetings=related,
            indicators=tuple(achieved_by_id[i.id] for i in contract.indicators
                             if action.id in i.actions),
        ))

    rolled = rollup(contract, window.end)
    by_action = {view.action.id: view for view in views}
    axes: list[AxisView] = []
    for axis in contract.axes:
        axis_actions = tuple(v for v in views
                             if v.action.axis == axis.id or axis.id in v.action.transversal_axes)
        objectives = tuple(
            ObjectiveView(
                objective=o,
                actions=tuple(by_action[a.id] for a in contract.actions if o.id in a.objectives),
                indicators=rolled.by_objective[o.id].counts,
            )
            for o in contract.objectives if o.axis == axis.id
        )
        axes.append(AxisView(axis, objectives, axis_actions,
                             rolled.by_axis[axis.id].counts))

    activities = tuple(_rhythm(b, contract.meetings, window) for b in contract.bodies)
    upcoming = tuple(sorted(
        (m for m in contract.meetings if m.status is MeetingStatus.PLANNED
         and m.when is not None and m.when.start > window.end),
        key=_meeting_sort_key))

    partnership = _partnership(contract, window, occurring, reported, bodies_by_id, meetings)
    participation = _participation(contract, window, occurring, reported)
    publications = tuple(p for p in contract.publications if _produced(p, window))
    counts = _counts(contract, window, meetings, bodies_by_id, partnership, participation,
                     publications, views)
    contract_entries = tuple(
        _unique_entries([e for e in occurring if not e.actions]
                        + [e for e in reported if not e.actions]))
    return Snapshot(
        contract=contract, window=window, meeting=current, axes=tuple(axes),
        actions=tuple(views), contract_entries=contract_entries, indicators=rolled,
        achievements=achieved_by_id, bodies=activities, meetings=tuple(meetings),
        upcoming=upcoming, partnership=partnership, participation=participation,
        publications=publications, counts=counts, previous_meeting=previous,
    )


def _unique_entries(entries: list[JournalEntry]) -> list[JournalEntry]:
    seen: set[int] = set()
    out = []
    for e in sorted(entries, key=_entry_sort_key):
        if id(e) not in seen:
            seen.add(id(e))
            out.append(e)
    return out


def _produced(publication: Publication, window: Period) -> bool:
    # A review is published at the end of the period it covers when no date is given.
    if publication.date is not None:
        return publication.date in window
    return publication.period is not None and publication.period.end in window


def _partnership(contract: Contract, window: Period, occurring: list[JournalEntry],
                 reported: list[JournalEntry], bodies: dict[str, Body],
                 meetings: list[Meeting]) -> Partnership:
    joined = tuple(o for o in contract.organisations if o.joined and o.joined in window)
    partners = tuple(
        PartnerJoin(p.organisation, a.id, tuple(p.roles), p.since)
        for a in contract.actions for p in a.partners if p.since and p.since in window
    )
    co_pilots = tuple(j for j in partners if PartnerRole.CO_PILOTING in j.roles)
    groups: list[Body] = []
    for m in meetings:
        body = bodies.get(m.body)
        if body is not None and body.kind is BodyKind.WORKING_GROUP and body not in groups:
            groups.append(body)
    entries = _unique_entries([e for e in occurring + reported if "partnership" in e.tags])
    return Partnership(joined, partners, co_pilots, tuple(groups), tuple(entries))


def _participation(contract: Contract, window: Period, occurring: list[JournalEntry],
                   reported: list[JournalEntry]) -> Participation:
    workshops = []
    for w in contract.workshops:
        sessions = tuple(s for s in w.sessions if s.date in window)
        if sessions:
            workshops.append((w, sessions))
    surveys = tuple(s for s in contract.surveys if s.date and s.date in window)
    entries = _unique_entries([e for e in occurring + reported if "participation" in e.tags])
    return Participation(tuple(workshops), surveys, tuple(entries))


def _counts(contract: Contract, window: Period, meetings: list[Meeting],
            bodies: dict[str, Body], partnership: Partnership, participation: Participation,
            publications: tuple[Publication, ...], views: list[ActionView]) -> Counts:
    by_kind: Counter[BodyKind] = Counter()
    for m in meetings:
        body = bodies.get(m.body)
        if body is not None:
            by_kind[body.kind] += 1
    participants = 0
    sessions = 0
    for workshop, held in participation.workshops:
        sessions += len(held)
        if workshop.participants_total is not None and len(held) == len(workshop.sessions):
            participants += workshop.participants_total
        else:
            participants += sum(s.participants_count or 0 for s in held)
    return Counts(
        reviews=sum(p.kind is PublicationKind.QUARTERLY_REVIEW for p in publications),
        publications=dict(Counter(p.kind for p in publications)),
        meetings_by_kind=dict(by_kind),
        working_groups_met=len(partnership.working_groups_met),
        thematic_meetings=by_kind[BodyKind.THEMATIC_COMMITTEE] + by_kind[BodyKind.OTHER],
        workshop_sessions=sessions,
        workshop_participants=participants,
        survey_respondents=sum(s.respondents or 0 for s in participation.surveys),
        actions_moved=sum(v.moved for v in views),
        actions_total=len(views),
    )


__all__ = [
    "ActionView",
    "AxisView",
    "BodyActivity",
    "Counts",
    "ObjectiveView",
    "Participation",
    "PartnerJoin",
    "Partnership",
    "Snapshot",
    "default_period",
    "occurs",
    "snapshot",
]
