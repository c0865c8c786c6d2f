"""The governance diagram as a PNG, drawn with Pillow from ``clskit.graph``'s layout.

``clskit.graph.governance_layout`` places boxes, panels, links and the legend as plain
data; the core draws them with matplotlib, which takes about half a second to import
and draw — more than the rest of the review. Pillow draws the same scene in a few
hundredths of a second, measuring text with the same font LibreOffice uses.
"""

from __future__ import annotations

import re
import struct
import zlib
from functools import lru_cache
from typing import Any

from clskit import Contract
from clskit.graph import LAYOUT_HEIGHT, LAYOUT_POINTS_PER_UNIT, LAYOUT_WIDTH, Scene
from clskit.snapshot import Snapshot
from clskit_review import background

# Pixels per layout unit: a 1200 × 675 picture, 190 dpi at the 16 cm the review gives
# it. Painting and PNG-encoding are half of the diagram's time and go with the pixel
# count: 1600 × 900 cost the review 20 ms more for no visible gain (#11).
PX = 75.0
PT = PX / LAYOUT_POINTS_PER_UNIT    # pixels per point
SCALE = PX / 100.0                  # dashes and arrow heads were drawn at 100 px a unit
MARGIN = 0.4
MIN_FONT = 9.0
NBSP = "\u00a0"
_FONTS = {False: ("LiberationSans-Regular.ttf", "DejaVuSans.ttf", "Arial.ttf"),
          True: ("LiberationSans-Bold.ttf", "DejaVuSans-Bold.ttf", "Arial Bold.ttf")}


@lru_cache(maxsize=2)
def _font_file(bold: bool) -> str | None:
    """The first of :data:`_FONTS` found, by its full path: Pillow looks a bare name up
    by walking every font folder, which it would do again for each size."""
    from PIL import ImageFont

    for name in _FONTS[bold]:
        try:
            return str(ImageFont.truetype(name, 10).path)
        except OSError:
            continue
    return None


@lru_cache(maxsize=64)
def font(size_pt: float, bold: bool) -> Any:
    """A TrueType font at ``size_pt``; Pillow's own scalable font when none is found."""
    from PIL import ImageFont

    pixels = max(round(size_pt * PT), 6)
    path = _font_file(bold)
    if path is not None:
        try:
            return ImageFont.truetype(path, pixels)
        except OSError:
            pass
    return ImageFont.load_default(pixels)


@lru_cache(maxsize=4096)
def width(text: str, size: float, bold: bool) -> float:
    """Width of a line in points, with a 3 % margin (remembered for the drawing: a
    box's text is wrapped again at each size tried)."""
    return 1.03 * float(font(size, bold).getlength(text)) / PT


#: The most characters of a box's label drawn: a box shows a few dozen words (#13).
MAX_LABEL_CHARS = 300


def wrap(text: str, size: float, bold: bool, room: float) -> list[str]:
    """Greedy word wrap; French spacing before « » : ; ! ? holds.

    A label is cut to :data:`MAX_LABEL_CHARS` first, and a word wider than a line is cut
    by bisection: a 10,000-character name without a space measured every prefix of
    itself, line after line (found by the fuzzing of #13)."""
    if len(text) > MAX_LABEL_CHARS:
        text = text[:MAX_LABEL_CHARS - 1] + "…"
    text = re.sub(r"« ", "«" + NBSP, re.sub(r" ([»:;!?·])", NBSP + r"\1", text))
    text = re.sub(r"(?<=\w) (?=\d)", NBSP, text)
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in (w for w in paragraph.split(" ") if w):
            if line:
                trial = f"{line} {word}"
                if width(trial, size, bold) <= room:
                    line = trial    # it fits: no word of it to cut
                    continue
                lines.append(line)
            line = word
            while width(line, size, bold) > room and len(line) > 1:
                # The longest prefix that fits with its hyphen, at least one character.
                low, high = 1, len(line) - 1
                while low < high:
                    middle = (low + high + 1) // 2
                    if width(line[:middle] + "-", size, bold) <= room:
                        low = middle
                    else:
                        high = middle - 1
                cut = low
                lines.append(line[:cut] + "-")
                line = line[cut:]
        lines.append(line)
    return lines


def _fit(box: Any, start: float | None = None) -> tuple[float, list[str], float, list[str]]:
    room_w = (box.w - 0.24) * LAYOUT_POINTS_PER_UNIT
    room_h = (box.h - 0.14) * LAYOUT_POINTS_PER_UNIT
    size = start or box.size
    while True:
        small = max(MIN_FONT, size - 2.5)
        title = wrap(box.title, size, box.bold, room_w)
        detail = wrap(box.detail, small, False, room_w) if box.detail else []
        if 1.22 * (size * len(title) + small * len(detail)) <= room_h or size <= MIN_FONT:
            break
        size -= 0.5
    while detail and 1.22 * (size * len(title) + small * len(detail)) > room_h:
        detail.pop()
        target = detail or title
        target[-1] = target[-1].rstrip(" ·,;:-") + " …"
    while len(title) > 1 and 1.22 * size * len(title) > room_h:
        title.pop()
        title[-1] = title[-1].rstrip(" ·,;:-") + " …"
    return size, title, small, detail


class _Painter:
    def __init__(self) -> None:
        from PIL import Image, ImageDraw

        self.image = Image.new("RGB", (int(LAYOUT_WIDTH * PX), int(LAYOUT_HEIGHT * PX)),
                               "white")
        self.draw = ImageDraw.Draw(self.image)

    @staticmethod
    def xy(x: float, y: float) -> tuple[float, float]:
        return x * PX, (LAYOUT_HEIGHT - y) * PX

    def text(self, x: float, y: float, line: str, size: float, bold: bool, colour: str,
             anchor: str) -> None:
        self.draw.text(self.xy(x, y), line, fill=colour, font=font(size, bold), anchor=anchor)

    def dashed(self, start: tuple[float, float], end: tuple[float, float], colour: str,
               line: int, dash: float = 12.0, gap: float = 8.0) -> None:
        dash, gap = dash * SCALE, gap * SCALE
        (x0, y0), (x1, y1) = start, end
        length = ((x1 - x0) ** 2 + (y1 - y0) ** 2) ** 0.5 or 1.0
        at = 0.0
        while at < length:
            stop = min(at + dash, length)
            self.draw.line((x0 + (x1 - x0) * at / length, y0 + (y1 - y0) * at / length,
                            x0 + (x1 - x0) * stop / length, y0 + (y1 - y0) * stop / length),
                           fill=colour, width=line)
            at = stop + gap

    def rect(self, x: float, y: float, w: float, h: float, face: str, edge: str,
             line: float, radius: float, dashed: bool = False) -> None:
        left, top = self.xy(x - w / 2, y + h / 2)
        right, bottom = self.xy(x + w / 2, y - h / 2)
        px = max(round(line * PT), 1)
        if dashed:
            self.draw.rounded_rectangle((left, top, right, bottom), radius * PX, fill=face)
            corners = [(left, top), (right, top), (right, bottom), (left, bottom)]
            for a, b in zip(corners, corners[1:] + corners[:1], strict=True):
                self.dashed(a, b, edge, px)
        else:
            self.draw.rounded_rectangle((left, top, right, bottom), radius * PX, fill=face,
                                        outline=edge, width=px)

    def link(self, link: Any) -> None:
        start, end = self.xy(*link.start), self.xy(*link.end)
        px = max(round(link.width * PT), 1)
        if link.dashed:
            self.dashed(start, end, link.color, px)
        else:
            self.draw.line((*start, *end), fill=link.color, width=px)
        if link.arrow:
            (x0, y0), (x1, y1) = start, end
            length = ((x1 - x0) ** 2 + (y1 - y0) ** 2) ** 0.5 or 1.0
            ux, uy = (x1 - x0) / length, (y1 - y0) / length
            size = 16.0 * SCALE
            base = (x1 - ux * size, y1 - uy * size)
            self.draw.polygon([(x1, y1), (base[0] - uy * size / 2, base[1] + ux * size / 2),
                               (base[0] + uy * size / 2, base[1] - ux * size / 2)],
                              fill=link.color)

    def paint(self, scene: Scene) -> None:
        room = (LAYOUT_WIDTH - 2 * MARGIN) * LAYOUT_POINTS_PER_UNIT
        y = LAYOUT_HEIGHT - 0.18
        size = 24.0 if scene.title_lines == 1 else 19.0
        while size > 17 and len(wrap(scene.title, size, True, room)) > scene.title_lines:
            size -= 1
        for line in wrap(scene.title, size, True, room)[: scene.title_lines]:
            y -= 1.2 * size / LAYOUT_POINTS_PER_UNIT
            self.text(MARGIN, y, line, size, True, "#1F4E79", "ls")
        y -= 1.25 * 15 / LAYOUT_POINTS_PER_UNIT + 0.06
        self.text(MARGIN, y, wrap(scene.subtitle, 15, False, room)[0], 15, False, "#595959",
                  "ls")
        for panel in scene.panels:
            self.rect(panel.x, panel.y, panel.w, panel.h, "#F7F9FC", "#A6A6A6", 1.0, 0.12)
            self.text(panel.x - panel.w / 2 + 0.2, panel.y + panel.h / 2 - 0.27, panel.title,
                      15, True, "#1F4E79", "lm")
        for link in scene.links:
            self.link(link)
        fits = {id(box): _fit(box) for box in scene.boxes}
        floor: dict[str, float] = {}
        for box in scene.boxes:
            if box.group:
                floor[box.group] = min(floor.get(box.group, box.size), fits[id(box)][0])
        for box in scene.boxes:
            if box.group and floor[box.group] < fits[id(box)][0]:
                fits[id(box)] = _fit(box, floor[box.group])
            self.box(box, *fits[id(box)])
        if scene.note:
            self.text(LAYOUT_WIDTH / 2, LAYOUT_HEIGHT / 2, scene.note, 18, False, "#595959",
                      "mm")
        self.legend(scene)

    def box(self, box: Any, size: float, title: list[str], small: float,
            detail: list[str]) -> None:
        self.rect(box.x, box.y, box.w, box.h, box.face, box.edge,
                  2.0 if not box.dashed else 1.8, 0.1, box.dashed)
        lead = 1.22 / LAYOUT_POINTS_PER_UNIT
        y = box.y + lead * (size * len(title) + small * len(detail)) / 2
        for line, size_, bold in [*((t, size, box.bold) for t in title),
                                  *((d, small, False) for d in detail)]:
            y -= lead * size_ / 2
            self.text(box.x, y, line, size_, bold, box.text, "mm")
            y -= lead * size_ / 2

    def legend(self, scene: Scene) -> None:
        if not scene.legend:
            return
        keys = sorted(scene.legend, key=lambda k: k.patch)
        size = 12.5
        room = (LAYOUT_WIDTH - 2 * MARGIN) * LAYOUT_POINTS_PER_UNIT
        rows: list[list[Any]] = [[]]
        used = 0.0
        for key in keys:
            need = width(key.label, size, False) + 5 * size
            if rows[-1] and used + need > room:
                rows.append([])
                used = 0.0
            rows[-1].append(key)
            used += need
        for i, row in enumerate(rows):
            y = 0.25 + 0.42 * (len(rows) - 1 - i)
            total = sum(width(k.label, size, False) + 5 * size for k in row)
            x = LAYOUT_WIDTH / 2 - total / 2 / LAYOUT_POINTS_PER_UNIT
            for key in row:
                sample = 2.4 * size / LAYOUT_POINTS_PER_UNIT
                if key.patch:
                    self.rect(x + sample / 2, y, sample, 0.22, key.face, key.color,
                              key.width, 0.03, key.dashed)
                else:
                    a, b = self.xy(x, y), self.xy(x + sample, y)
                    px = max(round(key.width * PT), 1)
                    if key.dashed:
                        self.dashed(a, b, key.color, px, 8, 5)
                    else:
                        self.draw.line((*a, *b), fill=key.color, width=px)
                self.text(x + sample + 0.1, y, key.label, size, False, "#1A1A1A", "lm")
                x += (width(key.label, size, False) + 5 * size) / LAYOUT_POINTS_PER_UNIT


def _png_bytes(image: Any) -> bytes:
    """``image`` (RGB) as a PNG, written here: Pillow's writer tries five filters on
    every row and imports its PNG plugin, twice the time of the whole painting for a
    picture of flat colours that zlib alone packs smaller (#11)."""
    width_px, height_px = image.size
    raw = image.tobytes()
    stride = 3 * width_px
    rows = b"".join(b"\x00" + raw[at:at + stride] for at in range(0, len(raw), stride))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data)))

    header = struct.pack(">IIBBBBB", width_px, height_px, 8, 2, 0, 0, 0)  # 8-bit RGB
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(rows, 3)) + chunk(b"IEND", b""))


def _png(scene: Scene) -> bytes:
    painter = _Painter()
    painter.paint(scene)
    return _png_bytes(painter.image)


def governance_png(contract: Contract, snapshot: Snapshot) -> tuple[bytes, Scene]:
    """The governance of ``contract`` with the meetings of ``snapshot``'s window."""
    from clskit import graph

    scene = graph.governance_layout(contract, snapshot=snapshot)
    return _png(scene), scene


class Governance:
    """The governance scene of ``snapshot``'s window, its picture painted in the
    background (:mod:`clskit_review.background`) from the moment this is made; a
    context manager, so that a child whose picture is never asked for is reaped."""

    def __init__(self, contract: Contract, snapshot: Snapshot) -> None:
        from clskit import graph

        self.scene = graph.governance_layout(contract, snapshot=snapshot)
        scene = self.scene
        self._pending = background.start(lambda: _png(scene))

    def png(self) -> bytes:
        return self._pending.result()

    def close(self) -> None:
        self._pending.close()

    def __enter__(self) -> Governance:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
