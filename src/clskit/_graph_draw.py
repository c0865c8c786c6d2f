"""Slides of the governance graph: a layout as plain data, then one matplotlib render.

The layouts are computed here, without matplotlib, on a 16 × 9 grid (one unit is 60
points of a 13.33 × 7.5 in slide), in layers rather than by a force simulation, so
the same record always gives the same picture and labels sit inside boxes that never
overlap. :func:`render` is the only place matplotlib is imported; it shrinks a label's
font (down to a floor) until the label fits its box, measuring the real text.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Sequence
from typing import Any

from attrs import Factory, define

from clskit import fr
from clskit._graph_data import GraphData
from clskit.errors import ExportError
from clskit.labels import label as french
from clskit.model import Axis, BodyKind, Contract, PartnerRole, Sector
from clskit.period import Period

WIDTH, HEIGHT = 16.0, 9.0
POINTS_PER_UNIT = 60.0
MARGIN = 0.4
MIN_FONT = 9.0
TOP = 7.85          # content starts below the title band
BOTTOM = 0.7        # and stops above the legend band (one row; two rows need more)
LEGEND_ROW = 0.42
LEGEND_FONT = 12.5
TITLE_FLOOR = 17.0

NBSP = "\u00a0"
#: The most characters of a label drawn: a box shows a few dozen words (#13).
MAX_LABEL_CHARS = 300
INK = "#1A1A1A"
MUTED = "#595959"


@define
class Box:
    """A labelled box, by its centre and size."""

    x: float
    y: float
    w: float
    h: float
    title: str
    detail: str = ""
    face: str = "#FFFFFF"
    edge: str = "#1F3B5C"
    text: str = INK
    dashed: bool = False
    bold: bool = False
    size: float = 14.0
    group: str = ""         # boxes of one group share one font size

    def side(self, where: str, dy: float = 0.0) -> tuple[float, float]:
        """The middle of a side (top, bottom, left, right), moved by ``dy``."""
        return {"top": (self.x, self.y + self.h / 2), "bottom": (self.x, self.y - self.h / 2),
                "left": (self.x - self.w / 2, self.y + dy),
                "right": (self.x + self.w / 2, self.y + dy)}[where]


@define
class Panel:
    """A titled frame grouping boxes of one tier."""

    x: float
    y: float
    w: float
    h: float
    title: str


@define
class Link:
    """A straight line between two points, drawn under the boxes."""

    start: tuple[float, float]
    end: tuple[float, float]
    color: str = "#404040"
    width: float = 1.8
    dashed: bool = False
    arrow: bool = False


@define
class Key:
    """A legend entry: a line (``patch=False``) or a box sample."""

    label: str
    color: str
    width: float = 2.0
    dashed: bool = False
    patch: bool = False
    face: str = "#FFFFFF"


@define
class Scene:
    """Everything a slide shows."""

    title: str
    subtitle: str
    boxes: list[Box] = Factory(list)
    panels: list[Panel] = Factory(list)
    links: list[Link] = Factory(list)
    legend: list[Key] = Factory(list)
    note: str = ""

    @property
    def title_lines(self) -> int:
        """Two when the title cannot hold on one line even at the smallest heading size."""
        room = (WIDTH - 2 * MARGIN) * POINTS_PER_UNIT
        return 2 if _approx_width(self.title, TITLE_FLOOR, True) > 0.97 * room else 1

    @property
    def top(self) -> float:
        """Where content starts: below the title band (lower for a two-line title)."""
        return TOP - (0.42 if self.title_lines == 2 else 0.0)

    @property
    def bottom(self) -> float:
        """Where content stops: above the legend rows."""
        return BOTTOM + LEGEND_ROW * max(len(_legend_rows(self.legend)) - 1, 0)


# --------------------------------------------------------------------------- governance

_BODY_STYLE: dict[BodyKind, tuple[str, str, str]] = {   # face, edge, text
    BodyKind.COPIL: ("#1F4E79", "#1F4E79", "#FFFFFF"),
    BodyKind.COTECH: ("#2E75B6", "#2E75B6", "#FFFFFF"),
    BodyKind.FOLLOW_UP_COMMITTEE: ("#2E75B6", "#2E75B6", "#FFFFFF"),
    BodyKind.THEMATIC_COMMITTEE: ("#DEEBF7", "#2E75B6", INK),
    BodyKind.WORKING_GROUP: ("#DEEBF7", "#2E75B6", INK),
    BodyKind.INHABITANTS_WORKSHOP: ("#E2F0D9", "#548235", INK),
    BodyKind.COORDINATION: ("#FFF2CC", "#BF9000", INK),
}
_OTHER_STYLE = ("#F2F2F2", "#7F7F7F", INK)
_COORDINATION = "#BF9000"

_PLURAL: dict[BodyKind, str] = {
    BodyKind.COPIL: "Comités de pilotage",
    BodyKind.COTECH: "Comités techniques",
    BodyKind.FOLLOW_UP_COMMITTEE: "Comités de suivi",
    BodyKind.THEMATIC_COMMITTEE: "Comités thématiques",
    BodyKind.WORKING_GROUP: "Groupes de travail",
    BodyKind.INHABITANTS_WORKSHOP: "Ateliers des habitants",
    BodyKind.COORDINATION: "Coordination",
    BodyKind.REFERENTS: "Référents communaux",
    BodyKind.SELECTION_COMMITTEE: "Comités de sélection",
    BodyKind.OTHER: "Autres instances",
}
_ACRONYM = {BodyKind.COPIL: "COPIL", BodyKind.COTECH: "COTECH"}
# Where a body with no reporting line sits: the strategic body on top, the technical
# one below, the working bodies under them; anything else goes to «Autres instances».
_DEFAULT_RANK = {BodyKind.COPIL: 0, BodyKind.COTECH: 1, BodyKind.FOLLOW_UP_COMMITTEE: 1,
                 BodyKind.THEMATIC_COMMITTEE: 2, BodyKind.WORKING_GROUP: 2}
_ROW_MAX = 4
# «Groupe de travail « Santé des femmes »» reads «Santé des femmes» under that heading.
_QUOTED = re.compile(r"^\s*groupe\s+de\s+travail\s*«\s*(.+?)\s*»\s*$", re.IGNORECASE)
_HEAD = 0.5         # height of a panel's title band


def _kind(data: dict[str, Any]) -> BodyKind:
    return BodyKind(data["body_kind"])


def _met(data: dict[str, Any]) -> bool:
    """Whether the body met (in the window, with a snapshot), even a number unknown."""
    return int(data.get("meetings_at_least", 0)) > 0


def _body_title(data: dict[str, Any], strip: bool) -> str:
    name = str(data["label"])
    kind = _kind(data)
    acronym = _ACRONYM.get(kind)
    if acronym and acronym not in name.upper():
        return f"{name} ({acronym})"
    quoted = _QUOTED.match(name)
    if strip and kind is BodyKind.WORKING_GROUP and quoted:
        return quoted[1][:1].upper() + quoted[1][1:]
    return name


def _keep(text: str) -> str:
    """Glue a short label (FA 3, CPAM 77) so wrapping never splits it."""
    return text.replace(" ", NBSP) if len(text) <= 24 else text


def _body_detail(graph: GraphData, node: str, with_members: bool) -> str:
    data = graph.nodes[node]
    codes = [_keep(graph.nodes[v]["code"]) for _, v, k, _ in graph.out_edges(node)
             if k == "serves"]
    parts = [", ".join(codes) if len(codes) <= 4 else f"{len(codes)} fiches action"]
    chairs = [_keep(graph.nodes[u]["label"]) for u, _, k, _ in graph.in_edges(node)
              if k == "chairs"]
    if chairs:
        parts.append("animé par " + ", ".join(chairs))
    if _met(data):  # a body that never met is drawn dashed, with a legend entry
        parts.append(_keep(str(data["meetings_label"])))
    lines = [" · ".join(p for p in parts if p)]
    members = [_keep(graph.nodes[u]["label"]) for u, _, k, _ in graph.in_edges(node)
               if k == "member"]
    if with_members and members:
        listed = " · ".join(members) if len(members) <= 8 else f"{len(members)} membres"
        lines.append(f"Membres : {listed}")
    return "\n".join(line for line in lines if line)


def _grid(count: int, per_row: int = 4) -> tuple[int, int]:
    rows = math.ceil(count / per_row)
    return rows, math.ceil(count / rows)


def _approx_width(text: str, size: float, bold: bool) -> float:
    """Width in points of ``text`` in DejaVu Sans, from rough per-glyph advances."""
    em = 0.0
    for ch in text:
        if ch in "iljI.,;:'’·|":
            em += 0.3
        elif ch in "frt-()/ \u00a0":
            em += 0.37
        elif ch in "mwœMWŒ":
            em += 0.95
        elif ch.isupper() or ch.isdigit():
            em += 0.68
        else:
            em += 0.6
    return em * size * (1.1 if bold else 1.0)


def _estimate(title: str, detail: str, w: float, size: float, bold: bool) -> float:
    """Height (units) a box needs at ``size``, wrapping words on approximate widths.

    Only proportions are decided here; the painter measures the real text and shrinks
    the font if the estimate was short.
    """
    room = (w - 0.24) * POINTS_PER_UNIT
    small = max(MIN_FONT, size - 2.5)

    def lines(text: str, size: float, bold: bool) -> int:
        count = 0
        for paragraph in text.split("\n"):
            count += 1
            line = ""
            for word in paragraph.split(" "):
                trial = f"{line} {word}" if line else word
                if line and _approx_width(trial, size, bold) > room:
                    count += 1
                    line = word
                else:
                    line = trial
        return count

    height = lines(title, size, bold) * size
    if detail:
        height += lines(detail, small, False) * small
    return (1.22 * height) / POINTS_PER_UNIT + 0.24


@define
class _Band:
    """One tier of the governance view: a row of boxes, or a titled grid of them."""

    nodes: list[str]
    title: str | None
    boxes: list[Box] = Factory(list)
    rows: int = 1
    need: float = 1.0       # height of one row of boxes, in units
    panel: Panel | None = None

    @property
    def fixed(self) -> float:
        """Height that does not shrink: the panel's title band and paddings."""
        return (_HEAD + 0.22 + 0.25 * (self.rows - 1)) if self.title else 0.0

    @property
    def height(self) -> float:
        return self.need * self.rows + self.fixed


def governance_scene(contract: Contract, graph: GraphData) -> Scene:
    """COPIL on top, then who reports to it, tier by tier; coordination on the side."""
    name = contract.short_name or contract.name
    scene = Scene(title=f"Gouvernance du {name}" if name.upper().startswith("CLS")
                  else f"Gouvernance — {name}",
                  subtitle="Instances, lignes de compte-rendu et coordination")
    window = graph.attrs.get("window")
    if isinstance(window, Period):      # meetings of a snapshot's window, not the record's
        scene.subtitle += f" · réunions {fr.during(window)}"
    bodies = [n for n, d in graph.nodes.items() if d["kind"] == "body"]
    order = {b: i for i, b in enumerate(bodies)}
    reports = {b: [v for _, v, k, _ in graph.out_edges(b) if k == "reports_to"]
               for b in bodies}
    in_lines = {b for b in bodies if reports[b]} | {p for ps in reports.values() for p in ps}
    # A coordination body with reporting lines is a tier like any other; one without
    # sits on the side, with the coordinator.
    coordination = [b for b in bodies if _kind(graph.nodes[b]) is BodyKind.COORDINATION
                    and b not in in_lines]
    placed = [b for b in bodies if b not in coordination]
    parents = {b: [p for p in reports[b] if p in placed] for b in placed}
    linked = {b for b in placed if parents[b]} | {p for ps in parents.values() for p in ps}

    ranks: dict[str, int] = {}

    def rank(node: str, seen: frozenset[str] = frozenset()) -> int:
        if node not in ranks:
            ups = [p for p in parents[node] if p not in seen]
            ranks[node] = 1 + max(rank(p, seen | {node}) for p in ups) if ups else 0
        return ranks[node]

    tiers: dict[int, list[str]] = {}
    for b in placed:
        if b in linked:
            tiers.setdefault(rank(b), []).append(b)
    # A body with no reporting line takes the tier of its kind (COPIL on top, COTECH
    # below…) unless working bodies already have theirs; else «Autres instances».
    deep = any(r >= 2 for r in tiers)
    others: list[str] = []
    for b in placed:
        default = _DEFAULT_RANK.get(_kind(graph.nodes[b]))
        if b in linked:
            continue
        if default is not None and not (default >= 2 and deep):
            tiers.setdefault(default, []).append(b)
        else:
            others.append(b)
    levels = [tiers[r] for r in sorted(tiers)]
    # Order each tier under its parents (mean position of the parents), then as recorded.
    position: dict[str, float] = {}
    for level in levels:
        level.sort(key=lambda b: (
            sum(position[p] for p in parents[b]) / len(parents[b]) if parents[b] else 2.0,
            order[b]))
        position.update({b: i / max(len(level) - 1, 1) for i, b in enumerate(level)})

    bands = [_Band(level, _group_title(graph, level) if len(level) > _ROW_MAX else None)
             for level in levels]
    if others:
        bands.append(_Band(others, "Autres instances" if levels else "Instances"))
    coordinators = _coordinators(graph)
    in_tree = [b for b in placed if _kind(graph.nodes[b]) is BodyKind.COORDINATION]
    coord_box = _coordination_box(coordination, [] if in_tree else coordinators, graph)
    boxes: dict[str, Box] = {}
    for index, band in enumerate(bands):
        left, right = MARGIN, WIDTH - MARGIN
        if index == 0 and coord_box is not None and len(band.nodes) > 1:
            right = coord_box.x - coord_box.w / 2 - 0.5
        if band.title is None:
            _row(graph, band, left, right, top=index == 0)
        else:
            _grid_boxes(graph, band, left, right)
        for node, box in zip(band.nodes, band.boxes, strict=True):
            if node in in_tree[:1] and coordinators:
                box.detail = "\n".join([*coordinators, box.detail]).strip()
        band.need = max(_estimate(b.title, b.detail, b.w, b.size, b.bold) for b in band.boxes)
        band.need = min(max(band.need, 0.75 if band.title is None else 0.6), 1.8)
        if index == 0 and coord_box is not None:    # the coordination sits in this row
            own = _estimate(coord_box.title, coord_box.detail, coord_box.w, coord_box.size,
                            coord_box.bold)
            band.need = max(band.need, min(max(own, 1.0), 1.8))
        boxes.update(zip(band.nodes, band.boxes, strict=True))

    # Vertical placement: row heights in proportion to what each band needs, squeezed
    # (fonts then shrink) when the slide is too short for all of them.
    gap = 0.36
    top = scene.top
    room = top - scene.bottom - gap * (len(bands) - 1) - sum(b.fixed for b in bands)
    total = sum(b.need * b.rows for b in bands)
    squeeze = min(1.0, room / total) if total else 1.0
    spare = room - total * squeeze
    if len(bands) > 1:     # spare room: airier gaps first, then centre the rest
        extra = min(0.8 - gap, spare / (len(bands) - 1))
        gap += extra
        spare -= extra * (len(bands) - 1)
    y = top - spare / 2
    scene_panels: list[Panel] = []
    for band in bands:
        row_h = band.need * squeeze
        height = row_h * band.rows + band.fixed
        if band.title is not None:
            left = min(b.x - b.w / 2 for b in band.boxes) - 0.2
            right = max(b.x + b.w / 2 for b in band.boxes) + 0.2
            band.panel = Panel(x=(left + right) / 2, y=y - height / 2, w=right - left,
                               h=height, title=band.title)
            scene_panels.append(band.panel)
            first = y - _HEAD - row_h / 2
        else:
            first = y - row_h / 2
        per_row = math.ceil(len(band.nodes) / band.rows)
        for i, box in enumerate(band.boxes):
            box.y = first - (i // per_row) * (row_h + 0.25)
            box.h = row_h
        y -= height + gap

    scene.panels.extend(scene_panels)
    scene.boxes.extend(boxes.values())
    frames = {node: band.panel for band in bands if band.panel for node in band.nodes}

    # Reporting lines: child → parent; a grouped tier gets one line per parent. The
    # arrows reaching one parent are spread along its lower side, left to right.
    starts: dict[str, dict[str, tuple[float, float]]] = {}
    for child in placed:
        frame = frames.get(child)
        for parent in parents[child]:
            source = f"panel:{id(frame)}" if frame else child
            start = (frame.x, frame.y + frame.h / 2) if frame else boxes[child].side("top")
            starts.setdefault(parent, {}).setdefault(source, start)
    for parent, sources in starts.items():
        target = boxes[parent]
        points = sorted(sources.values())
        for i, start in enumerate(points):
            share = (i + 1) / (len(points) + 1) if len(points) > 1 else 0.5
            end = (target.x - target.w * 0.3 + target.w * 0.6 * share, target.y - target.h / 2)
            scene.links.append(Link(start=start, end=end, arrow=True))
    if coord_box is not None:
        if bands:       # beside the first row, whose width left room for it
            coord_box.y = bands[0].boxes[0].y
            coord_box.h = bands[0].boxes[0].h
        scene.boxes.append(coord_box)
        # The coordination prepares the top body: one line, to the nearest COPIL.
        top_level = levels[0] if levels else []
        copils = [b for b in top_level if _kind(graph.nodes[b]) is BodyKind.COPIL]
        if top_level:
            target = boxes[(copils or top_level)[-1]]
            scene.links.append(Link(start=coord_box.side("left"), end=target.side("right"),
                                    color=_COORDINATION, width=2.0, dashed=True))
    scene.legend.append(Key("rend compte à", "#404040"))
    if coord_box is not None:
        scene.legend.append(Key("coordination", _COORDINATION, dashed=True))
    if any(b.dashed for b in scene.boxes):
        scene.legend.append(Key("aucune réunion tenue", "#7F7F7F", width=1.5, dashed=True,
                                patch=True))
    return scene


def _group_title(graph: GraphData, group: Sequence[str]) -> str:
    kinds = list(dict.fromkeys(_kind(graph.nodes[b]) for b in group))
    if len(kinds) == 1:
        return _PLURAL[kinds[0]]
    if len(kinds) == 2:
        return f"{_PLURAL[kinds[0]]} et {_PLURAL[kinds[1]].lower()}"
    return "Instances"


def _body_box(graph: GraphData, node: str, x: float, y: float, w: float, h: float,
              in_group: bool, strip: bool = False, members: bool = False) -> Box:
    data = graph.nodes[node]
    face, edge, text = _BODY_STYLE.get(_kind(data), _OTHER_STYLE)
    never = not _met(data)
    return Box(x=x, y=y, w=w, h=h, title=_body_title(data, strip),
               detail=_body_detail(graph, node, with_members=members),
               face=face, edge=edge, text=text, dashed=never,
               bold=_kind(data) in _ACRONYM or _kind(data) is BodyKind.FOLLOW_UP_COMMITTEE,
               size=16.0 if not in_group else 13.0)


def _row(graph: GraphData, band: _Band, left: float, right: float, top: bool) -> None:
    """Lay a tier out as one row; only the top tier lists its members (the parties)."""
    gap = 0.5
    count = len(band.nodes)
    w = min(7.0 if count == 1 else 4.8, (right - left - gap * (count - 1)) / count)
    span = count * w + (count - 1) * gap
    x0 = (left + right) / 2 - span / 2 + w / 2
    band.boxes = [_body_box(graph, node, x0 + i * (w + gap), 0.0, w, 1.0, in_group=False,
                            members=top)
                  for i, node in enumerate(band.nodes)]
    for box in band.boxes:     # named by its first body, so equal scenes compare equal
        box.group = f"row:{band.nodes[0]}"


def _grid_boxes(graph: GraphData, band: _Band, left: float, right: float) -> None:
    rows, cols = _grid(len(band.nodes))
    band.rows = rows
    gap, pad = 0.25, 0.2
    w = min(4.8, (right - left - 2 * pad - gap * (cols - 1)) / cols)
    centre = (left + right) / 2
    band.boxes = []
    for i, node in enumerate(band.nodes):
        r, c = divmod(i, cols)
        in_row = min(cols, len(band.nodes) - r * cols)
        x0 = centre - (in_row * w + (in_row - 1) * gap) / 2 + w / 2
        box = _body_box(graph, node, x0 + c * (w + gap), 0.0, w, 1.0, in_group=True,
                        strip=band.title == _PLURAL[BodyKind.WORKING_GROUP])
        box.group = f"panel:{band.title}:{band.nodes[0]}"
        band.boxes.append(box)


def _coordinators(graph: GraphData) -> list[str]:
    """«Name, position» of the person the contract names as coordinator."""
    out = []
    for data in graph.nodes.values():
        if data["kind"] == "person" and data.get("coordinator"):
            position = data.get("position")
            out.append(f"{data['label']}, {position}" if position else str(data["label"]))
    return out


def _coordination_box(coordination: Sequence[str], people: Sequence[str],
                      graph: GraphData) -> Box | None:
    if not people and not coordination:
        return None
    titles = [str(graph.nodes[b]["label"]) for b in coordination]
    face, edge, text = _BODY_STYLE[BodyKind.COORDINATION]
    return Box(x=WIDTH - MARGIN - 1.75, y=TOP - 0.7, w=3.5, h=1.35,
               title=titles[0] if titles else "Coordination du CLS",
               detail="\n".join([*people, *titles[1:]]), face=face, edge=edge, text=text,
               bold=True, size=15.0)


# --------------------------------------------------------------------------- partnership

ROLE_STYLE: dict[str, tuple[str, float, bool]] = {     # colour, width, dashed
    "pilot": ("#1A1A1A", 3.2, False),
    PartnerRole.CO_PILOTING.value: ("#E69F00", 2.8, False),
    PartnerRole.IMPLEMENTATION.value: ("#0072B2", 2.2, False),
    PartnerRole.NEEDS_ANALYSIS.value: ("#009E73", 2.2, False),
    PartnerRole.RESOURCE_MOBILISATION.value: ("#CC79A7", 2.2, False),
    "": ("#8C8C8C", 1.6, True),
}
ROLE_LABEL = {"pilot": "Pilote", "co_piloting": "Co-pilotage",
              "implementation": "Mise en œuvre", "needs_analysis": "Analyse des besoins",
              "resource_mobilisation": "Mobilisation de ressources",
              "": "Partenaire (rôle non précisé)"}
SECTOR_FACE: dict[str, str] = {
    Sector.HEALTH.value: "#DCEBFA",
    Sector.SOCIAL.value: "#FCE4D6",
    Sector.URBAN_POLICY.value: "#E2F0D9",
    Sector.EARLY_CHILDHOOD.value: "#FFF2CC",
    Sector.EMPLOYMENT.value: "#EADCF4",
    Sector.ENVIRONMENT.value: "#D5F0E3",
    Sector.EDUCATION.value: "#FBE0EE",
    Sector.OTHER.value: "#EDEDED",
}
NO_SECTOR = "#FFFFFF"


def _edge_role(data: dict[str, Any]) -> str:
    return "pilot" if data["relation"] == "pilots" else str(data.get("role", ""))


def partnership_scene(contract: Contract, axis: Axis, graph: GraphData) -> Scene:
    """Actions of the axis in the middle, their partners on both sides, roles as lines."""
    name = contract.short_name or contract.name
    scene = Scene(title=f"{axis.code} : {axis.short_title or axis.title}",
                  subtitle=f"Partenaires des fiches action — {name}")
    actions = [n for n, d in graph.nodes.items() if d["kind"] == "action"]
    if not actions:
        scene.note = "Aucune fiche action n'est rattachée à cet axe."
        return scene
    links: dict[tuple[str, str], list[str]] = {}
    for u, v, _, data in graph.edges_by_source():
        links.setdefault((u, v), []).append(_edge_role(data))
    partners = list(dict.fromkeys(u for u, _ in links))
    used = {role for roles in links.values() for role in roles}
    sectors = {_partner_sector(graph, p) for p in partners}
    lone = {a for a in actions if not any(v == a for _, v in links)}
    labels = {s.value: s for s in Sector}
    scene.legend.extend(Key(ROLE_LABEL[r], *ROLE_STYLE[r]) for r in ROLE_STYLE if r in used)
    scene.legend.extend(
        Key(french(labels[s]), "#404040", width=1.0, patch=True, face=SECTOR_FACE[s])
        for s in SECTOR_FACE if s in sectors)
    if sectors - set(SECTOR_FACE):
        scene.legend.append(Key("secteur non renseigné", "#404040", width=1.0, patch=True))
    if lone:
        scene.legend.append(Key("fiche sans pilote ni partenaire", "#1F4E79", width=1.5,
                                dashed=True, patch=True))
    top, bottom = scene.top, scene.bottom
    slot = (top - bottom) / len(actions)
    rank = {a: i for i, a in enumerate(actions)}
    action_box: dict[str, Box] = {}
    for i, node in enumerate(actions):
        data = graph.nodes[node]
        action_box[node] = Box(
            x=WIDTH / 2, y=top - slot * (i + 0.5), w=6.0, h=min(1.3, 0.82 * slot),
            title=str(data["code"]), detail=str(data.get("short_title") or data["title"]),
            face="#FFFFFF", edge="#1F4E79", bold=True, size=15.0, dashed=node in lone,
            group="actions")

    # Partners ordered by the mean rank of their actions, then dealt to both sides
    # alternately, so each side keeps that order and few lines cross.
    def centre(p: str) -> float:
        ranks = [rank[v] for (u, v) in links if u == p]
        return sum(ranks) / len(ranks)

    partners.sort(key=lambda p: (centre(p), str(graph.nodes[p]["label"]).casefold(), p))
    sides: tuple[list[str], list[str]] = ([], [])
    for i, p in enumerate(partners):
        sides[i % 2 if len(partners) > 1 else 1].append(p)
    partner_box: dict[str, Box] = {}
    for side, column in enumerate(sides):
        if not column:
            continue
        pslot = (top - bottom) / len(column)
        x = MARGIN + 1.75 if side == 0 else WIDTH - MARGIN - 1.75
        for i, node in enumerate(column):
            data = graph.nodes[node]
            sector = _partner_sector(graph, node)
            partner_box[node] = Box(
                x=x, y=top - pslot * (i + 0.5), w=3.5, h=min(0.95, 0.78 * pslot),
                title=str(data["label"]), face=SECTOR_FACE.get(sector, NO_SECTOR),
                edge="#404040", size=14.0, group="partners")
    for (u, v), roles in links.items():
        pbox, abox = partner_box[u], action_box[v]
        left = pbox.x < abox.x
        ordered = [r for r in ROLE_STYLE if r in roles]
        start, end = pbox.side("right" if left else "left"), abox.side("left" if left else "right")
        # Parallel lines 0.07 apart across their slope; the ends slide along the box sides.
        run = abs(end[0] - start[0]) or 1.0
        stretch = math.hypot(end[0] - start[0], end[1] - start[1]) / run
        for j, role in enumerate(ordered):
            dy = (j - (len(ordered) - 1) / 2) * 0.07 * stretch
            dy = max(-0.35 * pbox.h, min(0.35 * pbox.h, dy))
            color, width, dashed = ROLE_STYLE[role]
            scene.links.append(Link(
                start=pbox.side("right" if left else "left", dy),
                end=abox.side("left" if left else "right", dy),
                color=color, width=width, dashed=dashed))
    scene.boxes.extend([*action_box.values(), *partner_box.values()])
    count = len(partner_box)
    scene.subtitle += (f" · {len(actions)} fiche{'s' if len(actions) > 1 else ''} action"
                       f" · {count} partenaire{'s' if count > 1 else ''}")
    return scene


def _partner_sector(graph: GraphData, node: str) -> str:
    """The sector shown for a partner: its most frequent sector in the axis's lines."""
    seen = [str(d["sector"]) for _, _, _, d in graph.out_edges(node) if d.get("sector")]
    if seen:
        return max(sorted(set(seen)), key=seen.count)
    return str(graph.nodes[node].get("sector", ""))


# --------------------------------------------------------------------------- render


def render(scene: Scene, format: str) -> bytes:
    """Draw ``scene`` and return PNG or SVG bytes (no global matplotlib state touched)."""
    try:
        import matplotlib
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
    except ImportError:
        raise ExportError("drawing the graph needs matplotlib: install clskit[draw] "
                          "(pip install 'clskit[draw]')") from None
    with matplotlib.rc_context({"font.family": "DejaVu Sans", "svg.hashsalt": "clskit",
                                "svg.fonttype": "path", "path.simplify": False}):
        fig = Figure(figsize=(WIDTH * POINTS_PER_UNIT / 72, HEIGHT * POINTS_PER_UNIT / 72),
                     dpi=150, facecolor="white")
        canvas: Any = FigureCanvasAgg(fig)     # get_renderer is not annotated
        ax = fig.add_axes((0.0, 0.0, 1.0, 1.0))
        ax.set_xlim(0, WIDTH)
        ax.set_ylim(0, HEIGHT)
        ax.set_axis_off()
        _Painter(ax, canvas.get_renderer(), fig.dpi).paint(scene)
        buffer = io.BytesIO()
        metadata = ({"Software": None} if format == "png"
                    else {"Date": None, "Creator": None})
        fig.savefig(buffer, format=format, dpi=150, facecolor="white", metadata=metadata)
    return buffer.getvalue()


class _Painter:
    """Draws a scene on a 16 × 9 axes; measures text to fit it in boxes."""

    def __init__(self, ax: Any, renderer: Any, dpi: float) -> None:
        self.ax = ax
        self.renderer = renderer
        self.scale = 72.0 / dpi    # display pixels → points
        self.cache: dict[tuple[str, bool], float] = {}

    def width(self, text: str, size: float, bold: bool) -> float:
        """Width of one line of text, in points, with a 3 % margin for hinting.

        Widths scale with the font size, so each word is measured once, at 100 pt.
        """
        space = self.advance(" ", bold)
        words = text.split(" ")
        em = sum(self.advance(w, bold) for w in words) + space * (len(words) - 1)
        return 1.03 * em * size / 100.0

    def advance(self, word: str, bold: bool) -> float:
        key = (word, bold)
        if key not in self.cache:
            from matplotlib.font_manager import FontProperties

            prop = FontProperties(family="DejaVu Sans", size=100.0,
                                  weight="bold" if bold else "normal")
            w, _, _ = self.renderer.get_text_width_height_descent(word or " ", prop,
                                                                  ismath=False)
            self.cache[key] = float(w) * self.scale
        return self.cache[key]

    def wrap(self, text: str, size: float, bold: bool, room: float) -> list[str]:
        """Greedy word wrap on measured widths; French spacing before « » : ; ! ? holds.

        A label is cut to :data:`MAX_LABEL_CHARS` first, and a word wider than a line is
        cut by bisection: a 10,000-character name without a space measured every
        prefix of itself, line after line, and never finished (#13)."""
        if len(text) > MAX_LABEL_CHARS:
            text = text[:MAX_LABEL_CHARS - 1] + "…"
        text = re.sub(r"« ", "«" + NBSP, re.sub(r" ([»:;!?·])", NBSP + r"\1", text))
        text = re.sub(r"(?<=\w) (?=\d)", NBSP, text)       # CPAM 77, FA 5
        lines: list[str] = []
        for paragraph in text.split("\n"):
            line = ""
            for word in (w for w in paragraph.split(" ") if w):
                trial = f"{line} {word}" if line else word
                if not line or self.width(trial, size, bold) <= room:
                    line = trial
                else:
                    lines.append(line)
                    line = word
                while self.width(line, size, bold) > room and len(line) > 1:
                    # The longest prefix that fits with its hyphen (widths only grow with
                    # the prefix), at least one character.
                    low, high = 1, len(line) - 1
                    while low < high:
                        middle = (low + high + 1) // 2
                        if self.width(line[:middle] + "-", size, bold) <= room:
                            low = middle
                        else:
                            high = middle - 1
                    cut = low
                    lines.append(line[:cut] + "-")
                    line = line[cut:]
            lines.append(line)
        return lines

    def fit(self, box: Box, start: float | None = None
            ) -> tuple[float, list[str], float, list[str]]:
        """The largest sizes at which title and detail fit in the box (or the floor)."""
        room_w = (box.w - 0.24) * POINTS_PER_UNIT
        room_h = (box.h - 0.14) * POINTS_PER_UNIT
        size = start or box.size
        while True:
            small = max(MIN_FONT, size - 2.5)
            title = self.wrap(box.title, size, box.bold, room_w)
            detail = self.wrap(box.detail, small, False, room_w) if box.detail else []
            height = 1.22 * (size * len(title) + small * len(detail))
            if height <= room_h or size <= MIN_FONT:
                break
            size -= 0.5
        # At the floor, drop the lines that do not fit and end with an ellipsis.
        def cut(lines: list[str]) -> None:
            lines[-1] = lines[-1].rstrip(" ·,;:-") + " …"

        while detail and 1.22 * (size * len(title) + small * len(detail)) > room_h:
            detail.pop()
            if detail:
                cut(detail)
            elif title:
                cut(title)
        while len(title) > 1 and 1.22 * size * len(title) > room_h:
            title.pop()
            cut(title)
        return size, title, small, detail

    def header(self, text: str, size: float, floor: float, room: float,
               bold: bool, max_lines: int) -> tuple[float, list[str]]:
        """Shrink a heading to fit one line, else wrap it at ``floor`` (ellipsis last)."""
        while size > floor and len(self.wrap(text, size, bold, room)) > max_lines:
            size -= 1.0
        lines = self.wrap(text, size, bold, room)
        if len(lines) > max_lines:
            lines = lines[:max_lines]
            lines[-1] = lines[-1].rstrip(" ,;:") + " …"
        return size, lines

    def paint(self, scene: Scene) -> None:
        from matplotlib.legend import Legend
        from matplotlib.lines import Line2D
        from matplotlib.patches import FancyBboxPatch, Patch

        ax = self.ax
        room = (WIDTH - 2 * MARGIN) * POINTS_PER_UNIT
        y = HEIGHT - 0.18
        size, lines = self.header(scene.title, 24.0 if scene.title_lines == 1 else 19.0,
                                  TITLE_FLOOR, room, True, scene.title_lines)
        for line in lines:
            y -= 1.2 * size / POINTS_PER_UNIT
            ax.text(MARGIN, y, line, fontsize=size, fontweight="bold", color="#1F4E79",
                    va="bottom", ha="left", parse_math=False)
        size, lines = self.header(scene.subtitle, 15.0, 12.0, room, False, 1)
        y -= 1.25 * size / POINTS_PER_UNIT + 0.06
        ax.text(MARGIN, y, lines[0], fontsize=size, color=MUTED, va="bottom", ha="left",
                parse_math=False)
        for panel in scene.panels:
            ax.add_patch(FancyBboxPatch(
                (panel.x - panel.w / 2, panel.y - panel.h / 2), panel.w, panel.h,
                boxstyle="round,pad=0,rounding_size=0.12", facecolor="#F7F9FC",
                edgecolor="#A6A6A6", linewidth=1.0, zorder=0.5))
            ax.text(panel.x - panel.w / 2 + 0.2, panel.y + panel.h / 2 - 0.27, panel.title,
                    fontsize=15, fontweight="bold", color="#1F4E79", va="center",
                    ha="left", zorder=3, parse_math=False)
        for link in scene.links:
            style = "-|>" if link.arrow else "-"
            ax.annotate("", xy=link.end, xytext=link.start, zorder=1,
                        arrowprops={"arrowstyle": style, "color": link.color,
                                    "linewidth": link.width, "shrinkA": 0, "shrinkB": 0,
                                    "mutation_scale": 20,
                                    "linestyle": (0, (4, 3)) if link.dashed else "-"})
        # One font size per group of boxes (the smallest that fits them all), so the
        # boxes of a tier read alike.
        fits = {id(box): self.fit(box) for box in scene.boxes}
        floor: dict[str, float] = {}
        for box in scene.boxes:
            if box.group:
                floor[box.group] = min(floor.get(box.group, box.size), fits[id(box)][0])
        for box in scene.boxes:
            if box.group and floor[box.group] < fits[id(box)][0]:
                fits[id(box)] = self.fit(box, floor[box.group])
        for box in scene.boxes:
            self.box(box, *fits[id(box)])
        if scene.note:
            ax.text(WIDTH / 2, HEIGHT / 2, scene.note, fontsize=18, color=MUTED,
                    ha="center", va="center", parse_math=False)
        rows = _legend_rows(scene.legend)
        for i, row in enumerate(rows):
            handles = [
                Patch(facecolor=k.face, edgecolor=k.color, linewidth=k.width,
                      linestyle="--" if k.dashed else "-", label=k.label) if k.patch
                else Line2D([], [], color=k.color, linewidth=k.width,
                            linestyle=(0, (4, 2)) if k.dashed else "-", label=k.label)
                for k in row]
            y = (0.02 + LEGEND_ROW * (len(rows) - 1 - i)) / HEIGHT
            ax.add_artist(Legend(ax, handles, [k.label for k in row], loc="lower center",
                                 bbox_to_anchor=(0.5, y), ncol=len(handles), frameon=False,
                                 fontsize=LEGEND_FONT, handlelength=2.4, columnspacing=1.8,
                                 borderaxespad=0.2))

    def box(self, box: Box, size: float, title: list[str], small: float,
            detail: list[str]) -> None:
        from matplotlib.patches import FancyBboxPatch

        ax = self.ax
        ax.add_patch(FancyBboxPatch(
            (box.x - box.w / 2, box.y - box.h / 2), box.w, box.h,
            boxstyle="round,pad=0,rounding_size=0.1", facecolor=box.face,
            edgecolor=box.edge, linewidth=2.0 if not box.dashed else 1.8,
            linestyle=(0, (4, 2.5)) if box.dashed else "-", zorder=2))
        lead = 1.22 / POINTS_PER_UNIT
        y = box.y + lead * (size * len(title) + small * len(detail)) / 2
        for line, font, bold in [*((t, size, box.bold) for t in title),
                                 *((d, small, False) for d in detail)]:
            y -= lead * font / 2
            ax.text(box.x, y, line, fontsize=font, color=box.text, ha="center", va="center",
                    fontweight="bold" if bold else "normal", zorder=3, parse_math=False)
            y -= lead * font / 2


def _legend_rows(keys: list[Key]) -> list[list[Key]]:
    """Legend entries packed into rows that fit the slide's width.

    Line samples come first; past five entries, box samples start a row of their own.
    """
    room = (WIDTH - 2 * MARGIN) * POINTS_PER_UNIT
    rows: list[list[Key]] = []
    width = 0.0
    for key in sorted(keys, key=lambda k: k.patch):
        need = _approx_width(key.label, LEGEND_FONT, False) + 5.0 * LEGEND_FONT
        new_kind = bool(rows) and key.patch and not rows[-1][-1].patch and len(keys) > 5
        if rows and not new_kind and width + need <= room:
            rows[-1].append(key)
            width += need
        else:
            rows.append([key])
            width = need
    return rows
