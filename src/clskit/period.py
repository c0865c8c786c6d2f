"""Periods of time: a quarter (``2021-Q4``), a year (``2021``), a month, or any range."""

from __future__ import annotations

import calendar
import datetime as dt
import re

from attrs import define, field

# A year has four digits and does not start with 0: ``202`` or ``0202`` is a typo, not
# the year 202.
_Y = r"([1-9]\d{3})"
_YEAR = re.compile(rf"^{_Y}$")
_YEARS = re.compile(rf"^{_Y}\s*[/-]\s*{_Y}$")
_QUARTER = re.compile(rf"^{_Y}-?[Qq]([1-4])$")
_HALF = re.compile(rf"^{_Y}-?[HhSs]([12])$")
_MONTH = re.compile(rf"^{_Y}-(\d{{2}})$")
_RANGE = re.compile(r"^([1-9]\d{3}-\d{2}-\d{2})\s*(?:/|\.\.)\s*([1-9]\d{3}-\d{2}-\d{2})$")

PERIOD_FORMS = "2021, 2021-Q4, 2021-H1, 2021-10, 2021/2023 or 2021-10-01/2021-12-31"


def _last_day(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


@define(frozen=True, order=True)
class Period:
    """A closed range of days, both ends included."""

    start: dt.date = field(metadata={"doc": "First day of the period."})
    end: dt.date = field(metadata={"doc": "Last day of the period (included)."})

    @classmethod
    def parse(cls, text: str) -> Period:
        """Read a period written as one of :data:`PERIOD_FORMS`.

        Raises ``ValueError`` with the accepted forms when ``text`` is none of them, and
        when the period ends before it starts (``2023/2021``): the same message whether the
        period comes from a file or from the command line.
        """
        period = cls._parse(text.strip())
        if not period.is_valid:
            raise ValueError(f"the period {text.strip()!r} ends before it starts")
        return period

    @classmethod
    def _parse(cls, text: str) -> Period:
        if m := _YEAR.match(text):
            return cls.year(int(m[1]))
        if m := _YEARS.match(text):
            return cls(dt.date(int(m[1]), 1, 1), dt.date(int(m[2]), 12, 31))
        if m := _QUARTER.match(text):
            return cls.quarter(int(m[1]), int(m[2]))
        if m := _HALF.match(text):
            first = 1 if m[2] == "1" else 7
            return cls(dt.date(int(m[1]), first, 1), _last_day(int(m[1]), first + 5))
        if m := _MONTH.match(text):
            year, month = int(m[1]), int(m[2])
            if 1 <= month <= 12:
                return cls(dt.date(year, month, 1), _last_day(year, month))
        if m := _RANGE.match(text):
            try:
                return cls(dt.date.fromisoformat(m[1]), dt.date.fromisoformat(m[2]))
            except ValueError as exc:
                raise ValueError(f"{text!r} is not a period: {exc}; write one of "
                                 f"{PERIOD_FORMS}") from None
        raise ValueError(f"{text!r} is not a period; write one of {PERIOD_FORMS}")

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(dt.date(year, 1, 1), dt.date(year, 12, 31))

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        first = 3 * (quarter - 1) + 1
        return cls(dt.date(year, first, 1), _last_day(year, first + 2))

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.start <= day <= self.end

    def overlaps(self, other: Period) -> bool:
        return self.start <= other.end and other.start <= self.end

    def contains_period(self, other: Period) -> bool:
        return self.start <= other.start and other.end <= self.end

    @property
    def is_valid(self) -> bool:
        return self.start <= self.end

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def __str__(self) -> str:
        s, e = self.start, self.end
        if s.month == 1 and s.day == 1 and e.month == 12 and e.day == 31:
            return str(s.year) if s.year == e.year else f"{s.year}/{e.year}"
        if s.year == e.year and s.day == 1 and e == _last_day(e.year, e.month):
            if s.month == e.month:
                return f"{s.year}-{s.month:02d}"
            if (s.month - 1) % 3 == 0 and e.month == s.month + 2:
                return f"{s.year}-Q{(s.month - 1) // 3 + 1}"
        return f"{s.isoformat()}/{e.isoformat()}"


def known_on(date: dt.date | None, period: Period | None,
             shown: dt.date | None = None) -> dt.date | None:
    """The day a fact is known: its date; else the end of its period, or the day of the
    meeting it was shown at when that comes first."""
    if date is not None:
        return date
    if period is None:
        return shown
    return min(period.end, shown) if shown is not None else period.end
