"""Where each indicator stands at a date, and how many stand where: counts, never means.

A COPIL deck, a quarterly review and an ARS report all ask the same question of an
indicator («où en est-on ?»). This module answers it once, as pure functions of the
model, so that every document says the same thing. The rule is written down in
``docs/indicators.md``; the code below follows it line by line.

- :func:`achievement` judges one indicator at a date: latest value, the target that
  matters, progress from the baseline, and an :class:`IndicatorStatus`.
- :func:`rollup` counts statuses per action, objective, axis, ARS family and kind.
  It never averages percentages: «3 atteints sur 5» stays true whatever the units.
- :func:`series` and :func:`breakdown` give the dated values behind a chart or a table.

Only the measurements with no ``dimensions`` (the total) are judged; the per-commune
or per-age-band ones are breakdowns, read through :func:`breakdown`.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping
from enum import Enum

from attrs import frozen

from clskit._records import FrozenRecord
from clskit._text import fold
from clskit.labels import LABELS
from clskit.model import (
    Action,
    Contract,
    Direction,
    Indicator,
    IndicatorFamily,
    IndicatorKind,
    Measure,
    Measurement,
    MeetingStatus,
    Target,
    Value,
)
from clskit.period import Period, known_on

__all__ = [
    "STATUS_LABELS",
    "Achievement",
    "AsOf",
    "IndicatorStatus",
    "Point",
    "Reported",
    "RollUp",
    "Tally",
    "achievement",
    "achievements",
    "as_of_date",
    "breakdown",
    "reported_days",
    "rollup",
    "series",
    "status_label",
    "tally",
]

#: A date, or a period whose last day is meant (a quarter, a year, a meeting's day).
AsOf = dt.date | Period

# Tolerance for float comparisons: a «reach» target and the on-track test must not
# flip on the last bit of a division.
_EPS = 1e-9


class IndicatorStatus(Enum):
    """Where an indicator stands at a date; the rule is in ``docs/indicators.md``."""

    ACHIEVED = "achieved"
    ON_TRACK = "on_track"
    LATE = "late"
    NO_TARGET = "no_target"
    NO_DATA = "no_data"


#: French label of each status, as documents print it.
STATUS_LABELS: Mapping[IndicatorStatus, str] = {
    IndicatorStatus.ACHIEVED: "Atteint",
    IndicatorStatus.ON_TRACK: "En bonne voie",
    IndicatorStatus.LATE: "En retard",
    IndicatorStatus.NO_TARGET: "Sans cible",
    IndicatorStatus.NO_DATA: "Pas de donnée",
}


# Let clskit.label() and the documents name statuses like every model value.
for _status, _text in STATUS_LABELS.items():
    LABELS[_status] = _text


def status_label(status: IndicatorStatus) -> str:
    """The French label of a status (``late`` → «En retard»)."""
    return STATUS_LABELS[status]


def as_of_date(when: AsOf) -> dt.date:
    """The day an «as of» argument means: the date itself, or a period's last day."""
    if isinstance(when, Period):
        return when.end
    if isinstance(when, dt.datetime):
        return when.date()
    if isinstance(when, dt.date):
        return when
    raise TypeError(f"as of expects a date or a Period, not {type(when).__name__}")


# --------------------------------------------------------------------------- results


@frozen(eq=False, repr=False)
class Point(FrozenRecord):
    """One dated value of a series, ready for a chart or a table row."""

    date: dt.date
    """The day the value is dated (its date, else its period's end)."""
    value: Value
    """The measured value."""
    period: Period | None = None
    """The period the value covers, when the measurement gives one."""
    comment: str | None = None
    """The measurement's remark."""


@frozen(kw_only=True, eq=False, repr=False)
class Achievement(FrozenRecord):
    """The judgement of one indicator at one date, with everything it was drawn from.

    ``value`` is the latest actual known on ``as_of`` and ``value_date`` the day it is
    dated (its date, else its period's end). ``target`` is the model target used
    (``None`` when there is none, or for a milestone's implicit target ``true``);
    ``target_value`` is the value aimed at and ``due`` the day it is due. ``baseline``
    and ``baseline_date`` are the reference the progress starts from (the baseline,
    else the first measurement for a number). ``progress`` is 0 at the reference and 1
    at the target (it may pass 1 or go below 0); ``elapsed`` is the share of the time
    from the reference to ``due`` gone at ``value_date``. Both are ``None`` for
    milestones and qualitative indicators, which have no percentage.
    """

    indicator: str
    """Id of the indicator judged."""
    as_of: dt.date
    """The day it is judged at (a snapshot's window end)."""
    status: IndicatorStatus
    """Where it stands: achieved, on track, late, no target, no data (``label`` gives the
    French)."""
    measure: Measure
    """Number, percentage, qualitative or milestone: how to read ``value``."""
    direction: Direction | None = None
    """Increase, decrease or reach, when the indicator says."""
    value: Value | None = None
    """The latest actual value known on ``as_of``; ``None`` when there is none."""
    value_date: dt.date | None = None
    """The day ``value`` is dated (its date, else its period's end)."""
    target: Target | None = None
    """The model target used; ``None`` when there is none, or for a milestone's implicit
    target ``true``."""
    target_value: Value | None = None
    """The value aimed at."""
    due: dt.date | None = None
    """The day the target is due."""
    baseline: Value | None = None
    """The reference the progress starts from: the baseline, else the first measurement of a
    number."""
    baseline_date: dt.date | None = None
    """The day of ``baseline``."""
    progress: float | None = None
    """0 at the reference and 1 at the target (it may pass 1 or go below 0); ``None`` for
    milestones and qualitative indicators."""
    elapsed: float | None = None
    """The share of the time from the reference to ``due`` gone at ``value_date``; ``None``
    as ``progress``."""

    @property
    def label(self) -> str:
        """French label of the status."""
        return STATUS_LABELS[self.status]


@frozen(eq=False, repr=False)
class Tally(FrozenRecord):
    """How many indicators are in each status, and which: a count, never a mean."""

    indicators: Mapping[IndicatorStatus, tuple[str, ...]]
    """The ids of the indicators in each status (a status with none may be absent)."""

    def __getitem__(self, status: IndicatorStatus) -> int:
        return len(self.indicators.get(status, ()))

    @property
    def counts(self) -> dict[IndicatorStatus, int]:
        """Number of indicators per status, every status present (zeros included)."""
        return {status: self[status] for status in IndicatorStatus}

    @property
    def total(self) -> int:
        """Number of indicators counted."""
        return sum(len(ids) for ids in self.indicators.values())


@frozen(kw_only=True, eq=False, repr=False)
class RollUp(FrozenRecord):
    """Status counts of a contract's indicators at a date, by every grouping a report uses.

    ``by_action``, ``by_objective`` and ``by_axis`` hold every action, objective and
    axis of the contract (zero counts included) in the contract's order, then any id
    an indicator refers to that the contract lacks. ``by_family`` holds the three ARS
    families, then ``None`` for the indicators with no family when there are some.
    """

    as_of: dt.date
    """The day every indicator is judged at."""
    achievements: tuple[Achievement, ...]
    """Every indicator's judgement, in the contract's order."""
    contract: Tally
    """The counts over the whole contract."""
    by_action: Mapping[str, Tally]
    """The counts by fiche action id: every fiche of the contract (zeros included), in its
    order."""
    by_objective: Mapping[str, Tally]
    """The counts by objective id, as ``by_action``."""
    by_axis: Mapping[str, Tally]
    """The counts by axis id, as ``by_action``."""
    by_family: Mapping[IndicatorFamily | None, Tally]
    """The counts by family of the ARS Référentiel CLS, then ``None`` for the indicators with
    no family (when there are some)."""
    by_kind: Mapping[IndicatorKind, Tally]
    """The counts by kind: process, activity, result."""


# --------------------------------------------------------------------------- values


def _fits(measure: Measure, value: object) -> bool:
    """Whether a value can be judged for this measure (CLS115 reports the others)."""
    if measure is Measure.MILESTONE:
        return isinstance(value, bool)
    if measure is Measure.QUALITATIVE:
        return isinstance(value, str)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    try:
        return math.isfinite(float(value))
    except OverflowError:  # an int beyond what a float holds: no progress can be computed
        return False


def _number(value: Value) -> float:
    # Only called on values that passed _fits for a number or a percentage.
    assert isinstance(value, int | float) and not isinstance(value, bool)
    return float(value)


#: Days of the held meetings, by id: a value presented at a meeting is known from then.
Reported = Mapping[str, dt.date]


def reported_days(contract: Contract) -> dict[str, dt.date]:
    """The day of each held meeting with an exact date, for ``reported_at`` links."""
    return {m.id: m.date for m in contract.meetings
            if m.date is not None and m.status is MeetingStatus.HELD}


def _when(m: Measurement, reported: Reported | None = None) -> dt.date | None:
    """The day a measurement is known: its date; else the end of its period, or the day
    of the meeting it was presented at when that comes first («l'hiver 2021/22»
    presented on 16 March 2022 is known on 16 March)."""
    shown = reported.get(m.reported_at) if reported and m.reported_at else None
    return known_on(m.date, m.period, shown)


def _points(indicator: Indicator, as_of: dt.date | None,
            reported: Reported | None = None) -> list[tuple[Point, Mapping[str, str]]]:
    """Dated, judgeable measurements up to ``as_of``, oldest first (ties: file order)."""
    found: list[tuple[Point, Mapping[str, str]]] = []
    for m in indicator.measurements:
        when = _when(m, reported)
        if when is None or (as_of is not None and when > as_of):
            continue
        if not _fits(indicator.measure, m.value):
            continue
        found.append((Point(when, m.value, m.period, m.comment), m.dimensions))
    found.sort(key=lambda item: item[0].date)  # stable: same day keeps file order
    return found


def _due(target: Target, contract_period: Period | None) -> dt.date | None:
    if target.date is not None:
        return target.date
    if target.period is not None:
        return target.period.end
    return contract_period.end if contract_period is not None else None


def _relevant_target(indicator: Indicator, as_of: dt.date,
                     contract_period: Period | None) -> tuple[Target | None, dt.date | None]:
    """The earliest target due on or after ``as_of``, else the last one due.

    A target with no due date at all (undated, and no contract period to fall back
    on) sorts after every dated one: it is «some day», never past.
    """
    candidates = [(_due(t, contract_period), i, t) for i, t in enumerate(indicator.targets)
                  if _fits(indicator.measure, t.value)]
    if not candidates:
        return None, None
    upcoming = [c for c in candidates if c[0] is None or c[0] >= as_of]
    if upcoming:
        due, _, target = min(upcoming, key=lambda c: (c[0] is None, c[0] or as_of, c[1]))
    else:
        due, _, target = max(candidates, key=lambda c: (c[0] or as_of, -c[1]))
    return target, due


def _met(measure: Measure, direction: Direction | None, actual: Value, aim: Value) -> bool:
    """Whether the actual meets the target, in the indicator's direction."""
    if measure is Measure.MILESTONE:
        return actual is aim
    if measure is Measure.QUALITATIVE:
        return isinstance(actual, str) and isinstance(aim, str) and fold(actual) == fold(aim)
    a, t = _number(actual), _number(aim)
    if direction is Direction.DECREASE:
        return a <= t
    if direction is Direction.REACH:
        return math.isclose(a, t, rel_tol=_EPS, abs_tol=_EPS)
    return a >= t


def _progress(direction: Direction, actual: float, base: float, aim: float,
              met: bool) -> float:
    """Share of the way from the reference to the target covered by the actual.

    When the target is not ahead of the reference in the indicator's direction (it
    equals it, or was already passed), there is no way to cover: 1 if met, else 0.
    """
    if direction is Direction.REACH:
        span = abs(aim - base)
        return 1.0 - abs(aim - actual) / span if span > 0 else float(met)
    sign = -1.0 if direction is Direction.DECREASE else 1.0
    span = sign * (aim - base)
    return sign * (actual - base) / span if span > 0 else float(met)


def _elapsed(start: dt.date, observed: dt.date, due: dt.date | None) -> float | None:
    """Share of the time from ``start`` to ``due`` gone on ``observed`` (0 to 1)."""
    if due is None:
        return None
    span = (due - start).days
    if span <= 0:
        return 1.0
    return min(1.0, max(0.0, (observed - start).days / span))


# --------------------------------------------------------------------------- judgement


def achievement(indicator: Indicator, as_of: AsOf, *,
                contract_period: Period | None = None,
                reported: Reported | None = None) -> Achievement:
    """Judge one indicator as of a date (or a period's end), by the documented rule.

    ``contract_period`` supplies the fallbacks the rule needs: an undated target or a
    milestone with no target is due at the contract's end, and an undated baseline is
    taken at its start. ``reported`` gives the days of the meetings values were
    presented at (:func:`reported_days`). :func:`achievements` and :func:`rollup` pass
    both for you.
    """
    day = as_of_date(as_of)
    measure = indicator.measure
    numeric = measure in (Measure.NUMBER, Measure.PERCENTAGE)
    direction = (indicator.direction or Direction.INCREASE) if numeric else None
    points = [p for p, dims in _points(indicator, day, reported) if not dims]

    target, due = _relevant_target(indicator, day, contract_period)
    aim: Value | None = target.value if target is not None else None
    if target is None and measure is Measure.MILESTONE:
        aim = True  # a milestone's aim goes without saying: done, by the contract's end
        due = contract_period.end if contract_period is not None else None

    base: Value | None = None
    base_date: dt.date | None = None
    b = indicator.baseline
    if b is not None and _fits(measure, b.value):
        base = b.value
        base_date = b.date or (contract_period.start if contract_period else None)
        if base_date is None and points:
            base_date = points[0].date
    elif numeric and points:
        base, base_date = points[0].value, points[0].date

    latest = points[-1] if points else None
    progress: float | None = None
    elapsed: float | None = None
    if latest is None:
        status = IndicatorStatus.NO_DATA
    elif aim is None:
        status = IndicatorStatus.NO_TARGET
    else:
        met = _met(measure, direction, latest.value, aim)
        if numeric:
            assert direction is not None and base is not None and base_date is not None
            progress = _progress(direction, _number(latest.value), _number(base),
                                 _number(aim), met)
            elapsed = _elapsed(base_date, latest.date, due)
        if met:
            status = IndicatorStatus.ACHIEVED
        elif due is not None and day > due:
            status = IndicatorStatus.LATE
        elif progress is None or elapsed is None or progress >= elapsed - _EPS:
            status = IndicatorStatus.ON_TRACK
        else:
            status = IndicatorStatus.LATE

    return Achievement(
        indicator=indicator.id, as_of=day, status=status, measure=measure,
        direction=direction,
        value=latest.value if latest else None, value_date=latest.date if latest else None,
        target=target, target_value=aim, due=due,
        baseline=base, baseline_date=base_date, progress=progress, elapsed=elapsed,
    )


def achievements(contract: Contract, as_of: AsOf) -> dict[str, Achievement]:
    """Every indicator of the contract judged at a date, by indicator id, in file order."""
    return {a.indicator: a for a in _judge_all(contract, as_of)}


def _judge_all(contract: Contract, as_of: AsOf) -> tuple[Achievement, ...]:
    reported = reported_days(contract)
    return tuple(achievement(ind, as_of, contract_period=contract.period, reported=reported)
                 for ind in contract.indicators)


# --------------------------------------------------------------------------- roll-ups


def tally(items: Iterable[Achievement]) -> Tally:
    """Count achievements per status (every status present, possibly with no id)."""
    grouped: dict[IndicatorStatus, list[str]] = {s: [] for s in IndicatorStatus}
    for a in items:
        grouped[a.status].append(a.indicator)
    return Tally({s: tuple(ids) for s, ids in grouped.items()})


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def rollup(contract: Contract, as_of: AsOf) -> RollUp:
    """Status counts at a date for the contract and per action, objective, axis, family, kind.

    An indicator counts once in each group it belongs to, however many of its links
    lead there: to an action through ``actions``; to an objective through its own
    ``objectives`` and its actions' ones; to an axis through its actions' ``axis`` and
    ``transversal_axes``. Percentages are never averaged: units and scales differ
    between indicators, and a mean of «100 %» and «12 %» says nothing a reader can use.
    """
    judged = _judge_all(contract, as_of)
    actions: dict[str, Action] = {}
    for action in contract.actions:
        actions.setdefault(action.id, action)

    by_action: dict[str, list[Achievement]] = {a.id: [] for a in contract.actions}
    by_objective: dict[str, list[Achievement]] = {o.id: [] for o in contract.objectives}
    by_axis: dict[str, list[Achievement]] = {x.id: [] for x in contract.axes}
    by_family: dict[IndicatorFamily | None, list[Achievement]] = {f: [] for f in IndicatorFamily}
    by_kind: dict[IndicatorKind, list[Achievement]] = {k: [] for k in IndicatorKind}

    for ind, judged_one in zip(contract.indicators, judged, strict=True):
        own_actions = _unique(ind.actions)
        linked = [actions[a] for a in own_actions if a in actions]
        objectives = _unique([*ind.objectives, *(o for a in linked for o in a.objectives)])
        axes = _unique(x for a in linked
                       for x in ([a.axis] if a.axis else []) + a.transversal_axes)
        for key in own_actions:
            by_action.setdefault(key, []).append(judged_one)
        for key in objectives:
            by_objective.setdefault(key, []).append(judged_one)
        for key in axes:
            by_axis.setdefault(key, []).append(judged_one)
        by_family.setdefault(ind.family, []).append(judged_one)
        by_kind[ind.kind].append(judged_one)

    return RollUp(
        as_of=as_of_date(as_of),
        achievements=judged,
        contract=tally(judged),
        by_action={k: tally(v) for k, v in by_action.items()},
        by_objective={k: tally(v) for k, v in by_objective.items()},
        by_axis={k: tally(v) for k, v in by_axis.items()},
        by_family={k: tally(v) for k, v in by_family.items() if k is not None or v},
        by_kind={k: tally(v) for k, v in by_kind.items()},
    )


# --------------------------------------------------------------------------- series


def series(indicator: Indicator, *, as_of: AsOf | None = None,
           where: Mapping[str, str] | None = None,
           reported: Reported | None = None) -> tuple[Point, ...]:
    """The dated values of an indicator, oldest first, for a chart or a table.

    By default the total (measurements with no dimensions); ``where`` selects one cell
    of a breakdown (``{"commune": "melun"}``: exactly those dimensions). Measurements
    with neither date nor period cannot be placed in time and are left out, as are
    values that do not fit the measure; with ``as_of``, so are later ones.
    """
    day = as_of_date(as_of) if as_of is not None else None
    wanted = dict(where or {})
    return tuple(p for p, dims in _points(indicator, day, reported)
                 if dict(dims) == wanted)


def breakdown(indicator: Indicator, dimension: str, *, as_of: AsOf | None = None,
              where: Mapping[str, str] | None = None,
              reported: Reported | None = None) -> dict[str, tuple[Point, ...]]:
    """One series per value of a dimension (``"commune"`` → ``{"melun": (…), …}``).

    A measurement takes part when its dimensions are exactly ``where`` plus
    ``dimension``, so finer cells (commune and age band) never mix with coarser ones.
    Keys are sorted alphabetically, accents ignored.
    """
    day = as_of_date(as_of) if as_of is not None else None
    fixed = dict(where or {})
    grouped: dict[str, list[Point]] = {}
    for point, dims in _points(indicator, day, reported):
        if dimension not in dims:
            continue
        rest = {k: v for k, v in dims.items() if k != dimension}
        if rest == fixed:
            grouped.setdefault(dims[dimension], []).append(point)
    return {k: tuple(grouped[k]) for k in sorted(grouped, key=lambda k: (fold(k), k))}
