"""The plugin: registers the ``ars`` exporter and importer. Importing it loads no openpyxl."""

from __future__ import annotations

from clskit import Exporter, Importer, ImportTarget, Needs, Option, hookimpl

LISTS = ("fiches", "axes", "objectives", "indicators", "bilan")


@hookimpl
def clskit_exporters() -> list[Exporter]:
    return [Exporter(
        name="ars",
        title="Fiches action au format de l'ARS (classeur, bilan par fiche)",
        formats=("xlsx", "csv"),
        write="clskit_ars.write:write",
        needs=Needs.CONTRACT,
        options=(
            Option("list", "for a CSV: the list it holds (bilan needs --period YEAR); "
                   "default fiches", choices=LISTS),
        ),
        description="One sheet per fiche action in the layout of the ARS Île-de-France "
                    "template, the lists of axes, fiches and objectives, and with a period "
                    "the yearly «bilan par fiche».",
    )]


@hookimpl
def clskit_importers() -> list[Importer]:
    return [Importer(
        name="ars",
        title="Classeur des fiches action au format de l'ARS",
        formats=("xlsx", "xlsm"),
        read="clskit_ars.read:read",
        target=ImportTarget.CONTRACT,
        description="Reads a fiche workbook (written by clskit export ars, or edited by "
                    "hand) into a new workspace.",
    )]
