"""The view of a contract for a period: computed once, read by every exporter.

A snapshot answers what a quarterly review, a COPIL deck or an ARS report asks of a
window, so that they never disagree on a number. The rules, with worked examples from
the seeds, are in ``docs/analysis.md``; in short:

- a dated fact *occurs* in the window when its ``date`` is inside it, or, when it only
  has a loose ``period``, when that period lies wholly inside the window (a fact «of
  2021» is not known to have happened in 2021-Q4);
- as of a meeting, what is *reported* at a meeting held in the window (the meeting
  itself included) and whose period overlaps the window belongs to it as well: a COPIL
  counts what it is shown;
- an *outcome* of a meeting (``outcome_of``: a decision taken, a conclusion drawn there)
  happens on the meeting's day, and is never part of a snapshot as of that meeting;
- an action *moved* when an entry that is not a to-do belongs to the window;
- its status is the last dated status change on or before the window's end, else its
  recorded status when that is dated (``status_date``) or the window reaches the
  record's present; otherwise it is not known (``None``).

``snapshot(contract, "2021-Q4")`` covers a quarter; ``snapshot(contract,
meeting="copil-2021-12-07")`` covers the time since the previous meeting of the same body
(or since the contract began) up to that meeting, as a COPIL looks back.

The module is callable: ``clskit.snapshot(contract, "2021-Q4")`` calls :func:`snapshot`,
and ``help(clskit.snapshot)`` shows this guide with every class of the view.

What a snapshot holds, for an exporter: :class:`Snapshot` (the window, its
:class:`ActionView` per fiche, :class:`AxisView` and :class:`ObjectiveView` for the
tree, :class:`BodyActivity` per body, :class:`Counts`, :class:`Partnership`,
:class:`Participation`, :class:`ContractFacts`, :class:`Undated`) and, from
:mod:`clskit.indicators`, :class:`~clskit.indicators.Achievement` and
:class:`~clskit.indicators.RollUp`. Every attribute is documented on its class.
"""

from __future__ import annotations

import datetime as dt
import sys
import types
from collections import Counter
from collections.abc import Iterable
from typing import TypeVar

from attrs import define, field

from clskit._records import FrozenRecord
from clskit.indicators import Achievement, IndicatorStatus, RollUp, rollup
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
    Milestone,
    Objective,
    Organisation,
    OtherAction,
    PartnerRole,
    Publication,
    PublicationKind,
    Signature,
    Survey,
    Validation,
    Workshop,
    WorkshopSession,
)
from clskit.period import Period, known_on

T = TypeVar("T")


def occurs(date: dt.date | None, period: Period | None, window: Period) -> bool:
    """Whether something dated ``date`` (or loosely ``period``) happened inside ``window``."""
    if date is not None:
        return date in window
    return period is not None and window.contains_period(period)


def _overlaps(date: dt.date | None, period: Period | None, window: Period) -> bool:
    """Whether a fact may have happened in ``window``: undated facts may have."""
    if date is not None:
        return date in window
    return period is None or window.overlaps(period)


def moving(entries: Iterable[JournalEntry]) -> tuple[JournalEntry, ...]:
    """The entries that count as progress — every kind but the to-do («reste-à-faire»)
    —, in their order: what a fiche's «fait dans la période» lists, and what any list of
    entries (``snapshot.partnership.entries``…) splits into done and still to do."""
    return tuple(e for e in entries if e.kind is not EntryKind.TODO)


def _entry_sort_key(entry: JournalEntry) -> tuple[dt.date, int]:
    when = entry.date or (entry.period.start if entry.period else dt.date.min)
    return when, list(EntryKind).index(entry.kind)


def _meeting_sort_key(meeting: Meeting) -> dt.date:
    return meeting.when.start if meeting.when else dt.date.min


@define(frozen=True, eq=False, repr=False)
class ActionView(FrozenRecord):
    """One fiche action in the window.

    ``entries`` belong to the window (they occur in it, or — as of a meeting — were
    reported at a meeting of the window); ``reported`` were shown to a meeting held in
    the window, whenever they happened. ``status`` is ``None`` when the record does not
    say what it was at the window's end; ``status_date`` is the day it was known.
    """

    action: Action
    """The fiche action as the record holds it (its present, not the window's end: read
    ``status`` for that)."""
    status: ActionStatus | None
    """Its status at the window's end, or ``None`` when the record does not say: print
    ``clskit.fr.UNKNOWN_STATUS``, never ``action.status``."""
    entries: tuple[JournalEntry, ...]
    """Journal entries about it that belong to the window (they occur in it or, as of a
    meeting, were reported at a meeting of the window), in date order; to-dos included."""
    reported: tuple[JournalEntry, ...]
    """Journal entries about it shown to a meeting held in the window, whenever they
    happened."""
    meetings: tuple[Meeting, ...]
    """Meetings of the window that discussed it, or held by a body that serves it."""
    indicators: tuple[Achievement, ...]
    """The judgement at the window's end of each of its indicators, in the contract's order."""
    status_date: dt.date | None = None
    """The day ``status`` was known (a dated status change, or the record's ``status_date``);
    ``None`` with it."""

    @property
    def moved(self) -> bool:
        """Whether an entry that is not a to-do belongs to the window."""
        return bool(self.moving)

    @property
    def moving(self) -> tuple[JournalEntry, ...]:
        """The entries that make the fiche count as having moved: those of ``entries``
        that are not to-dos («fait dans la période»), in date order."""
        return moving(self.entries)

    @property
    def moving_count(self) -> int:
        """How many entries make the fiche count as having moved (``len(moving)``)."""
        return len(self.moving)

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
        """«Points ressortant»: highlights occurring or reported in the window."""
        return self._of(EntryKind.HIGHLIGHT)

    @property
    def decisions(self) -> tuple[JournalEntry, ...]:
        """Decisions about the fiche occurring or reported in the window."""
        return self._of(EntryKind.DECISION)

    @property
    def events(self) -> tuple[JournalEntry, ...]:
        """Events of the fiche occurring or reported in the window."""
        return self._of(EntryKind.EVENT)


@define(frozen=True, eq=False, repr=False)
class ObjectiveView(FrozenRecord):
    """An objective of the tree with the actions that serve it."""

    objective: Objective
    """The objective as the record holds it."""
    actions: tuple[ActionView, ...]
    """The fiches action that serve it (``Action.objectives``), in the contract's order."""
    indicators: dict[IndicatorStatus, int]
    """How many of its indicators are in each status at the window's end (every status
    present, zeros included)."""


@define(frozen=True, eq=False, repr=False)
class AxisView(FrozenRecord):
    """An axis with its objectives and fiches action."""

    axis: Axis
    """The axis as the record holds it."""
    objectives: tuple[ObjectiveView, ...]
    """Its objectives (``Objective.axis``), each with the fiches that serve it."""
    actions: tuple[ActionView, ...]
    """Its fiches action: those of the axis, then those that serve it as a transversal axis."""
    indicators: dict[IndicatorStatus, int]
    """How many of its indicators are in each status at the window's end."""

    @property
    def statuses(self) -> dict[ActionStatus | None, int]:
        """How many of its fiches are in each status (``None``: not known)."""
        return dict(Counter(view.status for view in self.actions))


@define(frozen=True, eq=False, repr=False)
class BodyActivity(FrozenRecord):
    """A body's meetings in the window and whether it keeps its required rhythm.

    ``meetings`` are the meeting records held in the window, workshop sessions of the
    body included. A record may stand for several meetings (``Meeting.count``) or for an
    unknown number of them (``count: null``, «réuni en 2021»): :attr:`count` is then
    ``None`` and :attr:`loose` says when it met.
    """

    body: Body
    """The body as the record holds it."""
    meetings: tuple[Meeting, ...]
    """Its meeting records held in the window (workshop sessions of the body included)."""
    held_this_year: int
    """Meetings held from the start of the window's last year up to the window's end."""
    expected_by_now: int
    """Meetings its rhythm (``min_meetings_per_year``) asks for by the window's end: the
    share of that year gone, rounded down (a COPIL due once a year is behind only on 31
    December)."""

    @property
    def behind(self) -> bool:
        """Whether it met less this year than its rhythm asks for by the window's end."""
        return self.held_this_year < self.expected_by_now

    @property
    def count(self) -> int | None:
        """How many times it met in the window, or ``None`` when the record does not say."""
        if any(m.count is None for m in self.meetings):
            return None
        return sum(m.count or 0 for m in self.meetings)

    @property
    def at_least(self) -> int:
        """A floor on its meetings in the window: one per record of unknown count."""
        return sum(1 if m.count is None else m.count for m in self.meetings)

    @property
    def loose(self) -> tuple[Period, ...]:
        """When it met, for the records whose number of meetings is not known."""
        return tuple(m.when for m in self.meetings if m.count is None and m.when is not None)


@define(frozen=True, eq=False, repr=False)
class PartnerJoin(FrozenRecord):
    """A partner that joined a fiche action (``Partner.since``) in the window."""

    organisation: str
    """Id of the organisation that joined."""
    action: str
    """Id of the fiche action it joined."""
    roles: tuple[PartnerRole, ...]
    """Its roles in the fiche's partners table."""
    date: dt.date
    """The day it joined (``Partner.since``)."""


@define(frozen=True, eq=False, repr=False)
class MemberJoin(FrozenRecord):
    """A member that joined a body (``Member.since``) in the window."""

    body: str
    """Id of the body."""
    member: str
    """Id of the organisation or person that joined."""
    role: str | None
    """Its role in the body (président, secrétariat…), if the record says."""
    date: dt.date
    """The day it joined (``Member.since``)."""


@define(frozen=True, eq=False, repr=False)
class Partnership(FrozenRecord):
    """Partnership dynamics of the window: who joined the contract, a fiche or a body,
    the bodies set up and the working groups that met."""

    organisations_joined: tuple[Organisation, ...]
    """Organisations that joined the contract in the window (``Organisation.joined``)."""
    partners_joined: tuple[PartnerJoin, ...]
    """Partners that joined a fiche action in the window."""
    new_co_pilots: tuple[PartnerJoin, ...]
    """Those of ``partners_joined`` that co-pilot their fiche."""
    working_groups_met: tuple[Body, ...]
    """Working groups with a meeting in the window, in the order they first met."""
    entries: tuple[JournalEntry, ...]
    """Journal entries of the window tagged ``partnership``."""
    members_joined: tuple[MemberJoin, ...] = ()
    """Members that joined a body in the window."""
    bodies_created: tuple[Body, ...] = ()
    """Bodies set up in the window (``Body.created``)."""


@define(frozen=True, eq=False, repr=False)
class Counts(FrozenRecord):
    """The figures a COPIL deck quotes («3 revues produites», «1 COTECH, 1 COPIL»…).

    ``meetings_by_kind`` counts the meetings whose number is known; the records that
    only say a body met, not how often, are in ``uncounted_by_kind``.
    """

    reviews: int
    """Quarterly reviews published in the window («3 revues produites»)."""
    publications: dict[PublicationKind, int]
    """Publications of the window by kind."""
    meetings_by_kind: dict[BodyKind, int]
    """Meetings held in the window by kind of body, for the records whose number of meetings
    is known (``Meeting.count``)."""
    working_groups_met: int
    """How many working groups met in the window."""
    thematic_meetings: int
    """Meetings of thematic committees and other bodies."""
    workshop_sessions: int
    """Workshop sessions held in the window."""
    workshop_participants: int
    """Participants of those sessions (a workshop's total when all its sessions fall in the
    window)."""
    survey_respondents: int
    """Respondents of the surveys of the window."""
    actions_moved: int
    """Fiches action that moved in the window (``ActionView.moved``)."""
    actions_total: int
    """Fiches action of the contract."""
    uncounted_by_kind: dict[BodyKind, int] = field(factory=dict)
    """Meeting records of the window whose number of meetings is not known (``count: null``),
    by kind of body: say «réuni en 2021», never a number."""


@define(frozen=True, eq=False, repr=False)
class Participation(FrozenRecord):
    """Participatory work of the window: workshop sessions and surveys."""

    workshops: tuple[tuple[Workshop, tuple[WorkshopSession, ...]], ...]
    """Workshops with sessions in the window, each with those sessions."""
    surveys: tuple[Survey, ...]
    """Surveys carried out in the window."""
    entries: tuple[JournalEntry, ...]
    """Journal entries of the window tagged ``participation``."""


@define(frozen=True, eq=False, repr=False)
class ContractFacts(FrozenRecord):
    """Facts about the contract itself in the window: its validations and signature,
    the other actions linked to it, the steps of its calendar, the fiches whose start
    («début») or end («fin») falls in it."""

    validations: tuple[Validation, ...]
    """Validations of the contract dated in the window."""
    signature: Signature | None
    """The signature, when it is dated in the window."""
    other_actions: tuple[OtherAction, ...]
    """Other actions linked to the contract that happened in the window."""
    milestones: tuple[Milestone, ...]
    """Steps of the contract's calendar that overlap the window."""
    actions_starting: tuple[Action, ...] = ()
    """Fiches action whose start («début») falls in the window."""
    actions_ending: tuple[Action, ...] = ()
    """Fiches action whose end («fin») falls in the window."""


@define(frozen=True, eq=False, repr=False)
class Undated(FrozenRecord):
    """What the record holds with no date at all: no window can claim it, every output
    says «date non renseignée» rather than invent one."""

    validations: tuple[Validation, ...]
    """Validations with no date."""
    signature: Signature | None
    """The signature, when it has no date."""
    other_actions: tuple[OtherAction, ...]
    """Other actions with neither date nor period."""
    milestones: tuple[Milestone, ...]
    """Calendar steps with no date."""
    contract_period: bool
    """True when the contract's own period is not known."""

    def __bool__(self) -> bool:
        return bool(self.validations or self.signature or self.other_actions
                    or self.milestones or self.contract_period)


@define(frozen=True, eq=False, repr=False)
class Snapshot(FrozenRecord):
    """Everything the documents of a window say, computed once.

    ``outcomes`` are the entries that came out of the meetings held in the window
    (never of the meeting a snapshot is taken as of); ``upcoming`` the meetings planned
    in the following period; ``warnings`` what a reader should know about the window
    itself (a period outside the contract).
    """

    contract: Contract
    """The contract the snapshot was computed from."""
    window: Period
    """The period the snapshot covers (a quarter, a year, or the time since the previous
    meeting of the same body up to ``meeting``)."""
    meeting: Meeting | None
    """The meeting the snapshot is taken as of, or ``None`` for a period."""
    axes: tuple[AxisView, ...]
    """Every axis of the contract, with its objectives and fiches, in the contract's order."""
    actions: tuple[ActionView, ...]
    """Every fiche action of the contract in the window, in the contract's order."""
    contract_entries: tuple[JournalEntry, ...]
    """Journal entries of the window about the contract as a whole (no fiche action),
    occurring or reported."""
    indicators: RollUp
    """Every indicator judged at the window's end, with the counts by action, objective,
    axis, family and kind."""
    achievements: dict[str, Achievement]
    """The judgement of each indicator at the window's end, by indicator id."""
    bodies: tuple[BodyActivity, ...]
    """Every body with its meetings in the window and its rhythm."""
    meetings: tuple[Meeting, ...]
    """Meetings held in the window (workshop sessions aside), in date order."""
    upcoming: tuple[Meeting, ...]
    """Meetings planned in the period after the window."""
    partnership: Partnership
    """Who joined the contract, a fiche or a body; bodies set up; working groups that met."""
    participation: Participation
    """Workshop sessions and surveys of the window."""
    publications: tuple[Publication, ...]
    """Publications produced in the window (a review with no date: at the end of its period)."""
    counts: Counts
    """The figures a COPIL deck quotes, computed once."""
    previous_meeting: Meeting | None = field(default=None)
    """As of a meeting: the previous meeting of the same body, where the window starts
    (``None`` for the first one, or for a period)."""
    facts: ContractFacts = field(factory=lambda: ContractFacts((), None, (), ()))
    """Facts about the contract itself in the window: validations, signature, calendar,
    fiches starting or ending."""
    undated: Undated = field(factory=lambda: Undated((), None, (), (), False))
    """What the record holds with no date at all: no window claims it."""
    outcomes: tuple[JournalEntry, ...] = ()
    """Entries that came out of the meetings held in the window (never of ``meeting``
    itself)."""
    general_objectives: tuple[ObjectiveView, ...] = ()
    """Objectives with no axis (or an unknown one): the contract's general objectives."""
    warnings: tuple[str, ...] = ()
    """What a reader should know about the window itself, in French (a period outside the
    contract)."""

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
        """The bodies that met less than their rhythm asks for (``BodyActivity.behind``)."""
        return tuple(activity for activity in self.bodies if activity.behind)

    def action(self, action_id: str) -> ActionView:
        """The view of the fiche action ``action_id``; ``KeyError`` when there is none."""
        for view in self.actions:
            if view.action.id == action_id:
                return view
        raise KeyError(action_id)

    def body(self, body_id: str) -> BodyActivity:
        """The activity of the body ``body_id``; ``KeyError`` when there is none."""
        for activity in self.bodies:
            if activity.body.id == body_id:
                return activity
        raise KeyError(body_id)


# --------------------------------------------------------------------------- windows


def _quarter_of(day: dt.date) -> Period:
    return Period.quarter(day.year, (day.month - 1) // 3 + 1)


def contract_start(contract: Contract) -> dt.date | None:
    """The day the contract runs from: its signature, else the start of its period."""
    days = [d for d in (contract.signature.date if contract.signature else None,
                        contract.period.start if contract.period else None) if d]
    return max(days) if days else None


def default_period(contract: Contract) -> Period:
    """The default window of ``clskit status`` and ``clskit export``: the quarter of the
    record's present (its latest fact of something that happened, else its latest date,
    planned ones included), never starting before the contract's signature or start
    (then from that day to its quarter's end). Deterministic for the same files.

    Raises ``ValueError`` for a record with no date at all.
    """
    from clskit.checks._index import dates_of

    begin = contract_start(contract)
    latest = record_present(contract) or max(dates_of(contract), default=begin)
    if latest is None:
        raise ValueError("the record holds no date to choose a default period from: "
                         "give a period or a meeting")
    if begin is not None and latest < begin:
        latest = begin
    quarter = _quarter_of(latest)
    return Period(max(quarter.start, begin), quarter.end) if begin else quarter


def _following(window: Period) -> Period:
    """The period after ``window``: the next quarter, year, month, or as many days.

    Cut at 9999-12-31, the last day Python can hold: a record may validly hold that date
    (a «no end» placeholder of some tools), and a window ending on it has nothing after
    it but itself (#13)."""
    s, e = window.start, window.end
    if e == dt.date.max:
        return Period(e, e)
    first = e + dt.timedelta(days=1)
    if s.day == 1 and first.day == 1:
        months = (e.year - s.year) * 12 + e.month - s.month + 1
        index = first.year * 12 + first.month - 1 + months
        if index // 12 > dt.MAXYEAR:
            return Period(first, dt.date.max)
        after = dt.date(index // 12, index % 12 + 1, 1)
        return Period(first, after - dt.timedelta(days=1))
    room = (dt.date.max - e).days
    return Period(first, e + dt.timedelta(days=min(window.days, room)))


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
    if previous is not None and previous.date is not None:
        start = previous.date + dt.timedelta(days=1)
    else:
        start = contract_start(contract) or dt.date(meeting.date.year, 1, 1)
        if contract.period is not None:
            start = min(start, contract.period.start)
    return Period(min(start, meeting.date), meeting.date), previous


# --------------------------------------------------------------------------- statuses


def record_present(contract: Contract) -> dt.date | None:
    """The latest day the record tells of something that happened: the day its
    undated statuses describe."""
    from clskit.indicators import reported_days

    shown = reported_days(contract)
    days: list[dt.date | None] = []
    for m in contract.meetings:
        if m.status is MeetingStatus.HELD:
            days.append(known_on(m.date, m.period, shown.get(m.reported_at or "")))
    for e in contract.journal:
        days.append(known_on(e.date, e.period, shown.get(e.meeting or e.outcome_of or "")))
    for indicator in contract.indicators:
        days += [known_on(m.date, m.period, shown.get(m.reported_at or ""))
                 for m in indicator.measurements]
    days += [s.date for w in contract.workshops for s in w.sessions]
    days += [a.status_date for a in contract.actions]
    return max((d for d in days if d is not None), default=None)


def _status_at(action: Action, journal: Iterable[JournalEntry], end: dt.date,
               present: dt.date | None) -> tuple[ActionStatus | None, dt.date | None]:
    dated = ((known_on(e.date, e.period), e) for e in journal
             if e.status is not None and action.id in e.actions)
    changes = [(day, e) for day, e in dated if day is not None and day <= end]
    if changes:
        day, last = max(changes, key=lambda c: (c[0], _entry_sort_key(c[1])))
        return last.status, day
    if action.status_date is not None:
        return (action.status, action.status_date) if action.status_date <= end else (None, None)
    if present is None or end >= present:
        return action.status, None
    return None, None


# --------------------------------------------------------------------------- meetings


def workshop_meetings(contract: Contract) -> list[Meeting]:
    """Workshop sessions as held meetings of their workshop's body (ids «workshop#1»)."""
    out = []
    for workshop in contract.workshops:
        if workshop.body is None:
            continue
        for i, session in enumerate(workshop.sessions):
            out.append(Meeting(
                id=f"{workshop.id}#{i + 1}", body=workshop.body, date=session.date,
                title=workshop.title, status=MeetingStatus.HELD, place=session.place,
                participants_count=session.participants_count, actions=list(workshop.actions)))
    return out


def _rhythm(body: Body, held_here: list[Meeting], every: list[Meeting],
            window: Period) -> BodyActivity:
    year = window.end.year
    year_so_far = Period(dt.date(year, 1, 1), window.end)
    held = sum(1 if m.count is None else m.count for m in every
               if m.body == body.id and m.status is MeetingStatus.HELD
               and m.when is not None and year_so_far.contains_period(m.when))
    expected = 0
    if body.min_meetings_per_year:
        # Pro rata of the year elapsed, rounded down: a COPIL due once a year is not
        # behind in June, and is behind on 31 December without a meeting.
        share = year_so_far.days / Period.year(year).days
        expected = int(body.min_meetings_per_year * share + 1e-9)
    in_window = tuple(sorted((m for m in held_here if m.body == body.id),
                             key=_meeting_sort_key))
    return BodyActivity(body, in_window, held, expected)


def _upcoming(contract: Contract, window: Period, current: Meeting | None) -> tuple[Meeting, ...]:
    planned = sorted((m for m in contract.meetings
                      if m.status is MeetingStatus.PLANNED and m.when is not None
                      and m.when.start > window.end), key=_meeting_sort_key)
    if current is None:
        following = _following(window)
        return tuple(m for m in planned if m.when is not None
                     and m.when.start <= following.end)
    # As of a meeting: up to the next meeting of the same body.
    out = []
    for m in planned:
        out.append(m)
        if m.body == current.body:
            break
    return tuple(out)


# --------------------------------------------------------------------------- belonging


@define
class _Belonging:
    """Which facts belong to a window: the rules of ``docs/analysis.md``, in one place."""

    window: Period
    current: Meeting | None
    held: set[str]

    @classmethod
    def of(cls, meetings: list[Meeting], window: Period,
           current: Meeting | None) -> _Belonging:
        rules = cls(window, current, {current.id} if current else set())
        held = [m for m in meetings if m.status is MeetingStatus.HELD]
        rules.held |= {m.id for m in held if occurs(m.date, m.period, window)}
        # Loosely dated meetings known from a meeting of the window (the 7 GT of 2021).
        rules.held |= {m.id for m in held if rules.shown(m.reported_at, m.date, m.period)}
        return rules

    def shown(self, meeting: str | None, date: dt.date | None, period: Period | None) -> bool:
        """As of a meeting, what a meeting of the window was shown, and that may have
        happened in the window, belongs to it."""
        return (self.current is not None and meeting is not None and meeting in self.held
                and _overlaps(date, period, self.window))

    def belongs(self, entry: JournalEntry) -> bool:
        if entry.outcome_of is not None:
            if self.current is not None and entry.outcome_of == self.current.id:
                return False        # a meeting is never shown its own outcome
            if entry.date is None and entry.period is None:
                return entry.outcome_of in self.held    # on its meeting's day
        return (occurs(entry.date, entry.period, self.window)
                or self.shown(entry.meeting, entry.date, entry.period))


# --------------------------------------------------------------------------- building


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
    warnings = _window_warnings(contract, window)

    every_meeting = list(contract.meetings) + workshop_meetings(contract)
    rules = _Belonging.of(every_meeting, window, current)
    held_here = rules.held
    journal = sorted(contract.journal, key=_entry_sort_key)
    not_current = [e for e in journal if current is None or e.outcome_of != current.id]
    occurring = [e for e in not_current if rules.belongs(e)]
    reported = [e for e in not_current if e.meeting in held_here]
    outcomes = tuple(e for e in occurring if e.outcome_of is not None)

    rolled = rollup(contract, window.end)      # every indicator judged once
    achieved_by_id = {a.indicator: a for a in rolled.achievements}
    bodies_by_id = {b.id: b for b in contract.bodies}
    meetings = sorted((m for m in contract.meetings if m.id in held_here),
                      key=_meeting_sort_key)
    present = record_present(contract)

    views: list[ActionView] = []
    for action in contract.actions:
        related = tuple(
            m for m in meetings
            if action.id in m.actions
            or (m.body in bodies_by_id and action.id in bodies_by_id[m.body].actions)
        )
        status, status_date = _status_at(action, journal, window.end, present)
        views.append(ActionView(
            action=action,
            status=status,
            entries=tuple(e for e in occurring if action.id in e.actions),
            reported=tuple(e for e in reported if action.id in e.actions),
            meetings=related,
            indicators=tuple(achieved_by_id[i.id] for i in contract.indicators
                             if action.id in i.actions),
            status_date=status_date,
        ))

    by_action = {view.action.id: view for view in views}

    def objective_view(o: Objective) -> ObjectiveView:
        return ObjectiveView(
            objective=o,
            actions=tuple(by_action[a.id] for a in contract.actions if o.id in a.objectives),
            indicators=rolled.by_objective[o.id].counts)

    axes: list[AxisView] = []
    for axis in contract.axes:
        axis_actions = tuple(v for v in views
                             if v.action.axis == axis.id or axis.id in v.action.transversal_axes)
        objectives = tuple(objective_view(o) for o in contract.objectives if o.axis == axis.id)
        axes.append(AxisView(axis, objectives, axis_actions,
                             rolled.by_axis[axis.id].counts))
    axis_ids = {a.id for a in contract.axes}
    general = tuple(objective_view(o) for o in contract.objectives
                    if o.axis is None or o.axis not in axis_ids)

    held_all = [m for m in every_meeting if m.id in held_here]
    activities = tuple(_rhythm(b, held_all, every_meeting, window) for b in contract.bodies)

    partnership = _partnership(contract, window, occurring, reported, bodies_by_id, held_all)
    participation = _participation(contract, window, occurring, reported)
    publications = tuple(p for p in contract.publications if _produced(p, window))
    counts = _counts(held_all, bodies_by_id, partnership, participation, publications, views)
    contract_entries = tuple(
        _unique_entries([e for e in occurring if not e.actions]
                        + [e for e in reported if not e.actions]))
    return Snapshot(
        contract=contract, window=window, meeting=current, axes=tuple(axes),
        actions=tuple(views), contract_entries=contract_entries, indicators=rolled,
        achievements=achieved_by_id, bodies=activities, meetings=tuple(meetings),
        upcoming=_upcoming(contract, window, current), partnership=partnership,
        participation=participation, publications=publications, counts=counts,
        previous_meeting=previous, facts=_facts(contract, window),
        undated=_undated(contract), outcomes=outcomes, general_objectives=general,
        warnings=warnings,
    )


def _window_warnings(contract: Contract, window: Period) -> tuple[str, ...]:
    span = contract.period
    if span is not None and not span.overlaps(window):
        return (f"la période {window} est hors de la période du contrat ({span})",)
    begin = contract_start(contract)
    if begin is not None and window.end < begin:
        return (f"la période {window} précède la signature ou le début du contrat "
                f"({begin.isoformat()})",)
    return ()


def _facts(contract: Contract, window: Period) -> ContractFacts:
    validations = tuple(v for v in contract.validations if v.date and v.date in window)
    sig = contract.signature
    signature = sig if sig is not None and sig.date is not None and sig.date in window else None
    others = tuple(a for a in contract.other_actions if (a.date or a.period)
                   and occurs(a.date, a.period, window))
    milestones = tuple(m for m in contract.milestones
                       if m.span is not None and window.overlaps(m.span))
    starting = tuple(a for a in contract.actions if a.start and a.start in window)
    ending = tuple(a for a in contract.actions if a.end and a.end in window)
    return ContractFacts(validations, signature, others, milestones, starting, ending)


def _undated(contract: Contract) -> Undated:
    sig = contract.signature
    return Undated(
        validations=tuple(v for v in contract.validations if v.date is None),
        signature=sig if sig is not None and sig.date is None else None,
        other_actions=tuple(a for a in contract.other_actions if not (a.date or a.period)),
        milestones=tuple(m for m in contract.milestones if m.span is None),
        contract_period=contract.period is None,
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
    for m in sorted(meetings, key=_meeting_sort_key):
        body = bodies.get(m.body)
        if body is not None and body.kind is BodyKind.WORKING_GROUP and body not in groups:
            groups.append(body)
    entries = _unique_entries([e for e in occurring + reported if "partnership" in e.tags])
    members = tuple(MemberJoin(b.id, m.member, m.role, m.since) for b in contract.bodies
                    for m in b.members if m.since and m.since in window)
    created = tuple(b for b in contract.bodies if b.created and b.created in window)
    return Partnership(joined, partners, co_pilots, tuple(groups), tuple(entries),
                       members, created)


def _participation(contract: Contract, window: Period, occurring: list[JournalEntry],
                   reported: list[JournalEntry]) -> Participation:
    workshops = []
    for w in contract.workshops:
        sessions = tuple(s for s in w.sessions if s.date in window)
        if sessions:
            workshops.append((w, sessions))
    surveys = tuple(s for s in contract.surveys if (s.date or s.period)
                    and occurs(s.date, s.period, window))
    entries = _unique_entries([e for e in occurring + reported if "participation" in e.tags])
    return Participation(tuple(workshops), surveys, tuple(entries))


def _counts(meetings: list[Meeting], bodies: dict[str, Body], partnership: Partnership,
            participation: Participation, publications: tuple[Publication, ...],
            views: list[ActionView]) -> Counts:
    by_kind: Counter[BodyKind] = Counter()
    uncounted: Counter[BodyKind] = Counter()
    for m in meetings:
        body = bodies.get(m.body)
        if body is None:
            continue
        if m.count is None:
            uncounted[body.kind] += 1
        else:
            by_kind[body.kind] += m.count
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
        uncounted_by_kind=dict(uncounted),
    )


__all__ = [
    "ActionView",
    "AxisView",
    "BodyActivity",
    "ContractFacts",
    "Counts",
    "MemberJoin",
    "ObjectiveView",
    "Participation",
    "PartnerJoin",
    "Partnership",
    "Snapshot",
    "Undated",
    "contract_start",
    "default_period",
    "moving",
    "occurs",
    "record_present",
    "snapshot",
    "workshop_meetings",
]


class _CallableModule(types.ModuleType):
    """This module, callable as its main function: ``clskit.snapshot(contract, …)``.

    ``clskit.snapshot`` is both the function every script calls and the module that
    documents what it returns. Were it only the function, the module would be hidden
    behind it (``help(clskit.snapshot)`` would show one function, and
    ``clskit.snapshot.Snapshot`` would fail); as a module calling its function, both
    work, and ``from clskit.snapshot import snapshot`` still gives the plain function.
    """

    def __call__(self, contract: Contract, period: Period | str | None = None, *,
                 meeting: str | dt.date | None = None) -> Snapshot:
        return snapshot(contract, period, meeting=meeting)


sys.modules[__name__].__class__ = _CallableModule
