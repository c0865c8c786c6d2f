"""``clskit export --redact``: no person's name, e-mail, phone or id left in any document.

Every example is exported with every installed exporter, in every format but PDF (its
text is the DOCX's, converted by LibreOffice) and PNG (pixels), with ``redact=True``; the
text of each output (``tests/extract.py``: slides and speaker notes, DOCX headers and
footers, cells, document properties, embedded workbooks, HTML, Markdown, iCalendar,
dumps, graph files) is searched for every person of the record.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import clskit
from clskit.plugins import export, plugins
from clskit.redact import ANONYMOUS, redact
from extract import normalised, texts

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted(p for p in (ROOT / "examples").iterdir() if (p / "contract.yaml").exists())
SKIPPED_FORMATS = {"pdf", "png"}


def _targets() -> list[tuple[str, str]]:
    return [(name, fmt) for name, (exporter, _) in sorted(plugins().exporters().items())
            for fmt in exporter.formats if fmt not in SKIPPED_FORMATS and fmt != "yml"]


def _phone_pattern(phone: str) -> re.Pattern[str] | None:
    digits = re.sub(r"\D", "", phone)
    if len(digits) < 6:
        return None
    return re.compile(r"(?<!\d)" + r"[\s.\-]*".join(digits) + r"(?!\d)")


def leaks(contract: clskit.Contract, found: list[str]) -> list[str]:
    """What of ``contract``'s people appears in the texts ``found``."""
    flat = [normalised(text) for text in found]
    left = []
    for person in contract.people:
        probes = [normalised(person.name)]
        probes += [normalised(person.email)] if person.email else []
        for probe in probes:
            if any(probe in text for text in flat):
                left.append(f"{person.id}: {probe!r}")
        pattern = _phone_pattern(person.phone) if person.phone else None
        if pattern is not None and any(pattern.search(text) for text in flat):
            left.append(f"{person.id}: phone {person.phone!r}")
        id_pattern = re.compile(rf"(?<![\w-]){re.escape(person.id)}(?![\w-])")
        if any(id_pattern.search(text) for text in found):
            left.append(f"{person.id}: its id")
    return left


@pytest.fixture(scope="module")
def contracts() -> dict[str, clskit.Contract]:
    return {p.name: clskit.load(p) for p in EXAMPLES}


def _meeting(contract: clskit.Contract) -> str | None:
    dated = [m for m in contract.meetings if m.date is not None]
    return max(dated, key=lambda m: (m.date, m.id)).id if dated else None


@pytest.mark.parametrize(("exporter", "fmt"), _targets())
def test_no_person_is_left_in_any_redacted_document(exporter: str, fmt: str,
                                                    contracts: dict[str, clskit.Contract],
                                                    tmp_path: Path) -> None:
    found_people = 0
    for name, contract in contracts.items():
        target = tmp_path / f"{name}.{fmt}"
        needs = plugins().exporters()[exporter][0].needs
        meeting = _meeting(contract) if needs is clskit.Needs.SNAPSHOT else None
        export(exporter, contract, target, meeting=meeting, redact=True)
        found = texts(target)
        assert found, f"{target.name}: no text read"
        assert not leaks(contract, found), f"{name} ({exporter}, {fmt})"
        found_people += len(contract.people)
    assert found_people > 20


def test_the_check_finds_what_an_unredacted_export_leaves(contracts, tmp_path: Path) -> None:
    """The test above proves something only if, without redaction, it finds people."""
    contract = contracts["mauges"]
    for exporter, fmt in (("yaml", "yaml"), ("copil", "pptx"), ("review", "docx")):
        if exporter not in plugins().exporters():
            continue
        target = tmp_path / f"plain.{fmt}"
        meeting = _meeting(contract) if exporter != "yaml" else None
        export(exporter, contract, target, meeting=meeting)
        assert leaks(contract, texts(target)), exporter


def test_redact_names_people_by_their_role_and_keeps_references() -> None:
    contract = clskit.load(ROOT / "examples" / "mauges")
    redacted = redact(contract)
    by_id = {p.id: p for p in redacted.people}
    assert all(p.id.startswith("personne-") for p in redacted.people)
    assert all(p.email is None and p.phone is None and p.honorific is None
               for p in redacted.people)
    assert redacted.coordinator in by_id
    for meeting in redacted.meetings:
        for ref in meeting.participants + meeting.opened_by:
            assert ref in by_id or ref in {o.id for o in redacted.organisations}
    first = contract.people[0]
    assert by_id["personne-1"].name == first.position
    assert by_id["personne-1"].position is None   # never «Président – Président»
    assert contract.people[0].name == first.name  # the record itself is untouched
    assert not clskit.check(redacted) or all(
        d.severity is not clskit.Severity.ERROR for d in clskit.check(redacted))


def test_texts_lose_names_written_otherwise() -> None:
    person = clskit.Person(id="hm", name="Hélène MARIE", position="Déléguée",
                           email="helene.marie@ars.sante.fr", phone="01 64 79 25 25")
    nobody = clskit.Person(id="x", name="Xavier")
    contract = clskit.Contract(
        id="c", name="CLS", territory=clskit.Territory(name="T"), people=[person, nobody],
        description="Contact : MARIE Hélène (helene.MARIE@ars.sante.fr, +33 1.64.79.25.25 "
                    "ou 0164792525) ; hélène   marie confirme. Xavier aussi. Mairie.")
    text = redact(contract).description or ""
    assert "MARIE" not in text.upper().replace("MAIRIE", "")
    assert "64" not in text and "@" not in text
    assert "Xavier" not in text and ANONYMOUS in text and "Mairie" in text
    assert text.count("Déléguée") == 5


def test_the_exporters_redact_option_is_an_alias(contracts, tmp_path: Path) -> None:
    if "copil" not in plugins().exporters():
        pytest.skip("needs the copil exporter")
    contract = contracts["mauges"]
    one, two = tmp_path / "option.pptx", tmp_path / "flag.pptx"
    export("copil", contract, one, meeting=_meeting(contract), options={"redact": "true"})
    export("copil", contract, two, meeting=_meeting(contract), redact=True)
    assert not leaks(contract, texts(one))
    assert one.read_bytes() == two.read_bytes()


def test_the_command_line_flag(tmp_path: Path) -> None:
    from clskit.cli import main

    target = tmp_path / "out.ics"
    assert main(["export", "ics", str(ROOT / "examples" / "mauges"), "-o", str(target),
                 "--redact"]) == 0
    contract = clskit.load(ROOT / "examples" / "mauges")
    assert not leaks(contract, texts(target))
