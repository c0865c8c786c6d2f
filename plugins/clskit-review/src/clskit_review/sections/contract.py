"""The contract's own facts of the window: validations and signature, calendar steps,
fiches starting or ending, new partners and co-pilots, other actions linked to the
CLS — and what the record holds with no date («date non renseignée»)."""

from __future__ import annotations

from clskit import EntryKind, fr
from clskit_review.context import Context
from clskit_review.document import Block, Bullets, Paragraph, Part, Run, runs
from clskit_review.french import join, sentence


def _steps(ctx: Context) -> list[tuple[Run, ...]]:
    facts, undated = ctx.snapshot.facts, ctx.snapshot.undated
    items: list[tuple[Run, ...]] = []
    for v in (*facts.validations, *undated.validations):
        note = f" ({ctx.text(v.note)})" if v.note else ""
        items.append((Run(f"Validation — {fr.enum(v.by)} : ", bold=True),
                      Run(f"{fr.when(v.date)}{note}.")))
    sig = facts.signature or undated.signature
    if sig is not None:
        place = f", {sig.place}" if sig.place else ""
        state = None if sig.done else False      # «— à venir» while it is still to come
        items.append((Run("Signature : ", bold=True),
                      Run(f"{fr.when(sig.date)}{place}{fr.done(state)}.")))
    for m in (*facts.milestones, *undated.milestones):
        when = m.when or fr.when(None, m.span)
        items.append((Run(f"{ctx.text(m.title)} : ", bold=True),
                      Run(f"{when}{fr.done(m.done)}.")))
    for a in facts.actions_starting:
        items.append((Run(f"{a.code} : ", bold=True),
                      Run(f"début de la fiche le {fr.date(a.start)}." if a.start else "")))
    for a in facts.actions_ending:
        items.append((Run(f"{a.code} : ", bold=True),
                      Run(f"fin prévue de la fiche le {fr.date(a.end)}." if a.end else "")))
    return items


def _partners(ctx: Context) -> list[tuple[Run, ...]]:
    p = ctx.snapshot.partnership
    items: list[tuple[Run, ...]] = []
    for org in p.organisations_joined:
        joined = f" a rejoint le partenariat le {fr.date(org.joined)}." if org.joined else "."
        items.append((Run(org.name, bold=True), Run(joined)))
    co = {(j.organisation, j.action) for j in p.new_co_pilots}
    for join_ in p.partners_joined:
        role = "co-pilote" if (join_.organisation, join_.action) in co else "partenaire"
        items.append((Run(ctx.organisation(join_.organisation), bold=True),
                      Run(f" : {role} de la {ctx.code(join_.action)} depuis le "
                          f"{fr.date(join_.date)}.")))
    for member in p.members_joined:
        role = f" ({member.role})" if member.role else ""
        items.append((Run(ctx.party(member.member), bold=True),
                      Run(f" : membre {ctx.text(_of(ctx.body_name(member.body)))}{role} depuis "
                          f"le {fr.date(member.date)}.")))
    for body in p.bodies_created:
        items.append((Run(body.name, bold=True),
                      Run(f" : instance créée le {fr.date(body.created)}." if body.created
                          else ".")))
    return items


def _of(name: str) -> str:
    from clskit_review.french import of_body

    return of_body(name)


def build(ctx: Context) -> Part | None:
    snap = ctx.snapshot
    steps = _steps(ctx)
    partners = _partners(ctx)
    others = list(snap.facts.other_actions) + list(snap.undated.other_actions)
    tagged = ctx.fresh([e for e in snap.contract_entries
                        if {"partnership", "governance"} & set(e.tags)
                        and e.outcome_of is None and ctx.happened(e)])
    if not (steps or partners or others or tagged):
        return None
    blocks: list[Block] = [ctx.heading(1, "Vie du contrat")]
    if steps:
        blocks.append(Paragraph(runs("Les étapes du contrat :"), style="lead"))
        blocks.append(Bullets(tuple(steps)))
    if partners or tagged:
        blocks.append(Paragraph(runs("Partenariat et gouvernance :"), style="lead"))
        from clskit_review.sections.deployment import entry_runs

        items = partners + [entry_runs(ctx, e) for e in tagged
                            if e.kind is not EntryKind.TODO]
        items += [entry_runs(ctx, e) for e in tagged if e.kind is EntryKind.TODO]
        blocks.append(Bullets(tuple(items)))
    if others:
        blocks.append(Paragraph(runs("Autres actions en lien avec le CLS :"), style="lead"))
        items = []
        for other in others:
            detail = [fr.when(other.date, other.period)]
            if other.organisation:
                detail.append(f"portée par {ctx.organisation(other.organisation)}")
            if other.actions:
                detail.append(f"en lien avec {ctx.codes(other.actions)}")
            text = f" ({join(detail, 'et')})"
            desc = f" {sentence(ctx.text(other.description))}" if other.description else "."
            items.append((Run(ctx.text(other.title), bold=True), Run(text + (desc if
                                                                               other.description
                                                                               else "."))))
        blocks.append(Bullets(tuple(items)))
    return Part("contract", tuple(blocks))
