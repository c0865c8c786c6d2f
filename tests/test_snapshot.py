"""The snapshot reproduces what the seed documents say of their periods."""

from __future__ import annotations

import datetime as dt
import json

import pytest

import clskit
from clskit import BodyKind, EntryKind, Period
from clskit.cli import main
from clskit.snapshot import occurs, snapshot
from clskit_test_support import EXAMPLES

CAMVS = EXAMPLES / "melun-val-de-seine"


@pytest.fixture(scope="module")
def camvs() -> clskit.Contract:
    return clskit.load(CAMVS)


def test_q4_2021_review_sections(camvs: clskit.Contract) -> None:
    snap = snapshot(camvs, "2021-Q4")
    # The review «d'octobre à décembre 2021» has one section per FA that moved.
    assert [v.action.code for v in snap.moved] == ["FA 2", "FA 3", "FA 4", "FA 5", "FA 9",
                                                   "FA 10"]
    (copil,) = snap.meetings
    assert copil.date == dt.date(2021, 12, 7) and copil.participants_count == 12
    assert snap.counts.workshop_participants == 23
    assert snap.counts.workshop_sessions == 2
    # The new partners are reported at the COPIL of the quarter.
    assert any("CIDFF" in e.text for e in snap.partnership.entries)
    assert any("PAT Rivage" in e.text for e in snap.partnership.entries)
    # The achieved / to-do lists of the deck are reported at that COPIL.
    assert snap.action("fa-01").achieved and not snap.action("fa-01").moved


def test_copil_looks_back_to_the_start_of_the_contract(camvs: clskit.Contract) -> None:
    snap = snapshot(camvs, meeting="copil-2021-12-07")
    assert snap.window == Period(dt.date(2021, 1, 1), dt.date(2021, 12, 7))
    assert snap.previous_meeting is None
    counts = snap.counts
    assert counts.reviews == 3                          # «3 Revues ont été produites»
    assert counts.working_groups_met == 7               # «7 groupes de travail se sont réunis»
    assert counts.meetings_by_kind[BodyKind.COTECH] == 1   # «1 COTECH en septembre»
    assert counts.meetings_by_kind[BodyKind.COPIL] == 1    # «1 COPIL en décembre»
    assert counts.workshop_participants == 23
    assert {b.id for b in snap.partnership.working_groups_met} >= {"gt-fa14-alimactiv",
                                                                   "gt-participation"}
    fa15 = snap.action("fa-15")
    assert [e.kind for e in fa15.achieved] == [EntryKind.ACHIEVED]
    assert "Rallye" in fa15.achieved[0].text


def test_meeting_by_date_and_previous_meeting(camvs: clskit.Contract) -> None:
    assert snapshot(camvs, meeting="2021-12-07").meeting.id == "copil-2021-12-07"
    later = clskit.Meeting(id="copil-2022", body="copil", date=dt.date(2022, 12, 1))
    camvs2 = clskit.from_data({**clskit.to_data(camvs),
                               "meetings": clskit.to_data(camvs)["meetings"]
                               + [clskit.converter.unstructure(later)]})
    snap = snapshot(camvs2, meeting="copil-2022")
    assert snap.previous_meeting.id == "copil-2021-12-07"
    assert snap.window.start == dt.date(2021, 12, 8)


def test_year_2021(camvs: clskit.Contract) -> None:
    snap = snapshot(camvs, "2021")
    assert snap.counts.working_groups_met == 7
    assert snap.counts.reviews == 4
    assert [s.id for s in snap.participation.surveys] == ["questionnaire-rencontres-sante-2021"]
    assert snap.behind_rhythm == ()


def test_upcoming_and_rhythm(camvs: clskit.Contract) -> None:
    snap = snapshot(camvs, "2021-Q4")
    assert [m.date for m in snap.upcoming if m.date] == [dt.date(2022, 1, 11),
                                                         dt.date(2022, 1, 27)]
    copil = next(a for a in snap.bodies if a.body.id == "copil")
    assert (copil.held_this_year, copil.expected_by_now, copil.behind) == (1, 1, False)
    q3 = snapshot(camvs, "2021-Q3")
    copil = next(a for a in q3.bodies if a.body.id == "copil")
    assert copil.expected_by_now == 0 and not copil.behind


def test_a_body_behind_its_rhythm() -> None:
    contract = clskit.load(EXAMPLES / "paris-vallee-de-la-marne")
    snap = snapshot(contract, "2021")
    assert "copil" in {a.body.id for a in snap.behind_rhythm}


def test_status_follows_the_journal() -> None:
    c = clskit.Contract(
        id="t", name="n", period=Period.parse("2021/2023"), territory=clskit.Territory(name="t"),
        actions=[clskit.Action(id="a", code="A", title="T")],
        journal=[clskit.JournalEntry(kind=EntryKind.EVENT, text="lancé", actions=["a"],
                                     date=dt.date(2021, 5, 1),
                                     status=clskit.ActionStatus.IN_PROGRESS),
                 clskit.JournalEntry(kind=EntryKind.ACHIEVED, text="fini", actions=["a"],
                                     date=dt.date(2022, 2, 1), status=clskit.ActionStatus.DONE)],
    )
    # Before the first dated change, the record does not say: never its later status.
    assert snapshot(c, "2021-Q1").action("a").status is None
    assert snapshot(c, "2021").action("a").status is clskit.ActionStatus.IN_PROGRESS
    assert snapshot(c, "2022").action("a").status is clskit.ActionStatus.DONE


@pytest.mark.parametrize(("date", "period", "expected"), [
    (dt.date(2021, 11, 4), None, True),
    (None, "2021-10", True),
    (None, "2021", False),     # known only to the year: not known to be in the quarter
    (None, None, False),
])
def test_occurs(date, period, expected) -> None:
    window = Period.parse("2021-Q4")
    assert occurs(date, Period.parse(period) if period else None, window) is expected


def test_bad_arguments(camvs: clskit.Contract) -> None:
    with pytest.raises(ValueError):
        snapshot(camvs)
    with pytest.raises(KeyError):
        snapshot(camvs, meeting="copil-1999")


def test_cli_status_text_and_json(capsys) -> None:
    assert main(["status", str(CAMVS), "--period", "2021-Q4"]) == 0
    out = capsys.readouterr().out
    assert "octobre à décembre 2021" in out
    assert "Comité de Pilotage : 7 décembre 2021 à 10h00, 12 participants" in out
    assert "6 sur 15 ont avancé" in out
    assert main(["status", str(CAMVS), "--meeting", "copil-2021-12-07", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["counts"]["reviews"] == 3 and data["counts"]["working_groups_met"] == 7
    assert main(["status", str(CAMVS), "--meeting", "nope"]) == 2
