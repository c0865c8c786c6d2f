"""``clskit import ars``: a fiche workbook back into a whole contract.

Sheets are recognised by what they hold, not by their names: a fiche sheet by its
«Intitulé de l'action» label, a list by its header row. A sheet found under another name
is read with a warning. Every problem of every sheet is collected before the result is
returned; an error means no contract (and nothing written), a warning is shown and the
import goes on.
"""

from __future__ import annotations

from pathlib import Path

from clskit.diagnostics import Location
from clskit.importers import ImportRequest, ImportResult
from clskit.model import Contract, Indicator, Territory
from clskit.workbooks import Problems, Sheet, Workbook, open_workbook
from clskit_ars import layout as L
from clskit_ars.read_fiche import FicheReader, ReadFiche, looks_like_fiche
from clskit_ars.read_lists import (
    contract_fields,
    contract_tables,
    header_row,
    read_axes,
    read_indicators,
    read_objectives,
)
from clskit_ars.reading import Record
from clskit_ars.values import slug


def read(request: ImportRequest) -> ImportResult:
    problems = Problems()
    book = open_workbook(request.source, problems, shown=request.source.name)
    contract = None
    if book is not None:
        contract = read_book(book, problems, Path(request.source).stem)
    return ImportResult(contract=contract if problems.ok else None,
                        diagnostics=problems.diagnostics())


def _is_contract(sheet: Sheet) -> bool:
    wanted = L.CONTRACT_FIELDS["id"]
    return any(L.same(sheet.value(r, 1), wanted) for r in range(1, min(sheet.max_row, 10) + 1))


def _find(book: Workbook, name: str, header: tuple[str, ...] | None,
          problems: Problems, fiches: list[Sheet]) -> Sheet | None:
    """The sheet called ``name`` when it holds that list, else the one that does."""

    def holds(sheet: Sheet) -> bool:
        if header is None:
            return _is_contract(sheet)
        return header_row(sheet, header) is not None

    named = book.sheet(name)
    if named is not None and holds(named):
        return named
    for sheet in book.sheets:
        if sheet not in fiches and holds(sheet):
            problems.warning(Location(book.file, sheet=sheet.title),
                             f"la feuille «{name}» a été trouvée sous le nom «{sheet.title}»",
                             "sheet")
            return sheet
    return None


def read_book(book: Workbook, problems: Problems, stem: str) -> Contract | None:
    fiches = [s for s in book.sheets if looks_like_fiche(s)]
    if not fiches:
        problems.error(Location(book.file), "aucune feuille de fiche action (une feuille "
                       "dont la colonne A porte «Intitulé de l'action») : ce n'est pas un "
                       "classeur de fiches action au format de l'ARS", "sheet")
        return None
    record = Record(problems)
    contract_sheet = _find(book, L.CONTRACT, None, problems, fiches)
    fields: dict[str, object] = {}
    if contract_sheet is not None:
        fields = contract_fields(contract_sheet, problems)
        (record.organisations, record.people, record.communes,
         record.neighbourhoods) = contract_tables(contract_sheet, problems)
    else:
        record.listed = False
        problems.warning(Location(book.file), "pas de feuille «Contrat» : le contrat prend "
                         "le nom du fichier et les organisations sont créées d'après les "
                         "noms des fiches", "sheet")
    record.index()
    axes_sheet = _find(book, L.AXES, L.AXES_HEADER, problems, fiches)
    if axes_sheet is not None:
        record.axes = read_axes(axes_sheet, problems)
    else:
        record.axes_listed = False

    read_fiches = _read_fiches(fiches, record, problems)
    actions = [f.action for f in read_fiches]
    objectives_sheet = _find(book, L.OBJECTIVES, L.OBJECTIVES_HEADER, problems, fiches)
    objectives = (read_objectives(objectives_sheet, problems, record.axes)
                  if objectives_sheet is not None else [])
    indicators = _indicators(book, read_fiches, problems, fiches)
    if not problems.ok:
        return None
    name = str(fields.get("name") or next(
        (f.contract_name for f in read_fiches if f.contract_name), None) or stem)
    territory = Territory(
        name=str(fields.get("territory") or name), kind=_opt(fields, "territory_kind"),
        organisation=_opt(fields, "territory_organisation"),
        department=_opt(fields, "department"), region=_opt(fields, "region"),
        communes=record.communes, priority_neighbourhoods=record.neighbourhoods)
    contract = Contract(
        id=str(fields.get("id") or slug(stem, set())), name=name,
        short_name=_opt(fields, "short_name"), territory=territory,
        period=fields.get("period"),  # type: ignore[arg-type]
        duration_months=fields.get("duration_months"),  # type: ignore[arg-type]
        coordinator=_opt(fields, "coordinator"),
        organisations=record.organisations, people=record.people, axes=record.axes,
        objectives=objectives, actions=actions, indicators=indicators)
    if fields.get("generation") is not None:
        contract.generation = fields["generation"]  # type: ignore[assignment]
    if fields.get("status") is not None:
        contract.status = fields["status"]  # type: ignore[assignment]
    return contract


def _opt(fields: dict[str, object], name: str) -> str | None:
    value = fields.get(name)
    return str(value) if value is not None else None


def _read_fiches(sheets: list[Sheet], record: Record, problems: Problems) -> list[ReadFiche]:
    found: list[ReadFiche] = []
    codes: dict[str, ReadFiche] = {}
    ids: dict[str, ReadFiche] = {}
    for sheet in sheets:
        fiche = FicheReader(sheet, record, problems).read()
        if fiche is None:
            continue
        action = fiche.action
        if L.key(sheet.title) != L.key(action.code):
            problems.warning(fiche.code_cell, f"la feuille «{sheet.title}» porte la fiche "
                             f"{action.code} : lue d'après son contenu", "sheet")
        for seen, value in ((codes, L.key(action.code)), (ids, action.id)):
            if value in seen:
                problems.error(fiche.code_cell, f"la fiche {action.code} ({action.id}) est "
                               f"déjà dans la feuille «{seen[value].code_cell.location.sheet}»",
                               "duplicate")
            seen[value] = fiche
        found.append(fiche)
    return found


def _indicators(book: Workbook, fiches: list[ReadFiche], problems: Problems,
                sheets: list[Sheet]) -> list[Indicator]:
    """The «Indicateurs» sheet's indicators, each fiche's slots giving its label, kind
    and fiche; a slot with no identifier (a workbook filled by hand) is a new indicator."""
    codes = {L.key(f.action.code): f.action.id for f in fiches}
    sheet = _find(book, L.INDICATORS, L.INDICATORS_HEADER, problems, sheets)
    listed = read_indicators(sheet, problems, codes) if sheet is not None else []
    by_id: dict[str, Indicator] = {}
    for indicator, cell in listed:
        if indicator.id in by_id:
            problems.error(cell, f"indicateur {indicator.id!r} en double", "duplicate")
        by_id[indicator.id] = indicator
    taken = set(by_id)
    for fiche in fiches:
        action = fiche.action
        counts: dict[str, int] = {}
        for slot in fiche.slots:
            counts[slot.kind.value] = counts.get(slot.kind.value, 0) + 1
            found = by_id.get(slot.id or "")
            if found is None:
                identifier = slot.id or slug(
                    f"{action.id}-{slot.kind.value}-{counts[slot.kind.value]}", taken)
                taken.add(identifier)
                found = Indicator(id=identifier, label=slot.label, kind=slot.kind,
                                  actions=[action.id])
                by_id[identifier] = found
            indicator = found
            indicator.label, indicator.kind = slot.label, slot.kind
            if action.id not in indicator.actions:
                indicator.actions.append(action.id)
    return list(by_id.values())
