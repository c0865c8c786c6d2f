"""The COPIL deck's content, read back with python-pptx (no rendering needed)."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
import time
import zipfile
from pathlib import Path

import clskit_copil.plugin
import pytest
from clskit_copil.template import DEFAULT_TEMPLATE
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

import clskit
from clskit.plugins import export, load_plugins

ROOT = Path(__file__).resolve().parents[3]
EXAMPLES = ROOT / "examples"


@pytest.fixture(scope="module")
def plugins() -> clskit.plugins.Plugins:
    current = load_plugins(installed=False)
    current.register(clskit_copil.plugin, "copil-test")
    return current


@pytest.fixture(scope="module")
def camvs() -> clskit.Contract:
    return clskit.load(EXAMPLES / "melun-val-de-seine")


@pytest.fixture(scope="module")
def deck_path(tmp_path_factory, camvs, plugins) -> Path:
    target = tmp_path_factory.mktemp("deck") / "copil.pptx"
    export("copil", camvs, target, meeting="2021-12-07", using=plugins)
    return target


def _texts(slide) -> str:
    out = []
    for shape in slide.shapes:
        if shape.has_text_frame:
            out.append(shape.text_frame.text)
        if shape.has_table:
            out += [cell.text for row in shape.table.rows for cell in row.cells]
    return "\n".join(out)


def _titles(prs) -> list[str]:
    return [slide.shapes.title.text_frame.text if slide.shapes.title else "" for slide in
            prs.slides]


def test_sections_follow_the_seed_deck(deck_path: Path) -> None:
    prs = Presentation(str(deck_path))
    titles = _titles(prs)
    assert titles[0] == "Contrat Local de Santé 2021-2023"
    first = _texts(prs.slides[0])
    assert "COMITÉ DE PILOTAGE 2021" in first and "Le 7 décembre 2021" in first
    expected = ["Ouverture", "Les signataires du CLS – mots d'ouverture", "Ordre du jour",
                "I. DÉPLOIEMENT DES ACTIONS", "Les axes et les objectifs du CLS",
                "I. Déploiement des actions (état d'avancement)",
                "Démarche participative et démocratie sanitaire",
                "Questionnaire des Rencontres de la Santé", "Zoom sur les ateliers des habitants",
                "II. PROCESSUS DE DÉPLOIEMENT", "II. Processus de déploiement",
                "Gouvernance du CLS", "III. PROCHAINES ÉTAPES", "III. Prochaines étapes"]
    for title in expected:
        assert title in titles, title
    assert titles.index("Ouverture") < titles.index("Ordre du jour") < titles.index(
        "Gouvernance du CLS") < titles.index("III. Prochaines étapes")
    assert "MOTS DE CLÔTURE" in _texts(prs.slides[len(prs.slides) - 1])
    # The fiches have no dates: no calendar of dashed frames.
    assert "Calendrier des fiches action" not in titles


def test_agenda_numbers_the_parts_as_the_slides_are_titled(deck_path: Path) -> None:
    prs = Presentation(str(deck_path))
    agenda = next(s for s in prs.slides if s.shapes.title and
                  s.shapes.title.text_frame.text == "Ordre du jour")
    text = _texts(agenda)
    assert [line for line in text.split("\n") if re.match(r"[IVX]+\. ", line)] == [
        "I. Déploiement des actions", "II. Processus de déploiement",
        "III. Prochaines étapes"]
    # The meeting's own agenda (which opens with «Mots d'ouverture») is in the notes.
    assert "Mots d'ouverture" in agenda.notes_slide.notes_text_frame.text
    titles = set(_titles(prs))
    for number, part in (("I", "Déploiement des actions"), ("II", "Processus de déploiement"),
                         ("III", "Prochaines étapes")):
        assert any(t.startswith(f"{number}. {part}") for t in titles), part


def test_signatories_leave_out_the_host_and_say_the_evaluation_clause(deck_path: Path
                                                                      ) -> None:
    prs = Presentation(str(deck_path))
    slide = next(s for s in prs.slides if s.shapes.title and s.shapes.title.text_frame.text
                 == "Les signataires du CLS – mots d'ouverture")
    text = _texts(slide)
    assert "PRÉFECTURE DE SEINE-ET-MARNE" in text
    assert "COMMUNAUTÉ D'AGGLOMÉRATION MELUN VAL DE SEINE" not in text
    columns = [s for s in slide.shapes if s.has_text_frame and "Monsieur" in s.text_frame.text]
    assert len(columns) == 2                    # two columns, the slide used
    everything = "\n".join(_texts(s) for s in prs.slides)
    assert "ARTICLE 7 : EVALUATION DU CONTRAT" in everything
    assert "revues trimestrielles du CLS" in everything
    # «ET APRÈS ?» keeps the inhabitants' agreement to join the working groups.
    assert "ont donné leur accord pour participer aux groupes de travail" in everything


def test_no_tile_says_nothing(tmp_path: Path, plugins) -> None:
    capvm = clskit.load(EXAMPLES / "paris-vallee-de-la-marne")
    target = export("copil", capvm, tmp_path / "capvm.pptx", period="2021", using=plugins)
    prs = Presentation(str(target))
    everything = "\n".join(_texts(s) for s in prs.slides)
    assert "groupe de travail réuni" not in everything and "0/16" not in everything
    assert "Pas de donnée" not in everything
    # ARS fiches: pilot, dates and partners in the fiche's cell.
    assert "Pilote : Coordinateur du CLS" in everything
    assert "octobre 2019 – décembre 2022" in everything and "5 partenaires" in everything
    # A dated calendar, balanced: 16 fiches on two slides of 8.
    bars = [len([sh for sh in s.shapes if sh.has_text_frame and sh.text_frame.text == "À venir"])
            for s in prs.slides if s.shapes.title and s.shapes.title.text_frame.text
            .startswith("Calendrier des fiches action")]
    assert bars == [8, 8]
    assert "…" not in everything.replace("(suite)", "").split("Calendrier des fiches")[-1]


def test_fiche_tables_per_axis(deck_path: Path) -> None:
    prs = Presentation(str(deck_path))
    rows = []
    for slide in prs.slides:
        for shape in slide.shapes:
            if shape.has_table:
                table = shape.table
                header = [c.text for c in table.rows[0].cells]
                if header == ["Fiche action", "Objectifs / critères d'évaluation"]:
                    rows += [[c.text for c in row.cells] for row in list(table.rows)[1:]]
    codes = [row[0].split(" : ")[0] for row in rows if row[0].startswith("FA ")]
    # Objectives that group fiches head them, as in the seed («Obj 1 …», «Obj 2 …»).
    heads = [row[0] for row in rows if row[0].startswith("Obj ")]
    assert heads[:2] == ["Obj 1 Attractivité Territoriale et structures de santé",
                         "Obj 2 Accès aux soins et à l'éducation à la santé"]
    assert codes == [f"FA {n}" for n in range(1, 16)]
    fa3 = next(r for r in rows if r[0].startswith("FA 3 "))
    assert "Rencontres Maison des Internes" in fa3[1]


def test_achieved_and_to_do(deck_path: Path) -> None:
    prs = Presentation(str(deck_path))
    text = "\n".join(_texts(s) for s in prs.slides)
    assert "Objectifs atteints" in text and "Reste-à-faire" in text
    assert "mise en place d'une indemnité pour les étudiants en médecine" in text
    assert "FA 14 et 15" in text                     # a shared to-do, as the seed writes it
    assert "La cible des réunions d'information de la FA 5 a évolué" in text


def test_survey_is_a_native_bar_chart(deck_path: Path) -> None:
    prs = Presentation(str(deck_path))
    charts = [shape.chart for slide in prs.slides for shape in slide.shapes if shape.has_chart]
    survey = next(c for c in charts if len(c.plots[0].categories) == 11)
    assert list(survey.plots[0].series[0].values) == [5, 2, 2, 7, 4, 3, 10, 5, 8, 9, 3]
    assert survey.plots[0].categories[0] == "1 Vos droits en santé"
    pictures = [s for slide in prs.slides for s in slide.shapes
                if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
    assert pictures == []


def test_process_counts_and_native_governance(deck_path: Path) -> None:
    prs = Presentation(str(deck_path))
    slide = next(s for s in prs.slides if "Chiffres clés" in _texts(s))
    text = _texts(slide)
    for figure in ("3\nrevues trimestrielles produites", "7\ngroupes de travail réunis",
                   "1\nCOTECH tenu", "1\nCOPIL tenu", "23\nhabitants aux ateliers",
                   "2\nateliers des habitants tenus", "12/15\nfiches action qui ont avancé"):
        assert figure in text
    # 6 of the 7 groups met «en 2021», how often unknown: no «groupes de travail tenus».
    assert "groupes de travail tenus" not in text and "groupe de travail tenu" not in text
    notes = slide.notes_slide.notes_text_frame.text
    assert "Groupes de travail réunis en 2021, sans nombre de réunions connu : 6." in notes
    governance = next(s for s in prs.slides if s.shapes.title and
                      s.shapes.title.text_frame.text == "Gouvernance du CLS")
    kinds = [shape.shape_type for shape in governance.shapes]
    assert kinds.count(MSO_SHAPE_TYPE.LINE) >= 3          # connectors: reporting lines
    assert "Comité de Pilotage (COPIL)" in _texts(governance)
    assert MSO_SHAPE_TYPE.PICTURE not in kinds


def _boxes(slide) -> dict[str, tuple[str, bool]]:
    """Title of each shape → (its whole text, NBSP as spaces; whether it is dashed)."""
    out = {}
    for shape in slide.shapes:
        if shape.has_text_frame and shape.text_frame.text:
            text = shape.text_frame.text.replace("\u00a0", " ")
            out[text.split("\n")[0]] = (text, b'prstDash val="dash"' in _xml_of(shape))
    return out


def _xml_of(shape) -> bytes:
    from lxml import etree

    return etree.tostring(shape._element)


def _governance(prs):
    return next(s for s in prs.slides if s.shapes.title and
                s.shapes.title.text_frame.text == "Gouvernance du CLS")


def test_governance_counts_the_meetings_of_the_window(deck_path: Path) -> None:
    slide = _governance(Presentation(str(deck_path)))
    boxes = _boxes(slide)
    assert "réunions du 1er janvier au 7 décembre 2021" in _texts(slide)
    assert "1 réunion tenue" in boxes["Comité de Pilotage (COPIL)"][0]
    # The workshop sessions of 4 and 18 November are meetings of their body.
    text, dashed = boxes["Les ateliers des habitants"]
    assert "2 réunions tenues" in text and not dashed
    assert "1 réunion tenue" in boxes["Participation des habitants"][0]    # 21 September
    for title in ("Santé des femmes", "Laverie solidaire", "Alim'Activ", "Journée de la santé"):
        text, dashed = boxes[title]
        assert "réuni en 2021" in text and "réunion tenue" not in text and not dashed, title
    assert boxes["Référents des communes"][1]                   # never met: dashed


@pytest.fixture(scope="module")
def quarter_deck(tmp_path_factory, camvs, plugins) -> Path:
    target = tmp_path_factory.mktemp("quarter") / "q1.pptx"
    export("copil", camvs, target, period="2021-Q1", using=plugins)
    return target


def test_a_quarter_deck_says_its_period_not_a_day(quarter_deck: Path) -> None:
    prs = Presentation(str(quarter_deck))
    cover = _texts(prs.slides[0])
    assert "POINT D'ÉTAPE" in cover and "Janvier à mars 2021" in cover
    everything = "\n".join(_texts(s) for s in prs.slides)
    notes = "\n".join(s.notes_slide.notes_text_frame.text for s in prs.slides
                      if s.has_notes_slide)
    assert "Le 31 mars 2021" not in everything
    assert "date du point d'étape" not in everything
    # The statuses of 2021-Q1 are not in the record: never the later ones.
    assert "À venir" not in everything and "statut non renseigné" in notes


def test_a_quarter_deck_shows_the_later_meetings_as_not_held(quarter_deck: Path) -> None:
    prs = Presentation(str(quarter_deck))
    boxes = _boxes(_governance(prs))
    for title in ("Comité de Pilotage (COPIL)", "Comité Technique (COTECH)",
                  "Les ateliers des habitants", "Santé des femmes"):
        text, dashed = boxes[title]
        assert dashed and "réuni" not in text, title       # they met later in 2021
    assert "aucune réunion tenue" in _texts(_governance(prs))
    figures = next(s for s in prs.slides if "Chiffres clés" in _texts(s))
    assert "COPIL tenu" not in _texts(figures) and "0/15" in _texts(figures)


def test_tiles_agree_with_their_number() -> None:
    from clskit_copil.sections.process import held

    assert held(clskit.BodyKind.COPIL, 1) == "COPIL tenu"
    assert held(clskit.BodyKind.COTECH, 2) == "COTECH tenus"
    assert held(clskit.BodyKind.OTHER, 1) == "autre instance tenue"
    assert held(clskit.BodyKind.OTHER, 2) == "autres instances tenues"
    assert held(clskit.BodyKind.INHABITANTS_WORKSHOP, 2) == "ateliers des habitants tenus"
    assert held(clskit.BodyKind.COORDINATION, 3) == "réunions de coordination tenues"
    assert held(clskit.BodyKind.WORKING_GROUP, 6, "réuni") == "groupes de travail réunis"
    assert held(clskit.BodyKind.OTHER, 1, "réuni") == "autre instance réunie"
    assert held(clskit.BodyKind.COORDINATION, 1, "réuni") == "réunion de coordination tenue"


def _figures(prs) -> str:
    slide = next(s for s in prs.slides if "Chiffres clés" in _texts(s))
    return _texts(slide) + "\n" + slide.notes_slide.notes_text_frame.text


def test_loosely_known_meetings_get_no_number(tmp_path: Path, camvs, plugins) -> None:
    import attrs

    loose = [attrs.evolve(m, count=None) if m.id == "cotech-2021-09" else m
             for m in camvs.meetings]
    contract = attrs.evolve(camvs, meetings=loose)
    target = export("copil", contract, tmp_path / "loose.pptx", meeting="2021-12-07",
                    using=plugins, options={"sections": "process"})
    text = _figures(Presentation(str(target)))
    assert "COTECH tenu" not in text
    assert "COTECH réuni en septembre 2021, sans nombre de réunions connu : 1." in text
    more = [*loose, clskit.Meeting(id="cotech-2021-11-02", body="cotech",
                                   date=dt.date(2021, 11, 2))]
    target = export("copil", attrs.evolve(camvs, meetings=more), tmp_path / "mixed.pptx",
                    meeting="2021-12-07", using=plugins, options={"sections": "process"})
    prs = Presentation(str(target))
    assert "≥\u00a02\nCOTECH tenus" in _figures(prs)           # one dated, one «en septembre»
    cotech = next(text for title, (text, _) in _boxes(_governance(prs)).items()
                  if title.startswith("Comité Technique (COTECH)"))
    assert "au moins 2 réunions" in cotech


def test_a_contract_with_no_known_dates(tmp_path: Path, camvs, plugins) -> None:
    import attrs

    contract = attrs.evolve(camvs, period=None, duration_months=36)
    target = export("copil", contract, tmp_path / "undated.pptx", meeting="2021-12-07",
                    using=plugins)
    prs = Presentation(str(target))
    assert _titles(prs)[0] == "Contrat Local de Santé"
    assert "Dates du contrat : dates non renseignées" in prs.slides[0].notes_slide \
        .notes_text_frame.text


def _table_rows(prs) -> list[str]:
    return [" | ".join(c.text for c in row.cells) for slide in prs.slides
            for shape in slide.shapes if shape.has_table for row in shape.table.rows]


def test_a_prefiguration_with_no_year_no_fiche_and_undated_steps(tmp_path: Path,
                                                                 plugins) -> None:
    contract = clskit.from_data({
        "id": "pref", "name": "CLS de préfiguration", "territory": {"name": "CC du Val"},
        "status": "prefiguration", "duration_months": 12,
        "validations": [{"by": "ars"}], "signature": {"done": False},
        "bodies": [{"id": "copil", "name": "COPIL", "kind": "copil"}],
        "milestones": [{"id": "dls", "title": "Diagnostic local de santé", "done": True},
                       {"id": "sig", "title": "Signature du contrat", "done": False}],
    })
    target = export("copil", contract, tmp_path / "pref.pptx", period="2024", using=plugins)
    prs = Presentation(str(target))
    everything = "\n".join(_texts(s) for s in prs.slides)
    rows = _table_rows(prs)
    # What it has, said as known: the steps in order, their dates not given.
    assert "Diagnostic local de santé | date non renseignée — fait" in rows
    assert "Signature du contrat | date non renseignée — à venir" in rows
    assert "Validation — Agence régionale de santé | date non renseignée" in rows
    # What it has not: no empty tiles, no invented date.
    assert "0/0" not in everything and "groupe de travail réuni" not in everything
    years = set(re.findall(r"\b(?:19|20)\d\d\b", everything))
    assert years <= {"2024"}


def test_a_contract_with_axes_and_milestones_but_no_fiches_nor_meetings(tmp_path: Path,
                                                                         plugins) -> None:
    """A one-year préfiguration with axes only: the deck of what its record supports."""
    contract = clskit.from_data({
        "id": "pref", "name": "CLS de la CC du Val (préfiguration)", "status": "prefiguration",
        "period": "2024/2024",
        "territory": {"name": "CC du Val", "key_figures": [
            {"label": "Communes", "value": 14, "unit": "communes"},
            {"label": "Population", "value": 38250, "unit": "habitants"},
            {"label": "Quartiers prioritaires de la politique de la ville", "value": 2,
             "unit": "QPV"}]},
        "axes": [{"id": "a1", "code": "Axe 1", "title": "Accès aux soins"},
                 {"id": "a2", "code": "Axe 2", "title": "Santé environnement"}],
        "objectives": [{"id": "og", "code": "OG 1", "title": "Réduire les inégalités de santé"},
                       {"id": "o1", "code": "Obj 1", "title": "Attirer des médecins",
                        "axis": "a1"}],
        "bodies": [{"id": "copil", "name": "Comité de pilotage", "kind": "copil",
                    "composition": "Les signataires et les maires",
                    "mission": "Valider le diagnostic et les orientations"},
                   {"id": "cotech", "name": "Comité technique", "kind": "cotech",
                    "reports_to": ["copil"], "mission": "Préparer les COPIL"}],
        "milestones": [
            {"id": "m1", "phase": "Diagnostic", "title": "Entretiens", "when": "janvier 2024",
             "start": "2024-01-08", "end": "2024-01-31", "done": True},
            {"id": "m2", "phase": "Diagnostic", "title": "Questionnaire aux habitants",
             "when": "février – mars 2024"},
            {"id": "m3", "phase": "Stratégie", "title": "Groupes de travail par axe",
             "start": "2024-09-01", "end": "2024-10-31"},
            {"id": "m4", "phase": "Stratégie", "title": "Rédaction des fiches action"}],
    })
    target = export("copil", contract, tmp_path / "pref.pptx", period="2024-Q2",
                    using=plugins)
    prs = Presentation(str(target))
    titles = _titles(prs)
    everything = "\n".join(_texts(s) for s in prs.slides)
    rows = _table_rows(prs)
    # Present: the territory's figures, the axes and the general objectives, the calendar
    # under its phases, each body's composition and role, the steps to come.
    assert "I. Le territoire et la stratégie du CLS (axes et objectifs)" in titles
    assert "38\u202f250" in everything and "Population (habitants)" in everything
    assert any(r.startswith("Objectifs généraux | OG 1 Réduire") for r in rows)
    assert any(r.startswith("Axe 1\nAccès aux soins | Obj 1 Attirer") for r in rows)
    assert "Diagnostic | " in rows and "Entretiens | janvier 2024 — fait" in rows
    assert "Rédaction des fiches action | date non renseignée" in rows
    assert ("Comité de pilotage | Les signataires et les maires | Valider le diagnostic et "
            "les orientations") in rows
    assert "Gouvernance du CLS" in titles
    steps = next(s for s in prs.slides if _titles_of(s).startswith("III. Prochaines étapes"))
    assert "Groupes de travail par axe" in _texts(steps)
    assert "Entretiens" not in _texts(steps)            # done already
    agenda = _texts(next(s for s in prs.slides if _titles_of(s) == "Ordre du jour"))
    assert "I. Le territoire et la stratégie du CLS" in agenda
    assert "II. La démarche et la gouvernance" in agenda and "III. Prochaines étapes" in agenda
    # Absent: the deployment, its tables and lists, the figures of meetings, the
    # calendar of fiches, indicators.
    for absent in ("Déploiement des actions", "Fiche action", "Objectifs atteints",
                   "Chiffres clés", "Calendrier des fiches action", "Indicateurs de suivi",
                   "fiches action qui ont avancé", "1 réunion tenue", "0/0"):
        assert absent not in everything, absent


def _titles_of(slide) -> str:
    return slide.shapes.title.text_frame.text if slide.shapes.title else ""


def test_mauges_launch_deck_shows_the_winter_figures_presented_there(tmp_path: Path,
                                                                     plugins) -> None:
    mauges = clskit.load(EXAMPLES / "mauges")
    target = export("copil", mauges, tmp_path / "mauges.pptx",
                    meeting="lancement-2022-03-16", using=plugins)
    rows = {r.cells[0].text: r.cells[2].text
            for slide in Presentation(str(target)).slides for shape in slide.shapes
            if shape.has_table and len(shape.table.columns) == 5 for r in shape.table.rows}
    assert rows["Kits de mesure du radon distribués aux habitants"] == "159"
    assert rows["Réunions publiques de sensibilisation à la qualité de l'air intérieur et "
                "au radon"] == "6"


def test_dated_fiches_of_unknown_status_are_neutral(tmp_path: Path, plugins) -> None:
    import attrs

    capvm = clskit.load(EXAMPLES / "paris-vallee-de-la-marne")
    # Statuses known only from mid-2022: the deck of 2020 cannot say them.
    later = [attrs.evolve(a, status_date=dt.date(2022, 6, 30)) for a in capvm.actions]
    contract = attrs.evolve(capvm, actions=later, journal=[])
    target = export("copil", contract, tmp_path / "capvm.pptx", period="2020",
                    using=plugins, options={"sections": "timeline"})
    prs = Presentation(str(target))
    bars = [shape for slide in prs.slides for shape in slide.shapes
            if shape.has_text_frame and shape.text_frame.text == "Statut non renseigné"]
    assert len(bars) == len(capvm.actions)
    for bar in bars:
        xml = _xml_of(bar)
        assert b'srgbClr val="D9D9D9"' in xml and b"9DC3E6" not in xml
    notes = "\n".join(s.notes_slide.notes_text_frame.text for s in prs.slides)
    assert "FA 1 : Statut non renseigné" in notes and "À venir" not in notes


def test_speaker_notes(deck_path: Path) -> None:
    prs = Presentation(str(deck_path))
    noted = [s for s in prs.slides if s.has_notes_slide and
             s.notes_slide.notes_text_frame.text.strip()]
    assert len(noted) >= len(prs.slides) // 2
    notes = "\n".join(s.notes_slide.notes_text_frame.text for s in noted)
    assert "Total des réponses : 58" in notes


def test_deterministic(tmp_path: Path, camvs, plugins) -> None:
    digests = set()
    for name in ("a.pptx", "b.pptx"):
        time.sleep(1.1)      # the clock must not leak into the file (zip times, workbooks)
        export("copil", camvs, tmp_path / name, meeting="2021-12-07", using=plugins)
        digests.add(hashlib.sha256((tmp_path / name).read_bytes()).hexdigest())
    assert len(digests) == 1
    props = Presentation(str(tmp_path / "a.pptx")).core_properties
    assert props.created.date().isoformat() == "2021-12-07"


def test_redact(tmp_path: Path, camvs, plugins) -> None:
    target = tmp_path / "redacted.pptx"
    export("copil", camvs, target, meeting="2021-12-07", using=plugins,
           options={"redact": "true"})
    prs = Presentation(str(target))
    everything = "\n".join(_texts(s) + (s.notes_slide.notes_text_frame.text
                                          if s.has_notes_slide else "") for s in prs.slides)
    for person in camvs.people:
        assert person.name.lower() not in everything.lower(), person.name
    assert "Conseillère communautaire déléguée au Contrat Local de Santé" in everything


def test_sections_option_orders_and_selects(tmp_path: Path, camvs, plugins) -> None:
    target = tmp_path / "short.pptx"
    export("copil", camvs, target, meeting="2021-12-07", using=plugins,
           options={"sections": "agenda,next_steps,title"})
    titles = _titles(Presentation(str(target)))
    # The agenda's only part is the first: numbered I., as its slides.
    assert titles == ["Ordre du jour", "I. PROCHAINES ÉTAPES", "I. Prochaines étapes",
                      "Contrat Local de Santé 2021-2023"]
    target = export("copil", camvs, tmp_path / "plain.pptx", meeting="2021-12-07",
                    using=plugins, options={"sections": "agenda,next_steps",
                                            "dividers": "false"})
    assert _titles(Presentation(str(target))) == ["Ordre du jour", "I. Prochaines étapes"]
    with pytest.raises(clskit.ExportError, match="unknown section"):
        export("copil", camvs, tmp_path / "x.pptx", using=plugins,
               options={"sections": "title,budget"})
    assert not (tmp_path / "x.pptx").exists()


def test_territory_template_by_placeholder_not_name(tmp_path: Path, camvs, plugins) -> None:
    own = tmp_path / "territoire.pptx"
    prs = Presentation(str(DEFAULT_TEMPLATE))
    for layout in prs.slide_layouts:                  # French names, reversed order
        layout.name = f"Disposition {layout.name[::-1]}"
    prs.slides.add_slide(prs.slide_layouts[0])        # a leftover slide is dropped
    prs.save(str(own))
    target = tmp_path / "deck.pptx"
    export("copil", camvs, target, meeting="2021-12-07", using=plugins,
           options={"template": str(own), "sections": "title,next_steps"})
    assert len(Presentation(str(target)).slides) == 3       # with the part's divider


def test_template_missing_a_layout(tmp_path: Path, camvs, plugins) -> None:
    own = tmp_path / "incomplete.pptx"
    prs = Presentation(str(DEFAULT_TEMPLATE))
    for layout in list(prs.slide_layouts):
        if len([p for p in layout.placeholders if p.placeholder_format.idx < 10]) == 1:
            prs.slide_layouts.remove(layout)
    prs.save(str(own))
    with pytest.raises(clskit.ExportError, match="«title only» layout"):
        export("copil", camvs, tmp_path / "deck.pptx", meeting="2021-12-07", using=plugins,
               options={"template": str(own)})
    assert not (tmp_path / "deck.pptx").exists()


def test_other_examples_build(tmp_path: Path, plugins) -> None:
    for name in ("paris-vallee-de-la-marne", "mauges"):
        contract = clskit.load(EXAMPLES / name)
        target = export("copil", contract, tmp_path / f"{name}.pptx", using=plugins)
        assert len(Presentation(str(target)).slides) >= 8


def test_registering_loads_no_pptx() -> None:
    import subprocess
    import sys

    code = ("import sys, clskit.plugins\n"
            "p = clskit.plugins.load_plugins()\n"
            "assert 'copil' in p.exporters(), p.problems\n"
            "print('pptx' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == "False"


def test_benchmark_script_runs(tmp_path: Path) -> None:
    import json
    import subprocess
    import sys

    done = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "bench_copil.py"),
                           "--runs", "1"], capture_output=True, text=True, check=True,
                          cwd=ROOT)
    result = json.loads(done.stdout.splitlines()[0])
    assert result["slides"] >= 20 and result["ratio"] > 1


def test_overlong_content_shrinks_rather_than_overflows(tmp_path: Path, camvs, plugins) -> None:
    from clskit_copil import fit
    from clskit_copil.canvas import Deck, Para
    from clskit_copil.template import open_template

    prs, layouts = open_template(None)
    deck = Deck(prs, layouts)
    long_text = "Une très longue justification de fiche action. " * 60
    slides = deck.table("T", ["A", "B"], [["x", long_text]], [0.3, 0.7], size=14)
    cell = next(s for s in slides[0].shapes if s.has_table).table.cell(1, 1)
    size = cell.text_frame.paragraphs[0].runs[0].font.size.pt
    assert size < 14
    body = deck.body
    widths = [body.width * 0.3 / 12700, body.width * 0.7 / 12700]
    assert fit.row_height(["x", long_text], widths, fit.Font(size)) <= body.height / 12700
    paragraph = Para.of(long_text * 2, size=20)
    deck.flow("F", [paragraph])
    assert paragraph.size < 20


def _zip(entries: dict[str, bytes], when: tuple[int, ...]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries.items():
            archive.writestr(zipfile.ZipInfo(name, date_time=when), content)
    return buffer.getvalue()


def test_archive_times_and_embedded_stamps_are_fixed() -> None:
    from clskit_copil.deck import _normalised

    day = dt.date(2021, 12, 7)
    parts = {"[Content_Types].xml": b"<Types/>", "ppt/slides/slide1.xml": b"<p:sld/>" * 50}
    # Entry times alone differ: overwritten in place.
    first, second = (_normalised(_zip(parts, when), day)
                     for when in ((2026, 11, 22, 9, 30, 2), (2027, 1, 3, 17, 0, 0)))
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert archive.testzip() is None
        assert {i.date_time for i in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert archive.read("ppt/slides/slide1.xml") == parts["ppt/slides/slide1.xml"]
    # A workbook embedded by another tool, stamped with the clock: rewritten.
    core = (b'<cp:coreProperties><dcterms:created xsi:type="dcterms:W3CDTF">%s'
            b"</dcterms:created></cp:coreProperties>")
    decks = [_normalised(_zip({**parts, "ppt/embeddings/sheet1.xlsx": _zip(
        {"docProps/core.xml": core % clock}, when)}, when), day)
        for clock, when in ((b"2026-11-22T09:30:02Z", (2026, 11, 22, 9, 30, 2)),
                            (b"2027-01-03T17:00:00Z", (2027, 1, 3, 17, 0, 0)))]
    assert decks[0] == decks[1]
    with zipfile.ZipFile(io.BytesIO(decks[0])) as archive, zipfile.ZipFile(
            io.BytesIO(archive.read("ppt/embeddings/sheet1.xlsx"))) as sheet:
        assert b"2021-12-07T00:00:00Z" in sheet.read("docProps/core.xml")
