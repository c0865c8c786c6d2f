"""Axes and objectives, then per strategic axis: the fiches, achieved / to do, points raised."""

from __future__ import annotations

from collections.abc import Iterable

from clskit import AxisKind, JournalEntry, fr
from clskit.snapshot import ActionView, AxisView
from clskit_copil.canvas import Para
from clskit_copil.context import Context, status_text

DEPLOYMENT = "I. Déploiement des actions (état d'avancement)"


def overview(ctx: Context) -> None:
    c = ctx.contract
    axes = sorted(c.axes, key=lambda a: a.kind is not AxisKind.TRANSVERSAL)
    rows = []
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


def _items(ctx: Context, entries: list[JournalEntry]) -> list[Para]:
    return [Para.labelled(ctx.codes(e.actions), e.text, size=14, bullet=True) if e.actions
            else Para.of(e.text, size=14, bullet=True) for e in entries]


def _own(view: AxisView) -> list[ActionView]:
    return [v for v in view.actions if v.action.axis == view.axis.id]


def axes(ctx: Context) -> None:
    for view in ctx.snapshot.axes:
        if view.axis.kind is not AxisKind.STRATEGIC:
            continue
        actions = _own(view)
        if not actions:
            continue
        subtitle = _subtitle(view)
        rows = []
        notes = []
        for v in actions:
            a = v.action
            # Without written criteria, a fiche is judged by its indicators (the ARS
            # template's «suivi et évaluation»).
            criteria = list(a.evaluation_criteria) or [
                i.label for i in ctx.contract.indicators if a.id in i.actions]
            text = "\n".join(f"- {c}" for c in criteria) if len(criteria) > 1 else (
                criteria[0] if criteria else "—")
            rows.append([f"{a.code} : {a.short_title or a.title}", text])
            notes.append(f"{a.code} — {a.title} ({status_text(v.status).lower()}"
                         f"{', a avancé sur la période' if v.moved else ''}).")
        slides = ctx.deck.table(DEPLOYMENT, ["Fiche action", "Objectifs / critères d'évaluation"],
                                rows, [0.38, 0.62], size=13, subtitle=subtitle)
        ctx.deck.notes(slides[0], "\n".join(notes))

        achieved = _unique(e for v in actions for e in v.achieved)
        todo = _unique(e for v in actions for e in v.todo)
        if achieved or todo:
            slides = ctx.deck.two_lists(DEPLOYMENT, ("Objectifs atteints", _items(ctx, achieved)),
                                        ("Reste-à-faire", _items(ctx, todo)), subtitle=subtitle)
            ctx.deck.notes(slides[0], "\n".join(
                f"{ctx.codes(e.actions)} — {_when(e)} — {e.text}" for e in achieved + todo))
        points = _unique(e for v in actions for e in (*v.highlights, *v.decisions))
        if points:
            slides = ctx.deck.flow("Points ressortant du COTECH, GTs et réunions thématiques",
                                   _items(ctx, points), subtitle=subtitle)
            ctx.deck.notes(slides[0], "\n".join(
                f"{ctx.codes(e.actions)} — {_when(e)}" for e in points))
