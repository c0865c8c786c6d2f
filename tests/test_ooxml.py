"""Every Office file clskit writes is valid against the Office Open XML schemas (issue #16).

Each case writes one document with an exporter and validates it with ``openxml-audit``
(ECMA-376 schemas plus the Open XML SDK's semantic checks, in pure Python, offline), the
same check as ``openxml-audit FILE``; any finding fails the case, printed with its part,
path and message. The Office packages a document embeds (a deck's chart workbooks) are
validated too.

The cases are every installed exporter that declares pptx, docx or xlsx, for every
example and each of those formats, plus :data:`EXTRA_CASES` for options that change the
output (a territory's template). An exporter that lands later joins on its own through
``clskit.plugins.plugins().exporters()``; :data:`AWAITED_PLUGINS` stand as skipped cases
until they register an Office exporter.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from attrs import define
from openxml_audit import OpenXmlValidator, ValidationError

import clskit
from clskit.errors import ExportError
from clskit.exporters import Needs
from clskit.plugins import export, plugins

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ("melun-val-de-seine", "paris-vallee-de-la-marne", "mauges")
OFFICE_FORMATS = ("pptx", "docx", "xlsx")
# The window each example is exported for; an example not listed gets its default window,
# clskit.snapshot.default_period, as `clskit export` gives without --period (and without
# the «outside the contract» warning a window asked for would get).
PERIODS = {"melun-val-de-seine": "2021-Q4"}
# A file an option may name, as «{key}» in its value; the `generated_inputs` fixture makes it.
CUSTOM_PPTX_TEMPLATE = "{custom_pptx_template}"
# The worked example of a territory's Word template that the review's docs describe.
CUSTOM_DOCX_TEMPLATE = str(ROOT / "plugins" / "clskit-review" / "examples" / "territoire.docx")


@define(frozen=True)
class Case:
    """One document to write and validate: ``options`` may name a generated input."""

    exporter: str
    example: str
    options: tuple[tuple[str, str], ...]
    extension: str

    @property
    def id(self) -> str:
        opts = ",".join(k for k, _ in self.options)
        return f"{self.exporter}-{self.example}{f'-{opts}' if opts else ''}.{self.extension}"


# Cases beyond one per exporter × example × Office format: add a row for an option that
# changes what is written.
EXTRA_CASES: tuple[Case, ...] = (
    *(Case("copil", example, (("template", CUSTOM_PPTX_TEMPLATE),), "pptx")
      for example in EXAMPLES),
    *(Case("review", example, (("template", CUSTOM_DOCX_TEMPLATE),), "docx")
      for example in EXAMPLES),
)

# Plugins whose Office exporters are being built (clskit-review's DOCX, clskit-ars's and
# clskit-tet's workbooks, clskit-suivi's follow-up workbook): until one registers an
# exporter of pptx/docx/xlsx it stands here as a skipped case; once it does, its
# exporters are cases like the others and its row here only documents it.
AWAITED_PLUGINS = ("review", "ars", "suivi", "tet")

# Validator rules excluded by name (ValidationError.id → the evidence that the rule is a
# validator bug, not a violation). Exclude a rule, never a file. None so far.
EXCLUDED_RULES: dict[str, str] = {}

# Findings in embedded packages known and not fixed yet: (exporter, rule id) → why. Such a
# finding makes the case xfail; the case fails when the finding is gone (remove the row).
PENDING_EMBEDDED: dict[tuple[str, str], str] = {}


def _office_cases() -> list[Case]:
    cases: list[Case] = []
    for name, (exporter, _) in sorted(plugins().exporters().items()):
        for fmt in exporter.formats:
            if fmt in OFFICE_FORMATS:
                cases += [Case(name, example, (), fmt) for example in EXAMPLES]
    return cases + [c for c in EXTRA_CASES if c not in cases]


def _awaited() -> list[tuple[str, str]]:
    """(plugin, why it has no case) for each awaited plugin with no Office exporter."""
    current = plugins()
    exporters = current.exporters()
    out = []
    for plugin in AWAITED_PLUGINS:
        if any(p == plugin and set(e.formats) & set(OFFICE_FORMATS)
               for e, p in exporters.values()):
            continue
        broken = [str(p) for p in current.problems if p.plugin == plugin]
        if broken:
            why = broken[0]
        elif current.manager.has_plugin(plugin):
            why = (f"plugin {plugin!r} ({current.origin(plugin)}) registers no exporter of "
                   f"{'/'.join(OFFICE_FORMATS)} yet")
        else:
            why = f"plugin {plugin!r} is not installed"
        out.append((plugin, why))
    return out


def _params(awaited: bool) -> list[object]:
    params: list[object] = [pytest.param(c, id=c.id) for c in _office_cases()]
    if awaited:
        params += [pytest.param(None, id=f"awaited-{plugin}", marks=pytest.mark.skip(reason=why))
                   for plugin, why in _awaited()]
    return params


@pytest.fixture(scope="module")
def validator() -> OpenXmlValidator:
    """The check ``openxml-audit FILE`` makes (Office 2019, strict), with no error cap."""
    return OpenXmlValidator(max_errors=0)


@pytest.fixture(scope="module")
def generated_inputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The files a case's options may name, by their «{key}»."""
    from pptx import Presentation

    folder = tmp_path_factory.mktemp("inputs")
    # A territory's own template: python-pptx's (4:3, its eleven layouts, Calibri), with
    # its layouts renamed in French, so that the deck finds them by placeholder.
    template = folder / "territoire.pptx"
    prs = Presentation()
    for layout in prs.slide_layouts:
        layout.name = f"Disposition {layout.name}"
    prs.save(str(template))
    return {"custom_pptx_template": str(template)}


@pytest.fixture(scope="module")
def write_case(tmp_path_factory: pytest.TempPathFactory,
               generated_inputs: dict[str, str]) -> Callable[[Case], Path]:
    """``write_case(case)`` → the document, written once per module and shared."""
    folder = tmp_path_factory.mktemp("ooxml")
    contracts: dict[str, clskit.Contract] = {}
    written: dict[Case, Path] = {}

    def write(case: Case) -> Path:
        if case in written:
            return written[case]
        contract = contracts.get(case.example)
        if contract is None:
            contract = contracts[case.example] = clskit.load(ROOT / "examples" / case.example)
        exporter, _ = plugins().exporters()[case.exporter]
        # None: export() takes default_period(contract), as the CLI does.
        period = PERIODS.get(case.example) if exporter.needs is Needs.SNAPSHOT else None
        options = {k: v.format(**generated_inputs) for k, v in case.options}
        target = folder / case.id
        try:
            export(case.exporter, contract, target, period=period, options=options)
        except ExportError as exc:
            if isinstance(exc.__cause__, NotImplementedError):
                pytest.skip(f"exporter {case.exporter!r} writes nothing yet: {exc}")
            raise
        if not target.exists() or target.stat().st_size == 0:
            pytest.skip(f"exporter {case.exporter!r} wrote nothing to {target.name}")
        written[case] = target
        return target

    return write


def _findings(validator: OpenXmlValidator, path: Path) -> list[ValidationError]:
    return [e for e in validator.validate(path).errors if e.id not in EXCLUDED_RULES]


def _describe(name: str, findings: list[ValidationError]) -> str:
    lines = [f"{name}: {len(findings)} finding(s) from openxml-audit"]
    for e in findings:
        lines.append(f"  {e.severity.value} [{e.id or e.error_type.value}] part {e.part_uri} "
                     f"path {e.path or '-'}{f' ({e.node})' if e.node else ''}: "
                     f"{e.description}")
    return "\n".join(lines)


def _embedded(path: Path, folder: Path) -> Iterator[tuple[str, Path]]:
    """The Office packages inside ``path`` (``…/embeddings/*.xlsx``…), extracted."""
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if "/embeddings/" in name and name.rsplit(".", 1)[-1] in OFFICE_FORMATS:
                target = folder / name.replace("/", "_")
                target.write_bytes(archive.read(name))
                yield name, target


@pytest.mark.parametrize("case", _params(awaited=True))
def test_office_output_is_valid(case: Case, write_case: Callable[[Case], Path],
                                validator: OpenXmlValidator) -> None:
    path = write_case(case)
    findings = _findings(validator, path)
    assert not findings, _describe(path.name, findings)


@pytest.mark.parametrize("case", _params(awaited=False))
def test_embedded_packages_are_valid(case: Case, write_case: Callable[[Case], Path],
                                     validator: OpenXmlValidator, tmp_path: Path) -> None:
    path = write_case(case)
    failing: list[str] = []
    pending: list[ValidationError] = []
    embedded = list(_embedded(path, tmp_path))
    for name, part in embedded:
        findings = _findings(validator, part)
        known = [e for e in findings if (case.exporter, e.id) in PENDING_EMBEDDED]
        unknown = [e for e in findings if e not in known]
        if unknown:
            failing.append(_describe(f"{path.name}!{name}", unknown))
        pending += known
    assert not failing, "\n".join(failing)
    # A pending rule that no longer shows in a document that embeds packages is fixed.
    seen = {e.id for e in pending}
    stale = sorted(k for k in PENDING_EMBEDDED
                   if embedded and k[0] == case.exporter and k[1] not in seen)
    assert not stale, f"fixed: remove {stale} from PENDING_EMBEDDED"
    if pending:
        reasons = sorted({PENDING_EMBEDDED[(case.exporter, e.id)] for e in pending})
        pytest.xfail(f"{len(pending)} known finding(s), not fixed yet: " + "; ".join(reasons))


def test_region_workbook_is_valid(validator: OpenXmlValidator, tmp_path: Path) -> None:
    """``clskit region --format xlsx``: the roll-up of the examples, through
    clskit.workbooks.save like the exporters' workbooks."""
    from clskit._region_xlsx import write_xlsx
    from clskit.region import load_region

    target = tmp_path / "region.xlsx"
    write_xlsx(load_region(ROOT / "examples", cache=False), target)
    findings = _findings(validator, target)
    assert not findings, _describe(target.name, findings)
