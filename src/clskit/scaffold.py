"""``clskit init``: a new workspace a coordinator fills in, valid from its first minute.

A coordinator starting a territory should not begin from an empty folder nor from a copy
of another territory's record (whose names, dates and people then linger). The scaffold
is the smallest record every command accepts — one axis, one objective, one fiche
action, one body (the COPIL), one indicator — with a French comment on every block
saying what to write there, and a ``README.md`` of the folder.

Every YAML file opens with ``# yaml-language-server: $schema=…`` so that an editor with
the YAML language server completes field names and flags mistakes as one types. The line
names a copy of the JSON Schema written into the workspace (``.schema/``), by a relative
path: it works offline, in a git clone, and the schema is the one of the clskit version
that wrote the folder (``clskit schema --write-dir WORKSPACE/.schema`` refreshes it after
an upgrade). The loader passes over hidden folders, so ``.schema/`` is never read as data.

The folder is built and validated in a temporary folder beside the target, then renamed
into place: an interrupted ``init`` leaves nothing half written.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import sys
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING

from attrs import define

if TYPE_CHECKING:
    import argparse

    from clskit.loader import Report

#: Where the workspace keeps its copy of the JSON Schema (a hidden folder: not data).
SCHEMA_FOLDER = ".schema"


@define(frozen=True)
class Scaffold:
    """What a new workspace says of its contract: the values ``clskit init`` asks for."""

    #: Full name of the contract («Contrat Local de Santé de …»).
    name: str
    #: Name of the territory (usually the EPCI's).
    territory: str
    #: First year of the contract.
    start: int
    #: Last year of the contract (a CLS usually runs five years).
    end: int


def slug(text: str) -> str:
    """An identifier from a name: ``Communauté d'agglomération du Val`` →
    ``communaute-d-agglomeration-du-val`` (ASCII, lower case, dashes)."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-")[:48].strip("-") or "cls"


def _q(text: str) -> str:
    # A JSON string is a YAML double-quoted scalar: any name (a colon, a quote, an
    # accent) stays a text, whatever the coordinator typed.
    return json.dumps(text, ensure_ascii=False)


def _schema_line(collection: str, depth: int = 0) -> str:
    return (f"# yaml-language-server: $schema={'../' * depth}{SCHEMA_FOLDER}/"
            f"{collection}.schema.json\n")


def defaults(folder: str | os.PathLike[str], *, name: str | None = None,
             territory: str | None = None, start: int | None = None,
             end: int | None = None, today: dt.date | None = None) -> Scaffold:
    """The values of a new workspace: what was given, else from the folder's name and
    this year (a five-year contract from this year on)."""
    stem = Path(folder).resolve().name.replace("-", " ").replace("_", " ").strip()
    territory = territory or (stem[:1].upper() + stem[1:] if stem else "Mon territoire")
    first = start if start is not None else (today or dt.date.today()).year
    last = end if end is not None else first + 4
    if last < first:
        raise ValueError(f"the contract ends ({last}) before it starts ({first})")
    return Scaffold(name or f"Contrat Local de Santé de {territory}", territory, first, last)


def files(values: Scaffold) -> dict[str, str]:
    """The text of every file of a new workspace, by path inside it (schemas aside)."""
    contract_id = f"cls-{slug(values.territory)}"
    epci = slug(values.territory)
    period = f"{values.start}/{values.end}" if values.end != values.start else str(values.start)
    first_day = f"{values.start}-01-01"
    return {
        "contract.yaml": _schema_line("clskit") + f"""\
# Le contrat lui-même. Les noms des champs sont en anglais (c'est le format de clskit),
# les valeurs en français. Chaque liste (organisations, fiches action, instances…) a son
# fichier dans ce dossier : voir README.md.
# Identifiant du contrat, sans espace ni accent ; nom complet ; nom court (pieds de page).
id: {contract_id}
name: {_q(values.name)}
short_name: {_q("CLS " + values.territory)}
# Années du contrat (2024/2028), ou deux dates (2024-03-01/2028-12-31).
period: {period}
generation: 1                  # 2 pour un CLS de seconde génération
status: drafting               # prefiguration, drafting, signed, active, evaluating…
coordinator: coordination      # id de la personne qui coordonne (people.yaml)

# Le territoire, et l'EPCI qui porte le contrat (décrit dans organisations.yaml).
territory:
  name: {_q(values.territory)}
  organisation: {epci}
  # department: Seine-et-Marne
  # region: Île-de-France
  # communes:
  #   - id: melun
  #     name: Melun

# Les signataires : une organisation (organisations.yaml) et, si besoin, la personne
# qui signe pour elle (representative: id d'une personne de people.yaml).
signatories:
  - organisation: {epci}
    representative: presidence
  - organisation: ars
    representative: direction-ars

# Les axes stratégiques du contrat. Les fiches action (dossier actions/) y renvoient
# par leur id.
axes:
  - id: axe-1
    code: Axe 1
    title: Favoriser l'accès aux soins et à la prévention
    kind: strategic

# L'arbre des objectifs : général, spécifique ou opérationnel (parent: pour un
# sous-objectif).
objectives:
  - id: obj-1
    code: Objectif 1
    title: Améliorer le recours au dépistage des habitants du territoire
    level: general
    axis: axe-1
""",
        "organisations.yaml": _schema_line("organisations") + f"""\
# Les organisations : signataires, porteurs et partenaires des fiches action, membres
# des instances. Une organisation et une personne ne partagent jamais le même id.
- id: {epci}
  name: {_q(values.territory)}
  kind: epci
- id: ars
  name: Agence régionale de santé
  short_name: ARS
  kind: ars
""",
        "people.yaml": _schema_line("people") + f"""\
# Les personnes : coordination, représentants des signataires, animateurs. Un document
# les nomme par ce qui est écrit ici (name, position) ; avec --redact, par leur rôle.
- id: coordination
  name: Coordination du CLS     # le nom de la coordinatrice ou du coordinateur
  position: Coordination du Contrat Local de Santé
  organisation: {epci}
- id: presidence
  name: Présidence de l'EPCI     # le nom de la personne qui signe pour l'EPCI
  position: {_q("Président(e) de " + values.territory)}
  organisation: {epci}
- id: direction-ars
  name: Direction de la délégation départementale de l'ARS
  position: Directeur ou directrice de la délégation départementale
  organisation: ars
""",
        "bodies.yaml": _schema_line("bodies") + f"""\
# Les instances de la gouvernance : COPIL, COTECH, groupes de travail… (kind: copil,
# cotech, follow_up_committee, thematic_committee, working_group…).
- id: copil
  name: Comité de pilotage
  kind: copil
  mission: Instance stratégique, valide les orientations et le suivi du contrat.
  min_meetings_per_year: 1       # rythme attendu : au moins une réunion par an
  members:
    - member: {epci}
    - member: ars
""",
        "meetings.yaml": _schema_line("meetings") + """\
# Les réunions des instances. Une réunion tenue est datée (date:) ; une réunion
# prévue a status: planned. Le diaporama du COPIL se fait pour une réunion :
#   clskit export copil . --meeting copil-1
# Ajoutez ici le premier COPIL quand sa date est connue :
# - id: copil-1
#   body: copil
#   date: 2024-12-10
#   status: planned
#   agenda:
#     - Lancement du contrat
[]
""",
        "actions/fa-01.yaml": _schema_line("actions", 1) + f"""\
# Une fiche action par fichier : copiez celle-ci (fa-02.yaml…) pour en ajouter.
id: fa-01                       # identifiant, repris par le journal et les indicateurs
code: FA 1                      # ce que les documents affichent
title: Organiser des actions de dépistage au plus près des habitants
axis: axe-1
objectives:
  - obj-1
# Le porteur : id d'une organisation ou d'une personne (pilot_label: le porteur tel
# que la fiche l'écrit, quand il n'est pas dans organisations.yaml).
pilot: {epci}
partners:
  - organisation: ars
    roles: [resource_mobilisation]   # needs_analysis, implementation, co_piloting…
target_public: Habitants du territoire
description: |
  Ce que fait l'action, en quelques lignes. Les listes sont permises :
  - une première étape ;
  - une seconde étape.
start: {first_day}
status: planned                 # planned, in_progress, done, late, paused, blocked…
""",
        "indicators.yaml": _schema_line("indicators") + """\
# Les indicateurs : de processus, d'activité ou de résultat (kind:), avec une cible
# (targets:) et les valeurs mesurées au fil du contrat (measurements:).
- id: fa-01-depistages
  label: Actions de dépistage organisées
  kind: activity
  measure: number
  unit: actions
  direction: increase
  actions:
    - fa-01
  targets:
    - value: 4
      period: """ + str(values.end) + """
  # measurements:
  #   - value: 1
  #     period: 2024-Q4
""",
        "journal/journal.yaml": _schema_line("journal", 1) + f"""\
# Le journal : ce qui a avancé, trimestre après trimestre. Chaque entrée a un kind
# (achieved : objectif atteint, todo : reste-à-faire, highlight, event, decision), une
# date ou une période, un texte, et les fiches action qu'elle concerne. La revue
# trimestrielle et le diaporama du COPIL se font à partir de ces entrées.
- kind: event
  date: {first_day}
  text: Ouverture du dossier du Contrat Local de Santé dans clskit.
""",
        "README.md": f"""\
# {values.name}

Ce dossier est l'enregistrement du contrat, lu par [clskit](https://pypi.org/project/clskit/).
Les noms des champs sont en anglais, les valeurs en français ; chaque fichier dit en
commentaire ce qu'il contient.

| fichier | contenu |
| --- | --- |
| `contract.yaml` | le contrat : nom, période, territoire, signataires, axes, objectifs |
| `organisations.yaml` | les organisations (signataires, porteurs, partenaires) |
| `people.yaml` | les personnes (coordination, représentants) |
| `bodies.yaml` | les instances : COPIL, COTECH, groupes de travail |
| `meetings.yaml` | les réunions des instances |
| `actions/` | une fiche action par fichier (`fa-01.yaml`…) |
| `indicators.yaml` | les indicateurs, leurs cibles et leurs mesures |
| `journal/` | le journal : ce qui a avancé, ce qui reste à faire |
| `.schema/` | le schéma JSON des fichiers, pour la complétion dans l'éditeur |

Vérifier le dossier, puis faire les documents :

```sh
clskit validate .
clskit export copil . -o copil.pptx
clskit export review . -o revue.docx
```

Les fichiers YAML commencent par `# yaml-language-server: $schema=.schema/…` : un
éditeur muni du serveur de langage YAML (VS Code et son extension YAML, par exemple)
complète les noms des champs et signale les erreurs à la frappe, sans connexion. Après
une mise à jour de clskit : `clskit schema --write-dir .schema --force`.
""",
    }


def init_workspace(folder: str | os.PathLike[str], values: Scaffold, *,
                   force: bool = False) -> Report:
    """Write a new workspace at ``folder`` and return its validation report.

    ``folder`` must not exist or be empty, unless ``force`` (its content is then replaced
    as a whole). Built and validated beside ``folder``, then renamed into place:
    :class:`~clskit.errors.ClsError` (nothing written) when it exists and is not empty.
    """
    from clskit.schema import schema_files
    from clskit.workspace import write_files

    tree: dict[str, str] = dict(files(values))
    for name, schema in schema_files().items():
        tree[f"{SCHEMA_FOLDER}/{name}"] = json.dumps(schema, ensure_ascii=False,
                                                     indent=2) + "\n"
    return write_files(tree, folder, overwrite=force)


def run_command(args: argparse.Namespace) -> int:
    """``clskit init DIR``: the workspace written, the next commands printed."""
    from clskit.errors import ClsError

    try:
        values = defaults(args.folder, name=args.name, territory=args.territory,
                          start=args.start, end=args.end)
    except ValueError as exc:
        print(f"clskit init: error: {exc}", file=sys.stderr)
        return 2
    try:
        init_workspace(args.folder, values, force=args.force)
    except ClsError as exc:
        print(f"clskit: {exc}", file=sys.stderr)
        return 1
    print(f"wrote the workspace {args.folder} ({values.name}, {values.start}-{values.end})")
    print(f"next: clskit validate {args.folder}; clskit export copil {args.folder} -o copil.pptx")
    return 0


__all__ = ["SCHEMA_FOLDER", "Scaffold", "defaults", "files", "init_workspace", "run_command",
           "slug"]
