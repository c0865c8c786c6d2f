"""Render office files through LibreOffice and read the pages back with poppler.

Tests import it as ``from render import ...`` (the repository's ``conftest.py`` puts
``tests/`` on ``sys.path``, for the core's and every plugin's tests);
``plugins/clskit-copil/tools/look.py`` does the same.

- :func:`to_pdf` / :func:`to_pdfs`: ``soffice --headless --convert-to pdf`` with a user
  profile of its own (a fresh temporary one unless ``profile`` is given), so that
  concurrent conversions never share one; .pptx, .docx and .xlsx alike.
- :func:`page_count`, :func:`page_sizes`, :func:`text_of_page`, :func:`to_png`: pdfinfo,
  pdftotext and pdftoppm.
- :func:`words`, :func:`words_outside_page`, :func:`overlapping_words`: every word
  with its box, from ``pdftotext -bbox-layout``.

Coordinates are PDF points (1/72 inch; 12 700 EMU) from the page's top-left corner, y
downwards; a word's box runs from the font's ascent to its descent (about 1.3 × the font
size high), not the ink. LibreOffice rounds sizes to 1/100 mm: a 16:9 slide of 12 192 000
× 6 858 000 EMU (960 × 540 pt) becomes a page of 960.009 × 540 pt. pdftotext drops
every character that starts outside the page, so :func:`words` reads a copy of the PDF
whose page boxes are widened by a slide's size on each side (an incremental update of
the page objects) and shifts the boxes back: text drawn off the slide is found too.
"""

from __future__ import annotations

import errno
import math
import os
import re
import shutil
import signal
import subprocess
import tempfile
import threading
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "EMU_PER_PT",
    "Converter",
    "RenderError",
    "Word",
    "missing_tools",
    "overlapping_words",
    "page_count",
    "page_sizes",
    "soffice_path",
    "text_of_page",
    "to_pdf",
    "to_pdfs",
    "to_png",
    "words",
    "words_outside_page",
]

EMU_PER_PT = 12700
_XHTML = "{http://www.w3.org/1999/xhtml}"
_MAC_SOFFICE = "/Applications/LibreOffice.app/Contents/MacOS/soffice"
_PROFILE_LOCKS: dict[Path, threading.Lock] = {}
_PROFILE_LOCKS_GUARD = threading.Lock()


class RenderError(RuntimeError):
    """A conversion or a poppler tool failed; the message carries the tool's output."""


@dataclass(frozen=True)
class Word:
    """One word as pdftotext sees it: page number (from 1), text and box, in points."""

    page: int
    text: str
    x_min: float
    y_min: float
    x_max: float
    y_max: float
    page_width: float
    page_height: float

    @property
    def width(self) -> float:
        return self.x_max - self.x_min

    @property
    def height(self) -> float:
        return self.y_max - self.y_min

    def outside(self, margin: float = 0.0) -> bool:
        """Whether the box goes beyond the page by more than ``margin`` points."""
        return (self.x_min < -margin or self.y_min < -margin
                or self.x_max > self.page_width + margin
                or self.y_max > self.page_height + margin)


def soffice_path() -> str | None:
    """The LibreOffice executable (``soffice`` or ``libreoffice`` on PATH), or None."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    return _MAC_SOFFICE if os.access(_MAC_SOFFICE, os.X_OK) else None


def missing_tools() -> list[str]:
    """The rendering tools that cannot be found: soffice, pdfinfo, pdftotext, pdftoppm."""
    missing = [] if soffice_path() else ["soffice"]
    return missing + [t for t in ("pdfinfo", "pdftotext", "pdftoppm") if not shutil.which(t)]


def _run(args: Sequence[str | os.PathLike[str]], timeout: float = 60) -> str:
    try:
        done = subprocess.run(args, capture_output=True, timeout=timeout, check=False)
    except FileNotFoundError:
        raise RenderError(f"{args[0]} not found: install poppler-utils") from None
    except subprocess.TimeoutExpired:
        raise RenderError(f"{args[0]} took more than {timeout} s") from None
    if done.returncode != 0:
        raise RenderError(f"{' '.join(map(str, args))} failed ({done.returncode}): "
                          f"{done.stderr.decode(errors='replace').strip()}")
    return done.stdout.decode("utf-8", errors="replace")


def _profile_lock(profile: Path) -> threading.Lock:
    with _PROFILE_LOCKS_GUARD:
        return _PROFILE_LOCKS.setdefault(profile.resolve(), threading.Lock())


def to_pdfs(paths: Iterable[Path], outdir: Path, timeout: float = 120, *,
            profile: Path | None = None) -> list[Path]:
    """Convert several files to PDF in ``outdir`` with one LibreOffice start.

    One start costs about two seconds, so converting a test module's files together is
    cheaper than one by one. ``profile`` is a LibreOffice user profile folder (made if
    missing); by default a temporary one is made and removed. Conversions that share a
    profile in this process are serialised; two processes must not share one. Raises
    :class:`RenderError` with soffice's output when it fails or a PDF is missing.
    """
    sources = [Path(p).resolve() for p in paths]
    if not sources:
        return []
    for source in sources:
        if not source.is_file():
            raise FileNotFoundError(errno.ENOENT, "no such file", str(source))
    stems = [s.stem for s in sources]
    if len(set(stems)) != len(stems):
        raise ValueError(f"two files would become the same PDF: {stems}")
    exe = soffice_path()
    if exe is None:
        raise RenderError("soffice not found: install LibreOffice")
    outdir = Path(outdir).resolve()
    outdir.mkdir(parents=True, exist_ok=True)
    targets = [outdir / f"{stem}.pdf" for stem in stems]
    for target in targets:
        target.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory(prefix="clskit-lo-") as scratch:
        home = Path(profile).resolve() if profile is not None else Path(scratch) / "profile"
        home.mkdir(parents=True, exist_ok=True)
        args = [exe, f"-env:UserInstallation={home.as_uri()}", "--headless", "--norestore",
                "--convert-to", "pdf", "--outdir", str(outdir), *map(str, sources)]
        with _profile_lock(home):
            out, err = _soffice(args, timeout)
    missing = [t.name for t in targets if not t.is_file() or t.stat().st_size == 0]
    if missing:
        raise RenderError(f"soffice wrote no {', '.join(missing)} in {outdir}\n"
                          f"stdout: {out.strip()}\nstderr: {err.strip()}")
    return targets


def _soffice(args: list[str], timeout: float) -> tuple[str, str]:
    # Its own process group, so that a timeout ends soffice.bin too, and only it.
    proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, start_new_session=True)
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        if hasattr(os, "killpg"):
            os.killpg(proc.pid, signal.SIGKILL)
        else:  # pragma: no cover - Windows
            proc.kill()
        out, err = proc.communicate()
        raise RenderError(f"soffice took more than {timeout} s: "
                          f"{err.decode(errors='replace').strip()}") from None
    stdout, stderr = out.decode(errors="replace"), err.decode(errors="replace")
    if proc.returncode != 0:
        raise RenderError(f"soffice failed ({proc.returncode})\nstdout: {stdout.strip()}\n"
                          f"stderr: {stderr.strip()}")
    return stdout, stderr


def to_pdf(path: Path, outdir: Path, timeout: float = 120, *,
           profile: Path | None = None) -> Path:
    """Convert one .pptx, .docx or .xlsx (anything LibreOffice opens) to ``outdir/STEM.pdf``."""
    return to_pdfs([path], outdir, timeout, profile=profile)[0]


class Converter:
    """:func:`to_pdfs` bound to one LibreOffice user profile (the tests' fixture)."""

    def __init__(self, profile: Path, timeout: float = 120) -> None:
        self.profile = Path(profile)
        self.timeout = timeout

    def __call__(self, *paths: Path, outdir: Path | None = None) -> list[Path]:
        """Convert ``paths`` in one start, into ``outdir`` (default: the first's folder)."""
        if not paths:
            return []
        target = Path(paths[0]).parent if outdir is None else outdir
        return to_pdfs(paths, target, self.timeout, profile=self.profile)

    def pdf(self, path: Path, outdir: Path | None = None) -> Path:
        """Convert one file."""
        return self(path, outdir=outdir)[0]


def page_count(pdf: Path) -> int:
    """The number of pages, from pdfinfo."""
    found = re.search(r"^Pages:\s+(\d+)", _run(["pdfinfo", pdf]), re.MULTILINE)
    if found is None:
        raise RenderError(f"pdfinfo gave no page count for {pdf}")
    return int(found.group(1))


def text_of_page(pdf: Path, n: int) -> str:
    """The visible text of page ``n`` (from 1) in reading layout (``pdftotext -layout``)."""
    if n < 1:
        raise ValueError(f"pages are numbered from 1, not {n}")
    return _run(["pdftotext", "-layout", "-enc", "UTF-8", "-f", str(n), "-l", str(n),
                 pdf, "-"]).rstrip("\f\n")


def to_png(pdf: Path, outdir: Path, dpi: int = 50) -> list[Path]:
    """Every page as ``outdir/STEM-N.png`` (pdftoppm), in page order."""
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    stem = Path(pdf).stem
    pattern = re.compile(rf"{re.escape(stem)}-(\d+)\.png")

    def pages() -> list[tuple[int, Path]]:
        return sorted((int(m.group(1)), p) for p in outdir.iterdir()
                      if (m := pattern.fullmatch(p.name)))

    for _, stale in pages():
        stale.unlink()
    _run(["pdftoppm", "-png", "-r", str(dpi), pdf, outdir / stem], timeout=300)
    return [p for _, p in pages()]


def _layout(pdf: Path) -> tuple[list[tuple[float, float]], list[Word]]:
    """Page sizes and words, off-page words included (see the module's docstring)."""
    data = Path(pdf).read_bytes()
    sizes = _media_sizes(data, pdf)
    grow = float(math.ceil(max(max(w, h) for w, h in sizes)))
    with tempfile.TemporaryDirectory(prefix="clskit-words-") as tmp:
        wide = Path(tmp) / "wide.pdf"
        wide.write_bytes(_widened(data, grow, pdf))
        xhtml = _run(["pdftotext", "-bbox-layout", "-enc", "UTF-8", wide, "-"])
    root = ET.fromstring(xhtml)
    pages = root.iter(f"{_XHTML}page")
    out_sizes: list[tuple[float, float]] = []
    found: list[Word] = []
    for number, page in enumerate(pages, start=1):
        width = round(float(page.get("width", "0")) - 2 * grow, 3)
        height = round(float(page.get("height", "0")) - 2 * grow, 3)
        out_sizes.append((width, height))
        for word in page.iter(f"{_XHTML}word"):
            found.append(Word(
                page=number, text=word.text or "",
                x_min=_shift(word, "xMin", grow),
                y_min=_shift(word, "yMin", grow),
                x_max=_shift(word, "xMax", grow),
                y_max=_shift(word, "yMax", grow),
                page_width=width, page_height=height))
    return out_sizes, found


def _shift(element: ET.Element, name: str, grow: float) -> float:
    return round(float(element.get(name, "0")) - grow, 3)


_OBJECT = re.compile(rb"(\d+)\s+(\d+)\s+obj\b(.*?)endobj", re.DOTALL)
_PAGE = re.compile(rb"/Type\s*/Page(?![A-Za-z])")
_PAGES = re.compile(rb"/Type\s*/Pages(?![A-Za-z])")
_BOX = re.compile(rb"/MediaBox\s*\[([^\]]*)\]")
_CROP = re.compile(rb"/(?:Crop|Bleed|Trim|Art)Box\s*\[[^\]]*\]")


def _page_objects(data: bytes) -> list[tuple[int, int, bytes]]:
    return [(int(m.group(1)), int(m.group(2)), m.group(3)) for m in _OBJECT.finditer(data)
            if _PAGE.search(m.group(3)) and not _PAGES.search(m.group(3))]


def _box(body: bytes) -> list[float] | None:
    found = _BOX.search(body)
    return [float(v) for v in found.group(1).split()] if found else None


def _inherited_box(data: bytes) -> list[float] | None:
    for m in _OBJECT.finditer(data):
        if _PAGES.search(m.group(3)) and (box := _box(m.group(3))):
            return box
    return None


def _media_sizes(data: bytes, pdf: Path) -> list[tuple[float, float]]:
    inherited = _inherited_box(data)
    sizes = []
    for _, _, body in _page_objects(data):
        box = _box(body) or inherited
        if box is None or len(box) != 4:
            raise RenderError(f"{pdf}: a page has no readable /MediaBox")
        sizes.append((box[2] - box[0], box[3] - box[1]))
    if not sizes:
        raise RenderError(f"{pdf}: no page object found (compressed object streams?)")
    return sizes


def _widened(data: bytes, grow: float, pdf: Path) -> bytes:
    """``data`` plus an incremental update widening each page's box by ``grow`` points."""
    trailer = list(re.finditer(rb"trailer\s*(<<.*?>>)\s*startxref\s+(\d+)", data, re.DOTALL))
    if not trailer:
        raise RenderError(f"{pdf}: no classic xref trailer (an xref stream?)")
    last = trailer[-1]
    inherited = _inherited_box(data)
    update = bytearray(b"\n")
    entries: list[tuple[int, int, int]] = []
    for number, generation, body in _page_objects(data):
        box = _box(body) or inherited
        assert box is not None  # _media_sizes checked
        x0, y0, x1, y1 = box
        wide = (f"/MediaBox[{x0 - grow:.6f} {y0 - grow:.6f} {x1 + grow:.6f} "
                f"{y1 + grow:.6f}]").encode()
        body = _CROP.sub(b"", _BOX.sub(b"", body.strip()))
        if not body.startswith(b"<<"):
            raise RenderError(f"{pdf}: page object {number} is not a dictionary")
        entries.append((number, generation, len(data) + len(update)))
        update += b"%d %d obj\n<<%s%s\nendobj\n" % (number, generation, wide, body[2:])
    xref_at = len(data) + len(update)
    update += b"xref\n"
    for number, generation, offset in sorted(entries):
        update += b"%d 1\n%010d %05d n \n" % (number, offset, generation)
    old = re.sub(rb"/Prev\s+\d+", b"", last.group(1))
    update += b"trailer\n<</Prev %s%s\nstartxref\n%d\n%%%%EOF\n" % (
        last.group(2), old[2:], xref_at)
    return data + bytes(update)


def page_sizes(pdf: Path) -> list[tuple[float, float]]:
    """(width, height) of every page, in points."""
    return _layout(pdf)[0]


def words(pdf: Path) -> list[Word]:
    """Every word of every page with its box, text drawn off the page included."""
    return _layout(pdf)[1]


def words_outside_page(pdf: Path, margin: float = 0.0) -> list[Word]:
    """The words whose box goes beyond the page by more than ``margin`` points."""
    return [w for w in words(pdf) if w.outside(margin)]


def overlapping_words(pdf: Path, tolerance: float = 0.25) -> list[tuple[Word, Word]]:
    """Pairs of words of a page whose boxes overlap: text drawn over text.

    Two boxes count when they overlap on both axes by more than ``tolerance`` times the
    smaller box's extent, so lines set tightly (whose boxes touch) are not reported.
    """
    pairs: list[tuple[Word, Word]] = []
    by_page: dict[int, list[Word]] = {}
    for word in words(pdf):
        by_page.setdefault(word.page, []).append(word)
    for page in by_page.values():
        page.sort(key=lambda w: w.x_min)
        for i, a in enumerate(page):
            for b in page[i + 1:]:
                if b.x_min >= a.x_max:
                    break
                dx = min(a.x_max, b.x_max) - max(a.x_min, b.x_min)
                dy = min(a.y_max, b.y_max) - max(a.y_min, b.y_min)
                if (dx > tolerance * min(a.width, b.width)
                        and dy > tolerance * min(a.height, b.height)):
                    pairs.append((a, b))
    return pairs
