"""Indicators: per axis, the indicators with a value in the window — value, target,
status — as the snapshot judges them at the window's end."""

from __future__ import annotations

from clskit import Indicator, Value, fr
from clskit_review.context import Context
from clskit_review.document import Block, Paragraph, Part, Table, runs


def shown(value: Value | None) -> str:
    """A value as a reader sees it: «—», «oui» / «non» for a milestone, French numbers."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, int | float):
        return fr.number(value)
    return str(value)


def _axis_of(ctx: Context, indicator: Indicator) -> str | None:
    for action_id in indicator.actions:
        action = ctx.index.actions.get(action_id)
        if action is not None and action.axis:
            return str(action.axis)
    for objective_id in indicator.objectives:
        objective = ctx.index.objectives.get(objective_id)
        if objective is not None and objective.axis:
            return str(objective.axis)
    return None


def in_window(ctx: Context, indicator: Indicator) -> bool:
    """Whether the indicator's latest value at the window's end is dated in it."""
    found = ctx.snapshot.achievements.get(indicator.id)
    return (found is not None and found.value is not None and found.value_date is not None
            and found.value_date in ctx.snapshot.window)


def build(ctx: Context) -> Part | None:
    chosen = [i for i in ctx.contract.indicators if in_window(ctx, i)]
    if not chosen:
        return None
    blocks: list[Block] = [ctx.heading(1, "Indicateurs de suivi")]
    end = fr.date(ctx.snapshot.window.end)
    blocks.append(Paragraph(runs(
        f"Les indicateurs renseignés {ctx.during}, avec leur dernière valeur connue au {end}, "
        f"leur cible et leur statut.")))
    groups: dict[str | None, list[Indicator]] = {}
    for indicator in chosen:
        groups.setdefault(_axis_of(ctx, indicator), []).append(indicator)
    order = [a.id for a in ctx.contract.axes if a.id in groups]
    if None in groups:
        order.append(None)     # type: ignore[arg-type]
    for axis_id in order:
        axis = ctx.index.axes.get(axis_id) if axis_id else None
        rows = []
        for indicator in groups[axis_id]:
            a = ctx.snapshot.achievements[indicator.id]
            unit = f" {indicator.unit}" if indicator.unit and a.value is not None and \
                not isinstance(a.value, bool) else ""
            when = f" ({fr.date(a.value_date)})" if a.value_date else ""
            rows.append((ctx.text(indicator.label), ctx.codes(indicator.actions) or "—",
                         f"{shown(a.value)}{unit}{when}", shown(a.target_value), a.label))
        caption = f"{axis.code} — {axis.title}" if axis else "Indicateurs du contrat"
        blocks.append(Table(("Indicateur", "Fiche", "Valeur", "Cible", "Statut"), tuple(rows),
                            (0.4, 0.12, 0.2, 0.12, 0.16), caption=caption))
    return Part("indicators", tuple(blocks))
