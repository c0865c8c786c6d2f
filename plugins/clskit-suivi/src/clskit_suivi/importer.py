"""``clskit import suivi``: a filled follow-up workbook read into additions to a workspace.

Every row of every sheet is read, and every problem said at once, placed by sheet, row
and column; clskit writes nothing when one of them is an error. Pre-filled rows give back
the record's own objects (see :mod:`clskit_suivi.prefill`), new rows new objects: journal
entries, meetings and organisations as new items, measurements as
:class:`clskit.importers.Extension` s of their indicator.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from clskit import Contract, Period, workbooks
from clskit.diagnostics import Location
from clskit.errors import ClsError
from clskit.importers import Additions, Extension, ImportRequest, ImportResult
from clskit.workbooks import Cell, Limits, Problems, Sheet, Workbook
from clskit_suivi import prefill, rows
from clskit_suivi.identifiers import (
    meeting_id,
    organisation_id,
    twin_meeting,
    twin_organisation,
)
from clskit_suivi.layout import (
    DATA_SHEETS,
    INDICATORS,
    JOURNAL,
    LISTS,
    MAX_ROWS,
    MEETINGS,
    META_COLUMN,
    META_CONTRACT,
    META_PERIOD,
    PARTNERS,
    SheetLayout,
)
from clskit_suivi.references import References
from clskit_suivi.rows import Context, Row
from clskit_suivi.sheets import columns, data_rows, only_key
from clskit_suivi.values import period_text

T = TypeVar("T")


def additions_name(window: Period) -> str:
    """The stem of the files an import writes: ``suivi-2022-T1`` (``journal/suivi-2022-T1
    .yaml``…), never a hand-written quarter's ``journal/2022-Q1.yaml``, which it would
    replace."""
    return f"suivi-{period_text(window)}"


def read(request: ImportRequest) -> ImportResult:
    """Read the workbook at ``request.source`` into additions to ``request.into``."""
    contract = request.into
    if contract is None:
        raise ClsError("the follow-up workbook adds to a workspace: give it (--into WORKSPACE)")
    problems = Problems()
    book = workbooks.open_workbook(request.source, problems, limits=Limits(max_rows=MAX_ROWS))
    if book is None:
        return ImportResult(diagnostics=problems.diagnostics())
    sheets = _sheets(book, problems)
    if not problems.ok:
        return ImportResult(diagnostics=problems.diagnostics())
    window = _window(book, contract, request.options.get("period"), problems)
    if window is None or not problems.ok:
        return ImportResult(diagnostics=problems.diagnostics())
    ctx = Context(contract, References.of(contract), window, problems,
                  {m.id for m in contract.meetings})
    meetings = _meetings(sheets.get(MEETINGS.name), ctx)
    journal = _journal(sheets.get(JOURNAL.name), ctx)
    measured = _measurements(sheets.get(INDICATORS.name), ctx)
    partners = _partners(sheets.get(PARTNERS.name), ctx)
    by_indicator: dict[str, list[Any]] = {}
    for indicator, measurement in measured:
        by_indicator.setdefault(indicator, []).append(measurement)
    additions = Additions(
        additions_name(window),
        {"journal": journal, "meetings": meetings, "organisations": partners},
        tuple(Extension("indicators", indicator, "measurements", tuple(items))
              for indicator, items in by_indicator.items()))
    if not additions.count() and problems.ok:
        problems.warning(Location(book.file), "le classeur ne contient aucune ligne à verser")
    return ImportResult(additions=additions, diagnostics=problems.diagnostics())


# --------------------------------------------------------------------------- the workbook


def _meta(book: Workbook) -> tuple[Sheet | None, dict[str, Cell]]:
    sheet = book.sheet(LISTS)
    if sheet is None:
        return None, {}
    found = {}
    for row in range(1, min(sheet.max_row, 10) + 1):
        label = sheet.value(row, META_COLUMN)
        if isinstance(label, str):
            found[label.strip().lower()] = sheet.cell(row, META_COLUMN + 1)
    return sheet, found


def _window(book: Workbook, contract: Contract, option: str | None,
            problems: Problems) -> Period | None:
    """The period the workbook was written for (``--option period=`` when its lists
    sheet is gone); an error when it was written for another contract."""
    sheet, meta = _meta(book)
    written_for = workbooks.text(meta[META_CONTRACT]) if META_CONTRACT in meta else None
    if written_for is not None and written_for != contract.id:
        problems.error(meta[META_CONTRACT], f"ce classeur a été écrit pour le contrat "
                       f"«{written_for}», pas pour «{contract.id}» : exportez celui du "
                       "dossier", "reference")
    raw = option or (workbooks.text(meta[META_PERIOD]) if META_PERIOD in meta else None)
    where: Location | Cell = (meta[META_PERIOD] if META_PERIOD in meta and not option
                              else Location(book.file, sheet=sheet.title if sheet else LISTS))
    if raw is None:
        problems.error(where, f"la feuille masquée «{LISTS}» qui dit la période du classeur "
                       "manque : exportez le classeur à nouveau, ou donnez la période "
                       "(--option period=2022-T1)", "sheet")
        return None
    window = _parse_period(raw)
    if window is None:
        problems.error(where, f"«{raw}» n'est pas une période (2022-T1, 2022, 2022-02)")
    return window


def _parse_period(text: str) -> Period | None:
    from clskit_suivi.values import when

    date, period = when(Cell(text, Location()), Problems())
    return period or (Period(date, date) if date is not None else None)


def _sheets(book: Workbook, problems: Problems) -> dict[str, tuple[Sheet, int, dict[str, int]]]:
    """Each data sheet found, with its header row and columns; a missing sheet is a
    warning, none of them an error (not a follow-up workbook)."""
    found: dict[str, tuple[Sheet, int, dict[str, int]]] = {}
    present = [(layout, book.sheet(layout.name)) for layout in DATA_SHEETS]
    if all(sheet is None for _, sheet in present):
        names = ", ".join(f"«{layout.name}»" for layout in DATA_SHEETS)
        problems.error(Location(book.file), f"n'est pas un classeur de suivi : aucune des "
                       f"feuilles {names} (feuilles : {', '.join(book.titles()) or 'aucune'})",
                       "sheet")
        return found
    for layout, sheet in present:
        if sheet is None:
            problems.warning(Location(book.file, sheet=layout.name), "feuille absente : "
                             "rien n'en est importé", "sheet")
            continue
        header = columns(sheet, layout, problems)
        if header is not None:
            found[layout.name] = (sheet, *header)
    return found


def _rows(found: tuple[Sheet, int, dict[str, int]] | None,
          layout: SheetLayout) -> Iterable[tuple[int, Row]]:
    if found is None:
        return ()
    sheet, header, positions = found
    return data_rows(sheet, layout, header, positions)


# --------------------------------------------------------------------------- pre-filled rows


def _reread(cells: dict[str, Any], layout: SheetLayout, read: Callable[[Row, Context], T | None],
            ctx: Context) -> T | None:
    """What ``read`` makes of the cells the exporter writes for an original, quietly."""
    quiet = Context(ctx.contract, ctx.refs, ctx.window, Problems(), ctx.meeting_ids)
    row = {spec.name: Cell(cells.get(spec.name), Location()) for spec in layout.columns}
    return read(row, quiet)


_EDITED = ("ligne pré-remplie modifiée : la modification n'est pas reprise (le dossier garde "
           "sa version) ; corrigez le fichier du dossier, ou ajoutez une nouvelle ligne")


def _original(row: Row, original: T, shown: dict[str, Any], layout: SheetLayout,
              read: Callable[[Row, Context], Any], ctx: Context, mark: Cell,
              edited: str = _EDITED) -> T:
    """The record's object for a row that stands for it (pre-filled, or naming what the
    record holds); a warning when the row says something else, or was emptied, since the
    row cannot change the file the object comes from."""
    if only_key(row, "key" if layout.columns[0].name == "key" else "id"):
        ctx.problems.warning(mark, "ligne pré-remplie vidée : elle reste au dossier ; pour "
                             "la retirer, modifiez le fichier du dossier")
        return original
    before = ctx.errors()
    now = read(row, ctx)
    if ctx.errors() == before and now != _reread(shown, layout, read, ctx):
        ctx.problems.warning(mark, edited)
    return original


def _mark(row: Row) -> str | None:
    return workbooks.text(row["key"])


# --------------------------------------------------------------------------- the sheets


def _journal(found: Any, ctx: Context) -> list[Any]:
    originals = {prefill.journal_key(e): e for e in ctx.contract.journal}
    out: list[Any] = []
    for _, row in _rows(found, JOURNAL):
        mark = _mark(row)
        if mark is not None:
            original = originals.get(mark)
            if original is None:
                ctx.problems.warning(row["key"], "ligne pré-remplie qui ne correspond plus au "
                                     "dossier (modifié depuis l'export) : elle est ignorée ; "
                                     "exportez le classeur à nouveau")
                continue
            shown = rows.journal_cells(original, ctx.contract)
            out.append(_original(row, original, shown, JOURNAL, rows.read_journal, ctx,
                                 row["key"]))
            continue
        entry = rows.read_journal(row, ctx)
        if entry is not None:
            _warn_outside(row["when"], entry.date, entry.period, ctx)
            out.append(entry)
    return out


def _warn_outside(cell: Cell, date: Any, period: Period | None, ctx: Context) -> None:
    from clskit.snapshot import occurs

    if (date is not None or period is not None) and not occurs(date, period, ctx.window):
        ctx.problems.warning(cell, f"hors de la période du classeur ({period_text(ctx.window)}"
                             ") : importé tel quel")


def _meetings(found: Any, ctx: Context) -> list[Any]:
    existing = {m.id: m for m in ctx.contract.meetings}
    taken: dict[str, int] = {}
    out: list[Any] = []
    for number, row in _rows(found, MEETINGS):
        given = workbooks.text(row["id"])
        if given is not None and given in existing:
            original = existing[given]
            out.append(_original(row, original, rows.meeting_cells(original, ctx.contract),
                                 MEETINGS, _read_meeting_as(given), ctx, row["id"]))
            continue
        if given is not None and given in taken:
            ctx.problems.error(row["id"], f"identifiant «{given}» déjà donné ligne "
                               f"{taken[given]}", "duplicate")
            continue
        twin = None if given is not None else twin_meeting(row, ctx)
        if twin is not None:
            out.append(_original(row, twin, rows.meeting_cells(twin, ctx.contract), MEETINGS,
                                 _read_meeting_as(twin.id), ctx, row["body"],
                                 f"le dossier a déjà la réunion «{twin.id}» de cette instance "
                                 "à cette date : la ligne n'y change rien"))
            continue
        identifier = given or meeting_id(row, ctx, existing.keys() | taken.keys())
        meeting = rows.read_meeting(row, ctx, identifier or "")
        if meeting is None or not identifier:
            continue
        taken[identifier] = number
        ctx.meeting_ids.add(identifier)
        _warn_outside(row["when"], meeting.date, meeting.period, ctx)
        out.append(meeting)
    return out


def _read_meeting_as(identifier: str) -> Callable[[Row, Context], Any]:
    return lambda row, ctx: rows.read_meeting(row, ctx, identifier)


def _measurements(found: Any, ctx: Context) -> list[tuple[str, Any]]:
    originals = {prefill.measurement_key(i, m): (i, m) for i in ctx.contract.indicators
                 for m in i.measurements}
    out: list[tuple[str, Any]] = []
    for _, row in _rows(found, INDICATORS):
        mark = _mark(row)
        if mark is not None:
            pair = originals.get(mark)
            if pair is None:
                ctx.problems.warning(row["key"], "ligne pré-remplie qui ne correspond plus au "
                                     "dossier (modifié depuis l'export) : elle est ignorée ; "
                                     "exportez le classeur à nouveau")
                continue
            indicator, measurement = pair
            shown = rows.measurement_cells(indicator, measurement)
            kept = _original(row, (indicator.id, measurement), shown, INDICATORS,
                             rows.read_measurement, ctx, row["key"])
            out.append(kept)
            continue
        read = rows.read_measurement(row, ctx)
        if read is not None:
            out.append(read)
    return out


def _partners(found: Any, ctx: Context) -> list[Any]:
    existing = {o.id: o for o in ctx.contract.organisations}
    people = {p.id for p in ctx.contract.people}
    taken: dict[str, int] = {}
    out: list[Any] = []
    for number, row in _rows(found, PARTNERS):
        given = workbooks.text(row["id"])
        if given is not None and given in existing:
            original = existing[given]
            out.append(_original(row, original, rows.partner_cells(original), PARTNERS,
                                 _read_partner_as(given), ctx, row["id"]))
            continue
        if given is not None and (given in taken or given in people):
            where = f"déjà donné ligne {taken[given]}" if given in taken else "celui d'une personne"
            ctx.problems.error(row["id"], f"identifiant «{given}» {where}", "duplicate")
            continue
        twin = None if given is not None else twin_organisation(row, ctx)
        if twin is not None:
            out.append(_original(row, twin, rows.partner_cells(twin), PARTNERS,
                                 _read_partner_as(twin.id), ctx, row["name"],
                                 f"le dossier a déjà cet organisme («{twin.id}») : la ligne "
                                 "n'y change rien"))
            continue
        identifier = given or organisation_id(row, existing.keys() | people | taken.keys())
        partner = rows.read_partner(row, ctx, identifier or "")
        if partner is None or not identifier:
            continue
        taken[identifier] = number
        if partner.joined is None:
            ctx.problems.warning(row["joined"], "sans date d'arrivée, le partenaire n'est pas "
                                 "compté parmi les nouveaux partenaires de la période")
        else:
            _warn_outside(row["joined"], partner.joined, None, ctx)
        out.append(partner)
    return out


def _read_partner_as(identifier: str) -> Callable[[Row, Context], Any]:
    return lambda row, ctx: rows.read_partner(row, ctx, identifier)


__all__ = ["additions_name", "read"]
