"""What the review says, read from the content built from the snapshot (no layout)."""

from __future__ import annotations

from clskit_review.build import build_review, kind_of, title_of
from clskit_review.document import Bullets, Heading, Paragraph, Review, Table
from support import CAMVS, CAPVM, MAUGES, contract

import clskit


def text(review: Review) -> str:
    out = []
    for part in review.parts:
        for block in part.blocks:
            if isinstance(block, Heading | Paragraph):
                out.append(block.text)
            elif isinstance(block, Bullets):
                out += ["".join(r.text for r in item) for item in block.items]
            elif isinstance(block, Table):
                out += [block.caption, *(" | ".join(row) for row in block.rows)]
    return "\n".join(out)


def camvs_q4() -> Review:
    c = contract(CAMVS)
    return build_review(c, clskit.snapshot(c, "2021-Q4"), {})


def test_the_six_fiche_sections_of_the_seed_in_order() -> None:
    review = camvs_q4()
    deployment = review.part("deployment")
    assert deployment is not None
    fiches = [b.text for b in deployment.blocks if isinstance(b, Heading) and b.level == 2]
    assert [f.split(" « ")[0] for f in fiches] == [
        "a. FICHE ACTION 2", "b. FICHE ACTION 3", "c. FICHE ACTION 4", "d. FICHE ACTION 5",
        "e. FICHE ACTION 9", "f. FICHE ACTION 10"]
    assert fiches[1] == ("b. FICHE ACTION 3 « Favoriser l'accueil des professionnels de santé "
                         "sur le territoire par la mise en place de solutions d'installation "
                         "attractives »")


def test_the_facts_of_the_seed() -> None:
    said = text(camvs_q4())
    for fact in ("30 novembre 2021", "27 janvier 2022 à 14h00", "PAT Rivage",
                 "11 janvier à 15h00", "25 novembre 2021", "Éric POITRINE"):
        assert fact in said, fact


def test_the_copil_section() -> None:
    review = camvs_q4()
    bodies = review.part("bodies")
    assert bodies is not None and bodies.heading is not None
    assert bodies.heading.text == "1. Comité de Pilotage du CLS"
    said = text(review)
    assert "s'est réuni le 7 décembre 2021 à 10\u00a0h\u00a000, par visioconférence" in said
    assert "Il a réuni 12 participants : des représentants des signataires" in said
    assert "principalement par visioconférence" in said
    assert "Déploiement des actions (état d'avancement des 15 fiches actions" in said
    assert "a été fortement souligné lors de ce 1er Comité de Pilotage" in said
    assert "Le compte-rendu et le support de présentation de cette réunion sont annexés" in said


def test_the_participation_section() -> None:
    said = text(camvs_q4())
    assert "Démocratie sanitaire « LES ATELIERS DES HABITANTS »" in said
    assert "se sont tenus les 4 et 18 novembre 2021" in said
    assert "Au total, 23 habitants, âgés de 18 à 71 ans" in said
    for quote in ("« Belle initiative pour lever les freins entre les institutions et les "
                  "habitants »", "« Parfait, j'ai apprécié chaque moment. Bravo à l'équipe »",
                  "« Bonne ambiance et thèmes enrichissants »"):
        assert quote in said


def test_a_fiche_that_did_not_move_has_no_section() -> None:
    said = text(camvs_q4())
    assert "FICHE ACTION 1 «" not in said and "FICHE ACTION 6 «" not in said
    assert "Aucune avancée n'est enregistrée d'octobre à décembre 2021 pour les fiches FA 1" \
        in said


def test_what_the_copil_was_only_shown_stays_in_its_annex() -> None:
    """The cumulative 2021 lists shown at the COPIL are not facts of the quarter."""
    review = camvs_q4()
    parts = tuple(p for p in review.parts if p.name != "annexes")
    main = text(Review(kind=review.kind, contract_name="", short_name="", territory="",
                       title="", period="", parts=parts, date_iso=""))
    assert "7 groupes de travail se sont réunis" not in main
    assert "7 groupes de travail se sont réunis" in text(review)


def test_titles_and_kinds() -> None:
    q4, year = clskit.Period.parse("2021-Q4"), clskit.Period.parse("2021")
    assert title_of(kind_of(q4, False), q4) == "Revue trimestrielle d'octobre à décembre 2021"
    assert title_of(kind_of(year, False), year) == "Bilan annuel 2021"
    odd = clskit.Period.parse("2021-01-01/2021-12-07")
    assert title_of(kind_of(odd, True), odd) == "Revue du 1er janvier au 7 décembre 2021"


def test_the_yearly_report_of_camvs() -> None:
    c = contract(CAMVS)
    review = build_review(c, clskit.snapshot(c, "2021"), {})
    said = text(review)
    assert review.title == "Bilan annuel 2021"
    assert "13 des 15 fiches action ont avancé en 2021" in said
    assert "Les instances au regard de leur rythme (2021)" in said
    assert "réuni en 2021 (nombre de réunions non renseigné)" in said
    assert "1 réunion tenue" not in said


def test_a_contract_with_little_data_gets_what_it_has() -> None:
    c = contract(CAPVM)
    review = build_review(c, clskit.snapshot(c, "2020"), {})
    names = [p.name for p in review.parts]
    assert "participation" not in names and "bodies" not in names
    for part in review.parts:
        assert len(part.blocks) > 1, part.name     # never a heading alone
    assert "date non renseignée" in text(review) or "novembre 2017" in text(review)


def test_mauges_builds() -> None:
    c = contract(MAUGES)
    review = build_review(c, clskit.snapshot(c, "2022-Q1"), {})
    assert review.part("bodies") is not None
    assert "Réunion de lancement" in text(review)


def test_redaction_replaces_people_by_their_role() -> None:
    c = contract(CAMVS)
    review = build_review(c, clskit.snapshot(c, "2021-Q4"), {"redact": "true"})
    said = text(review)
    assert "Pascale GOMES" not in said and "POITRINE" not in said
    assert "Conseillère communautaire déléguée au Contrat Local de Santé" in said


def test_sections_option_orders_and_drops() -> None:
    c = contract(CAMVS)
    review = build_review(c, clskit.snapshot(c, "2021-Q4"),
                          {"sections": "deployment,bodies"})
    assert [p.name for p in review.parts] == ["deployment", "bodies"]
    assert review.parts[0].heading is not None
    assert review.parts[0].heading.text == "1. Déploiement du CLS"
