"""The process: follow-up, coordination counts, partnership and governance, the diagram."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from pptx.util import Emu, Inches, Pt

from clskit import BodyKind, EntryKind, JournalEntry, fr
from clskit_copil import _xml, fit
from clskit_copil.canvas import MIN_SIZE, Deck, Para, Rect, Run, Subheading, hex_colour
from clskit_copil.context import Context

TITLE = Deck.PART     # the part's heading: «II. Processus de déploiement (…)»


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
    evaluation(ctx)
    figures(ctx)
    contract_steps(ctx)
    follow_up(ctx)
    partnership(ctx)
    cut = governance(ctx)
    composition(ctx, cut)


def evaluation(ctx: Context) -> None:
    """The contract's evaluation clause as the seed shows it (CAMVS's article 7): its
    heading over its paragraphs, its «- » lines as bullets."""
    clause = (ctx.contract.evaluation_clause or "").strip()
    if not clause:
        return
    lines = [line.strip() for line in clause.splitlines() if line.strip()]
    heading = None
    if len(lines) > 1 and len(lines[0]) <= 90 and not lines[0].endswith("."):
        heading, lines = lines[0], lines[1:]
    paras = [Para.of(line[1:].strip(), size=20, bullet=True, space_after=10)
             if line.startswith(("-", "•")) else Para.of(line, size=20, space_after=14)
             for line in lines]
    ctx.deck.flow(TITLE, paras, subtitle=heading or "L'évaluation du contrat")


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
    if groups:      # «0 groupe de travail réuni» says nothing a reader can use
        tiles.append((str(len(groups)), "groupes de travail réunis" if len(groups) > 1
                      else "groupe de travail réuni"))
    own = ctx.meeting.body if ctx.meeting is not None else None
    for kind in BodyKind:
        n, loose = counts.meetings_by_kind.get(kind, 0), counts.uncounted_by_kind.get(kind, 0)
        # A body of its own for the meeting the deck is for (Mauges's launch meeting)
        # is the occasion, not a figure; a COPIL of the year counts itself, as the seed.
        if kind is BodyKind.OTHER and n == 1 and not loose and own is not None and all(
                a.body.id == own for a in snap.bodies if a.body.kind is kind and a.meetings):
            continue
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
    # «0/16 fiches action qui ont avancé» only when the record follows the fiches at
    # all (a journal about them): a record with none does not know that none moved.
    followed = any(e.actions for e in ctx.contract.journal)
    if counts.actions_total and (counts.actions_moved or followed):
        tiles.append((f"{counts.actions_moved}/{counts.actions_total}",
                      "fiche action qui a avancé" if counts.actions_moved == 1
                      else "fiches action qui ont avancé"))
    if len(tiles) < 2:  # nothing to count, or one figure the other slides already give
        return
    slide, body = ctx.deck.slide(TITLE, f"Chiffres clés — {fr.period(snap.window)}")
    rows = [tiles] if len(tiles) <= _ONE_ROW else [tiles[:(len(tiles) + 1) // 2],
                                                     tiles[(len(tiles) + 1) // 2:]]
    height, gap = Inches(1.45), Inches(0.2)
    for i, chunk in enumerate(rows):
        # Tiles no wider than a key figure needs, the row centred.
        width = min(body.width, len(chunk) * Inches(2.4) + (len(chunk) - 1) * gap)
        row = Rect(body.left + (body.width - width) // 2, body.top + i * (height + gap),
                   width, height)
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


def _state(done: bool | None, first: dt.date | None, end: dt.date) -> str:
    """«fait», «à venir» as the record says, but never «fait» for a step that starts
    after the window (the record's flag is of its own day)."""
    if done and first is not None and first > end:
        return ""
    return fr.done(done).removeprefix(" — ")


def contract_steps(ctx: Context) -> None:
    """The contract's calendar, as the seed of Mauges shows it: validations, signature
    and every calendar step under its phase («Étapes | Calendrier»), the date as
    written, else «date non renseignée» (never a made-up one)."""
    c, end = ctx.contract, ctx.snapshot.window.end
    rows: list[list[str] | Subheading] = []

    def row(title: str, when: str, state: str) -> list[str]:
        return [title, f"{when} — {state}" if state else when]

    for v in c.validations:
        rows.append(row(f"Validation — {fr.enum(v.by)}", fr.when(v.date), ""))
    signed = c.signature.date if c.signature is not None else None
    if c.signature is not None and not any(signed and signed in (m.start, m.end)
                                           for m in c.milestones):
        sig = c.signature
        place = f", {sig.place}" if sig.place else ""
        rows.append(row("Signature", fr.when(sig.date) + place,
                        _state(sig.done, sig.date, end)))
    phase = None
    # Phases head the steps when they group them (Mauges: 3 phases, 11 steps); one
    # phase a step would only repeat it.
    phases = {m.phase for m in c.milestones}
    grouped = 2 * len(phases) <= len(c.milestones) + 1
    for m in c.milestones:
        if grouped and m.phase and m.phase != phase:
            phase = m.phase
            rows.append(Subheading(m.phase))
        rows.append(row(m.title, m.when or fr.when(None, m.span),
                        _state(m.done, m.start or m.end, end)))
    if not rows:
        return
    slides = ctx.deck.table(TITLE, ["Étape", "Calendrier"], rows, [0.64, 0.36], size=14,
                            subtitle="Calendrier de la démarche" if c.milestones
                            else "Étapes du contrat", bold_first=False)
    ctx.deck.notes(slides[0], f"Étapes telles que le dossier les donne, au "
                   f"{fr.date(end)} ; « fait » selon le dossier.")


def follow_up(ctx: Context) -> None:
    paras = [Para.of(e.text, size=15, bullet=True) for e in _tagged(ctx, "process")
             if e.kind is not EntryKind.TODO]
    if not paras:
        return
    ctx.deck.flow(TITLE, paras, subtitle="Suivi du déploiement et de la coordination")


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


def governance(ctx: Context) -> set[str]:
    """The diagram; returns the titles of the boxes whose members it could not list."""
    from clskit import graph  # its layouts need no networkx

    # The meetings of the deck's window, not of the whole record.
    scene = graph.governance_layout(ctx.contract, snapshot=ctx.snapshot)
    if not scene.boxes:
        return set()
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
    # Each box's text at 10 pt at least: what does not fit is summarised on the slide
    # (members, who animates it, then the title after its colon) and said in the notes.
    pad = int(_PAD * scale)
    chosen = {id(box): _legible(box, scale, box.size * font_scale) for box in scene.boxes}
    # One size per group of boxes, the largest at which all of them fit: a tier reads alike.
    floor: dict[str, float] = {}
    for box in scene.boxes:
        if box.group:
            floor[box.group] = min(floor.get(box.group, chosen[id(box)][0]),
                                   chosen[id(box)][0])  # sizes: [0] of each choice
    cut: list[str] = []
    unlisted: set[str] = set()
    for box in scene.boxes:
        size, title, detail, inline = chosen[id(box)]
        size = floor.get(box.group, size) if box.group else size
        if _MEMBERS in box.detail and _MEMBERS not in detail:
            unlisted.add(box.title)
        if (title, detail) != (box.title, box.detail):
            cut.append(f"{box.title} : {box.detail.replace(chr(10), ' · ')}"
                       if box.detail else box.title)
        if inline:
            lines = [_xml.paragraph([ctx.deck.run_xml(title, size, bold=True, color=box.text),
                                     ctx.deck.run_xml(f" · {detail}", size, color=box.text)],
                                    align="ctr")]
        else:
            lines = [_line(ctx, title, size, True, box.text, "ctr")]
            if detail:
                lines.append(_line(ctx, detail, _detail(size), False, box.text, "ctr"))
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
        for b in ctx.contract.bodies) + ("\n\nEn entier sur le schéma abrégé :\n"
                                         + "\n".join(cut) if cut else ""))
    return unlisted


def _line(ctx: Context, text: str, size: float, bold: bool, colour: str, align: str) -> str:
    return _xml.paragraph([ctx.deck.run_xml(text, size, bold=bold, color=colour)],
                          align=align)


_PAD = 0.05        # box text inset, in layout units
_MIN = MIN_SIZE
_MEMBERS = "Membres : "
_MET = re.compile(r"réuni|réunion")


def _detail(size: float) -> float:
    return max(round(size * 0.85 * 2) / 2, _MIN)


def _variants(box: Any) -> list[tuple[str, str, bool]]:
    """The box's text, then shorter and shorter: without its members (the composition
    slide lists them), without who animates it, its meetings alone, its title before
    the colon («Comité thématique de l'axe stratégique 3»)."""
    title, detail = box.title, box.detail
    lines = [line for line in detail.split("\n") if not line.startswith(_MEMBERS)]
    parts = [p for line in lines for p in line.split(" · ")]
    lean = [p for p in parts if not p.startswith("animé par")]
    met = [p for p in parts if _MET.search(p)]
    short = re.split(r" : | \(", title, maxsplit=1)[0].strip()
    out: list[tuple[str, str, bool]] = [(title, detail, False)]
    for text in ("\n".join(lines), " · ".join(lean), " · ".join(met)):
        # On the title's line when a flat box has no room for two.
        out += [(title, text, False), (title, text, True)]
    out += [(short, " · ".join(met), False), (short, " · ".join(met), True), (short, "", False)]
    return [v for v in dict.fromkeys(out) if not (v[2] and not v[1])]


def _fits(title: str, detail: str, inline: bool, size: float, inner_w: float,
          inner_h: float) -> bool:
    if inline:
        return fit.text_height(f"{title} · {detail}", fit.Font(size, bold=True),
                               inner_w) <= inner_h
    need = fit.text_height(title, fit.Font(size, bold=True), inner_w)
    if detail:
        need += fit.text_height(detail, fit.Font(_detail(size)), inner_w)
    return need <= inner_h


def _legible(box: Any, scale: float, start: float) -> tuple[float, str, str, bool]:
    """(size, title, detail, inline): the fullest text that fits the box at 10 pt or
    more, at the largest size (0.5 pt steps) it fits."""
    inner_w = (box.w - 2 * _PAD) * scale / 12700 - 2
    inner_h = (box.h - 2 * _PAD) * scale / 12700 - 2
    variants = _variants(box)
    for title, detail, inline in variants:
        if not _fits(title, detail, inline, _MIN, inner_w, inner_h):
            continue        # not even at 10 pt: a shorter text
        size = round(start * 2) / 2
        while size > _MIN:
            if _fits(title, detail, inline, size, inner_w, inner_h):
                return size, title, detail, inline
            size -= 0.5
        return _MIN, title, detail, inline
    title, detail, inline = variants[-1]
    return _MIN, title, detail, inline


def composition(ctx: Context, unlisted: set[str]) -> None:
    """Each body's composition and role («Instance | Composition | Rôle»), when the
    record gives them, for a deck that presents its governance rather than its activity:
    a contract in préfiguration, or one whose bodies held no meeting in the window (a
    launch meeting presents the bodies to come, as Mauges's). Otherwise the diagram
    counts the meetings, and the members it had no room for (``unlisted``) are in its
    speaker notes."""
    from clskit_copil.sections.strategy import early

    del unlisted
    own = ctx.meeting.body if ctx.meeting is not None else None
    active = any(a.meetings for a in ctx.snapshot.bodies if a.body.id != own)
    if not early(ctx) and active:
        return
    rows: list[list[str] | Subheading] = []
    full: list[str] = []
    for body in ctx.contract.bodies:
        # The composition as written, else the members by their short names.
        who = _summary(body.composition or "") or ", ".join(
            _short_name(ctx, m.member) for m in body.members)
        if not who and not body.mission:
            continue
        rows.append([body.name, who or "—", _summary(body.mission or "") or "—"])
        full.append(f"{body.name} — composition : {body.composition or '—'} ; rôle : "
                    f"{body.mission or '—'}")
    if not rows:
        return
    slides = ctx.deck.table(TITLE, ["Instance", "Composition", "Rôle"], rows,
                            [0.24, 0.4, 0.36], size=13,
                            subtitle="Composition et rôle des instances")
    ctx.deck.notes(slides[0], "Les textes en entier :\n" + "\n".join(full))


def _short_name(ctx: Context, ref: str) -> str:
    org = ctx.index.organisations.get(ref)
    if org is not None:
        return str(org.short_name or org.name)
    return ctx.who(ref)


_LIMIT = 110


def _summary(text: str) -> str:
    """A body's composition or role as a slide can hold it: its items joined («Fixer
    les grandes orientations ; Valider l'avancée…»), up to the item or sentence that
    passes 110 characters; the speaker notes keep the whole text."""
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    items = [line.lstrip("-• ").strip() for line in lines]
    if len(items) > 1 and items[0].endswith(":"):
        items = items[1:]
    shown = ""
    for item in items:
        for sentence in re.split(r"(?<=[.;])\s+", item):
            if shown and len(shown) + len(sentence) > _LIMIT:
                return shown.rstrip(" ;,.") + " …"
            if not shown and len(sentence) > _LIMIT:    # one long sentence: its start
                return sentence[:_LIMIT].rsplit(" ", 1)[0].rstrip(" ;,.(") + " …"
            joint = " " if not shown or shown.endswith((".", ";")) else " ; "
            shown = f"{shown}{joint}{sentence}".strip()
    return shown
