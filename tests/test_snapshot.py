"""The snapshot reproduces what the seed documents say of their periods."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import clskit
from clskit import BodyKind, EntryKind, Period
from clskit._status_text import render_text, to_data
from clskit.cli import main
from clskit.snapshot import _following, _overlaps, default_period, known_on, occurs, snapshot
from clskit_test_support import EXAMPLES
from strategies import contracts, dates, periods

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


# ------------------------------------------------------- the story a coordinator tells

MAUGES = EXAMPLES / "mauges"
CAPVM = EXAMPLES / "paris-vallee-de-la-marne"
COPIL_SHOWN = ["FA 1", "FA 3", "FA 4", "FA 5", "FA 6", "FA 8", "FA 9", "FA 10", "FA 11",
               "FA 13", "FA 14", "FA 15"]


def test_as_of_the_copil_what_it_is_shown_has_moved(camvs: clskit.Contract) -> None:
    # The deck of 7 December 2021 presents «Objectifs atteints» for 12 of the 15 fiches.
    snap = snapshot(camvs, meeting="copil-2021-12-07")
    assert [v.action.code for v in snap.moved] == COPIL_SHOWN
    assert (snap.counts.actions_moved, snap.counts.actions_total) == (12, 15)
    # FA 2's facts of the fourth quarter were not shown to the COPIL: only its to-do was.
    assert not snap.action("fa-02").moved and snap.action("fa-02").todo


def test_a_meeting_is_not_shown_its_own_outcome(camvs: clskit.Contract) -> None:
    snap = snapshot(camvs, meeting="copil-2021-12-07")
    texts = [e.text for e in snap.contract_entries] + [
        e.text for v in snap.actions for e in (*v.entries, *v.reported)]
    assert not any("fortement souligné" in t for t in texts)
    assert snap.outcomes == ()
    assert all(e.outcome_of != "copil-2021-12-07" for e in snap.contract_entries)
    # The review written after it tells the COPIL's conclusions.
    q4 = snapshot(camvs, "2021-Q4")
    assert [e.outcome_of for e in q4.outcomes] == ["copil-2021-12-07"] * 2
    assert any("fortement souligné" in e.text for e in q4.contract_entries)


def test_loosely_known_meetings_stay_loose(camvs: clskit.Contract) -> None:
    snap = snapshot(camvs, meeting="copil-2021-12-07")
    assert snap.counts.working_groups_met == 7
    gt = snap.body("gt-fa3-etudiants")
    assert gt.count is None and gt.at_least == 1 and gt.loose == (Period.year(2021),)
    assert snap.body("gt-participation").count == 1          # met on 21 September
    assert snap.counts.meetings_by_kind[BodyKind.WORKING_GROUP] == 1
    assert snap.counts.uncounted_by_kind[BodyKind.WORKING_GROUP] == 6
    # The inhabitants' workshops met on 4 and 18 November: sessions are meetings.
    workshops = snap.body("ateliers-habitants")
    assert workshops.count == 2
    assert [m.date for m in workshops.meetings] == [dt.date(2021, 11, 4), dt.date(2021, 11, 18)]
    # Known only «en 2021»: not in the fourth quarter.
    q4 = snapshot(camvs, "2021-Q4")
    assert q4.body("gt-fa3-etudiants").meetings == ()
    assert q4.counts.working_groups_met == 0


def test_q1_2021_tells_only_what_was_known_then(camvs: clskit.Contract) -> None:
    q1 = snapshot(camvs, "2021-Q1")
    assert {v.status for v in q1.actions} == {None}       # December's «en cours» is not March's
    assert q1.upcoming == ()                               # January 2022 is not «next»
    assert all(a.meetings == () for a in q1.bodies)        # the COPIL and COTECH came later
    assert q1.counts.meetings_by_kind == {}
    # The statuses the record holds are its present ones: they hold at the end of 2021.
    assert {v.status for v in snapshot(camvs, "2021-Q4").actions} != {None}


def test_upcoming_is_the_following_period(camvs: clskit.Contract) -> None:
    q4 = snapshot(camvs, "2021-Q4")
    assert {m.id for m in q4.upcoming} == {"gt-fa10-2022-01-11", "info-fa5-2022-01-27",
                                           "comite-selection-2022-01"}
    copil = snapshot(camvs, meeting="copil-2021-12-07")
    assert {m.id for m in copil.upcoming} == {m.id for m in q4.upcoming}


def test_mauges_winter_figures_presented_at_the_launch_meeting() -> None:
    mauges = clskit.load(MAUGES)
    snap = snapshot(mauges, meeting="lancement-2022-03-16")
    assert snap.achievements["radon-kits-distribues"].value == 159
    assert snap.achievements["radon-reunions-publiques"].value == 6
    radon = snap.action("action-2-5-1")
    assert any("159 kits" in e.text for e in radon.entries)
    # Before that meeting, winter 2021/22 was not over and nothing had been shown.
    before = snapshot(mauges, "2022-02")
    assert before.achievements["radon-kits-distribues"].value == 237


def test_capvm_default_window_starts_at_its_signature() -> None:
    capvm = clskit.load(CAPVM)
    window = default_period(capvm)
    assert capvm.signature is not None and capvm.signature.date is not None
    assert window.start >= capvm.signature.date == dt.date(2019, 11, 7)
    assert window == Period(dt.date(2019, 11, 7), dt.date(2019, 12, 31))


def test_a_period_outside_the_contract_is_warned(camvs: clskit.Contract) -> None:
    assert snapshot(camvs, "2019").warnings
    assert snapshot(camvs, "2021-Q4").warnings == ()


def test_contract_facts_and_undated_facts() -> None:
    c = clskit.from_data({
        "id": "p", "name": "Préfiguration", "territory": {"name": "T"},
        "status": "prefiguration", "duration_months": 12,
        "validations": [{"by": "ars"}, {"by": "community_council", "date": "2024-02-11"}],
        "signature": {"done": False},
        "other_actions": [{"id": "mars-bleu", "title": "Mars bleu", "period": "2024-03"},
                          {"id": "covid", "title": "Covid-19"}],
        "milestones": [{"id": "dls", "title": "Diagnostic", "done": True},
                       {"id": "sig", "title": "Signature", "done": False}],
    })
    snap = snapshot(c, "2024-Q1")
    assert [v.by.value for v in snap.facts.validations] == ["community_council"]
    assert [a.id for a in snap.facts.other_actions] == ["mars-bleu"]
    assert [v.by.value for v in snap.undated.validations] == ["ars"]
    assert snap.undated.signature is not None and snap.undated.contract_period
    assert [m.id for m in snap.undated.milestones] == ["dls", "sig"]
    assert [a.id for a in snap.undated.other_actions] == ["covid"]


def test_objectives_with_no_axis_are_the_general_ones() -> None:
    c = clskit.from_data({
        "id": "g", "name": "n", "period": "2024/2028", "territory": {"name": "T"},
        "axes": [{"id": "a1", "code": "Axe 1", "title": "Axe"}],
        "objectives": [{"id": "og", "code": "OG", "title": "Réduire les ISTS"},
                       {"id": "o1", "code": "Obj 1", "title": "Accès", "axis": "a1"}],
    })
    snap = snapshot(c, "2024")
    assert [o.objective.id for o in snap.general_objectives] == ["og"]


def test_an_undated_outcome_happens_on_its_meeting_day() -> None:
    c = clskit.from_data({
        "id": "o", "name": "n", "period": "2024/2028", "territory": {"name": "T"},
        "bodies": [{"id": "copil", "name": "COPIL", "kind": "copil"}],
        "meetings": [{"id": "m1", "body": "copil", "date": "2024-06-10"}],
        "journal": [{"kind": "decision", "text": "Arbitrage", "outcome_of": "m1"}],
    })
    assert [e.text for e in snapshot(c, "2024-Q2").outcomes] == ["Arbitrage"]
    assert snapshot(c, "2024-Q3").outcomes == ()
    assert snapshot(c, meeting="m1").outcomes == ()


# --------------------------------------------------------------------------- properties


@given(periods)
def test_the_following_period_starts_the_next_day_and_keeps_the_shape(window: Period) -> None:
    after = _following(window)
    assert after.start == window.end + dt.timedelta(days=1) and after.is_valid
    quarter = Period.quarter(window.start.year, (window.start.month - 1) // 3 + 1)
    if window == quarter:
        q = (window.end.month // 3) % 4 + 1
        assert after == Period.quarter(window.end.year + (q == 1), q)
    if str(window).isdigit():
        assert after == Period.year(window.start.year + 1)


@given(st.one_of(st.none(), dates), st.one_of(st.none(), periods), periods)
def test_what_occurs_in_a_window_overlaps_it(day, span, window) -> None:
    if occurs(day, span, window):
        assert _overlaps(day, span, window)


@given(periods, dates)
def test_a_fact_shown_at_a_meeting_is_known_by_then(span: Period, shown: dt.date) -> None:
    day = known_on(None, span, shown)
    assert day is not None and day <= span.end and day <= shown


def test_bodies_set_up_and_members_joined_in_the_window() -> None:
    c = clskit.from_data({
        "id": "b", "name": "n", "period": "2024/2028", "territory": {"name": "T"},
        "organisations": [{"id": "cpts", "name": "CPTS du Val", "short_name": "CPTS"}],
        "bodies": [{"id": "gt", "name": "GT santé mentale", "kind": "working_group",
                    "created": "2024-05-02",
                    "members": [{"member": "cpts", "since": "2024-06-01"}]}],
    })
    p = snapshot(c, "2024-Q2").partnership
    assert [b.id for b in p.bodies_created] == ["gt"]
    assert [(j.body, j.member) for j in p.members_joined] == [("gt", "cpts")]
    assert snapshot(c, "2024-Q3").partnership.members_joined == ()
    text = render_text(snapshot(c, "2024-Q2"))
    assert "Instances mises en place : GT santé mentale (2 mai 2024)" in text
    assert "Membres entrés dans une instance : CPTS — GT santé mentale (1er juin 2024)" in text


def test_fiches_starting_and_ending_in_the_window() -> None:
    capvm = clskit.load(CAPVM)
    snap = snapshot(capvm, "2020")
    assert snap.facts.actions_starting and all(
        a.start is not None and a.start.year == 2020 for a in snap.facts.actions_starting)
    first = snap.facts.actions_starting[0]
    assert f"Début de {first.code}" in render_text(snap)
    assert first.id in to_data(snap)["facts"]["actions_starting"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.data_too_large])
@given(contracts, periods)
def test_any_record_gives_a_snapshot_that_invents_nothing(contract: clskit.Contract,
                                                          window: Period) -> None:
    snap = snapshot(contract, window)
    assert 0 <= snap.counts.actions_moved <= snap.counts.actions_total == len(contract.actions)
    for activity in snap.bodies:
        assert activity.count is None or activity.count == activity.at_least
        assert len(activity.loose) == sum(m.count is None for m in activity.meetings)
    for view in snap.actions:
        # A status shown is one the record gives on or before the window's end.
        if view.status_date is not None:
            assert view.status_date <= window.end
    assert all(e.outcome_of is not None for e in snap.outcomes)
    text, data = render_text(snap), to_data(snap)      # every part renders
    assert text.strip()
    written = json.dumps(clskit.to_data(contract), ensure_ascii=False, default=str)
    if "None" not in written:       # no Python None leaks into what a reader sees
        assert "None" not in text
    assert data["counts"]["actions_total"] == len(contract.actions)
    ids = [m.id for m in contract.meetings]
    # (a record with two meetings of one id does not load: CLS101)
    dated = [m for m in contract.meetings if m.date is not None and ids.count(m.id) == 1]
    if dated:       # as of a meeting: never its own outcome
        as_of = snapshot(contract, meeting=dated[0].id)
        own = dated[0].id
        shown = [*as_of.contract_entries, *as_of.outcomes,
                 *(e for v in as_of.actions for e in (*v.entries, *v.reported))]
        assert all(e.outcome_of != own for e in shown)


def test_the_last_quarter_python_knows_has_a_following_window() -> None:
    """9999-Q4 validates (#13): the window after it is its last day, not an OverflowError."""
    from clskit.snapshot import _following

    last = _following(Period.parse("9999-Q4"))
    assert last.end == dt.date.max
    assert _following(Period.parse("9999-Q3")) == Period.parse("9999-Q4")
    assert _following(Period(dt.date(9999, 12, 1), dt.date(9999, 12, 20))).end == dt.date.max
