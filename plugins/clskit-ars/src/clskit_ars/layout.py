"""The words of the ARS fiche workbook, shared by the writer and the reader.

The reader finds every field by the label in column A of a fiche sheet (never by a fixed
row), and every summary sheet by its header row: a coordinator may insert a row, rename
a sheet or reorder the sheets and the workbook still reads. Keeping the labels in one
module is what makes export → import an identity.
"""

from __future__ import annotations

import re
import unicodedata

# --------------------------------------------------------------------- sheet names

FICHES = "Fiches"
AXES = "Axes"
OBJECTIVES = "Objectifs"
INDICATORS = "Indicateurs"
CONTRACT = "Contrat"
BILAN = "Bilan"  # «Bilan 2021»

# --------------------------------------------------------------------- fiche sheet

#: Column widths of a fiche sheet, A to F (the partners table needs six columns).
FICHE_WIDTHS = (30.0, 24.0, 13.0, 13.0, 13.0, 13.0)

BANNER = "FICHE ACTION"
AXIS = "Axe stratégique"
TITLE = "Intitulé de l'action"
PILOT = "Porteur de l'action"
START = "Début"
END = "Fin"
PRE_EXISTING = "L'action est-elle déjà mise en œuvre (préexistante à la dynamique du CLS) ?"
CONTRAT_DE_VILLE = ("La problématique de l'action est-elle intégrée dans le volet santé du "
                    "contrat de ville ?")
SPECIFIC = "Obj spécifique"
OPERATIONAL = "Obj opérationnel"          # «Obj opérationnel 1», «… 2», …
PUBLIC = "Public cible"
PLACE = "Lieu de l'action"
PLACE_SCOPE = "Type de lieu :"
COMMUNES = "Communes concernées"
NEIGHBOURHOODS = "Quartiers prioritaires concernés"
INEQUALITIES = ("Parmi ces éléments, des inégalités sociales et territoriales de santé "
                "ont-elles été repérées ?")

TYPOLOGY = "TYPOLOGIE ET THÉMATIQUE"
DETERMINANT = "Déterminant visé"
THEME = "Thème"                           # «Thème 1», «Thème 2», «Thème 3»
IF_OTHER = "Si autre :"
OTHER = "Autre"
PRS = "À quel(s) projet(s) du Projet régional de santé l'action contribue-t-elle ?"
OTHER_PLANS = "Articulation avec d'autres plans locaux"

PARTNERSHIP = "PARTENAIRES ET PARTICIPATION"
SECTOR = "Secteur"
PARTNER = "Partenaires"
PARTICIPATIVE = ("Une démarche participative est-elle mise en œuvre afin d'associer les "
                 "habitants à l'action ?")
DETAIL = "Si oui, précisez :"
DEGREE = "Quel degré ?"

EVALUATION = "SUIVI ET ÉVALUATION"
INDICATOR_SLOTS = {"process": "Indicateur processus", "activity": "Indicateur activité",
                   "result": "Indicateur résultat"}
#: How many slots of each kind the ARS template has; more indicators get more rows.
TEMPLATE_SLOTS = {"process": 1, "activity": 2, "result": 2}

JUSTIFICATION = "JUSTIFICATION"
DESCRIPTION = "DESCRIPTION"

COMPLEMENTS = "INFORMATIONS COMPLÉMENTAIRES (clskit)"
ACTION_ID = "Identifiant de la fiche"
SHORT_TITLE = "Titre court"
PILOT_ID = "Porteur (identifiant)"
TREE_OBJECTIVES = "Objectifs de l'arbre (identifiants)"
TRANSVERSAL = "Axes transversaux (identifiants)"
CRITERIA = "Objectifs / critères d'évaluation"
STATUS = "Statut"
STATUS_DATE = "Statut connu le"
PRIORITY = "Priorité"
FUNDER = "Financeur"
FUNDING_HEADER = (FUNDER, "Libellé du financement", "", "Montant (€)", "Année", "Acquis")
PARTNER_NOTES = "Partenaire (précisions)"
PARTNER_NOTES_HEADER = (PARTNER_NOTES, "Depuis", "Remarque", "", "", "")
NOTES = "Notes"

#: Section rows: a merged banner across the sheet; long texts run until the next one.
SECTIONS = (TYPOLOGY, PARTNERSHIP, EVALUATION, JUSTIFICATION, DESCRIPTION, COMPLEMENTS)

PARTNER_HEADER = (SECTOR, PARTNER, "Analyse des besoins", "Mobilisation de ressources",
                  "Mise en œuvre", "Co-pilotage")
YES = "Oui"
NO = "Non"

# --------------------------------------------------------------------- summary sheets

FICHES_HEADER = ("Code", "Intitulé", "Axe", "Porteur", "Début", "Fin", "Statut",
                 "Statut connu le")
AXES_HEADER = ("Identifiant", "Code", "Type", "Intitulé", "Titre court", "Description",
               "Fiches")
OBJECTIVES_HEADER = ("Identifiant", "Code", "Niveau", "Intitulé", "Objectif parent", "Axe",
                     "Description", "Fiches")
INDICATORS_HEADER = ("Identifiant", "Fiches", "Type", "Libellé", "Mesure", "Unité", "Sens",
                     "Famille ARS", "Objectifs", "Source", "Indicateur clé")
BILAN_HEADER = ("Code", "Intitulé", "Statut en fin de période", "Fait dans la période",
                "Reste à faire", "Indicateurs : valeur et cible")

# --------------------------------------------------------------------- contract sheet

CONTRACT_FIELDS = {
    "id": "Identifiant du contrat",
    "name": "Nom du contrat",
    "short_name": "Nom court",
    "generation": "Génération",
    "start": "Début du contrat",
    "end": "Fin du contrat",
    "duration_months": "Durée (mois)",
    "status": "Statut du contrat",
    "coordinator": "Coordinateur (identifiant)",
    "territory": "Territoire",
    "territory_kind": "Type de territoire",
    "territory_organisation": "Organisation du territoire (identifiant)",
    "department": "Département",
    "region": "Région",
}
ORGANISATIONS = "Organisations"
ORGANISATIONS_HEADER = ("Identifiant", "Nom", "Nom court", "Type", "Secteur", "Rattachée à",
                        "Adhésion", "Lien avec le contrat", "Description", "Site web",
                        "Courriel")
PEOPLE = "Personnes"
PEOPLE_HEADER = ("Identifiant", "Nom", "Civilité", "Fonction", "Organisation", "Rôle",
                 "Élu(e)", "Courriel", "Téléphone")
COMMUNES_TABLE = "Communes"
COMMUNES_HEADER = ("Identifiant", "Nom", "Code INSEE", "Population")
QPV_TABLE = "Quartiers prioritaires"
QPV_HEADER = ("Identifiant", "Nom", "Commune", "Code QPV", "Population")
CONTRACT_TABLES = {ORGANISATIONS: ORGANISATIONS_HEADER, PEOPLE: PEOPLE_HEADER,
                   COMMUNES_TABLE: COMMUNES_HEADER, QPV_TABLE: QPV_HEADER}


def key(text: object) -> str:
    """A label as the reader compares it: no case, accents, punctuation or spaces
    («Intitulé de l 'action :» and «intitule de l'action» are the same label)."""
    folded = unicodedata.normalize("NFKD", str(text).replace("œ", "oe").replace("Œ", "oe"))
    return re.sub(r"[^a-z0-9]", "", folded.encode("ascii", "ignore").decode().lower())


def same(found: object, label: str) -> bool:
    """Whether a cell holds ``label``: equal once folded; a long question also matches
    on its first words, so that a coordinator's retyped question still reads."""
    if found is None:
        return False
    have, want = key(found), key(label)
    if have == want:
        return True
    return len(want) > 40 and len(have) >= 30 and want.startswith(have[:30])
