"""The plugin: registers the follow-up workbook's exporter and importer. Importing it loads
no heavy library: openpyxl loads when a workbook is written or read."""

from __future__ import annotations

from clskit import Exporter, Importer, ImportTarget, Needs, Option, hookimpl

TITLE = "Classeur de suivi de la période"


@hookimpl
def clskit_exporters() -> list[Exporter]:
    return [Exporter(
        name="suivi", title=TITLE, formats=("xlsx",), write="clskit_suivi.export:write",
        needs=Needs.SNAPSHOT,
        description="Le classeur qu'un coordinateur remplit pour une période (--period "
                    "2022-Q1) : journal, réunions, indicateurs, nouveaux partenaires, avec "
                    "les listes du dossier et ce que la période contient déjà.")]


@hookimpl
def clskit_importers() -> list[Importer]:
    return [Importer(
        name="suivi", title=TITLE, formats=("xlsx", "xlsm"), read="clskit_suivi.importer:read",
        target=ImportTarget.ADDITIONS,
        options=(Option("period", "la période du classeur (2022-T1), quand sa feuille "
                        "masquée «Listes» a disparu"),),
        description="Verse au dossier ce qui a été rempli dans le classeur de suivi "
                    "(clskit import suivi FICHIER --into DOSSIER).")]
