"""The process: follow-up, coordination counts, partnership and governance, the diagram."""

from __future__ import annotations

from typing import Any

from pptx.util import Emu, Inches, Pt

from clskit import BodyKind, EntryKind, JournalEntry, fr
from clskit_copil import _xml, fit
from clskit_copil.canvas import Para, Rect, Run, hex_colour
from clskit_copil.context import Context

TITLE = "II. Processus de déploiement"


def _tagged(ctx: Context, *tags: str) -> list[JournalEntry]:
    entries = list(ctx.snapshot.contract_entries) + list(ctx.snapshot.partnership.entries)
    seen: set[int] = set()
    out = []
    for entry in entries:
        if id(entry) in seen or not set(tags) & set(entry.tags):
            continue
        seen.add(id(entry))
        out.append(entry)
    return out


def build(ctx: Context) -> None:
    figures(ctx)
    contract_steps(ctx)
    follow_up(ctx)
    partnership(ctx)
    governance(ctx)


# How a tile names the meetings of a kind of body: singular, plural, feminine.
_HELD: dict[BodyKind, tuple[str, str, bool]] = {
    BodyKind.COPIL: ("COPIL", "COPIL", False),
    BodyKind.COTECH: ("COTECH", "COTECH", False),
    BodyKind.FOLLOW_UP_COMMITTEE: ("comité de suivi", "comités de suivi", False),
    BodyKind.THEMATIC_COMMITTEE: ("comité thématique", "comités thématiques", False),
    BodyKind.WORKING_GROUP: ("groupe de travail", "groupes de travail", False),
    BodyKind.INHABITANTS_WORKSHOP: ("atelier des habitants", "ateliers des habitants", False),
    BodyKind.COORDINATION: ("réunion de coordination", "réunions de coordination", True),
    BodyKind.REFERENTS: ("réunion des référents communaux",
                         "réunions des référents communaux", True),
    BodyKind.SELECTION_COMMITTEE: ("comité de sélection", "comités de sélection", False),
    BodyKind.OTHER: ("autre instance", "autres instances", True),
}
# Past six tiles, the row holds up to seven, then they go on two rows.
_ONE_ROW = 7


def held(kind: BodyKind, count: int, verb: str = "tenu") -> str:
    """«COPIL tenu», «ateliers des habitants tenus», «autre instance tenue»: the words
    after the number, agreeing with it (``verb="réuni"``: «groupes de travail réunis»;
    a meeting is always «tenue»)."""
    singular, plural, feminine = _HELD[kind]
    if singular.startswith("réunion"):
        verb = "tenu"
    return (f"{singular if count <= 1 else plural} {verb}{'e' if feminine else ''}"
            f"{'s' if count > 1 else ''}")


def _met(ctx: Context, kind: BodyKind) -> str:
    """«en 2021»: when the bodies of ``kind`` met, for the records with no count."""
    periods = sorted({p for a in ctx.snapshot.bodies if a.body.kind is kind for p in a.loose},
                     key=lambda p: (p.start, p.end))
    spans = [fr.during(p) for p in periods]
    if not spans:
        return "à une date non renseignée"
    return spans[0] if len(spans) == 1 else ", ".join(spans[:-1]) + " et " + spans[-1]


def figures(ctx: Context) -> None:
    """The period's figures as tiles, computed from the record (never typed in).

    A kind of body known only to have met in a period («réunis en 2021», no count) gets
    no number: with counted meetings too, the tile reads «≥ 3»; with none, no tile, and
    the speaker notes say when it met.
    """
    snap = ctx.snapshot
    counts = snap.counts
    tiles: list[tuple[str, str]] = []
    notes = [f"Ces chiffres sont calculés à partir du suivi du CLS pour la période "
             f"{fr.period(snap.window)}."]
    if counts.reviews:
        tiles.append((str(counts.reviews), "revues trimestrielles produites"
                      if counts.reviews > 1 else "revue trimestrielle produite"))
    groups = snap.partnership.working_groups_met
    if any(b.kind is BodyKind.WORKING_GROUP for b in ctx.contract.bodies):
        tiles.append((str(len(groups)), "groupes de travail réunis" if len(groups) > 1
                      else "groupe de travail réuni"))
    for kind in BodyKind:
        n, loose = counts.meetings_by_kind.get(kind, 0), counts.uncounted_by_kind.get(kind, 0)
        if loose:       # «Groupes de travail réunis en 2021, sans nombre … : 6.»
            said = held(kind, loose, "réuni")
            notes.append(f"{said[:1].upper()}{said[1:]} {_met(ctx, kind)}, sans nombre de "
                         f"réunions connu : {loose}.")
        if kind is BodyKind.WORKING_GROUP or not n:
            continue
        if loose:
            tiles.append((f"≥\u00a0{n + loose}", held(kind, n + loose)))
        else:
            tiles.append((str(n), held(kind, n)))
    if counts.workshop_participants:
        tiles.append((str(counts.workshop_participants), "habitants aux ateliers"
                      if counts.workshop_participants > 1 else "habitant aux ateliers"))
    if counts.actions_total:
        tiles.append((f"{counts.actions_moved}/{counts.actions_total}",
                      "fiche action qui a avancé" if counts.actions_moved == 1
                      else "fiches action qui ont avancé"))
    if not tiles:   # a record with nothing to count gets no slide of empty tiles
        return
    slide, body = ctx.deck.slide(TITLE, f"Chiffres clés — {fr.period(snap.window)}")
    rows = [tiles] if len(tiles) <= _ONE_ROW else [tiles[:(len(tiles) + 1) // 2],
                                                     tiles[(len(tiles) + 1) // 2:]]
    height, gap = Inches(1.45), Inches(0.2)
    for i, chunk in enumerate(rows):
        row = Rect(body.left, body.top + i * (height + gap), body.width, height)
        for rect, (number, label) in zip(row.columns(len(chunk), gap=gap), chunk,
                                         strict=True):
            ctx.deck.tile(slide, rect, number, label)
    if groups:
        items = [Para.of(f"{b.name}{f' ({ctx.codes(list(b.actions))})' if b.actions else ''}",
                         size=14, bullet=True, space_after=3) for b in groups]
        area = body.below(Inches(1.75) + (len(rows) - 1) * (height + gap))
        head = Para([Run("Groupes de travail réunis", bold=True)], size=15, space_after=6)
        columns = area.columns(2) if len(items) > 4 else [area]
        half = (len(items) + 1) // 2 if len(columns) == 2 else len(items)
        ctx.deck.text(slide, columns[0], [head, *items[:half]])
        if len(columns) == 2:
            offset = Emu(int(ctx.deck.measure(head, columns[0].width) * 12700))
            ctx.deck.text(slide, columns[1].below(offset), items[half:])
    ctx.deck.notes(slide, "\n".join(notes))


def _step(title: str, day: str, done: bool | None) -> Para:
    return Para.labelled(title, f"{day}{fr.done(done)}", size=15, bullet=True)


def contract_steps(ctx: Context) -> None:
    """The contract's own steps: validations, signature and calendar steps of the window,
    and those the record holds with no date («date non renseignée», never a made-up one)."""
    facts, undated = ctx.snapshot.facts, ctx.snapshot.undated
    paras: list[Para] = []
    for v in (*facts.validations, *undated.validations):
        paras.append(_step(f"Validation — {fr.enum(v.by)}", fr.when(v.date), None))
    sig = facts.signature or undated.signature
    if sig is not None:
        place = f", {sig.place}" if sig.place else ""
        paras.append(_step("Signature", fr.when(sig.date) + place, sig.done))
    for m in (*facts.milestones, *undated.milestones):
        # The date as written, else its dates, else «date non renseignée».
        paras.append(_step(m.title, m.when or fr.when(None, m.span), m.done))
    if not paras:
        return
    ctx.deck.flow(TITLE, paras, subtitle="Étapes du contrat")


def follow_up(ctx: Context) -> None:
    paras = [Para.of(e.text, size=15, bullet=True) for e in _tagged(ctx, "process")
             if e.kind is not EntryKind.TODO]
    if not paras:
        return
    slides = ctx.deck.flow(TITLE, paras, subtitle="Suivi du déploiement et de la coordination")
    if ctx.contract.evaluation_clause:
        ctx.deck.notes(slides[0], ctx.contract.evaluation_clause)


def partnership(ctx: Context) -> None:
    p = ctx.snapshot.partnership
    paras = [Para.of(e.text, size=15, bullet=True) for e in _tagged(ctx, "partnership",
                                                                      "governance")]
    if p.organisations_joined:
        names = ", ".join(o.short_name or o.name for o in p.organisations_joined)
        paras.append(Para.labelled("Nouveaux partenaires", names, size=15, bullet=True))
    for join in p.new_co_pilots:
        paras.append(Para.labelled("Nouveau co-pilote",
                                   f"{ctx.organisation_name(join.organisation)} "
                                   f"({ctx.action_label(join.action)})", size=15, bullet=True))
    if paras:
        ctx.deck.flow(TITLE, paras, subtitle="Suivi du partenariat, de la gouvernance et du "
                      "pilotage")


# --------------------------------------------------------------------------- diagram


def governance(ctx: Context) -> None:
    from clskit import graph  # its layouts need no networkx

    # The meetings of the deck's window, not of the whole record.
    scene = graph.governance_layout(ctx.contract, snapshot=ctx.snapshot)
    if not scene.boxes:
        return
    slide, body = ctx.deck.slide("Gouvernance du CLS", scene.subtitle)
    top, bottom = scene.top, scene.bottom
    if scene.legend:
        bottom -= 0.45
    width_units, height_units = graph.LAYOUT_WIDTH - 0.6, top - bottom
    scale = min(body.width / width_units, body.height / height_units)   # EMU per unit
    left0 = body.left + (body.width - width_units * scale) / 2 - 0.3 * scale

    def x(u: float) -> int:
        return int(left0 + u * scale)

    def y(u: float) -> int:
        return int(body.top + (top - u) * scale)

    font_scale = scale / (graph.LAYOUT_POINTS_PER_UNIT * 12700)
    for panel in scene.panels:
        _xml.add_shape(
            slide, "roundRect", (x(panel.x - panel.w / 2), y(panel.y + panel.h / 2),
                                 int(panel.w * scale), int(panel.h * scale)),
            fill="F7F9FC", line="A6A6A6", line_width=int(Pt(0.75)), adjust=0.03,
            anchor="t", insets=(91440, int(0.08 * scale), 91440, 45720),
            paragraphs=[_line(ctx, panel.title, 15 * font_scale, True, "#1F4E79", "l")],
            name="Rounded Rectangle")
    # One size per group of boxes, the largest at which all of them fit: a tier reads alike.
    sizes = {id(box): _box_size(box, scale, box.size * font_scale) for box in scene.boxes}
    floor: dict[str, float] = {}
    for box in scene.boxes:
        if box.group:
            floor[box.group] = min(floor.get(box.group, sizes[id(box)]), sizes[id(box)])
    pad = int(_PAD * scale)
    for box in scene.boxes:
        size = floor.get(box.group, sizes[id(box)]) if box.group else sizes[id(box)]
        lines = [_line(ctx, box.title, size, True, box.text, "ctr")]
        if box.detail:
            lines.append(_line(ctx, box.detail, _detail(size), False, box.text, "ctr"))
        _xml.add_shape(
            slide, "roundRect", (x(box.x - box.w / 2), y(box.y + box.h / 2),
                                 int(box.w * scale), int(box.h * scale)),
            fill=hex_colour(box.face), line=hex_colour(box.edge), line_width=int(Pt(1.5)),
            dashed=box.dashed, adjust=0.12, anchor="ctr", insets=(pad, pad, pad, pad),
            paragraphs=lines, name="Rounded Rectangle")
    for link in scene.links:
        _xml.add_line(slide, (x(link.start[0]), y(link.start[1])),
                      (x(link.end[0]), y(link.end[1])), color=hex_colour(link.color),
                      width=int(Pt(max(link.width * 0.9, 1.0))), dashed=link.dashed,
                      arrow=link.arrow)
    if scene.legend:
        keys = "   ".join(("▭ " if key.patch else "— ") + key.label for key in scene.legend)
        ctx.deck.text(slide, Rect(body.left, body.bottom - Emu(int(0.4 * scale)), body.width,
                                  Emu(int(0.4 * scale))),
                      [Para([Run(keys)], size=11, space_after=0)])
    ctx.deck.notes(slide, "Instances du CLS :\n" + "\n".join(
        f"{b.name} ({fr.enum(b.kind)})" + (f" : {b.mission}" if b.mission else "")
        for b in ctx.contract.bodies))


def _line(ctx: Context, text: str, size: float, bold: bool, colour: str, align: str) -> str:
    return _xml.paragraph([ctx.deck.run_xml(text, size, bold=bold, color=colour)],
                          align=align)


_PAD = 0.05        # box text inset, in layout units
_MIN = 7.0


def _detail(size: float) -> float:
    return max(round(size * 0.85 * 2) / 2, _MIN)


def _box_size(box: Any, scale: float, start: float) -> float:
    """The largest size (0.5 pt steps) at which the box's title and detail fit in it."""
    inner_w = (box.w - 2 * _PAD) * scale / 12700 - 2
    inner_h = (box.h - 2 * _PAD) * scale / 12700 - 2
    size = round(start * 2) / 2
    while size > _MIN:
        need = fit.text_height(box.title, fit.Font(size, bold=True), inner_w)
        if box.detail:
            need += fit.text_height(box.detail, fit.Font(_detail(size)), inner_w)
        if need <= inner_h:
            break
        size -= 0.5
    return max(size, _MIN)

