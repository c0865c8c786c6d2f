"""«Suivi du processus de coordination»: the window's key figures (the same as the
deck's), the working groups that met, the bodies against their required rhythm (the
yearly report), and the follow-up facts of the record."""

from __future__ import annotations

from clskit import EntryKind, fr
from clskit.snapshot import BodyActivity
from clskit_review.context import Context
from clskit_review.document import Block, Bullets, Paragraph, Part, Run, Table, runs
from clskit_review.figures import held, key_figures, loose_kinds
from clskit_review.french import capital, join


def meetings_said(ctx: Context, activity: BodyActivity) -> str:
    """«1 réunion», «réuni en 2021 (nombre de réunions non renseigné)», «aucune
    réunion enregistrée»: never a number the record does not give."""
    n = activity.count
    if n is None:
        spans = join([fr.during(p) for p in activity.loose]) or f"à une {fr.UNKNOWN_DATE}"
        counted = sum(m.count or 0 for m in activity.meetings if m.count is not None)
        extra = f" et {fr.plural(counted, 'réunion')} datée" if counted else ""
        return f"réuni {spans} (nombre de réunions non renseigné){extra}"
    return fr.plural(n, "réunion") if n else "aucune réunion enregistrée"


def rhythm_table(ctx: Context) -> Table | None:
    rows = []
    for activity in ctx.snapshot.bodies:
        body = activity.body
        need = body.min_meetings_per_year
        if not activity.meetings and not need:
            continue
        required = f"au moins {need} par an" if need else "—"
        kept = ("en retard" if activity.behind else "tenu") if need else "—"
        rows.append((ctx.text(body.name), meetings_said(ctx, activity), required, kept))
    if not rows:
        return None
    return Table(("Instance", f"Réunions {ctx.during}", "Rythme requis", "Rythme"),
                 tuple(rows), (0.42, 0.3, 0.16, 0.12),
                 caption=f"Les instances au regard de leur rythme ({ctx.period})")


def build(ctx: Context) -> Part | None:
    snap = ctx.snapshot
    figures = key_figures(ctx.contract, snap)
    groups = snap.partnership.working_groups_met
    entries = ctx.fresh([e for e in snap.contract_entries if "process" in e.tags
                         and ctx.happened(e)])
    table = rhythm_table(ctx) if ctx.kind == "yearly" else None
    if not (figures or groups or entries or table):
        return None
    blocks: list[Block] = [ctx.heading(1, "Suivi du processus de coordination")]
    if figures:
        of = {"quarterly": "du trimestre", "yearly": "de l'année"}.get(ctx.kind, "de la période")
        blocks.append(Paragraph(runs(f"Les chiffres {of} ({ctx.period}), calculés à partir "
                                     f"du suivi du CLS :"),
                                style="lead"))
        blocks.append(Bullets(tuple((Run(number, bold=True), Run(f" {words}"))
                                    for number, words in figures)))
    for kind, n in loose_kinds(snap):
        said = held(kind, n, "réuni")
        periods = sorted({p for a in snap.bodies if a.body.kind is kind for p in a.loose},
                         key=lambda p: (p.start, p.end))
        when = join([fr.during(p) for p in periods]) or f"à une {fr.UNKNOWN_DATE}"
        blocks.append(Paragraph(runs(f"{capital(said)} {when}, sans nombre de réunions "
                                     f"connu : {n}."), style="note"))
    if groups:
        blocks.append(Paragraph(runs(f"Les groupes de travail réunis {ctx.during} :"),
                                style="lead"))
        blocks.append(Bullets(tuple(
            runs(ctx.text(b.name) + (f" ({ctx.codes(b.actions)})" if b.actions else ""))
            for b in groups)))
    if table is not None:
        blocks.append(table)
    done = [e for e in entries if e.kind is not EntryKind.TODO]
    todo = [e for e in entries if e.kind is EntryKind.TODO]
    from clskit_review.sections.deployment import entry_runs

    if done:
        blocks.append(Bullets(tuple(entry_runs(ctx, e) for e in done)))
    if todo:
        blocks.append(Paragraph(runs("Reste à faire :"), style="lead"))
        blocks.append(Bullets(tuple(entry_runs(ctx, e) for e in todo)))
    return Part("process", tuple(blocks))
