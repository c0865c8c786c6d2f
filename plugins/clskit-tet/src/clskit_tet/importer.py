"""``clskit import tet plan.xlsx -o workspace/``: a plan workbook of the platform into a
new contract.

Every problem of the file is reported in one pass, placed by sheet, row and column; the
contract is made only when there is no error. The contract's own fields are not in the
workbook (the platform asks for them in a form): they come from options, with defaults
from the file's name.
"""

from __future__ import annotations

import re
from pathlib import Path

from clskit import ImportRequest, ImportResult, Location, Period
from clskit.workbooks import Problems, open_workbook
from clskit_tet import sheet as sheets
from clskit_tet.build import Head, build
from clskit_tet.columns import BY_KEY
from clskit_tet.rows import Line, RowReader
from clskit_tet.tree import Node, Tree, slug

#: More rows than this is not a plan (a sheet pasted twice, a formula filled down).
MAX_ACTIONS = 5000


def _head(source: Path, options: dict[str, str], problems: Problems) -> Head:
    stem = source.stem
    words = " ".join(re.split(r"[-_\s]+", stem)).strip() or "plan"
    name = options.get("name") or f"{words[:1].upper()}{words[1:]}"
    head = Head(id=options.get("id") or slug(stem, 60), name=name,
                territory=options.get("territory") or "Territoire non renseigné")
    if options.get("period"):
        try:
            head.period = Period.parse(options["period"])
        except ValueError as exc:
            problems.error(Location(source.name), f"option period : {exc}")
    return head


def _max_actions(options: dict[str, str], problems: Problems, shown: str) -> int:
    try:
        return max(1, int(options.get("max_actions", MAX_ACTIONS)))
    except ValueError:
        problems.error(Location(shown), "option max_actions : un nombre entier est attendu")
        return MAX_ACTIONS


def read(request: ImportRequest) -> ImportResult:
    """Read the workbook of ``request`` into a contract, with every problem met."""
    problems = Problems()
    options = dict(request.options)
    head = _head(request.source, options, problems)
    limit = _max_actions(options, problems, request.source.name)
    book = open_workbook(request.source, problems)
    if book is None:
        return ImportResult(diagnostics=problems.diagnostics())
    data = sheets.find(book, problems)
    if data is None:
        return ImportResult(diagnostics=problems.diagnostics())
    if not sheets.check_header(data, problems):
        return ImportResult(diagnostics=problems.diagnostics())
    sheets.first_data_row(data, problems)
    rows = list(data.sheet.rows(data.first_row))
    if len(rows) > limit:
        problems.error(data.sheet.location(rows[limit]), f"{len(rows)} lignes d'actions : "
                       f"plus que les {limit} qu'un plan peut tenir ici (une feuille collée "
                       "deux fois, une formule étirée ?) ; rien n'est importé "
                       f"(--option max_actions=N pour l'accepter)", "unreadable")
        return ImportResult(diagnostics=problems.diagnostics())
    sheets.free_columns(data)
    reader = RowReader(data, problems)
    tree = Tree(problems)
    lines: list[Line] = []
    nodes: list[Node | None] = []
    for row in rows:
        if reader.is_example(row):
            problems.warning(data.sheet.location(row), "ligne d'exemple du modèle : ignorée",
                             "odd")
            continue
        line = reader.read(row)
        if line.title is None:
            if line.sub_title is not None:
                problems.error(line.title_cell, "'Titre de la sous-action' est renseigné mais "
                               "'Titre de l'action' est manquant : une sous-action se met sur "
                               "la ligne de son action, titre de l'action compris")
            elif _has_data(data, row):
                problems.error(line.title_cell, "Le titre est obligatoire : la ligne a des "
                               "valeurs mais pas de «Titre de l'action»")
            continue
        gap = _has_gap(data, row)
        lines.append(line)
        nodes.append(tree.add(line.path, gap))
    if not lines and problems.ok:
        problems.error(data.sheet.location(data.first_row), "la feuille ne contient aucune "
                       f"action (données attendues à partir de la ligne {data.first_row}) : "
                       "rien à importer", "sheet")
    contract = build(lines, tree, nodes, head, problems) if lines else None
    sheets.report_unread(data, problems)
    return ImportResult(contract=contract if problems.ok else None,
                        diagnostics=problems.diagnostics())


def _has_data(data: sheets.DataSheet, row: int) -> bool:
    from clskit_tet.columns import COLUMNS, is_placeholder

    for column in COLUMNS:
        value = data.sheet.value(row, column.index)
        if value is not None and str(value).strip() and not is_placeholder(value):
            return True
    return False


def _has_gap(data: sheets.DataSheet, row: int) -> bool:
    levels = [data.sheet.value(row, BY_KEY[k].index) for k in
              ("axis", "sub_axis", "sub_sub_axis")]
    filled = [v is not None and str(v).strip() != "" for v in levels]
    last = max((i for i, f in enumerate(filled) if f), default=-1)
    return any(not f for f in filled[:last])


__all__ = ["MAX_ACTIONS", "read"]
