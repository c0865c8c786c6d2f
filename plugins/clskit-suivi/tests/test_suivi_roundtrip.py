"""The follow-up workbook's round trip on the CAMVS record: export 2021-Q4, fill rows as a
coordinator would, import, and the snapshot of 2021-Q4 shows what was filled in."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from suivi_helpers import CAMVS, MAUGES, exported, fill, suivi_plugins, tree, workspace

import clskit
from clskit import ActionStatus, EntryKind, MeetingMode
from clskit.plugins import Plugins, import_file

NEW_ROWS = {
    "Réunions": [{"Instance": "Comité Technique", "Date": dt.datetime(2021, 11, 16),
                  "Modalité": "En présentiel", "Participants (nombre)": 9,
                  "Ordre du jour": "Point sur la laverie solidaire\nCalendrier 2022",
                  "Décisions": "Ouvrir la laverie en janvier"}],
    "Journal": [
        {"Date ou période": dt.datetime(2021, 11, 22), "Fiche(s)": "FA 8", "Type": "Événement",
         "Texte": "Signature de la convention d'occupation des locaux de la laverie solidaire.",
         "Nouveau statut": "En cours"},
        {"Date ou période": "2021-T4", "Fiche(s)": "FA 12, FA 13", "Type": "Point saillant",
         "Titre": "Réunion tripartite", "Texte": "La réunion tripartite ARS/GHSIF/CAMVS est "
         "fixée."},
        {"Fiche(s)": "FA 8", "Type": "Décision", "Issu de la réunion": "cotech-2021-11-16",
         "Texte": "Le COTECH retient une ouverture de la laverie en janvier 2022."},
        {"Date ou période": "05/10/2021", "Type": "Point saillant",
         "Texte": "- Les habitants rejoignent le COTECH"},
    ],
    "Partenaires": [{"Nom": "Les Restaurants du Cœur de Seine-et-Marne",
                     "Sigle": "Restos du Cœur 77", "Type d'organisme": "Association",
                     "Secteur": "Social", "Date d'arrivée": dt.datetime(2021, 10, 15)}],
}


@pytest.fixture
def plugins() -> Plugins:
    return suivi_plugins()


@pytest.fixture
def filled(tmp_path: Path, plugins: Plugins) -> tuple[Path, Path]:
    folder = workspace(tmp_path)
    book = exported(folder, "2021-Q4", tmp_path / "suivi-2021-T4.xlsx", plugins)
    return folder, fill(book, NEW_ROWS)


def test_the_snapshot_of_the_quarter_shows_what_was_filled_in(filled, plugins) -> None:
    folder, book = filled
    done = import_file("suivi", book, into=folder, using=plugins)
    assert sorted(p.relative_to(folder).as_posix() for p in done.files) == [
        "journal/suivi-2021-T4.yaml", "meetings/suivi-2021-T4.yaml",
        "organisations/suivi-2021-T4.yaml"]
    assert done.added == 6  # 4 entries, 1 meeting, 1 partner; no pre-filled row again
    q4 = clskit.snapshot(clskit.load(folder), "2021-Q4")
    fa8 = q4.action("fa-08")
    assert fa8.moved and fa8.status is ActionStatus.IN_PROGRESS
    assert fa8.status_date == dt.date(2021, 11, 22)
    assert [e.text for e in fa8.decisions] == [
        "Le COTECH retient une ouverture de la laverie en janvier 2022."]
    assert [e.title for e in q4.action("fa-12").highlights] == ["Réunion tripartite"]
    assert q4.action("fa-12").moved and q4.action("fa-13").moved
    cotech = next(m for m in q4.meetings if m.id == "cotech-2021-11-16")
    assert (cotech.body, cotech.mode, cotech.participants_count) == (
        "cotech", MeetingMode.IN_PERSON, 9)
    assert cotech.agenda == ["Point sur la laverie solidaire", "Calendrier 2022"]
    assert cotech.decisions == ["Ouvrir la laverie en janvier"]
    assert [o.id for o in q4.partnership.organisations_joined] == ["restos-du-coeur-77"]
    assert "- Les habitants rejoignent le COTECH" in [
        e.text for e in q4.contract_entries if e.kind is EntryKind.HIGHLIGHT]
    assert [e.text for e in q4.outcomes if e.outcome_of == "cotech-2021-11-16"] == [
        "Le COTECH retient une ouverture de la laverie en janvier 2022."]
    # What the quarter held before is still there, once.
    assert [v.action.code for v in q4.moved] == [
        "FA 2", "FA 3", "FA 4", "FA 5", "FA 8", "FA 9", "FA 10", "FA 12", "FA 13"]
    assert len(clskit.load(folder).journal) == len(clskit.load(CAMVS).journal) + 4


def test_importing_twice_adds_nothing(filled, plugins) -> None:
    folder, book = filled
    import_file("suivi", book, into=folder, using=plugins)
    before = tree(folder)
    again = import_file("suivi", book, into=folder, using=plugins)
    assert again.added == 6  # the same file rewritten, with the same items
    assert tree(folder) == before


def test_a_workbook_exported_after_the_import_comes_back_unchanged(filled, plugins,
                                                                    tmp_path) -> None:
    """The rows the first import added are pre-filled in the next export; importing that
    export as it is keeps them (they live in the file the import replaces) and adds
    nothing."""
    folder, book = filled
    import_file("suivi", book, into=folder, using=plugins)
    before = tree(folder)
    second = exported(folder, "2021-Q4", tmp_path / "second.xlsx", plugins)
    import_file("suivi", second, into=folder, using=plugins)
    assert tree(folder) == before
    third = fill(second, {"Journal": [{"Fiche(s)": "FA 1", "Type": "Objectif atteint",
                                       "Texte": "Étude lancée."}]})
    done = import_file("suivi", third, into=folder, using=plugins)
    q4 = clskit.snapshot(clskit.load(folder), "2021-Q4")
    assert [e.text for e in q4.action("fa-01").entries] == ["Étude lancée."]
    assert q4.action("fa-08").status is ActionStatus.IN_PROGRESS
    assert done.diagnostics == ()


def test_an_untouched_export_adds_nothing(tmp_path, plugins) -> None:
    folder = workspace(tmp_path)
    before = tree(folder)
    book = exported(folder, "2021-Q4", tmp_path / "suivi.xlsx", plugins)
    done = import_file("suivi", book, into=folder, using=plugins)
    assert (done.files, done.added) == ((), 0)
    assert tree(folder) == before


@pytest.mark.filterwarnings("ignore:la période 2022-Q1 est hors de la période du contrat")
def test_indicator_values_are_measurements_of_their_indicator(tmp_path, plugins) -> None:
    folder = workspace(tmp_path, MAUGES)
    book = exported(folder, "2022-Q1", tmp_path / "suivi-2022-T1.xlsx", plugins)
    fill(book, {"Indicateurs": [
        {"Indicateur": "Kits de mesure du radon distribués aux habitants", "Valeur": 40,
         "Commentaire": "distribués en pharmacie"},
        {"Indicateur": "radon-reunions-publiques", "Période": "2022-02", "Valeur": "3"}]})
    done = import_file("suivi", book, into=folder, using=plugins)
    assert [p.relative_to(folder).as_posix() for p in done.files] == [
        "indicators/suivi-2022-T1.yaml"]
    text = (folder / "indicators" / "suivi-2022-T1.yaml").read_text(encoding="utf-8")
    assert "extends: radon-kits-distribues" in text
    contract = clskit.load(folder)
    kits = next(i for i in contract.indicators if i.id == "radon-kits-distribues")
    assert [(m.value, str(m.period), m.comment) for m in kits.measurements][-1] == (
        40, "2022-Q1", "distribués en pharmacie")
    meetings = next(i for i in contract.indicators if i.id == "radon-reunions-publiques")
    assert (meetings.measurements[-1].value, str(meetings.measurements[-1].period)) == (
        3, "2022-02")
    assert done.added == 2  # the measurements the quarter held already are not added again
    before = tree(folder)
    import_file("suivi", book, into=folder, using=plugins)
    assert tree(folder) == before
