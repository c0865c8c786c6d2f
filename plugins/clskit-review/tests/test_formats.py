"""The four formats and the templates: DOCX fields, HTML escaping, Markdown, sandbox."""

from __future__ import annotations

import subprocess
import sys
import warnings
import zipfile
from pathlib import Path

import docx
import html5lib
import pytest
from markdown_it import MarkdownIt
from support import CAMVS, TERRITORY_TEMPLATE, contract, docx_text, review

import clskit
from clskit import ExportError


@pytest.fixture(autouse=True)
def no_soffice(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests never start LibreOffice (the render tests do)."""
    monkeypatch.setenv("CLSKIT_SOFFICE", "")


def document_xml(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        return archive.read("word/document.xml").decode("utf-8")


def test_docx_without_libreoffice_has_a_toc_marked_for_update(tmp_path: Path) -> None:
    target = review(CAMVS, tmp_path / "revue.docx", period="2021-Q4")
    xml = document_xml(target)
    assert 'w:dirty="true"' in xml and " TOC \\o " in xml
    text = docx_text(target)
    assert "Sommaire" in text
    assert "Contrat Local de Santé de seconde génération de la Communauté d'Agglomération " \
           "Melun Val de Seine" in text
    assert "Revue trimestrielle d'octobre à décembre 2021" in text
    assert "f. FICHE ACTION 10 « Promotion et contribution aux actions à destination des " \
           "séniors et de leurs aidants »" in text
    doc = docx.Document(str(target))
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 2"]
    assert len([h for h in headings if "FICHE ACTION" in h]) == 6
    assert doc.inline_shapes, "the governance diagram is a picture"


def test_docx_is_deterministic(tmp_path: Path) -> None:
    first = review(CAMVS, tmp_path / "a.docx", period="2021-Q4").read_bytes()
    second = review(CAMVS, tmp_path / "b.docx", period="2021-Q4").read_bytes()
    assert first == second


def test_template_placeholders_and_order(tmp_path: Path) -> None:
    target = review(CAMVS, tmp_path / "t.docx", period="2021-Q4",
                    options={"template": str(TERRITORY_TEMPLATE)})
    doc = docx.Document(str(target))
    h1 = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert h1[:3] == ["1. Déploiement du CLS", "2. Comité de Pilotage du CLS",
                      "3. Démocratie sanitaire « LES ATELIERS DES HABITANTS »"]
    header = doc.sections[0].header.paragraphs[0].text
    assert header.strip() == "CLS 2 de la CAMVS — Revue trimestrielle d'octobre à décembre 2021"
    assert "{{" not in docx_text(target)


def _template(tmp_path: Path, text: str) -> Path:
    doc = docx.Document()
    doc.add_paragraph(text)
    doc.add_paragraph("{{ sections }}")
    path = tmp_path / "territoire.docx"
    doc.save(str(path))
    return path


def test_a_template_cannot_reach_python_internals(tmp_path: Path) -> None:
    path = _template(tmp_path, "{{ ''.__class__.__mro__ }}")
    with pytest.raises(ExportError) as caught:
        review(CAMVS, tmp_path / "x.docx", period="2021-Q4", options={"template": str(path)})
    message = str(caught.value)
    assert "territoire.docx" in message and "\n" not in message
    assert "unsafe" in message
    assert not (tmp_path / "x.docx").exists()


def test_a_template_syntax_error_names_its_place(tmp_path: Path) -> None:
    path = _template(tmp_path, "Revue {{ title }")
    with pytest.raises(ExportError, match=r"template territoire\.docx, paragraph 1 .*syntax"):
        review(CAMVS, tmp_path / "x.docx", period="2021-Q4", options={"template": str(path)})
    html = tmp_path / "revue.html"
    html.write_text("<p>{{ review.title }}</p>\n{% for p in review.parts %}\n{{ p.name }\n",
                    encoding="utf-8")
    with pytest.raises(ExportError, match=r"template revue\.html, line 3: syntax error"):
        review(CAMVS, tmp_path / "x.html", period="2021-Q4", options={"template": str(html)})
    html.write_text("{{ review.__class__ }}", encoding="utf-8")
    with pytest.raises(ExportError, match=r"template revue\.html: .*unsafe"):
        review(CAMVS, tmp_path / "x.html", period="2021-Q4", options={"template": str(html)})


def test_unknown_section_marker(tmp_path: Path) -> None:
    path = _template(tmp_path, "{{ section.nowhere }}")
    with pytest.raises(ExportError, match="unknown section marker"):
        review(CAMVS, tmp_path / "x.docx", period="2021-Q4", options={"template": str(path)})


def _hostile(tmp_path: Path) -> clskit.Contract:
    """CAMVS with markup in a fiche's title and a workshop's comment."""
    import attrs

    c = contract(CAMVS)
    actions = [attrs.evolve(a, title="<script>alert(1)</script> & <b>gras</b>")
               if a.id == "fa-03" else a for a in c.actions]
    workshops = [attrs.evolve(w, feedback=["*non* [lien](http://x) <img src=x>"])
                 for w in c.workshops]
    return attrs.evolve(c, actions=actions, workshops=workshops)


def test_html_is_self_contained_and_escaped(tmp_path: Path) -> None:
    from support import plugins

    from clskit.plugins import export

    target = export("review", _hostile(tmp_path), tmp_path / "revue.html", period="2021-Q4",
                    using=plugins())
    page = target.read_text(encoding="utf-8")
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    tree = parser.parse(page)
    assert tree.find(".//script") is None and tree.find(".//b") is None
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;gras&lt;/b&gt;" in page
    assert "<img src=x>" not in page
    images = tree.findall(".//img")
    assert images and all(i.get("src", "").startswith("data:image/png;base64,") for i in images)
    assert "http" not in "".join(i.get("src", "") for i in images)
    assert "@media print" in page and "page-break-before: always" in page
    assert len(tree.findall(".//h3")) >= 6


def test_markdown_renders_without_warnings_and_keeps_markup_as_text(tmp_path: Path) -> None:
    from support import plugins

    from clskit.plugins import export

    target = export("review", _hostile(tmp_path), tmp_path / "revue.md", period="2021-Q4",
                    using=plugins())
    source = target.read_text(encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        html = MarkdownIt("commonmark").enable("table").render(source)
    assert "<script>" not in html and "<img" not in html and 'href="http://x"' not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert html.count("<h3>") >= 6 and "<table>" in html
    assert "FICHE ACTION 10" in source


def test_pdf_without_libreoffice_names_the_program(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="soffice"):
        review(CAMVS, tmp_path / "revue.pdf", period="2021-Q4")
    assert not (tmp_path / "revue.pdf").exists()


def test_registration_imports_no_docx() -> None:
    code = ("import sys, clskit_review.plugin as p; p.clskit_exporters(); "
            "print(any(m in sys.modules for m in ('docx', 'jinja2', 'PIL')))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == "False"


@pytest.mark.parametrize("path,period", [(CAMVS, "2021"), (CAMVS, "2021-Q1")])
def test_every_format_builds(tmp_path: Path, path: Path, period: str) -> None:
    for fmt in ("docx", "html", "md"):
        assert review(path, tmp_path / f"r.{fmt}", period=period).stat().st_size > 1000
