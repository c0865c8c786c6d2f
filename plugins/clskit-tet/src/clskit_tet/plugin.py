"""The plugin: registers the TeT importer and exporter. Importing it loads no heavy
library: the read and write functions are named, imported on first use."""

from __future__ import annotations

from clskit import Exporter, Importer, hookimpl
from clskit.exporters import Needs, Option

#: Kept in step with ``clskit_tet.importer.MAX_ACTIONS`` (a test checks it).
MAX_ACTIONS = "5000"

IMPORT_OPTIONS = (
    Option("id", "identifiant du contrat (par défaut : tiré du nom du fichier)"),
    Option("name", "nom du contrat (par défaut : tiré du nom du fichier)"),
    Option("territory", "nom du territoire (par défaut : «Territoire non renseigné»)"),
    Option("period", "période du contrat, 2023/2027 (par défaut : aucune)"),
    Option("max_actions", "nombre de lignes d'actions au-delà duquel le fichier est refusé",
           MAX_ACTIONS),
)

TITLE = "Territoires en Transitions : plan d'action (modèle d'import de la plateforme)"


@hookimpl
def clskit_importers() -> list[Importer]:
    return [Importer(
        name="tet", title=TITLE, formats=("xlsx", "xlsm"), read="clskit_tet.importer:read",
        options=IMPORT_OPTIONS,
        description="Lit le classeur d'import d'un plan d'action de Territoires en "
                    "Transitions (modele-import-pa.xlsx rempli) en un nouveau contrat.")]


@hookimpl
def clskit_exporters() -> list[Exporter]:
    return [Exporter(
        name="tet", title=TITLE, formats=("xlsx",), write="clskit_tet.exporter:write",
        needs=Needs.CONTRACT,
        options=(Option("header", "en-tête du modèle publié (template, «Titre de la fiche "
                        "action», données ligne 5) ou celui que la plateforme lit "
                        "(platform, «Titre de l'action», données ligne 4)", "platform",
                        ("platform", "template")),),
        description="Écrit le modèle d'import de la plateforme, rempli avec les fiches du "
                    "contrat, que la plateforme accepte.")]
