"""The regional report: the HTML page (escaped, self-contained, in a real browser) and
the workbook (through clskit.workbooks)."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import html5lib
import pytest
from openpyxl import load_workbook

from browser import Browser, chromium_path
from clskit._region_html import render_html
from clskit._region_report import months_before, stale
from clskit._region_xlsx import write_xlsx
from clskit.cli import main
from clskit.region import load_region
from clskit_test_support import EXAMPLE_NAMES, EXAMPLES

HOSTILE = '<script>alert("nom")</script>'
HOSTILE_TERRITORY = '"><img src=x onerror=alert(1)>'
HOSTILE_THEME = "</svg><script>alert('thème')</script>"
NS = {"h": "http://www.w3.org/1999/xhtml"}


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The three examples, one renamed with markup everywhere, and a broken contract
    whose file name is markup too."""
    root = tmp_path_factory.mktemp("region-report")
    for name in EXAMPLE_NAMES:
        shutil.copytree(EXAMPLES / name, root / name, ignore=shutil.ignore_patterns("README.md"))
    contract = root / "mauges" / "contract.yaml"
    text = contract.read_text(encoding="utf-8")
    text = text.replace("short_name: CLS 1 de Mauges Communauté", f"short_name: '{HOSTILE}'")
    text = text.replace("  name: Mauges Communauté\n", f"  name: '{HOSTILE_TERRITORY}'\n", 1)
    contract.write_text(text, encoding="utf-8")
    action = root / "mauges" / "actions" / "action-1-1-5.yaml"
    action.write_text(action.read_text(encoding="utf-8").replace(
        "  - Action communautaire en santé", f'  - "{HOSTILE_THEME}"'), encoding="utf-8")
    (root / "<b>cassé<i>.yaml").write_text(
        "id: x\nname: y\nperiod: 2021-Q9\nterritory:\n  name: t\n", encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def page_file(folder: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("page") / "region.html"
    assert main(["region", str(folder), "--format", "html", "-o", str(target)]) == 1
    return target


def _tree(path: Path):  # type: ignore[no-untyped-def]
    return html5lib.parse(path.read_text(encoding="utf-8"), treebuilder="etree")


def test_every_value_is_escaped(page_file: Path) -> None:
    text = page_file.read_text(encoding="utf-8")
    tree = _tree(page_file)
    scripts = tree.findall(".//h:script", NS)
    assert len(scripts) == 1 and "alert" not in (scripts[0].text or "")
    assert tree.findall(".//h:img", NS) == [] and tree.findall(".//h:b", NS) != []
    assert "&lt;script&gt;alert(&quot;nom&quot;)&lt;/script&gt;" in text
    assert HOSTILE not in text and HOSTILE_TERRITORY not in text and HOSTILE_THEME not in text
    # The markup reads as text where a person sees it.
    page = "".join(tree.itertext())
    assert HOSTILE in page and HOSTILE_TERRITORY in page and "<b>cassé<i>.yaml" in page


def test_page_is_self_contained(page_file: Path) -> None:
    text = page_file.read_text(encoding="utf-8")
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", text)
    assert "@import" not in text and "url(" not in text
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', text)
    assert csp and "default-src 'none'" in csp[1] and "unsafe-inline" not in csp[1].split(
        "script-src")[1]
    assert "@media print" in text


def test_page_says_date_failures_and_links_each_contract(page_file: Path) -> None:
    tree = _tree(page_file)
    page = "".join(tree.itertext())
    assert "Situation au 16 juin 2022" in page
    failed = tree.find(".//h:section[@id='non-charges']", NS)
    assert failed is not None and "<b>cassé<i>.yaml" in "".join(failed.itertext())
    table = tree.find(".//h:table[@id='contrats']", NS)
    assert table is not None
    links = [a.get("href") for a in table.findall(".//h:tbody//h:a", NS)]
    assert len(links) == 3
    for link in links:
        section = tree.find(f".//h:section[@id='{link[1:]}']", NS)
        assert section is not None and section.get("class") == "contract"


def test_stale_records() -> None:
    region = load_region(EXAMPLES.parent / "examples", dt.date(2022, 6, 16), cache=False)
    late = stale(region, months=6)
    assert all(last is None or last < dt.date(2021, 12, 16) for _, last in late)
    assert months_before(dt.date(2022, 3, 31), 1) == dt.date(2022, 2, 28)
    assert months_before(dt.date(2022, 1, 15), 13) == dt.date(2020, 12, 15)


def test_workbook(folder: Path, tmp_path: Path) -> None:
    target = tmp_path / "region.xlsx"
    assert main(["region", str(folder), "--format", "xlsx", "-o", str(target)]) == 1
    book = load_workbook(target)
    assert book.sheetnames == ["Synthèse", "Contrats", "Instances en retard",
                               "Partenaires communs", "Sans nouvelles", "Thèmes"]
    contracts = book["Contrats"]
    assert contracts.max_row == 1 + 3
    names = [contracts.cell(row=r, column=1).value for r in range(2, 5)]
    assert HOSTILE in names
    summary = [c.value for c in book["Synthèse"]["A"]]
    assert "Contrats non chargés (non comptés)" in summary
    assert book["Synthèse"]["B2"].value.date() == dt.date(2022, 6, 16)
    assert main(["region", str(folder), "--format", "xlsx"]) == 2  # a workbook needs -o


def test_workbook_text_never_a_formula(tmp_path: Path) -> None:
    root = tmp_path / "region"
    shutil.copytree(EXAMPLES / "mauges", root / "mauges")
    contract = root / "mauges" / "contract.yaml"
    contract.write_text(contract.read_text(encoding="utf-8").replace(
        "short_name: CLS 1 de Mauges Communauté", "short_name: '=1+1'"), encoding="utf-8")
    target = tmp_path / "region.xlsx"
    write_xlsx(load_region(root, cache=False), target)
    cell = load_workbook(target)["Contrats"]["A2"]
    assert cell.value == "=1+1" and cell.data_type == "s"


def test_render_html_without_data(tmp_path: Path) -> None:
    region = load_region(tmp_path, dt.date(2024, 1, 1), cache=False)
    text = render_html(region)
    assert "Aucune donnée." in text and "0 contrat" in text


requires_chromium = pytest.mark.skipif(chromium_path() is None,
                                       reason="chromium is not installed (apt-get install "
                                       "chromium)")


@requires_chromium
def test_in_a_real_browser(page_file: Path, tmp_path: Path) -> None:
    executable = chromium_path()
    assert executable is not None
    with Browser(executable) as browser:
        page = browser.open(page_file.as_uri())
        assert page.errors() == []
        assert page.requests() == [page_file.as_uri()]  # the page itself, nothing else
        # A chart is drawn: its bars have a size on the screen.
        bars = page.evaluate("""Array.from(document.querySelectorAll(
            '#graphique-statuts rect')).map(r => r.getBoundingClientRect().width)""")
        assert bars and all(w > 0 for w in bars)
        # No markup from the records became an element; the alerts never ran.
        assert page.evaluate("document.scripts.length") == 1
        assert page.evaluate("document.images.length") == 0
        # A table sorts: by number of fiches, up then down.
        column = """Array.from(document.querySelectorAll('#contrats tbody tr'))
            .map(r => parseInt(r.cells[5].getAttribute('data-sort')))"""
        click = """document.querySelectorAll('#contrats thead th')[5]
            .querySelector('button').click()"""
        page.evaluate(click)
        up = page.evaluate(column)
        assert up == sorted(up)
        assert page.evaluate("document.querySelectorAll('#contrats thead th')[5]"
                             ".getAttribute('aria-sort')") == "ascending"
        page.evaluate(click)
        down = page.evaluate(column)
        assert down == sorted(up, reverse=True) and down != up
        # By name, as French sorts text.
        page.evaluate("document.querySelectorAll('#contrats thead th')[0]"
                      ".querySelector('button').click()")
        names = page.evaluate("""Array.from(document.querySelectorAll(
            '#contrats tbody tr td:first-child')).map(td => td.getAttribute('data-sort')
            .toLocaleLowerCase('fr'))""")
        assert names == sorted(names)
        # A contract's link leads to its section.
        page.evaluate("document.querySelector('#contrats tbody a').click()")
        assert page.evaluate("location.hash").startswith("#contrat-")
        shot = page.screenshot(tmp_path / "region.png")
        assert shot.stat().st_size > 10_000
        assert page.errors() == []
        assert len(page.requests()) == 1
