"""Every built-in rule fires where it should, and stays silent on a sound record."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

import clskit
from clskit import (
    Action,
    Axis,
    Baseline,
    Body,
    BodyKind,
    Contract,
    Indicator,
    IndicatorKind,
    JournalEntry,
    Measure,
    Measurement,
    Meeting,
    Objective,
    Organisation,
    Partner,
    Period,
    Person,
    Severity,
    Signatory,
    Target,
    Territory,
)
from clskit.checks import Unread
from clskit.diagnostics import format_path
from clskit.model import (
    Answer,
    EntryKind,
    OtherAction,
    Survey,
    SurveyQuestion,
    Workshop,
    WorkshopSession,
)


def sound() -> Contract:
    """A small contract that breaks no rule."""
    return Contract(
        id="t", name="CLS", period=Period.parse("2021/2023"),
        territory=Territory(name="T", organisation="epci"),
        coordinator="coord",
        organisations=[Organisation(id="epci", name="EPCI"), Organisation(id="ars", name="ARS")],
        people=[Person(id="coord", name="C", organisation="epci"),
                Person(id="dd", name="D", organisation="ars")],
        signatories=[Signatory(organisation="ars", representative="dd")],
        axes=[Axis(id="ax1", code="Axe 1", title="A")],
        objectives=[Objective(id="o1", code="Obj 1", title="O", axis="ax1"),
                    Objective(id="o2", code="Obj 2", title="O2", parent="o1", axis="ax1")],
        actions=[Action(id="fa-1", code="FA 1", title="F", axis="ax1", objectives=["o1"],
                        pilot="epci", partners=[Partner(organisation="ars")],
                        start=dt.date(2021, 3, 1), end=dt.date(2023, 6, 30))],
        indicators=[Indicator(id="i1", label="L", kind=IndicatorKind.RESULT,
                              measure=Measure.PERCENTAGE, actions=["fa-1"],
                              baseline=Baseline(value=10), targets=[Target(value=50)],
                              measurements=[Measurement(value=20.5,
                                                        date=dt.date(2021, 12, 31))])],
        bodies=[Body(id="copil", name="COPIL", kind=BodyKind.COPIL, min_meetings_per_year=1),
                Body(id="cotech", name="COTECH", kind=BodyKind.COTECH, reports_to=["copil"])],
        meetings=[Meeting(id="m1", body="copil", date=dt.date(2021, 12, 7)),
                  Meeting(id="m2", body="copil", date=dt.date(2022, 6, 1))],
        journal=[JournalEntry(kind=EntryKind.ACHIEVED, text="x", actions=["fa-1"],
                              date=dt.date(2021, 10, 2), meeting="m1")],
    )


def fired(contract: Contract) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for d in clskit.check(contract):
        out.setdefault(d.rule, []).append(format_path(d.location.path))
    return out


def test_sound_contract_has_no_finding() -> None:
    assert fired(sound()) == {}


def test_at_least_fifteen_rules_with_ids_and_severities() -> None:
    rules = clskit.rules()
    assert len(rules) >= 15
    assert len({r.id for r in rules}) == len(rules)
    assert {r.severity for r in rules} == set(Severity)
    assert all(r.id.startswith("CLS") and r.summary for r in rules)


def _with(**changes: object) -> Contract:
    return attrs.evolve(sound(), **changes)


def _action(**changes: object) -> Action:
    return attrs.evolve(sound().actions[0], **changes)


CASES = [
    ("CLS101", lambda c: c.actions.append(_action()), "actions[1].id"),
    ("CLS101", lambda c: c.people.append(Person(id="epci", name="X")), "people[2].id"),
    ("CLS102", lambda c: setattr(c.actions[0], "axis", "ax9"), "actions[0].axis"),
    ("CLS103", lambda c: setattr(c.objectives[1], "parent", "o9"), "objectives[1].parent"),
    ("CLS104", lambda c: setattr(c.actions[0], "pilot", "cpam77"), "actions[0].pilot"),
    ("CLS104", lambda c: setattr(c.signatories[0], "representative", "epci"),
     "signatories[0].representative"),
    ("CLS105", lambda c: setattr(c.bodies[1], "reports_to", ["x"]), "bodies[1].reports_to[0]"),
    ("CLS106", lambda c: setattr(c.indicators[0], "actions", ["fa-9"]),
     "indicators[0].actions[0]"),
    ("CLS107", lambda c: setattr(c.journal[0], "actions", ["fa-9"]), "journal[0].actions[0]"),
    ("CLS107", lambda c: setattr(c.journal[0], "meeting", "m9"), "journal[0].meeting"),
    ("CLS108", lambda c: setattr(c.meetings[0], "body", "gt"), "meetings[0].body"),
    ("CLS109", lambda c: setattr(c.actions[0], "start", dt.date(2020, 1, 1)), "actions[0].start"),
    ("CLS110", lambda c: setattr(c.actions[0], "end", dt.date(2021, 1, 1)), "actions[0].end"),
    ("CLS110", lambda c: c.other_actions.append(OtherAction(
        id="oa", title="T", period=Period(dt.date(2022, 1, 1), dt.date(2021, 1, 1)))),
     "other_actions[0].period"),
    ("CLS111", lambda c: setattr(c.actions[0], "pilot", None), "actions[0]"),
    ("CLS112", lambda c: setattr(c.indicators[0], "actions", []), "actions[0]"),
    ("CLS113", lambda c: setattr(c.indicators[0], "targets", []), "indicators[0].targets"),
    ("CLS114", lambda c: setattr(c.indicators[0].measurements[0], "date", dt.date(2025, 1, 1)),
     "indicators[0].measurements[0].date"),
    ("CLS115", lambda c: setattr(c.indicators[0].measurements[0], "value", "bien"),
     "indicators[0].measurements[0].value"),
    ("CLS116", lambda c: c.meetings.pop(0), "bodies[0].min_meetings_per_year"),
    ("CLS117", lambda c: setattr(c.signatories[0], "representative", None), "signatories[0]"),
    ("CLS118", lambda c: setattr(c.indicators[0].targets[0], "value", 120),
     "indicators[0].targets[0].value"),
    ("CLS119", lambda c: setattr(c.objectives[0], "parent", "o2"), "objectives[0].parent"),
    ("CLS120", lambda c: setattr(c.meetings[0], "participants", ["coord", "dd"]) or
     setattr(c.meetings[0], "participants_count", 1), "meetings[0].participants_count"),
    ("CLS121", lambda c: setattr(c.journal[0], "date", None), "journal[0]"),
    ("CLS121", lambda c: setattr(c.journal[0], "period", Period.parse("2022")),
     "journal[0].date"),
    ("CLS122", lambda c: c.axes.append(Axis(id="ax2", code="A2", title="B")) or
     setattr(c.objectives[0], "axis", "ax2") or c.actions.append(
         _action(id="fa-2", axis="ax2", objectives=["o2"])), "actions[0].objectives[0]"),
    ("CLS123", lambda c: setattr(c.actions[0], "place",
                                 clskit.Place(communes=["melun"])), "actions[0].place.communes[0]"),
    ("CLS124", lambda c: c.actions[0].partners.append(Partner(organisation="ars")),
     "actions[0].partners[1]"),
    ("CLS125", lambda c: c.axes.append(Axis(id="ax2", code="A2", title="B")), "axes[1]"),
    ("CLS126", lambda c: setattr(c.meetings[0], "participants_count", -1),
     "meetings[0].participants_count"),
    ("CLS126", lambda c: setattr(c, "duration_months", -12), "duration_months"),
    ("CLS127", lambda c: c.workshops.append(Workshop(
        id="w", title="W", participants_total=10,
        sessions=[WorkshopSession(date=dt.date(2021, 11, 4), participants_count=14)])),
     "workshops[0].participants_total"),
    ("CLS128", lambda c: c.surveys.append(Survey(id="s", title="S", respondents=3, questions=[
        SurveyQuestion(text="Q", answers=[Answer(label="a", count=2), Answer(label="b",
                                                                            count=2)])])),
     "surveys[0].questions[0]"),
    ("CLS129", lambda c: setattr(c.journal[0], "due", dt.date(2021, 1, 1)), "journal[0].due"),
    ("CLS130", lambda c: setattr(c.bodies[0], "reports_to", ["cotech"]),
     "bodies[0].reports_to"),
    ("CLS131", lambda c: setattr(c.meetings[0], "date", None), "meetings[0]"),
    ("CLS131", lambda c: setattr(c.meetings[0], "period", Period.parse("2022")),
     "meetings[0].date"),
    ("CLS132", lambda c: setattr(c.journal[0], "outcome_of", "m9"), "journal[0].outcome_of"),
    ("CLS132", lambda c: setattr(c.meetings[1], "reported_at", "m9"), "meetings[1].reported_at"),
    ("CLS132", lambda c: setattr(c.indicators[0].measurements[0], "reported_at", "m9"),
     "indicators[0].measurements[0].reported_at"),
    ("CLS133", lambda c: setattr(c.journal[0], "outcome_of", "m1"), "journal[0].outcome_of"),
    ("CLS134", lambda c: setattr(c.meetings[0], "count", 0), "meetings[0].count"),
    ("CLS135", lambda c: setattr(c.objectives[0], "axis", None), "objectives[0]"),
    ("CLS136", lambda c: setattr(c, "period", None), ""),
    ("CLS137", lambda c: c.other_actions.append(OtherAction(
        id="oa", title="T", date=dt.date(2022, 1, 1), period=Period.parse("2021"))),
     "other_actions[0].date"),
    ("CLS137", lambda c: c.surveys.append(Survey(
        id="s", title="S", date=dt.date(2022, 1, 1), period=Period.parse("2021-06"))),
     "surveys[0].date"),
    ("CLS138", lambda c: setattr(c.organisations[0], "id", ""), "organisations[0].id"),
    ("CLS138", lambda c: setattr(c.meetings[0], "id", "m1\r\nBEGIN:VEVENT"), "meetings[0].id"),
    ("CLS138", lambda c: setattr(c, "id", "../t"), "id"),
    ("CLS139", lambda c: setattr(c.meetings[0], "date", dt.date(1921, 3, 1)),
     "meetings[0].date"),
    ("CLS139", lambda c: setattr(c.journal[0], "date", dt.date(1, 1, 1)), "journal[0].date"),
    ("CLS139", lambda c: setattr(c, "period", Period.parse("1921/1923")), "period"),
]


@pytest.mark.parametrize(("rule_id", "change", "where"), CASES,
                         ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_rule_fires_at_the_right_place(rule_id: str, change, where: str) -> None:
    contract = sound()
    change(contract)
    found = fired(contract)
    assert where in found.get(rule_id, []), found


def test_every_rule_has_a_case() -> None:
    assert {r.id for r in clskit.rules()} <= {case[0] for case in CASES}


def test_a_territory_rule_can_be_added_and_run() -> None:
    @clskit.rule("TER001", Severity.WARNING, "every action names a target public")
    def target_public(contract, index):
        for i, action in enumerate(contract.actions):
            if not action.target_public:
                yield ("actions", i, "target_public"), f"{action.code} has no public cible"

    try:
        (diag,) = clskit.check(sound(), only=["TER001"])
        assert diag.severity is Severity.WARNING
        assert format_path(diag.location.path) == "actions[0].target_public"
    finally:
        from clskit.checks import _REGISTRY
        _REGISTRY.pop("TER001")


def test_rhythm_counts_loosely_dated_meetings_within_one_year() -> None:
    contract = sound()
    contract.meetings[0] = attrs.evolve(contract.meetings[0], date=None,
                                        period=Period.parse("2021-Q4"))
    assert "CLS116" not in fired(contract)
    contract.meetings[0] = attrs.evolve(contract.meetings[0], period=Period.parse("2021/2022"))
    assert "CLS116" in fired(contract)


def test_rhythm_is_not_judged_for_an_ongoing_year() -> None:
    contract = sound()
    contract.meetings = [contract.meetings[0]]  # nothing recorded after 2021
    assert "CLS116" not in fired(contract)


def test_a_contract_with_no_known_dates_is_checked_without_crashing() -> None:
    contract = _with(period=None, duration_months=12)
    contract.actions[0].start = dt.date(2019, 1, 1)
    contract.indicators[0].measurements[0].date = dt.date(2020, 6, 1)
    assert fired(contract) == {}  # nothing to compare the dates with
    contract.duration_months = None
    assert fired(contract) == {"CLS136": [""]}


def test_rhythm_without_a_contract_period_judges_the_years_the_record_covers() -> None:
    contract = _with(period=None, duration_months=36)
    contract.meetings = [Meeting(id="m1", body="copil", date=dt.date(2021, 5, 1)),
                         Meeting(id="m2", body="copil", date=dt.date(2023, 5, 1))]
    contract.journal[0].meeting = None
    contract.journal.append(JournalEntry(kind=EntryKind.EVENT, text="y",
                                         date=dt.date(2024, 1, 10)))
    found = [d.message for d in clskit.check(contract, only=["CLS116"])]
    assert found == ["COPIL met 0 times in 2022, fewer than the required 1"]


def test_rhythm_counts_grouped_meetings_and_spares_unknown_counts() -> None:
    contract = sound()
    contract.bodies[0].min_meetings_per_year = 2
    contract.meetings[0].count = 2
    assert "CLS116" not in fired(contract)
    contract.meetings[0].count = None  # met in 2021, how often is not known
    assert "CLS116" not in fired(contract)
    contract.meetings[0].count = 1
    assert fired(contract)["CLS116"] == ["bodies[0].min_meetings_per_year"]


@pytest.mark.parametrize(("change", "message"), [
    (lambda c: setattr(c.actions[0], "pilot", "epci77"),
     "unknown organisation or person 'epci77' (did you mean 'epci'?)"),
    (lambda c: setattr(c.actions[0], "axis", "ax2"), "unknown axis 'ax2' (did you mean 'ax1'?)"),
    (lambda c: setattr(c.meetings[0], "body", "COPIL"),
     "unknown body 'COPIL' (did you mean 'copil'?)"),
    (lambda c: setattr(c.journal[0], "outcome_of", "m01"),
     "unknown meeting 'm01' (did you mean 'm1'?)"),
    (lambda c: setattr(c.indicators[0], "actions", ["fa-01"]),
     "unknown action 'fa-01' (did you mean 'fa-1'?)"),
    (lambda c: setattr(c.actions[0], "pilot", "zzz"), "unknown organisation or person 'zzz'"),
])
def test_unknown_references_suggest_the_closest_id(change, message: str) -> None:
    contract = sound()
    change(contract)
    messages = [d.message for d in clskit.check(contract)]
    assert message in messages, messages


def test_what_could_not_be_read_is_not_reported_again() -> None:
    contract = sound()
    contract.meetings[0].date = None       # its date was written, but unreadable
    contract.meetings[1].body = "gt"       # the body gt is in a file that did not parse
    contract.actions[0].pilot = None       # its pilot had the wrong shape
    unread = Unread(fields={("meetings", 0, "date"), ("actions", 0, "pilot")},
                    ids={"bodies": {"gt": 0}})
    assert {d.rule for d in clskit.check(contract, unread=unread)} == set()
    assert unread.skipped == {("bodies", "gt"): [("meetings", 1, "body")]}
    assert {"CLS108", "CLS111", "CLS131"} <= set(fired(contract))
