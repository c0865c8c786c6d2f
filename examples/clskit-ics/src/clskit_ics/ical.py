"""Writing a contract's meetings as an RFC 5545 calendar, with the standard library only.

What is written, meeting by meeting (one ``VEVENT`` each):

* ``UID`` ``<meeting id>@<contract id>.clskit``: stable, so a calendar that imports the file
  again updates its events instead of doubling them;
* ``DTSTAMP`` the meeting's day at 00:00:00 UTC — never the clock, so the same record
  always gives the same bytes;
* ``DTSTART``/``DTEND``: with a start time, local times in ``Europe/Paris`` (a
  ``VTIMEZONE`` is included) and the end ``duration`` later (option, default 2 hours);
  without one, an all-day event;
* ``SUMMARY`` the meeting's title, else its body's name; ``LOCATION`` its place;
  ``DESCRIPTION`` the agenda, the mode and the number of participants, in French;
  ``STATUS`` ``CONFIRMED`` (held), ``TENTATIVE`` (planned) or ``CANCELLED``;
  ``CATEGORIES`` the kind of body («Comité de pilotage (COPIL)»).

A meeting known only by a period (``period: 2021-09``) has no day: it is skipped unless
``loose=first-day`` (an all-day event on the period's first day) or ``loose=span`` (an
all-day event over the whole period); its summary then ends with «(date approximative)».

Text is escaped (``\\`` ``;`` ``,`` and newlines), lines end with CRLF and are folded at
75 octets without ever splitting a UTF-8 character.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

import clskit
from clskit import fr
from clskit.exporters import ExportRequest, WriteFunction

from clskit_ics import __version__

PRODID = f"-//clskit//clskit-ics {__version__}//FR"
TZID = "Europe/Paris"
LINE_OCTETS = 75
APPROXIMATE = "(date approximative)"

#: Europe/Paris since 1996: CET (UTC+1), CEST (UTC+2) from the last Sunday of March at
#: 02:00 to the last Sunday of October at 03:00.
VTIMEZONE = (
    "BEGIN:VTIMEZONE",
    f"TZID:{TZID}",
    "BEGIN:DAYLIGHT",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0200",
    "TZNAME:CEST",
    "DTSTART:19700329T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "END:DAYLIGHT",
    "BEGIN:STANDARD",
    "TZOFFSETFROM:+0200",
    "TZOFFSETTO:+0100",
    "TZNAME:CET",
    "DTSTART:19701025T030000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
    "END:STANDARD",
    "END:VTIMEZONE",
)

STATUS = {
    clskit.MeetingStatus.HELD: "CONFIRMED",
    clskit.MeetingStatus.PLANNED: "TENTATIVE",
    clskit.MeetingStatus.CANCELLED: "CANCELLED",
}

_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")  # forbidden in TEXT (HTAB is allowed)
_DURATION = re.compile(r"(?:(\d{1,4})h(\d{1,2})?|(\d{1,6})min)")
#: The longest meeting the option accepts: a seminar of a week, not a date past 9999.
LONGEST = dt.timedelta(days=7)


# --------------------------------------------------------------------------- the format


def escape(text: str) -> str:
    """A TEXT value (RFC 5545 §3.3.11): ``\\`` ``;`` ``,`` escaped, newlines as ``\\n``."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\n", "\\n"))
    return _CONTROL.sub("", text)


def fold(line: str, limit: int = LINE_OCTETS) -> str:
    """``line`` cut into lines of at most ``limit`` octets (RFC 5545 §3.1).

    Continuation lines start with a space, counted in their ``limit``; a cut never falls
    inside a character's UTF-8 encoding.
    """
    pieces: list[str] = []
    current: list[str] = []
    size, room = 0, limit
    for char in line:
        octets = len(char.encode("utf-8"))
        if size + octets > room:
            pieces.append("".join(current))
            current, size, room = [], 0, limit - 1
        current.append(char)
        size += octets
    pieces.append("".join(current))
    return "\r\n ".join(pieces)


def _date(day: dt.date) -> str:
    # Not ``%Y``: the C library writes the year 1 as «1», not the «0001» RFC 5545 needs.
    return f"{day.year:04d}{day.month:02d}{day.day:02d}"


def _local(moment: dt.datetime) -> str:
    return f"{_date(moment.date())}T{moment:%H%M%S}"


def _duration(length: dt.timedelta) -> str:
    """A DURATION value (RFC 5545 §3.3.6): ``P1D``, ``PT2H30M``."""
    hours, minutes = divmod(length.seconds // 60, 60)
    time = (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "")
    return "P" + (f"{length.days}D" if length.days else "") + (f"T{time}" if time else "")


# --------------------------------------------------------------------------- options


def parse_duration(text: str) -> dt.timedelta:
    """``2h``, ``1h30``, ``90min`` → a positive duration; anything else is an ExportError."""
    match = _DURATION.fullmatch(text.strip().lower().replace(" ", ""))
    if match is not None:
        hours, minutes, only_minutes = match.groups()
        length = (dt.timedelta(minutes=int(only_minutes)) if only_minutes is not None
                  else dt.timedelta(hours=int(hours), minutes=int(minutes or 0)))
        if dt.timedelta(0) < length <= LONGEST:
            return length
    raise clskit.ExportError(f"option 'duration' of 'ics': write 2h, 1h30 or 90min (at most "
                             f"{LONGEST.days * 24}h), not {text!r}")


# --------------------------------------------------------------------------- events


def _day(meeting: clskit.Meeting, loose: str) -> tuple[dt.date, int, bool] | None:
    """First day, number of days, and whether the date is approximate (or None)."""
    if meeting.date is not None:
        return meeting.date, 1, False
    if meeting.period is None or loose == "skip":
        return None
    last = meeting.period.end if loose == "span" else meeting.period.start
    return meeting.period.start, (last - meeting.period.start).days + 1, True


def _end(name: str, start: Any, length: dt.timedelta, write: Callable[[Any], str]) -> str:
    """``DTEND`` of an event, or its ``DURATION`` when the end falls past 9999-12-31,
    which neither Python nor iCalendar can write: a meeting on 9999-12-31 validates, so
    the calendar must take it (#13)."""
    try:
        end = start + length
    except OverflowError:
        return f"DURATION:{_duration(length)}"
    return f"{name}{write(end)}"


def _description(meeting: clskit.Meeting, body: clskit.Body | None, summary: str,
                 approximate: bool) -> str:
    lines: list[str] = []
    if approximate and meeting.period is not None:
        lines.append(f"Date approximative : {fr.period(meeting.period)}")
    if body is not None and body.name != summary:
        lines.append(f"Instance : {body.name}")
    if meeting.agenda:
        lines.append("Ordre du jour :")
        lines.extend(f"- {item}" for item in meeting.agenda)
    if meeting.mode is not None:
        lines.append(f"Modalité : {clskit.label(meeting.mode)}")
    if meeting.participants_count is not None:
        lines.append(f"Participants : {fr.number(meeting.participants_count)}")
    return "\n".join(lines)


def event(meeting: clskit.Meeting, contract: clskit.Contract, body: clskit.Body | None,
          duration: dt.timedelta, loose: str = "skip") -> list[str]:
    """The unfolded lines of the VEVENT of ``meeting``; none when it has no day."""
    days = _day(meeting, loose)
    if days is None:
        return []
    first, count, approximate = days
    summary = meeting.title or (body.name if body is not None else meeting.body)
    lines = [
        "BEGIN:VEVENT",
        f"UID:{meeting.id}@{contract.id}.clskit",
        f"DTSTAMP:{_date(first)}T000000Z",
    ]
    if meeting.time is not None and not approximate:
        start = dt.datetime.combine(first, meeting.time.replace(tzinfo=None))
        # Wall-clock arithmetic: a meeting over the night of a clock change is off by
        # an hour, which a calendar of daytime meetings can live with.
        lines += [f"DTSTART;TZID={TZID}:{_local(start)}",
                  _end(f"DTEND;TZID={TZID}:", start, duration, _local)]
    else:
        lines += [f"DTSTART;VALUE=DATE:{_date(first)}",
                  _end("DTEND;VALUE=DATE:", first, dt.timedelta(days=count), _date)]
    lines.append(f"SUMMARY:{escape(f'{summary} {APPROXIMATE}' if approximate else summary)}")
    if meeting.place:
        lines.append(f"LOCATION:{escape(meeting.place)}")
    description = _description(meeting, body, summary, approximate)
    if description:
        lines.append(f"DESCRIPTION:{escape(description)}")
    lines.append(f"STATUS:{STATUS[meeting.status]}")
    if body is not None:
        lines.append(f"CATEGORIES:{escape(clskit.label(body.kind))}")
    lines.append("END:VEVENT")
    return lines


def _chosen(meetings: Iterable[clskit.Meeting], status: str) -> list[clskit.Meeting]:
    wanted = None if status == "all" else clskit.MeetingStatus(status)
    kept = [m for m in meetings if wanted is None or m.status is wanted]

    def key(m: clskit.Meeting) -> tuple[dt.date, dt.time, str]:
        when = m.when
        return (when.start if when else dt.date.max, m.time or dt.time.min, m.id)

    return sorted(kept, key=key)


def calendar(contract: clskit.Contract, options: Mapping[str, str]) -> list[str]:
    """The unfolded lines of the whole VCALENDAR."""
    duration = parse_duration(options.get("duration", "2h"))
    loose = options.get("loose", "skip")
    bodies = {b.id: b for b in contract.bodies}
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{escape(contract.short_name or contract.name)}",
        # Always there, even with no timed meeting: it keeps a calendar with no event
        # valid (RFC 5545 asks for at least one component).
        *VTIMEZONE,
    ]
    for meeting in _chosen(contract.meetings, options.get("status", "all")):
        lines += event(meeting, contract, bodies.get(meeting.body), duration, loose)
    lines.append("END:VCALENDAR")
    return lines


def render(contract: clskit.Contract, options: Mapping[str, str]) -> bytes:
    """The .ics file: folded lines, CRLF, UTF-8."""
    return "".join(fold(line) + "\r\n" for line in calendar(contract, options)).encode()


# --------------------------------------------------------------------------- the plugin


def write_ics(request: ExportRequest, path: Path) -> None:
    """The exporter's write function: clskit gives the request and a temporary path."""
    path.write_bytes(render(request.contract, request.options))


_: WriteFunction = write_ics  # mypy checks the signature clskit expects
