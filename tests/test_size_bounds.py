"""Every size bound of issue #13 refuses with one located line (docs/security.md:
«Bounds: time and memory», «Workbooks read by importers», «User templates»).

Each test feeds one input past one bound, through the function that holds the bound
and through the command line, and asserts the refusal: the message promised (naming
the file), the documented kind (a ``CLS001``/``CLS201`` diagnostic, an
:class:`~clskit.errors.ExportError` of one line), no traceback, nothing written. Inputs
are real-size wherever that is cheap: a file past a size bound is *sparse* (its size is
declared, its blocks are not written), which is also how the tests show it is refused
unread. A bound is monkeypatched only to test its exact edge; the name patched is the
module global the code reads at call time (``loader.MAX_FILE_BYTES``,
``templates.MAX_TEXT_BYTES``, ``sandbox.MAX_OUTPUT_CHARS``), and each such test shows
the patch took effect (a limit of 1 MB is named «1 MB»).
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import shutil
import time
import tracemalloc
import zipfile
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any, TypeVar

import pytest

import clskit
from clskit import Severity, loader, sandbox, templates, workbooks
from clskit.cli import main
from clskit.errors import ExportError
from clskit.workbooks import Limits, Problems
from clskit_test_support import MINIMAL

CORPUS = Path(__file__).parent / "bad_inputs"
MB = 2**20
T = TypeVar("T")

#: What every Office template must hold to be of its kind (templates._KINDS).
KIND_PART = {"pptx": "ppt/presentation.xml", "docx": "word/document.xml"}
#: The exporter that takes a template of each kind, and the output it would write.
TEMPLATED = {"pptx": ("copil", "deck.pptx"), "docx": ("review", "revue.docx")}
#: jinja2 caps range() at 100,000: 1,000 characters a turn make 100 million.
LOOP = "{% for i in range(100000) %}" + "x" * 1000 + "{% endfor %}\n"


# ---- helpers


def cli(*args: str) -> tuple[int, str]:
    """``clskit ARGS`` in-process: its exit code and its output (stdout then stderr),
    which never holds a traceback."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(list(args))
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 2
    text = out.getvalue() + err.getvalue()
    assert "Traceback" not in text, text
    return code, text


def one_line(output: str, *fragments: str) -> str:
    """The one line of ``output`` holding every fragment."""
    lines = [line for line in output.splitlines() if all(f in line for f in fragments)]
    assert len(lines) == 1, f"not one line holds {fragments}:\n{output}"
    return lines[0]


def sparse(path: Path, size: int, head: bytes = b"") -> Path:
    """A file of ``size`` bytes that starts with ``head``, the rest a hole (no block
    written): a real size for ``stat``, zeros for a reader, nothing on disk."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        handle.write(head)
        handle.truncate(size)
    return path


def peak(call: Callable[[], T]) -> tuple[T, int]:
    """``call()``'s result and the most memory (bytes) Python held while it ran."""
    tracemalloc.start()
    try:
        result = call()
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def state(root: Path) -> dict[str, str]:
    """Every file under ``root`` by relative path, with its content's digest."""
    found = {}
    for path in sorted(root.rglob("*")):
        if path.is_file():
            with path.open("rb") as handle:
                digest = hashlib.file_digest(handle, "sha256").hexdigest()
            found[path.relative_to(root).as_posix()] = digest
    return found


def zip_of(path: Path, parts: dict[str, bytes | str], compression: int = zipfile.ZIP_STORED
           ) -> Path:
    with zipfile.ZipFile(path, "w", compression) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return path


def many_parts(path: Path, kind_part: str, count: int) -> Path:
    """A package of ``count`` parts: ``kind_part`` and empty ones."""
    parts: dict[str, bytes | str] = {kind_part: "<x/>"}
    parts.update({f"p/{i}.xml": b"" for i in range(count - 1)})
    return zip_of(path, parts)


def damaged_crc(path: Path, kind_part: str) -> Path:
    """A package whose part ``docProps/app.xml`` (stored) has one byte changed after the
    zip was written: its size and headers hold, its CRC does not."""
    zip_of(path, {kind_part: "<x/>", "docProps/app.xml": "<Properties>clskit</Properties>"})
    raw = path.read_bytes()
    at = raw.index(b"<Properties>clskit") + len(b"<Properties>")
    path.write_bytes(raw[:at] + b"C" + raw[at + 1:])
    return path


def needs(kind: str, name: str) -> None:
    from clskit.plugins import plugins

    found = plugins().importers() if kind == "importer" else plugins().exporters()
    if name not in found:
        pytest.skip(f"needs the {kind} {name!r}")


def record(tmp_path: Path) -> Path:
    """A copy of the record the corpus's template cases export."""
    target = tmp_path / "in" / "contract.yaml"
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(CORPUS / "templates" / "contract.yaml", target)
    return target


# ---- records: loader.MAX_FILE_BYTES (16 MB), CLS001


@pytest.mark.parametrize("name", ["contract.yaml", "contract.json"])
def test_a_record_over_16_mb_is_refused_unread(name: str, tmp_path: Path) -> None:
    assert loader.MAX_FILE_BYTES == 16 * MB
    small = tmp_path / "small" / "contract.yaml"
    small.parent.mkdir()
    small.write_text(MINIMAL, encoding="utf-8")
    assert clskit.validate(small).ok  # everything imported before memory is measured
    huge = sparse(tmp_path / "huge" / name, 256 * MB, b'{"id": "test"}\n')
    started = time.perf_counter()
    report, most = peak(lambda: clskit.validate(huge))
    assert time.perf_counter() - started < 2
    (found,) = report.diagnostics
    assert found.severity is Severity.ERROR and found.rule == "CLS001"
    assert found.location.file == str(huge) and found.location.line is None
    assert found.message == ("this file is larger than 16 MB; clskit reads record files up "
                             "to that size")
    assert report.contract is None
    # What is read is bounded by the limit (the bytes read, the ids guessed from them),
    # not by the file: far less than its 256 MB.
    assert most < 96 * MB, f"{most / MB:.0f} MB held for a file refused past 16 MB"


def test_a_fiche_over_16_mb_is_named_by_its_path_in_the_workspace(tmp_path: Path) -> None:
    workspace = tmp_path / "ws"
    (workspace / "actions").mkdir(parents=True)
    (workspace / "contract.yaml").write_text(MINIMAL, encoding="utf-8")
    sparse(workspace / "actions" / "fa-01.yaml", 16 * MB + 1, b"id: fa-01\n")
    before = state(tmp_path)
    code, output = cli("validate", str(workspace))
    assert code == 1
    one_line(output, "actions/fa-01.yaml: error CLS001 this file is larger than 16 MB; "
                     "clskit reads record files up to that size")
    code, output = cli("export", "json", str(workspace), "-o", str(tmp_path / "c.json"))
    assert code == 1
    one_line(output, "actions/fa-01.yaml: error CLS001 this file is larger than 16 MB")
    assert "nothing written" in output
    assert state(tmp_path) == before


def test_the_record_limit_is_read_at_call_time_and_holds_to_the_byte(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loader, "MAX_FILE_BYTES", MB)
    head = MINIMAL.encode("utf-8") + b"# "
    path = tmp_path / "contract.yaml"
    path.write_bytes(head + b"x" * (MB - len(head) - 1) + b"\n")
    assert path.stat().st_size == MB
    assert clskit.validate(path).ok  # exactly the limit: read
    path.write_bytes(path.read_bytes() + b"\n")
    code, output = cli("validate", str(path))
    assert code == 1
    one_line(output, f"{path}: error CLS001 this file is larger than 1 MB; clskit reads "
                     "record files up to that size")


def test_the_region_refuses_a_record_over_16_mb_through_its_cache(tmp_path: Path) -> None:
    region = tmp_path / "region"
    (region / "b").mkdir(parents=True)
    (region / "b" / "contract.yaml").write_text(MINIMAL, encoding="utf-8")
    sparse(region / "a" / "contract.yaml", 16 * MB + 1, b"id: a\n")
    before = state(region)
    code, output = cli("region", str(region))
    assert code == 1
    one_line(output, "clskit: a: not loaded (1 error(s); first: contract.yaml: error CLS001 "
                     "this file is larger than 16 MB")
    one_line(output, "1 contrat", "(1 non chargé(s))")
    assert state(region) == before


def test_the_region_refuses_a_record_over_the_limit_unread(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loader, "MAX_FILE_BYTES", MB)
    region = tmp_path / "region"
    (region / "b").mkdir(parents=True)
    (region / "b" / "contract.yaml").write_text(MINIMAL, encoding="utf-8")
    assert cli("region", str(region))[0] == 0  # everything imported before measuring
    sparse(region / "a" / "contract.yaml", 64 * MB, b"id: a\n")
    (code, output), most = peak(lambda: cli("region", str(region)))
    assert code == 1
    one_line(output, "contract.yaml: error CLS001 this file is larger than 1 MB")
    assert most < 16 * MB, f"{most / MB:.0f} MB held for a file refused past 1 MB"


# ---- workbooks: workbooks.Limits (50 MB, 10,000 parts), CLS201


def a_workbook(path: Path) -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["Titre", "Statut"])
    book.save(path)
    return path


def only_problem(path: Path, limits: Limits | None = None) -> str:
    problems = Problems()
    assert workbooks.open_workbook(path, problems, limits=limits) is None
    (problem,) = problems.items
    assert problem.severity is Severity.ERROR and problem.rule == "CLS201"
    assert problem.location.file == path.name
    return str(problem)


def test_a_workbook_over_50_mb_is_refused_unread(tmp_path: Path) -> None:
    assert Limits().max_bytes == 50 * MB
    big = sparse(tmp_path / "big.xlsx", 60 * MB, b"PK\x03\x04")
    message, most = peak(lambda: only_problem(big))
    assert message == ("big.xlsx: error CLS201 le fichier pèse 60 Mo : plus que les 50 Mo "
                       "qu'un classeur peut peser ici")
    assert most < 4 * MB, f"{most / MB:.0f} MB held for a workbook refused by its size"


def test_a_workbook_of_more_than_10000_parts_is_refused_from_its_directory(
        tmp_path: Path) -> None:
    assert Limits().max_parts == 10_000
    many = many_parts(tmp_path / "many.xlsx", "xl/workbook.xml", 10_001)
    assert only_problem(many) == ("many.xlsx: error CLS201 le classeur se décompresse en 0 Mo "
                                  "et 10001 parties : plus qu'un classeur ne peut en tenir ici")


def test_the_workbook_limits_hold_to_the_byte_and_the_part(tmp_path: Path) -> None:
    path = a_workbook(tmp_path / "plan.xlsx")
    size = path.stat().st_size
    with zipfile.ZipFile(path) as archive:
        parts = len(archive.infolist())
    exact = Limits(max_bytes=size, max_parts=parts)
    book = workbooks.open_workbook(path, Problems(), limits=exact)
    assert book is not None and book.titles() == ["Sheet"]
    assert "le fichier pèse 0 Mo : plus que les 0 Mo" in only_problem(
        path, Limits(max_bytes=size - 1))
    assert f"et {parts} parties : plus qu'un classeur ne peut en tenir ici" in only_problem(
        path, Limits(max_parts=parts - 1))


@pytest.mark.parametrize("importer", ["ars", "suivi", "tet"])
@pytest.mark.parametrize(("bad", "message"), [
    ("big", "le fichier pèse 60 Mo : plus que les 50 Mo qu'un classeur peut peser ici"),
    ("many", "le classeur se décompresse en 0 Mo et 10001 parties"),
])
def test_every_importer_refuses_a_workbook_past_the_bounds(
        importer: str, bad: str, message: str, tmp_path: Path) -> None:
    needs("importer", importer)
    source = tmp_path / "in" / f"{bad}.xlsx"
    if bad == "big":
        sparse(source, 60 * MB, b"PK\x03\x04")
    else:
        source.parent.mkdir()
        many_parts(source, "xl/workbook.xml", 10_001)
    workspace = tmp_path / "ws"
    if importer == "suivi":  # suivi adds to a workspace
        shutil.copytree(CORPUS / "importers" / "suivi" / "ws", workspace)
        target = ["--into", str(workspace)]
    else:
        target = ["-o", str(workspace)]
    before = state(tmp_path)
    code, output = cli("import", importer, str(source), *target)
    assert code == 1
    one_line(output, f"{bad}.xlsx: error CLS201 {message}")
    one_line(output, f"1 error in {source}: nothing was written")
    assert state(tmp_path) == before
    assert importer == "suivi" or not workspace.exists()


# ---- Office templates: templates.MAX_FILE_BYTES (100 MB), MAX_PARTS (5,000), CRCs


@pytest.mark.parametrize("kind", ["pptx", "docx"])
def test_a_template_over_100_mb_is_refused_unread(kind: str, tmp_path: Path) -> None:
    assert templates.MAX_FILE_BYTES == 100 * MB
    big = sparse(tmp_path / f"charte.{kind}", 101 * MB, b"PK\x03\x04")
    started = time.perf_counter()
    with pytest.raises(ExportError) as refused:
        templates.check_package(big, kind)
    assert time.perf_counter() - started < 1
    assert str(refused.value) == f"template charte.{kind}: is larger than 100 MB"


@pytest.mark.parametrize("kind", ["pptx", "docx"])
def test_a_template_of_more_than_5000_parts_is_refused(kind: str, tmp_path: Path) -> None:
    assert templates.MAX_PARTS == 5_000
    exact = many_parts(tmp_path / f"exact.{kind}", KIND_PART[kind], 5_000)
    assert templates.check_package(exact, kind) is None  # exactly the bound: accepted
    many = many_parts(tmp_path / f"charte.{kind}", KIND_PART[kind], 5_001)
    with pytest.raises(ExportError) as refused:
        templates.check_package(many, kind)
    assert str(refused.value) == (f"template charte.{kind}: 5001 parts, more than the 5000 a "
                                  "template may hold")


@pytest.mark.parametrize("kind", ["pptx", "docx"])
def test_a_template_part_whose_crc_fails_is_named(kind: str, tmp_path: Path) -> None:
    damaged = damaged_crc(tmp_path / f"charte.{kind}", KIND_PART[kind])
    with zipfile.ZipFile(damaged) as archive:  # the directory is whole: only the CRC fails
        assert archive.getinfo("docProps/app.xml").file_size == len(
            "<Properties>clskit</Properties>")
        assert archive.testzip() == "docProps/app.xml"
    with pytest.raises(ExportError) as refused:
        templates.check_package(damaged, kind)
    assert str(refused.value) == (f"template charte.{kind}: the package is truncated or "
                                  "damaged (part docProps/app.xml)")


def test_a_deflated_template_part_that_is_damaged_is_named(tmp_path: Path) -> None:
    path = zip_of(tmp_path / "charte.pptx", {"ppt/presentation.xml": "<x/>",
                                            "docProps/thumbnail.jpeg": bytes(range(256)) * 64},
                  zipfile.ZIP_DEFLATED)
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("docProps/thumbnail.jpeg")
    raw = bytearray(path.read_bytes())
    data = info.header_offset + 30 + len(info.filename) + len(info.extra)
    raw[data + 10:data + 18] = bytes(b ^ 0xFF for b in raw[data + 10:data + 18])
    path.write_bytes(bytes(raw))
    with pytest.raises(ExportError) as refused:
        templates.check_package(path, "pptx")
    assert str(refused.value).startswith("template charte.pptx: the package is truncated or "
                                         "damaged")


# ---- text templates: templates.MAX_TEXT_BYTES (16 MB)


def test_a_text_template_over_16_mb_is_refused(tmp_path: Path) -> None:
    assert templates.MAX_TEXT_BYTES == 16 * MB
    big = sparse(tmp_path / "territoire.html", 64 * MB, b"<p>{{ review.title }}</p>\n")

    def refusal() -> str:
        with pytest.raises(ExportError) as refused:
            templates.read_text(big)
        return str(refused.value)

    message, most = peak(refusal)
    assert message == "template territoire.html: is larger than 16 MB"
    assert most < 40 * MB, f"{most / MB:.0f} MB held for a template refused past 16 MB"


def test_the_text_template_limit_is_read_at_call_time_and_holds_to_the_byte(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(templates, "MAX_TEXT_BYTES", MB)
    path = tmp_path / "territoire.md"
    path.write_bytes(b"# {{ review.title }}\n" + b"x" * (MB - 22) + b"\n")
    assert path.stat().st_size == MB
    assert templates.read_text(path).startswith("# {{ review.title }}")
    path.write_bytes(path.read_bytes() + b"\n")
    with pytest.raises(ExportError) as refused:
        templates.read_text(path)
    assert str(refused.value) == "template territoire.md: is larger than 1 MB"


# ---- templates through the exporters: one line, nothing written


def bad_package(path: Path, bad: str, kind: str) -> Path:
    if bad == "big":
        return sparse(path, 101 * MB, b"PK\x03\x04")
    if bad == "many":
        return many_parts(path, KIND_PART[kind], 5_001)
    return damaged_crc(path, KIND_PART[kind])


@pytest.mark.parametrize("kind", ["pptx", "docx"])
@pytest.mark.parametrize(("bad", "message"), [
    ("big", "is larger than 100 MB"),
    ("many", "5001 parts, more than the 5000 a template may hold"),
    ("crc", "the package is truncated or damaged (part docProps/app.xml)"),
])
def test_the_deck_and_the_review_refuse_a_template_past_the_bounds(
        kind: str, bad: str, message: str, tmp_path: Path) -> None:
    exporter, output = TEMPLATED[kind]
    needs("exporter", exporter)
    contract = record(tmp_path)
    template = bad_package(tmp_path / "in" / f"charte.{kind}", bad, kind)
    (tmp_path / "out").mkdir()
    before = state(tmp_path)
    code, text = cli("export", exporter, str(contract), "--option", f"template={template}",
                     "-o", str(tmp_path / "out" / output))
    assert code == 1
    assert one_line(text, "template") == f"clskit: template charte.{kind}: {message}"
    assert state(tmp_path) == before


@pytest.mark.parametrize("suffix", ["html", "md"])
def test_the_review_refuses_a_text_template_over_16_mb(suffix: str, tmp_path: Path) -> None:
    needs("exporter", "review")
    contract = record(tmp_path)
    template = sparse(tmp_path / "in" / f"territoire.{suffix}", 16 * MB + 1, b"{{ 1 }}\n")
    (tmp_path / "out").mkdir()
    before = state(tmp_path)
    code, text = cli("export", "review", str(contract), "--option", f"template={template}",
                     "-o", str(tmp_path / "out" / f"revue.{suffix}"))
    assert code == 1
    assert one_line(text, "template") == \
        f"clskit: template territoire.{suffix}: is larger than 16 MB"
    assert state(tmp_path) == before


# ---- the sandbox's output: MAX_OUTPUT_CHARS (50 million characters)


def sandboxes() -> list[Any]:
    """clskit.sandbox, which every exporter's templates render in (the review's too)."""
    return [pytest.param(sandbox, id="clskit.sandbox")]


@pytest.mark.parametrize("module", sandboxes())
def test_a_template_making_over_50_million_characters_is_refused(module: ModuleType) -> None:
    assert module.MAX_OUTPUT_CHARS == 50_000_000
    env = module.environment(autoescape=False)
    started = time.perf_counter()
    with pytest.raises(ExportError) as refused:
        module.render(env, LOOP, "territoire.md", {})
    assert time.perf_counter() - started < 2
    assert str(refused.value) == ("template territoire.md: refused by the sandbox: it makes "
                                  "more than 50 000 000 characters")


@pytest.mark.parametrize("module", sandboxes())
def test_the_output_cap_is_read_at_call_time_and_holds_to_the_character(
        module: ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(module, "MAX_OUTPUT_CHARS", 1_000)
    env = module.environment(autoescape=True)
    assert module.render(env, "{% for i in range(100) %}xxxxxxxxxx{% endfor %}", "t.html",
                         {}) == "x" * 1_000  # exactly the cap: rendered
    with pytest.raises(ExportError) as refused:
        module.render(env, "{% for i in range(101) %}xxxxxxxxxx{% endfor %}", "t.html", {})
    assert str(refused.value) == ("template t.html: refused by the sandbox: it makes more "
                                  "than 1 000 characters")


@pytest.mark.parametrize("suffix", ["html", "md"])
def test_the_review_refuses_a_text_template_making_too_much(suffix: str,
                                                            tmp_path: Path) -> None:
    needs("exporter", "review")
    contract = record(tmp_path)
    template = tmp_path / "in" / f"territoire.{suffix}"
    template.write_text(LOOP, encoding="utf-8")
    (tmp_path / "out").mkdir()
    before = state(tmp_path)
    code, text = cli("export", "review", str(contract), "--option", f"template={template}",
                     "-o", str(tmp_path / "out" / f"revue.{suffix}"))
    assert code == 1
    assert one_line(text, "template") == (f"clskit: template territoire.{suffix}: refused by "
                                          "the sandbox: it makes more than 50 000 000 "
                                          "characters")
    assert state(tmp_path) == before


def test_the_review_refuses_a_word_paragraph_making_too_much(tmp_path: Path) -> None:
    needs("exporter", "review")
    import docx

    contract = record(tmp_path)
    document = docx.Document()
    document.add_paragraph("{{ contract_name }}")
    document.add_paragraph(LOOP.strip())
    template = tmp_path / "in" / "charte.docx"
    document.save(str(template))
    (tmp_path / "out").mkdir()
    before = state(tmp_path)
    code, text = cli("export", "review", str(contract), "--option", f"template={template}",
                     "-o", str(tmp_path / "out" / "revue.docx"))
    assert code == 1
    line = one_line(text, "template")
    assert line.startswith("clskit: template charte.docx, paragraph 2 («{% for i in range(")
    assert line.endswith("»): refused by the sandbox: it makes more than 50 000 000 "
                         "characters")
    assert state(tmp_path) == before


def test_read_bounded_reads_whole_files_and_stops_past_the_bound(tmp_path: Path) -> None:
    import os

    path = tmp_path / "f.yaml"
    path.write_bytes(b"0123456789")
    with path.open("rb") as handle:
        assert loader.read_bounded(handle, 100) == b"0123456789"
    with path.open("rb") as handle:
        assert loader.read_bounded(handle, 5) == b"012345"   # one more: too big
    with path.open("rb") as handle:
        path.write_bytes(b"0123456789" * 3)                  # grew after it was opened
        assert loader.read_bounded(handle, 100) == b"0123456789" * 3
    read, write = os.pipe()                                  # size 0: read on
    os.write(write, b"x" * 20)
    os.close(write)
    with os.fdopen(read, "rb") as handle:
        assert loader.read_bounded(handle, 8) == b"x" * 9
