"""The territory, the axes and objectives, then per strategic axis: the fiches, achieved /
to do, points raised — on as few slides as they fit."""

from __future__ import annotations

from collections.abc import Iterable

from pptx.util import Inches

from clskit import Action, AxisKind, ContractStatus, JournalEntry, fr
from clskit.snapshot import ActionView, AxisView
from clskit_copil.canvas import NAVY, Block, ListBlock, Para, Rect, Run, Subheading, Table, TwoLists
from clskit_copil.context import Context, status_text

POINTS = "Points ressortant du COTECH, GTs et réunions thématiques"
_EARLY = {ContractStatus.PREFIGURATION, ContractStatus.DRAFTING}


def early(ctx: Context) -> bool:
    """A contract with no fiches yet, or still in préfiguration: its deck presents the
    territory, the strategy, the approach and its governance, not a deployment."""
    return not ctx.contract.actions or ctx.contract.status in _EARLY


def _figure(value: float, unit: str | None) -> tuple[str, str]:
    """The tile's number with a short unit («96 km²», «43 %»), and a longer unit for the
    label («habitants»)."""
    shown = fr.number(value)
    if unit and len(unit) <= 3:
        return f"{shown}\u00a0{unit}", ""
    return shown, unit or ""


def territory(ctx: Context) -> None:
    """The territory's key figures, as the record gives them (never counted from a list
    of communes the record may hold only in part)."""
    t = ctx.contract.territory
    if not t.key_figures or not (early(ctx) or ctx.explicit):
        return
    figures = t.key_figures[:8]
    tiles = []
    for kf in figures:
        number, unit = _figure(kf.value, kf.unit)
        label = kf.label
        if unit and unit.lower() not in label.lower():
            label += f" ({unit})"
        if kf.year:
            label += f", {kf.year}"
        tiles.append((number, label))
    slide, body = ctx.deck.slide(ctx.deck.PART, f"Le territoire : {t.name}")
    per_row = 4 if len(tiles) > 4 else len(tiles)
    rows = [tiles[i:i + per_row] for i in range(0, len(tiles), per_row)]
    height, gap = Inches(1.6), Inches(0.25)
    for r, chunk in enumerate(rows):
        row = Rect(body.left, body.top + r * (height + gap), body.width, height)
        for rect, (number, label) in zip(row.columns(len(chunk), gap=gap), chunk, strict=True):
            ctx.deck.tile(slide, rect, number, label)
    below = body.below(len(rows) * (height + gap))
    named = [n.name for n in t.priority_neighbourhoods]
    if named and below.height > Inches(0.6):
        ctx.deck.text(slide, below, [Para.labelled("Quartiers prioritaires", ", ".join(named),
                                                   size=16)])
    sources = sorted({kf.source for kf in figures if kf.source})
    ctx.deck.notes(slide, "\n".join(
        [t.description.strip()] if t.description else []) + (
        "\nSources : " + " ; ".join(sources) if sources else ""))


def overview(ctx: Context) -> None:
    c = ctx.contract
    axes = sorted(c.axes, key=lambda a: a.kind is not AxisKind.TRANSVERSAL)
    rows: list[list[str] | Subheading] = []
    general = [v.objective for v in ctx.snapshot.general_objectives]
    if general:
        rows.append(["Objectifs généraux", "\n".join(
            f"{o.code} {o.title}" if o.code else o.title for o in general)])
    for axis in axes:
        objectives = [o for o in c.objectives if o.axis == axis.id]
        rows.append([f"{axis.code}\n{axis.title}",
                     "\n".join(f"{o.code} {o.title}" for o in objectives) or "—"])
    if not rows:
        return
    slides = ctx.deck.table("Les axes et les objectifs du CLS", ["Axe", "Objectifs"], rows,
                            [0.55, 0.45], size=13, subtitle=c.name)
    ctx.deck.notes(slides[0], f"{len(c.axes)} axes, {len(c.objectives)} objectifs, "
                   f"{len(c.actions)} fiches action.")


def _subtitle(view: AxisView) -> str:
    axis = view.axis
    return f"{axis.code} — {axis.short_title or axis.title}"


def _unique(entries: Iterable[JournalEntry]) -> list[JournalEntry]:
    seen: set[int] = set()
    out = []
    for entry in entries:
        if id(entry) not in seen:
            seen.add(id(entry))
            out.append(entry)
    return out


def _when(entry: JournalEntry) -> str:
    """«7 décembre 2021», «octobre à décembre 2021», else «date non renseignée»."""
    return fr.when(entry.date, entry.period)


def _own(view: AxisView) -> list[ActionView]:
    return [v for v in view.actions if v.action.axis == view.axis.id]


def _groups(ctx: Context, view: AxisView, actions: list[ActionView]) -> dict[str, str]:
    """Fiche id → its objective's subheading («Obj 1 Attractivité territoriale…»), when
    the axis's objectives group its fiches (as the seed's axis 1: two objectives over
    seven fiches); empty when each fiche has its own objective, which would only repeat
    it."""
    objectives = {o.id: o for o in ctx.contract.objectives if o.axis == view.axis.id}
    first = {v.action.id: next((o for o in v.action.objectives if o in objectives), "")
             for v in actions}
    distinct = {o for o in first.values() if o}
    if not distinct or 2 * len(set(first.values())) > len(actions) + 1:
        return {}
    return {a: f"{objectives[o].code} {objectives[o].title}" if o else ""
            for a, o in first.items()}


def _grouped(items: list[tuple[str, Para]], groups: dict[str, str],
             size: float = 14.0) -> list[Para]:
    """Items under their objective's subheading, in the order the objectives come."""
    if not groups:
        return [p for _, p in items]
    order = list(dict.fromkeys(groups.values()))
    out: list[Para] = []
    for heading in order:
        chosen = [p for key, p in items if groups.get(key, "") == heading]
        if not chosen:
            continue
        if heading:
            out.append(Para([Run(heading)], size=size, bold=True, color=NAVY, space_after=4))
        out += chosen
    return out + [p for key, p in items if key not in groups]


def _items(ctx: Context, entries: list[JournalEntry], groups: dict[str, str],
           size: float = 14.0) -> list[Para]:
    items = [(e.actions[0] if e.actions else "",
              Para.labelled(ctx.codes(e.actions), e.text, size=size, bullet=True) if e.actions
              else Para.of(e.text, size=size, bullet=True)) for e in entries]
    return _grouped(items, groups, size)


def pilot(ctx: Context, action: Action) -> str:
    """The fiche's porteur as written, else its organisation or person."""
    if action.pilot_label:
        return action.pilot_label
    if action.pilot is None:
        return ""
    person = ctx.person(action.pilot)
    if person is not None:
        return person.name
    org = ctx.index.organisations.get(action.pilot)
    return (org.short_name or org.name) if org else action.pilot


def dates(action: Action) -> str:
    """«octobre 2019 – décembre 2022»: the ARS template gives months."""
    start, end = action.start, action.end
    if start and end:
        return f"{fr.month(start.year, start.month)} – {fr.month(end.year, end.month)}"
    if start:
        return f"depuis {fr.month(start.year, start.month)}"
    if end:
        return f"jusqu'à {fr.month(end.year, end.month)}"
    return ""


def _fiche_cell(ctx: Context, action: Action, detailed: bool) -> str:
    """«FA 3 : titre», and for ARS fiches its pilot, dates and number of partners."""
    lines = [f"{action.code} : {action.short_title or action.title}"]
    if detailed:
        who = pilot(ctx, action)
        if who:
            lines.append(f"Pilote : {who}")
        facts = [d for d in (dates(action),) if d]
        if action.partners:
            facts.append(fr.plural(len(action.partners), "partenaire"))
        if facts:
            lines.append(" · ".join(facts))
    return "\n".join(lines)


def _criteria(ctx: Context, a: Action) -> str:
    # Without written criteria, a fiche is judged by its indicators (the ARS template's
    # «suivi et évaluation»).
    criteria = list(a.evaluation_criteria) or [
        i.label for i in ctx.contract.indicators if a.id in i.actions]
    return "\n".join(f"- {c}" for c in criteria) if len(criteria) > 1 else (
        criteria[0] if criteria else "—")


def _mine(entries: Iterable[JournalEntry], keys: set[str], first: bool) -> list[JournalEntry]:
    """The entries of the fiches ``keys`` (by their first fiche); entries about no fiche
    go with the first group."""
    return [e for e in entries if (e.actions[0] if e.actions else "") in keys
            or (not e.actions and first)]


def axes(ctx: Context) -> None:
    """Per strategic axis: its fiches, what they achieved and have to do, the points
    raised, stacked on as few slides as they fit. When objectives group the fiches, each
    objective's fiches, lists and points come together, as in the seed (Obj 1 on one
    slide, Obj 2 on the next when both do not fit one)."""
    for view in ctx.snapshot.axes:
        if view.axis.kind is not AxisKind.STRATEGIC:
            continue
        actions = _own(view)
        if not actions:
            continue
        groups = _groups(ctx, view, actions)
        detailed = any(v.action.pilot or v.action.pilot_label or v.action.start
                       or v.action.end for v in actions)
        options = [_blocks(ctx, actions, groups, detailed, size, by_objective)
                   for size in (13.0, 12.0, 11.0) for by_objective in
                   ((True, False) if groups else (False,))]
        slides = ctx.deck.stack(ctx.deck.PART, options[0][0], subtitle=_subtitle(view),
                                alternatives=[blocks for blocks, _ in options[1:]])
        ctx.deck.notes(slides[0], "\n".join(options[0][1]))


def _blocks(ctx: Context, actions: list[ActionView], groups: dict[str, str], detailed: bool,
            size: float, by_objective: bool) -> tuple[list[Block], list[str]]:
    """An axis's table, lists and points at ``size`` (lists one point larger), either
    objective by objective or as one table then the lists; and the speaker notes."""
    headings = (list(dict.fromkeys(groups.get(v.action.id, "") for v in actions))
                if by_objective else [None])
    blocks: list[Block] = []
    notes: list[str] = []
    table: list[list[str] | Subheading] = []
    lists: list[Block] = []
    for heading in headings:
        chosen = [v for v in actions if heading is None or groups.get(v.action.id, "") == heading]
        keys = {v.action.id for v in chosen}
        only = {k: g for k, g in groups.items() if k in keys}
        rows: list[list[str] | Subheading] = []
        shown = None
        for v in chosen:
            title = groups.get(v.action.id, "")
            if title and title != shown:
                shown = title
                rows.append(Subheading(title))
            rows.append([_fiche_cell(ctx, v.action, detailed), _criteria(ctx, v.action)])
            notes.append(f"{v.action.code} — {v.action.title} "
                         f"({status_text(v.status).lower()}"
                         f"{', a avancé sur la période' if v.moved else ''}).")
        if heading is None and groups:
            _regroup(rows)
        first = heading == headings[0]
        achieved = _mine(_unique(e for v in actions for e in v.achieved), keys, first)
        todo = _mine(_unique(e for v in actions for e in v.todo), keys, first)
        points = _mine(_unique(e for v in actions for e in (*v.highlights, *v.decisions)),
                       keys, first)
        here: list[Block] = []
        if achieved or todo:
            here.append(TwoLists("Objectifs atteints", _items(ctx, achieved, only, size + 1),
                                 "Reste-à-faire", _items(ctx, todo, only, size + 1)))
        if points:
            here.append(ListBlock(_items(ctx, points, only, size + 1), head=POINTS))
        if by_objective:
            blocks += [Table(_HEADER, rows, _SHARES, size), *here]
        else:
            table += rows
            lists += here
        notes += [f"{ctx.codes(e.actions)} — {_when(e)} — {e.text}" for e in achieved + todo]
        notes += [f"{POINTS} : {ctx.codes(e.actions)} — {_when(e)}" for e in points]
    if not by_objective:
        blocks = [Table(_HEADER, table, _SHARES, size), *lists]
    return blocks, notes


_HEADER = ["Fiche action", "Objectifs / critères d'évaluation"]
_SHARES = [0.38, 0.62]


def _regroup(rows: list[list[str] | Subheading]) -> None:
    """Rows under one subheading each, in the order the subheadings first come (a fiche
    of an earlier objective listed later joins its objective)."""
    sections: dict[str, list[list[str] | Subheading]] = {}
    current = ""
    for row in rows:
        if isinstance(row, Subheading):
            current = str(row)
            sections.setdefault(current, [])
        else:
            sections.setdefault(current, []).append(row)
    rows[:] = [r for heading, items in sections.items() for r in (
        ([Subheading(heading)] if heading else []) + items)]
