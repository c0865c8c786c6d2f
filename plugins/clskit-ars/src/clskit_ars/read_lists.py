"""The summary sheets back into the record: «Contrat», «Axes», «Objectifs», «Indicateurs».

A table is read by its header's titles, not by column positions: a coordinator may move
or drop a column that holds nothing required. A required column that is missing is one
error at the header row; a required cell that is empty is one error at that cell.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from clskit.model import (
    Axis,
    AxisKind,
    Commune,
    ContractStatus,
    Direction,
    Indicator,
    IndicatorFamily,
    IndicatorKind,
    Measure,
    Objective,
    ObjectiveLevel,
    Organisation,
    OrganisationKind,
    OrganisationRelation,
    Person,
    PriorityNeighbourhood,
    Sector,
)
from clskit.period import Period
from clskit.workbooks import Cell, Problems, Sheet, date, number, text, yes_no
from clskit_ars import layout as L
from clskit_ars.reading import at, enum_cell
from clskit_ars.values import slug, split_list

Row = dict[str, Cell]


def header_row(sheet: Sheet, header: Sequence[str], within: int = 10) -> int | None:
    """The row holding the first two titles of ``header`` in its first columns."""
    wanted = [L.key(h) for h in header[:2]]
    return sheet.find_row(lambda values: [L.key(v) for v in values[:2]] == wanted, within)


def rows_of(sheet: Sheet, row: int, header: Sequence[str], required: Sequence[str],
            problems: Problems, *, stop_at_blank: bool = False,
            stop: Sequence[str] = ()) -> Iterator[Row]:
    """The rows under the header at ``row``, each as title → placed cell."""
    columns: dict[str, int] = {}
    for column in range(1, sheet.max_column + 1):
        value = sheet.value(row, column)
        for title in header:
            if value is not None and L.key(value) == L.key(title) and title not in columns:
                columns[title] = column
    missing = [t for t in required if t not in columns]
    if missing:
        problems.error(sheet.location(row), f"colonne(s) {', '.join(map(repr, missing))} "
                       "absente(s) de l'en-tête", "column")
        return
    stops = {L.key(s) for s in stop}
    for r in range(row + 1, sheet.max_row + 1):
        if sheet.is_blank(r):
            if stop_at_blank:
                return
            continue
        if L.key(sheet.value(r, 1) or "") in stops:
            return
        yield {title: at(sheet, r, column, title) for title, column in columns.items()}


def _cell(row: Row, title: str) -> Cell | None:
    return row.get(title)


def _text(row: Row, title: str) -> str | None:
    cell = row.get(title)
    return text(cell) if cell is not None else None


def _exact(row: Row, title: str) -> str | None:
    """A free text as written, a final line break kept (a YAML block's text ends with
    one, and the round trip keeps it)."""
    cell = row.get(title)
    shown = text(cell) if cell is not None else None
    if shown is None or cell is None or not isinstance(cell.value, str):
        return shown
    return shown + "\n" if cell.value.rstrip(" \t").endswith("\n") else shown


def _required(row: Row, title: str, problems: Problems, what: str) -> str | None:
    value = _text(row, title)
    if value is None:
        problems.error(row[title], f"{what} manquant(e)", "value")
    return value


def _int(row: Row, title: str, problems: Problems) -> int | None:
    cell = row.get(title)
    if cell is None:
        return None
    value = number(cell, problems, "un nombre entier")
    if value is not None and not value.is_integer():
        problems.error(cell, f"{cell.value!r} n'est pas un nombre entier")
        return None
    return int(value) if value is not None else None


def _enum(row: Row, title: str, kind: Any, problems: Problems, what: str) -> Any:
    cell = row.get(title)
    return enum_cell(cell, kind, problems, what) if cell is not None else None


# --------------------------------------------------------------------- Axes, Objectifs


def read_axes(sheet: Sheet, problems: Problems) -> list[Axis]:
    h = L.AXES_HEADER
    row = header_row(sheet, h)
    if row is None:
        problems.error(sheet.location(), "en-tête des axes introuvable (Identifiant, Code…)",
                       "column")
        return []
    axes: list[Axis] = []
    taken: set[str] = set()
    for r in rows_of(sheet, row, h, (h[1], h[3]), problems):
        code = _required(r, h[1], problems, "code de l'axe")
        title = _required(r, h[3], problems, "intitulé de l'axe")
        if code is None or title is None:
            continue
        identifier = _text(r, h[0]) or slug(code, taken)
        taken.add(identifier)
        axes.append(Axis(id=identifier, code=code, title=title,
                         kind=_enum(r, h[2], AxisKind, problems, "un type d'axe")
                         or AxisKind.STRATEGIC,
                         short_title=_text(r, h[4]), description=_exact(r, h[5])))
    return axes


def read_objectives(sheet: Sheet, problems: Problems, axes: list[Axis]) -> list[Objective]:
    h = L.OBJECTIVES_HEADER
    row = header_row(sheet, h)
    if row is None:
        problems.error(sheet.location(), "en-tête de l'arbre des objectifs introuvable",
                       "column")
        return []
    axis_ids = {L.key(k): a.id for a in axes for k in (a.code, a.id)}
    found: list[tuple[Objective, Cell | None]] = []
    taken: set[str] = set()
    for r in rows_of(sheet, row, h, (h[1], h[3]), problems):
        code = _required(r, h[1], problems, "code de l'objectif")
        title = _required(r, h[3], problems, "intitulé de l'objectif")
        if code is None or title is None:
            continue
        identifier = _text(r, h[0]) or slug(code, taken)
        taken.add(identifier)
        axis = _text(r, h[5])
        if axis is not None and L.key(axis) not in axis_ids:
            problems.error(r[h[5]], f"l'axe {axis!r} n'est pas dans la feuille «Axes»",
                           "reference")
        found.append((Objective(
            id=identifier, code=code, title=title,
            level=_enum(r, h[2], ObjectiveLevel, problems, "un niveau d'objectif"),
            parent=_text(r, h[4]), axis=axis_ids.get(L.key(axis)) if axis else None,
            description=_exact(r, h[6])), r.get(h[4])))
    ids = {o.id: o.id for o, _ in found} | {L.key(o.code): o.id for o, _ in found}
    for objective, cell in found:
        if objective.parent is not None:
            parent = ids.get(objective.parent) or ids.get(L.key(objective.parent))
            if parent is None and cell is not None:
                problems.error(cell, f"objectif parent {objective.parent!r} inconnu",
                               "reference")
            objective.parent = parent
    return [o for o, _ in found]


# --------------------------------------------------------------------- Indicateurs


def read_indicators(sheet: Sheet, problems: Problems,
                    codes: dict[str, str]) -> list[tuple[Indicator, Cell]]:
    """The «Indicateurs» sheet; ``codes`` maps fiche codes (folded) to action ids."""
    h = L.INDICATORS_HEADER
    row = header_row(sheet, h)
    if row is None:
        problems.error(sheet.location(), "en-tête des indicateurs introuvable", "column")
        return []
    found = []
    for r in rows_of(sheet, row, h, (h[0], h[2], h[3]), problems):
        identifier = _required(r, h[0], problems, "identifiant de l'indicateur")
        label = _required(r, h[3], problems, "libellé de l'indicateur")
        kind = _enum(r, h[2], IndicatorKind, problems, "un type d'indicateur")
        if kind is None and _text(r, h[2]) is None:
            problems.error(r[h[2]], "type de l'indicateur manquant")
        if identifier is None or label is None or kind is None:
            continue
        actions = []
        for code in split_list(_text(r, h[1])):
            if L.key(code) in codes:
                actions.append(codes[L.key(code)])
            else:
                problems.error(r[h[1]], f"la fiche {code!r} n'est pas dans le classeur",
                               "reference")
        key_cell = r.get(h[10])
        found.append((Indicator(
            id=identifier, label=label, kind=kind,
            measure=_enum(r, h[4], Measure, problems, "une mesure") or Measure.NUMBER,
            unit=_text(r, h[5]),
            direction=_enum(r, h[6], Direction, problems, "un sens"),
            family=_enum(r, h[7], IndicatorFamily, problems, "une famille ARS"),
            actions=actions, objectives=split_list(_text(r, h[8])), source=_text(r, h[9]),
            key=bool(yes_no(key_cell, problems)) if key_cell is not None else False),
            r[h[0]]))
    return found


# --------------------------------------------------------------------- Contrat


def _tables(sheet: Sheet) -> dict[str, int]:
    """Title of each table of the «Contrat» sheet → the row of its header."""
    found = {}
    for row in range(1, sheet.max_row + 1):
        for title in L.CONTRACT_TABLES:
            if L.same(sheet.value(row, 1), title) and title not in found:
                found[title] = row + 1
    return found


def contract_fields(sheet: Sheet, problems: Problems) -> dict[str, Any]:
    """The contract's own fields (label in column A, value in B), as model values."""
    labels = {L.key(v): k for k, v in L.CONTRACT_FIELDS.items()}
    cells: dict[str, Cell] = {}
    for row in range(1, sheet.max_row + 1):
        name = labels.get(L.key(sheet.value(row, 1) or ""))
        if name and name not in cells:
            cells[name] = at(sheet, row, 2, L.CONTRACT_FIELDS[name])
    values: dict[str, Any] = {k: text(c) for k, c in cells.items()}
    for name in ("start", "end"):
        values[name] = date(cells[name], problems) if name in cells else None
    for name in ("generation", "duration_months"):
        if name in cells:
            amount = number(cells[name], problems, "un nombre entier")
            values[name] = int(amount) if amount is not None else None
    if "status" in cells:
        values["status"] = enum_cell(cells["status"], ContractStatus, problems,
                                     "un statut de contrat")
    period = None
    if values.get("start") and values.get("end"):
        period = Period(values["start"], values["end"])
        if not period.is_valid:
            problems.error(cells["end"], "la fin du contrat précède son début")
    elif values.get("start") or values.get("end"):
        problems.warning(cells.get("start") or cells["end"],
                         "le contrat n'a qu'une de ses deux dates : période laissée vide")
    values["period"] = period
    for name in ("id", "name"):
        if not values.get(name):
            problems.error(cells.get(name) or sheet.location(),
                           f"«{L.CONTRACT_FIELDS[name]}» manquant", "value")
    return values


def contract_tables(sheet: Sheet, problems: Problems) -> tuple[
        list[Organisation], list[Person], list[Commune], list[PriorityNeighbourhood]]:
    starts = _tables(sheet)
    others = tuple(L.CONTRACT_TABLES)

    def rows(title: str, required: Sequence[str]) -> Iterator[Row]:
        if title not in starts:
            return iter(())
        return rows_of(sheet, starts[title], L.CONTRACT_TABLES[title], required, problems,
                       stop_at_blank=True, stop=others)

    o, p, c, q = L.ORGANISATIONS_HEADER, L.PEOPLE_HEADER, L.COMMUNES_HEADER, L.QPV_HEADER
    organisations = []
    for r in rows(L.ORGANISATIONS, o[:2]):
        identifier, name = _required(r, o[0], problems, "identifiant"), _required(
            r, o[1], problems, "nom")
        if identifier and name:
            organisations.append(Organisation(
                id=identifier, name=name, short_name=_text(r, o[2]),
                kind=_enum(r, o[3], OrganisationKind, problems, "un type d'organisation")
                or OrganisationKind.OTHER,
                sector=_enum(r, o[4], Sector, problems, "un secteur"), parent=_text(r, o[5]),
                joined=date(r[o[6]], problems) if o[6] in r else None,
                relation=_enum(r, o[7], OrganisationRelation, problems, "un lien"),
                description=_exact(r, o[8]), website=_text(r, o[9]), email=_text(r, o[10])))
    people = []
    for r in rows(L.PEOPLE, p[:2]):
        identifier, name = _required(r, p[0], problems, "identifiant"), _required(
            r, p[1], problems, "nom")
        if identifier and name:
            elected = r.get(p[6])
            people.append(Person(
                id=identifier, name=name, honorific=_text(r, p[2]), position=_text(r, p[3]),
                organisation=_text(r, p[4]), role=_text(r, p[5]),
                elected=bool(yes_no(elected, problems)) if elected is not None else False,
                email=_text(r, p[7]), phone=_text(r, p[8])))
    communes = [Commune(id=i, name=n, insee_code=_text(r, c[2]),
                        population=_int(r, c[3], problems))
                for r in rows(L.COMMUNES_TABLE, c[:2])
                if (i := _required(r, c[0], problems, "identifiant"))
                and (n := _required(r, c[1], problems, "nom"))]
    qpv = [PriorityNeighbourhood(id=i, name=n, commune=_text(r, q[2]), code=_text(r, q[3]),
                                 population=_int(r, q[4], problems))
           for r in rows(L.QPV_TABLE, q[:2])
           if (i := _required(r, q[0], problems, "identifiant"))
           and (n := _required(r, q[1], problems, "nom"))]
    return organisations, people, communes, qpv
