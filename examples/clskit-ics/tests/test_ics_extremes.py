"""The calendar on dates at the ends of what validates (#13): 9999-12-31, the year 1."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import attrs
import clskit
import pytest

from clskit_ics.ical import calendar, parse_duration

MAUGES = Path(__file__).resolve().parents[3] / "examples" / "mauges"


@pytest.fixture(scope="module")
def mauges() -> clskit.Contract:
    return clskit.load(MAUGES)


def _one_meeting(contract: clskit.Contract, **changes: object) -> list[str]:
    first = attrs.evolve(contract.meetings[0], **changes)
    lines = calendar(attrs.evolve(contract, meetings=[first]), {})
    return lines[lines.index("BEGIN:VEVENT"):lines.index("END:VEVENT")]


def test_a_meeting_on_the_last_day_python_knows_lasts_a_day(mauges) -> None:
    event = _one_meeting(mauges, date=dt.date.max, time=None)
    assert "DTSTART;VALUE=DATE:99991231" in event and "DURATION:P1D" in event
    timed = _one_meeting(mauges, date=dt.date.max, time=dt.time(23, 0))
    assert "DTSTART;TZID=Europe/Paris:99991231T230000" in timed and "DURATION:PT2H" in timed


def test_the_year_1_is_written_with_four_digits(mauges) -> None:
    event = _one_meeting(mauges, date=dt.date(1, 1, 1), time=None)
    assert "DTSTART;VALUE=DATE:00010101" in event and "DTEND;VALUE=DATE:00010102" in event


@pytest.mark.parametrize("text", ["99999999h", "9" * 5000 + "min", "169h", "0h"])
def test_a_duration_is_bounded(text: str) -> None:
    with pytest.raises(clskit.ExportError, match="write 2h, 1h30 or 90min"):
        parse_duration(text)
