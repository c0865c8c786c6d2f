"""clskit-ics: the plugin registered in code and through its entry point, and the calendar
it writes for the CAMVS example, read back with a small parser (icalendar is not needed).
"""

from __future__ import annotations

import copy
import datetime as dt
import importlib.metadata
import re
from pathlib import Path
from typing import Any

import clskit
import clskit.plugins
import pytest
from clskit.exporters import Needs

import clskit_ics
from clskit_ics.ical import escape, fold, parse_duration

EXAMPLE = Path(__file__).resolve().parents[2] / "melun-val-de-seine"  # examples/…
DATED = ["gt-participation-2021-09-21", "copil-2021-12-07", "gt-fa10-2022-01-11",
         "info-fa5-2022-01-27"]


# --------------------------------------------------------------------------- helpers


@pytest.fixture(scope="module")
def camvs() -> clskit.Contract:
    return clskit.load(EXAMPLE)


@pytest.fixture
def plugins(monkeypatch: pytest.MonkeyPatch) -> clskit.plugins.Plugins:
    """The default plugins plus clskit_ics, registered in code: no install needed.

    Installed plugins are kept out (``CLSKIT_LOAD_PLUGINS=""``): when clskit-ics is also
    installed, its entry point has already registered this very module, and pluggy
    refuses to register one module twice.
    """
    monkeypatch.setenv("CLSKIT_LOAD_PLUGINS", "")
    current = clskit.plugins.load_plugins()
    current.register(clskit_ics, "ics-test")
    return current


def export(plugins: clskit.plugins.Plugins, contract: clskit.Contract, target: Path,
           **options: str) -> bytes:
    clskit.plugins.export("ics", contract, target, options=options, using=plugins)
    return target.read_bytes()


class Component:
    """A parsed BEGIN…END block: its properties and the components inside it."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.properties: list[tuple[str, dict[str, str], str]] = []
        self.children: list[Component] = []

    def get(self, name: str) -> str | None:
        """The unescaped value of the first property ``name``."""
        values = [v for n, _, v in self.properties if n == name]
        return unescape(values[0]) if values else None

    def raw(self, name: str) -> tuple[dict[str, str], str]:
        found = [(p, v) for n, p, v in self.properties if n == name]
        assert found, f"no {name} in {self.name}"
        return found[0]

    def all(self, name: str) -> list[Component]:
        return [c for c in self.children if c.name == name]


def unescape(value: str) -> str:
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m[1] in "nN" else m[1], value)


def parse(data: bytes) -> Component:
    """Unfold (RFC 5545 §3.1) then read the components: a tiny iCalendar reader."""
    assert data.endswith(b"\r\n")
    logical: list[bytes] = []
    for physical in data[:-2].split(b"\r\n"):
        physical.decode("utf-8")  # every physical line is whole UTF-8 on its own
        if physical.startswith((b" ", b"\t")):
            logical[-1] += physical[1:]
        else:
            logical.append(physical)
    stack = [Component("ROOT")]
    for line in (raw.decode("utf-8") for raw in logical):
        head, sep, value = line.partition(":")
        assert sep, f"not a content line: {line!r}"
        name, *params = head.split(";")
        if name == "BEGIN":
            child = Component(value)
            stack[-1].children.append(child)
            stack.append(child)
        elif name == "END":
            assert stack.pop().name == value
        else:
            stack[-1].properties.append(
                (name, dict(p.partition("=")[::2] for p in params), value))
    assert len(stack) == 1
    (calendar,) = stack[0].children
    assert calendar.name == "VCALENDAR"
    return calendar


def events(data: bytes) -> dict[str, Component]:
    """The VEVENTs by meeting id (the UID before its «@»)."""
    return {str(e.get("UID")).split("@")[0]: e for e in parse(data).all("VEVENT")}


def with_meeting(contract: clskit.Contract, **fields: Any) -> clskit.Contract:
    """A copy of ``contract`` with one more meeting (the loaded contract is left alone)."""
    variant = copy.copy(contract)
    variant.meetings = [*contract.meetings, clskit.Meeting(**fields)]
    return variant


# --------------------------------------------------------------------------- registration


def test_registered_in_code(plugins: clskit.plugins.Plugins, camvs: clskit.Contract,
                            tmp_path: Path) -> None:
    exporter, plugin = plugins.exporters()["ics"]
    assert plugin == "ics-test"
    assert exporter.title == "Calendrier des réunions (iCalendar)"
    assert exporter.needs is Needs.CONTRACT
    data = export(plugins, camvs, tmp_path / "r.ics")
    assert data.startswith(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert [p.name for p in tmp_path.iterdir()] == ["r.ics"]  # no temporary left behind


def test_installed_entry_point(monkeypatch: pytest.MonkeyPatch) -> None:
    try:
        version = importlib.metadata.version("clskit-ics")
    except importlib.metadata.PackageNotFoundError:
        pytest.skip("clskit-ics is not installed (pip install -e examples/clskit-ics)")
    assert version == clskit_ics.__version__
    monkeypatch.delenv("CLSKIT_LOAD_PLUGINS", raising=False)
    current = clskit.plugins.load_plugins()
    assert not [p for p in current.problems if p.plugin == "ics"]
    exporter, plugin = current.exporters()["ics"]
    assert plugin == "ics"
    assert exporter.formats == ("ics",)
    assert current.origin("ics") == f"clskit-ics {version}"


# --------------------------------------------------------------------------- the calendar


def test_calendar_header(plugins: clskit.plugins.Plugins, camvs: clskit.Contract,
                         tmp_path: Path) -> None:
    calendar = parse(export(plugins, camvs, tmp_path / "r.ics"))
    assert calendar.get("VERSION") == "2.0"
    assert calendar.get("PRODID") == "-//clskit//clskit-ics 0.1.0//FR"
    assert calendar.get("CALSCALE") == "GREGORIAN"
    assert calendar.get("X-WR-CALNAME") == "CLS 2 de la CAMVS"
    (timezone,) = calendar.all("VTIMEZONE")
    assert timezone.get("TZID") == "Europe/Paris"
    assert [c.name for c in timezone.children] == ["DAYLIGHT", "STANDARD"]
    assert [c.get("TZNAME") for c in timezone.children] == ["CEST", "CET"]


def test_copil_2021(plugins: clskit.plugins.Plugins, camvs: clskit.Contract,
                    tmp_path: Path) -> None:
    data = export(plugins, camvs, tmp_path / "r.ics")
    copil = events(data)["copil-2021-12-07"]
    assert copil.get("UID") == "copil-2021-12-07@camvs-cls2.clskit"
    assert copil.get("SUMMARY") == "Comité de Pilotage 2021"
    assert copil.raw("DTSTART") == ({"TZID": "Europe/Paris"}, "20211207T100000")
    assert copil.raw("DTEND") == ({"TZID": "Europe/Paris"}, "20211207T120000")
    assert copil.get("DTSTAMP") == "20211207T000000Z"
    assert copil.get("STATUS") == "CONFIRMED"
    assert copil.get("CATEGORIES") == "Comité de pilotage (COPIL)"
    description = str(copil.get("DESCRIPTION")).split("\n")
    assert description[:3] == ["Instance : Comité de Pilotage", "Ordre du jour :",
                               "- Mots d'ouverture"]
    assert "Modalité : En visioconférence" in description
    assert "Participants : 12" in description
    assert b"SUMMARY:Comit\xc3\xa9 de Pilotage 2021\r\n" in data


def test_planned_meetings_are_tentative(plugins: clskit.plugins.Plugins,
                                        camvs: clskit.Contract, tmp_path: Path) -> None:
    found = events(export(plugins, camvs, tmp_path / "r.ics"))
    assert found["gt-fa10-2022-01-11"].get("STATUS") == "TENTATIVE"
    info = found["info-fa5-2022-01-27"]
    assert info.get("STATUS") == "TENTATIVE"
    assert info.get("LOCATION") == "CAMVS"
    assert info.raw("DTSTART") == ({"TZID": "Europe/Paris"}, "20220127T140000")
    # no title: the body's name
    assert found["gt-fa10-2022-01-11"].get("SUMMARY") == (
        "Groupe de travail « Santé des personnes âgées »")


def test_meeting_without_time_is_all_day(plugins: clskit.plugins.Plugins,
                                         camvs: clskit.Contract, tmp_path: Path) -> None:
    gt = events(export(plugins, camvs, tmp_path / "r.ics"))["gt-participation-2021-09-21"]
    assert gt.raw("DTSTART") == ({"VALUE": "DATE"}, "20210921")
    assert gt.raw("DTEND") == ({"VALUE": "DATE"}, "20210922")
    assert gt.get("DTSTAMP") == "20210921T000000Z"


def test_loose_meetings_skipped_by_default(plugins: clskit.plugins.Plugins,
                                           camvs: clskit.Contract, tmp_path: Path) -> None:
    found = events(export(plugins, camvs, tmp_path / "r.ics"))
    assert list(found) == DATED  # in date order; the 8 loosely dated ones are left out
    assert b"approximative" not in (tmp_path / "r.ics").read_bytes()


def test_loose_first_day(plugins: clskit.plugins.Plugins, camvs: clskit.Contract,
                         tmp_path: Path) -> None:
    found = events(export(plugins, camvs, tmp_path / "r.ics", loose="first-day"))
    assert len(found) == len(camvs.meetings) == 12
    cotech = found["cotech-2021-09"]
    assert cotech.get("SUMMARY") == "Comité Technique (date approximative)"
    assert cotech.raw("DTSTART") == ({"VALUE": "DATE"}, "20210901")
    assert cotech.raw("DTEND") == ({"VALUE": "DATE"}, "20210902")
    assert str(cotech.get("DESCRIPTION")).startswith("Date approximative : septembre 2021")
    assert found["comite-selection-2022-01"].get("STATUS") == "TENTATIVE"


def test_loose_span(plugins: clskit.plugins.Plugins, camvs: clskit.Contract,
                    tmp_path: Path) -> None:
    found = events(export(plugins, camvs, tmp_path / "r.ics", loose="span"))
    assert found["cotech-2021-09"].raw("DTEND") == ({"VALUE": "DATE"}, "20211001")
    gt = found["gt-fa3-etudiants-2021"]
    assert gt.raw("DTSTART") == ({"VALUE": "DATE"}, "20210101")
    assert gt.raw("DTEND") == ({"VALUE": "DATE"}, "20220101")  # met «en 2021»
    # exact dates are unchanged by the option
    assert found["copil-2021-12-07"].raw("DTEND") == ({"TZID": "Europe/Paris"},
                                                      "20211207T120000")


@pytest.mark.parametrize("loose", ["skip", "first-day", "span"])
def test_lines_crlf_and_at_most_75_octets(plugins: clskit.plugins.Plugins,
                                          camvs: clskit.Contract, tmp_path: Path,
                                          loose: str) -> None:
    data = export(plugins, camvs, tmp_path / "r.ics", loose=loose)
    assert data.endswith(b"END:VCALENDAR\r\n")
    assert b"\n" not in data.replace(b"\r\n", b"")
    assert b"\r" not in data.replace(b"\r\n", b"")
    lines = data[:-2].split(b"\r\n")
    assert max(len(line) for line in lines) <= 75
    assert any(line.startswith(b" ") for line in lines)  # some were folded


def test_escaping(plugins: clskit.plugins.Plugins, camvs: clskit.Contract,
                  tmp_path: Path) -> None:
    title = "Bilan, suite; fin\nligne 2 \\ chemin"
    contract = with_meeting(
        camvs, id="bilan", body="copil", date=dt.date(2022, 3, 1), title=title,
        place="Salle A; bâtiment B, 1er étage", agenda=["Point 1, point 2", "Vote; clôture"])
    data = export(plugins, contract, tmp_path / "r.ics")
    assert b"SUMMARY:Bilan\\, suite\\; fin\\nligne 2 \\\\ chemin\r\n" in data
    assert b"LOCATION:Salle A\\; b\xc3\xa2timent B\\, 1er \xc3\xa9tage\r\n" in data
    bilan = events(data)["bilan"]
    assert bilan.get("SUMMARY") == title
    assert bilan.get("LOCATION") == "Salle A; bâtiment B, 1er étage"
    assert str(bilan.get("DESCRIPTION")).split("\n")[-2:] == ["- Point 1, point 2",
                                                              "- Vote; clôture"]


def test_cancelled_meeting(plugins: clskit.plugins.Plugins, camvs: clskit.Contract,
                           tmp_path: Path) -> None:
    contract = with_meeting(camvs, id="copil-annule", body="copil", date=dt.date(2022, 6, 1),
                            status=clskit.MeetingStatus.CANCELLED)
    found = events(export(plugins, contract, tmp_path / "r.ics"))
    assert found["copil-annule"].get("STATUS") == "CANCELLED"
    assert found["copil-annule"].get("SUMMARY") == "Comité de Pilotage"


def test_long_multibyte_text_is_folded_on_character_boundaries(
        plugins: clskit.plugins.Plugins, camvs: clskit.Contract, tmp_path: Path) -> None:
    title = "Réunion « Santé » " + "é€😀" * 40  # 2-, 3- and 4-octet characters
    contract = with_meeting(camvs, id="long", body="copil", date=dt.date(2022, 2, 2),
                            time=dt.time(9, 30), title=title)
    data = export(plugins, contract, tmp_path / "r.ics")
    lines = data[:-2].split(b"\r\n")
    assert max(len(line) for line in lines) <= 75
    for line in lines:
        line.decode("utf-8")  # raises if a character was cut
    assert events(data)["long"].get("SUMMARY") == title


def test_deterministic(plugins: clskit.plugins.Plugins, camvs: clskit.Contract,
                       tmp_path: Path) -> None:
    first = export(plugins, camvs, tmp_path / "a.ics", loose="span")
    second = export(plugins, clskit.load(EXAMPLE), tmp_path / "b.ics", loose="span")
    assert first == second


@pytest.mark.parametrize(("status", "expected"), [
    ("held", {"CONFIRMED"}),
    ("planned", {"TENTATIVE"}),
    ("all", {"CONFIRMED", "TENTATIVE"}),
])
def test_status_option(plugins: clskit.plugins.Plugins, camvs: clskit.Contract,
                       tmp_path: Path, status: str, expected: set[str]) -> None:
    found = events(export(plugins, camvs, tmp_path / "r.ics", status=status))
    assert {e.get("STATUS") for e in found.values()} == expected
    if status == "planned":
        assert list(found) == ["gt-fa10-2022-01-11", "info-fa5-2022-01-27"]


def test_duration_option(plugins: clskit.plugins.Plugins, camvs: clskit.Contract,
                         tmp_path: Path) -> None:
    copil = events(export(plugins, camvs, tmp_path / "r.ics", duration="1h30"))[
        "copil-2021-12-07"]
    assert copil.raw("DTEND") == ({"TZID": "Europe/Paris"}, "20211207T113000")


@pytest.mark.parametrize("options", [
    {"colour": "blue"},            # unknown option
    {"status": "cancelled"},       # not one of the choices
    {"loose": "month"},
    {"duration": "2 heures"},      # refused by the write function itself
    {"duration": "0h"},
])
def test_bad_options_are_refused(plugins: clskit.plugins.Plugins, camvs: clskit.Contract,
                                 tmp_path: Path, options: dict[str, str]) -> None:
    target = tmp_path / "r.ics"
    with pytest.raises(clskit.ExportError):
        export(plugins, camvs, target, **options)
    assert list(tmp_path.iterdir()) == []  # nothing written, no temporary left


def test_unknown_option_message(plugins: clskit.plugins.Plugins, camvs: clskit.Contract,
                                tmp_path: Path) -> None:
    with pytest.raises(clskit.ExportError, match=r"has no option 'colour' \(its options: "
                                                 r"duration, loose, status\)"):
        export(plugins, camvs, tmp_path / "r.ics", colour="blue")


def test_parse_back(plugins: clskit.plugins.Plugins, camvs: clskit.Contract,
                    tmp_path: Path) -> None:
    """Every dated meeting comes back with its day, title and status."""
    found = events(export(plugins, camvs, tmp_path / "r.ics"))
    bodies = {b.id: b for b in camvs.bodies}
    status = {"held": "CONFIRMED", "planned": "TENTATIVE", "cancelled": "CANCELLED"}
    for meeting in camvs.meetings:
        if meeting.date is None:
            continue
        vevent = found[meeting.id]
        assert vevent.get("UID") == f"{meeting.id}@{camvs.id}.clskit"
        assert vevent.raw("DTSTART")[1][:8] == meeting.date.strftime("%Y%m%d")
        assert vevent.get("SUMMARY") == (meeting.title or bodies[meeting.body].name)
        assert vevent.get("STATUS") == status[meeting.status.value]
        assert vevent.get("CATEGORIES") == clskit.label(bodies[meeting.body].kind)
        for item in meeting.agenda:
            assert f"- {item}" in str(vevent.get("DESCRIPTION"))


def test_empty_calendar_is_still_valid(plugins: clskit.plugins.Plugins,
                                       camvs: clskit.Contract, tmp_path: Path) -> None:
    contract = copy.copy(camvs)
    contract.meetings = []
    calendar = parse(export(plugins, contract, tmp_path / "r.ics"))
    assert [c.name for c in calendar.children] == ["VTIMEZONE"]


# --------------------------------------------------------------------------- the helpers


def test_escape() -> None:
    assert escape("a\\b;c,d\ne\r\nf\rg") == "a\\\\b\\;c\\,d\\ne\\nf\\ng"
    assert escape("bell\x07 tab\t") == "bell tab\t"


def test_fold() -> None:
    assert fold("x" * 75) == "x" * 75
    assert fold("x" * 76) == "x" * 75 + "\r\n x"
    folded = fold("A" + "é" * 80)  # 161 octets: 75 (A + 37 é), then 74 (37 é), then 12
    assert [len(p.encode()) for p in folded.split("\r\n")] == [75, 75, 13]
    assert folded.replace("\r\n ", "") == "A" + "é" * 80


def test_parse_duration() -> None:
    assert parse_duration("2h") == dt.timedelta(hours=2)
    assert parse_duration("1h30") == dt.timedelta(minutes=90)
    assert parse_duration("90min") == dt.timedelta(minutes=90)
    with pytest.raises(clskit.ExportError, match="1h30"):
        parse_duration("90")
