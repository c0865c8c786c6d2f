"""`clskit import tet`: the platform's workbooks read into a contract that validates."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from clskit_tet import plugin
from clskit_tet.importer import MAX_ACTIONS
from tet_sheets import RICH_NOTES, RICH_ROWS, TEMPLATE, VALID, action, plan

import clskit
from clskit import (
    ActionStatus,
    ImportFailed,
    OrganisationKind,
    OrganisationRelation,
    ParticipationDegree,
    PartnerRole,
    Priority,
    Severity,
)
from clskit.cli import main
from clskit.plugins import import_file, read_import


def _messages(diagnostics: tuple[clskit.Diagnostic, ...], severity: Severity) -> list[str]:
    return [f"{d.location} : {d.message}" for d in diagnostics if d.severity is severity]


def test_the_valid_workbook_imports_and_validates(tmp_path: Path) -> None:
    done = import_file("tet", VALID, to=tmp_path / "ws")
    report = clskit.validate(tmp_path / "ws")
    assert report.ok, report.diagnostics
    contract = report.contract
    assert contract is not None
    assert (contract.id, contract.name) == ("nouveau-plan-valide", "Nouveau plan valide")
    assert [a.title for a in contract.actions][:2] == [
        "Arranger la piste cyclable 2040-2044",
        "Ajouter caméra de surveillance au parking à vélo 2040-2044"]
    assert [(a.code, a.title) for a in contract.axes] == [
        ("Axe 1", "Sécurité : développer les aménagements cyclables et améliorer la sécurité "
                  "routière"),
        ("Axe 2", "Sûreté : mieux lutter contre le vol"),
        ("Axe 3", "Créer un cadre incitatif reconnaissant pleinement l’usage du vélo comme "
                  "un mode de transport vertueux"),
        ("Axe 4", "Développer une culture vélo")]
    # «4.2. Déployer…» (row 8) and «4.2 : Déployer…» (row 9) are one sub-axis here.
    assert [(o.code, o.parent) for o in contract.objectives] == [
        ("4.1", None), ("4.2", None), ("4.2.1", "obj-4-2"), ("4.3", None)]
    first = contract.actions[0]
    assert first.status is ActionStatus.IN_PROGRESS and first.priority is Priority.HIGH
    assert (first.start, first.end) == (dt.date(2020, 12, 14), dt.date(2028, 12, 14))
    assert [(f.funder, f.amount) for f in first.funding if f.funder] == [
        ("smaug", 3000), ("ras-al-ghul", 2000), ("tony-stark", 999)]
    assert first.pilot == "super-service"
    warnings = _messages(done.diagnostics, Severity.WARNING)
    assert any("ligne 4, colonne J (Structure pilote)" in w and "consigne" in w
               for w in warnings)
    assert any("ligne 4, colonne AA (Date de début)" in w and "14/12/2020" in w
               for w in warnings)
    assert any("ligne 9, colonne B (Sous-axe (x.x))" in w and "même axe" in w
               for w in warnings)


def test_the_published_template_reads_its_header_and_skips_its_example(
        tmp_path: Path) -> None:
    with pytest.raises(ImportFailed) as failed:
        read_import("tet", TEMPLATE)
    messages = [str(d) for d in failed.value.diagnostics]
    assert any("ligne 5" in m and "ligne d'exemple du modèle" in m for m in messages)
    assert any("aucune action" in m and "ligne 5" in m for m in messages)
    # The template's header filled from row 5 imports like the parser's from row 4.
    path = plan(tmp_path / "modele.xlsx", RICH_ROWS, template_header=True)
    result = read_import("tet", path)
    assert result.contract is not None
    assert len(result.contract.actions) == len(RICH_ROWS)


def test_every_column_reaches_the_model(tmp_path: Path) -> None:
    path = plan(tmp_path / "riche.xlsx", RICH_ROWS, extra={"Notes": RICH_NOTES})
    result = read_import("tet", path, options={"id": "cls-test", "name": "CLS test",
                                               "territory": "Agglo", "period": "2023/2027"})
    contract = result.contract
    assert contract is not None
    assert (contract.territory.name, str(contract.period)) == ("Agglo", "2023/2027")
    codes = [(a.code, a.title) for a in contract.actions]
    assert codes == [("FA 1", "Coordonner le CLS"), ("FA 1.1", "Préparer le COPIL"),
                     ("FA 2", "Mobiliser les habitants"), ("FA 3", "Aller vers"),
                     ("FA 4", "Action sans axe")]
    fa1, sub, fa2, fa3, fa4 = contract.actions
    orgs = {o.id: o for o in contract.organisations}
    people = {p.id: p for p in contract.people}
    assert orgs[fa1.pilot or ""].name == "Communauté d'agglomération"
    roles = {orgs[p.organisation].name if p.organisation in orgs else
             people[p.organisation].name: (p.roles, p.note) for p in fa1.partners}
    assert roles == {
        "Direction de la santé": ([PartnerRole.CO_PILOTING], None),
        "Marie PAUL": ([PartnerRole.CO_PILOTING], None),
        "Pierre GWEN": ([PartnerRole.CO_PILOTING], None),
        "ARS Île-de-France": ([], None),
        "CPAM (77, 93)": ([], None),          # a comma inside brackets does not split
        "Renée CHARLES": ([], "Élu·e référent·e")}
    assert orgs["direction-de-la-sante"].kind is OrganisationKind.MUNICIPAL_SERVICE
    assert orgs["region"].relation is OrganisationRelation.FUNDER
    assert people["renee-charles"].elected
    assert [(f.funder, f.label, f.amount) for f in fa1.funding] == [
        ("ars-ile-de-france", None, 30000),
        ("communaute-d-agglomeration", None, 25000.5),
        ("region", None, None),               # a funder with no amount is kept
        (None, "Droit commun", None),
        (None, "Budget prévisionnel total", 55000)]
    assert fa1.resources == "- 1 ETP de coordination"
    assert fa1.specific_objective == "Un COPIL par an"
    assert fa1.ars.participation_degree is ParticipationDegree.CONCERTATION
    assert (fa1.start, fa1.end) == (dt.date(2023, 1, 1), dt.date(2027, 12, 31))
    assert fa1.notes == "Note de suivi" and fa2.notes == "Voir le COTECH"
    bodies = {b.name: (b.kind.value, b.actions) for b in contract.bodies}
    assert bodies == {"COPIL santé": ("copil", ["fa-1"]),
                      "Groupe de travail «accès, droits»": ("working_group", ["fa-1"])}
    # The sub-action: a fiche under its parent, on the parent's axis, with its own fields.
    assert (sub.id, sub.axis, sub.objectives) == ("fa-1-1", fa1.axis, fa1.objectives)
    assert sub.status is ActionStatus.DONE
    assert (sub.start, sub.end) == (dt.date(2023, 3, 15), dt.date(2024, 1, 9))  # serials
    # An unnumbered axis gets the next free number; an unnumbered sub-axis too.
    assert [(a.id, a.code) for a in contract.axes] == [("axe-1", "Axe 1"), ("axe-2", "Axe 2")]
    assert [(o.id, o.code) for o in contract.objectives] == [
        ("obj-1-1", "1.1"), ("obj-1-2", "1.2"), ("obj-1-2-1", "1.2.1")]
    assert fa3.objectives == ["obj-1-2-1"] and fa3.funding[0].amount == 1500
    assert (fa4.axis, fa4.status) == (None, ActionStatus.ABANDONED)
    assert fa2.pilot == "renee-charles" and fa2.partners[0].note == "Élu·e référent·e"
    warnings = _messages(result.diagnostics, Severity.WARNING)
    assert any("ligne 4, colonne W (Montant € HT)" in w and "«Région» sans montant" in w
               for w in warnings)
    assert any("ligne 7, colonne S (Montant € HT)" in w and "texte" in w for w in warnings)


def test_odd_values_are_read_with_a_warning_naming_the_cell(tmp_path: Path) -> None:
    path = plan(tmp_path / "odd.xlsx", [
        action("A", status="Terminé", priority="haute", participation="Rien du tout",
               start="03/04/21"),
        action("B", status="Peut-être", amount2=1200),
    ])
    result = read_import("tet", path)
    assert result.contract is not None
    a, b = result.contract.actions
    assert (a.status, a.priority, a.ars.participation_degree) == (
        ActionStatus.DONE, Priority.HIGH, None)
    assert a.start == dt.date(2021, 4, 3)   # the template says JJ/MM/AAAA
    assert b.status is ActionStatus.PLANNED and b.funding[0].amount == 1200
    warnings = _messages(result.diagnostics, Severity.WARNING)
    expected = [
        ("ligne 4, colonne Y (Statut)", "«Terminé» lu comme «Réalisé»"),
        ("ligne 4, colonne Z (Niveau de priorité)", "lu comme «Élevé»"),
        ("ligne 4, colonne P (Participation Citoyenne)", "non reconnu"),
        ("ligne 4, colonne AA (Date de début)", "la plateforme le lirait mois/jour"),
        ("ligne 5, colonne Y (Statut)", "«Peut-être» non reconnu"),
        ("ligne 5, colonne T (Financeur 2)", "montant 1200 sans financeur"),
    ]
    for where, what in expected:
        assert any(where in w and what in w for w in warnings), (where, what, warnings)
    assert all(w.split(" : ", 1)[1].startswith(("Action «A»", "Action «B»"))
               for w in warnings)


def test_the_cli_writes_the_workspace_and_says_what_it_read(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["import", "tet", str(VALID), "-o", str(tmp_path / "ws"),
                 "--option", "name=CLS de l'Agglo", "--option", "id=cls-agglo"])
    assert code == 0
    out, err = capsys.readouterr()
    assert "wrote the workspace" in out and "colonne AA (Date de début)" in err
    assert (tmp_path / "ws" / "actions" / "fa-1.yaml").is_file()
    assert clskit.load(tmp_path / "ws").name == "CLS de l'Agglo"


def test_registering_loads_no_heavy_module_and_options_agree() -> None:
    importers = plugin.clskit_importers()
    assert [i.name for i in importers] == ["tet"]
    assert str(MAX_ACTIONS) == plugin.MAX_ACTIONS
    assert {o.name for o in importers[0].options} == {"id", "name", "territory", "period",
                                                      "max_actions"}
    assert isinstance(importers[0].read, str)
    assert isinstance(plugin.clskit_exporters()[0].write, str)
