"""Make the binary inputs of ``templates.toml`` and ``importers.toml`` (run once, commit).

    python tests/bad_inputs/make_files.py

Deterministic: the same clskit gives the same files (zip entries dated 1980-01-01). The
bombs are real: their zip parts do inflate to what they declare (1 GiB of zeros,
compressed with bzip2 to under a kilobyte), so a reader that trusted them would spend a
gigabyte; clskit refuses them from their zip directory, unread.
"""

from __future__ import annotations

import io
import shutil
import sys
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT / "src"))

DECK = ROOT / "plugins/clskit-copil/src/clskit_copil/templates/default.pptx"
REVIEW = ROOT / "plugins/clskit-review/src/clskit_review/templates/default.docx"
MAUGES = ROOT / "examples" / "mauges"
GIB = 1 << 30


def _copy_with(source: bytes, extra: dict[str, bytes] | None = None,
               bomb: str | None = None, bomb_size: int = GIB) -> bytes:
    """``source`` (a zip) with ``extra`` parts, and ``bomb`` as a part of ``bomb_size``
    zeros (streamed: never held in memory)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(source)) as old, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            if info.filename == bomb:
                continue
            new.writestr(zipfile.ZipInfo(info.filename), old.read(info),
                         zipfile.ZIP_DEFLATED)
        for name, data in (extra or {}).items():
            new.writestr(zipfile.ZipInfo(name), data, zipfile.ZIP_DEFLATED)
        if bomb:
            info = zipfile.ZipInfo(bomb)
            info.compress_type = zipfile.ZIP_BZIP2
            chunk = bytes(1 << 20)
            with new.open(info, "w", force_zip64=True) as part:
                for _ in range(bomb_size // len(chunk)):
                    part.write(chunk)
    return out.getvalue()


def _office_cases(folder: Path, prefix: str, source: bytes, suffix: str,
                  bomb_part: str) -> None:
    (folder / f"{prefix}-bomb{suffix}").write_bytes(_copy_with(source, bomb=bomb_part))
    (folder / f"{prefix}-truncated{suffix}").write_bytes(source[: len(source) // 2])
    (folder / f"{prefix}-text{suffix}").write_text("id;nom\n1;Modèle\n", encoding="utf-8")
    (folder / f"{prefix}-empty{suffix}").write_bytes(b"")


def templates() -> None:
    folder = HERE / "templates"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    deck, review = DECK.read_bytes(), REVIEW.read_bytes()
    _office_cases(folder, "deck", deck, ".pptx", "docProps/thumbnail.jpeg")
    (folder / "deck-is-a-docx.pptx").write_bytes(review)
    _office_cases(folder, "review", review, ".docx", "word/media/image1.png")
    (folder / "review-is-a-pptx.docx").write_bytes(deck)
    texts = {
        "review-syntax.html": "<html><body>\n<h1>{{ review.title }}</h1>\n"
                              "{% for block in review.blocks %}\n{{ block }\n{% endfor %}\n",
        "review-escape.html": "<html><body>{{ ''.__class__.__mro__[1].__subclasses__() }}"
                              "</body></html>\n",
        "review-escape.md": "# Revue\n\n{{ review.__class__.__init__.__globals__ }}\n",
        "review-repeat.html": "<p>{{ 'x' * 10**10 }}</p>\n",
        "review-power.md": "{{ 10 ** 100000000 }}\n",
        "review-unknown.html": "<p>{{ review.nothing_of_that_name }}</p>\n",
    }
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    # The record the template cases export: one file, beside the templates.
    import clskit

    clskit.dump(clskit.load(MAUGES), folder / "contract.yaml")
    (folder / "review-latin1.html").write_bytes("<p>Évaluation\n{{ review }}</p>\n"
                                                .encode("latin-1"))


def _exported(exporter: str, target: Path, **kwargs: object) -> Path:
    import clskit
    from clskit.plugins import export

    export(exporter, clskit.load(MAUGES), target, force=True, **kwargs)  # type: ignore[arg-type]
    return target


def importers() -> None:
    import openpyxl

    base = HERE / "importers"
    shutil.rmtree(base, ignore_errors=True)
    scratch = base / ".scratch"
    scratch.mkdir(parents=True)
    books = {
        "ars": _exported("ars", scratch / "ars.xlsx"),
        "tet": _exported("tet", scratch / "tet.xlsx"),
        "suivi": _exported("suivi", scratch / "suivi.xlsx", period="2021-Q4"),
    }
    for name, path in books.items():
        folder = base / name
        folder.mkdir()
        data = path.read_bytes()
        _office_cases(folder, name, data, ".xlsx", "xl/worksheets/sheet1.xml")
        (folder / f"{name}-is-a-docx.xlsx").write_bytes(REVIEW.read_bytes())
        (folder / f"{name}-encrypted.xlsx").write_bytes(
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
        # A zip directory that declares 300 MB for a sheet: refused from the directory.
        (folder / f"{name}-big-sheet.xlsx").write_bytes(
            _copy_with(data, bomb="xl/worksheets/sheet1.xml", bomb_size=300 << 20))
    # Cells a coordinator got wrong, each placed by sheet, row and column.
    book = openpyxl.load_workbook(books["ars"])
    fiche = book["Action 1.1.2"]
    for row in range(1, fiche.max_row + 1):
        if fiche.cell(row, 1).value == "Porteur de l'action":
            fiche.cell(row, 6).value = "31/02/2022"
            break
    book.save(base / "ars" / "ars-impossible-date.xlsx")
    book = openpyxl.load_workbook(books["tet"])
    plan = book["Fichier dimport"]
    budget = next(c.column for c in plan[2] if c.value == "Budget prévisionnel total € HT")
    plan.cell(4, budget).value = "environ 5000"
    book.save(base / "tet" / "tet-budget-text.xlsx")
    book = openpyxl.load_workbook(books["suivi"])
    journal = book["Journal"]
    columns = {str(c.value): c.column for c in journal[1] if c.value is not None}
    row = journal.max_row + 1
    journal.cell(row, columns["Fiche(s)"]).value = "FA 99"
    journal.cell(row, columns["Type"]).value = "Événement"
    journal.cell(row, columns["Texte"]).value = "Une fiche qui n'existe pas."
    book.save(base / "suivi" / "suivi-unknown-fiche.xlsx")
    shutil.copytree(MAUGES, base / "suivi" / "ws", ignore=shutil.ignore_patterns("README.md"))
    shutil.rmtree(scratch)


if __name__ == "__main__":
    templates()
    importers()
    print("made", sum(1 for _ in HERE.glob("templates/*")), "templates and",
          sum(1 for _ in HERE.glob("importers/*/*.xlsx")), "workbooks")
