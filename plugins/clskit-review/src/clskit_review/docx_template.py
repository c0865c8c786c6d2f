"""A Word template: its styles by name, its placeholders, and where the review goes.

A territory edits a ``.docx`` in Word, never Python:

- **styles by name** — «Title», «Subtitle», «Heading 1», «Heading 2», «List Bullet»,
  «Quote», «Caption», «TOC Heading», «toc 1», «toc 2», and two of the review's own,
  «Revue – chapeau» and «Revue – note». Their look is the template's; a style the
  template lacks is added, based on «Normal». Names are Word's internal (English)
  ones, which a French Word shows as «Titre 1», «Citation»…
- **inline placeholders** anywhere (cover, header, footer, tables): ``{{ title }}``,
  ``{{ contract_name }}``, ``{{ short_name }}``, ``{{ territory }}``, ``{{ period }}``,
  rendered in jinja2's sandbox;
- **markers**, each alone in its paragraph, that the generated content replaces:
  ``{{ toc }}`` (the table of contents), ``{{ section.NAME }}`` (one section, NAME
  among purpose, bodies, contract, deployment, participation, indicators, process,
  governance, extra, annexes) and ``{{ sections }}`` (every section not placed by its
  own marker, in the default order). Moving or deleting a marker reorders or drops a
  section. A template with no marker gets a cover, the table of contents and every
  section after its own content.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from importlib import resources
from pathlib import Path
from typing import Any

from docx.document import Document as DocumentObject
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn

from clskit import ExportError

MARKER = re.compile(r"^\s*\{\{\s*(toc|sections|section\.([a-z_]+))\s*\}\}\s*$")
# Text whose only jinja2 is plain ``{{ name }}`` placeholders: what jinja2 renders of
# it is the text with each name's value, so it is written without loading jinja2.
_PLAIN = re.compile(r"(?:[^{}\r\n]|\{\{ *([a-z_]+) *\}\})*")
_NAME = re.compile(r"\{\{ *([a-z_]+) *\}\}")

# Paragraph styles the writer uses, by their Word name: what a template provides.
STYLES = ("Title", "Subtitle", "Heading 1", "Heading 2", "List Bullet", "Quote", "Caption",
          "TOC Heading", "toc 1", "toc 2", "Revue – chapeau", "Revue – note")


def default_template() -> Path:
    with resources.as_file(resources.files("clskit_review") / "templates" / "default.docx") \
            as path:
        return Path(path)


def open_template(option: str | None) -> tuple[DocumentObject, str]:
    """The template as a python-docx document, and the name errors call it by."""
    import docx

    from clskit.templates import check_package

    path = Path(option) if option else default_template()
    check_package(path, "docx")   # bounded and whole before python-docx inflates it (#13)
    try:
        return docx.Document(str(path)), path.name
    except Exception as exc:  # python-docx raises several kinds for a non-docx file
        raise ExportError(f"template {path.name}: not a Word .docx file "
                          f"({type(exc).__name__})") from None


def style(doc: DocumentObject, name: str) -> Any:
    """The paragraph style called ``name`` (Word's internal name, any case), added
    based on «Normal» when the template lacks it."""
    wanted = name.lower()
    for candidate in doc.styles:
        if candidate.type == WD_STYLE_TYPE.PARAGRAPH and (candidate.name or "").lower() == wanted:
            return candidate
    added = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    added.base_style = doc.styles["Normal"]
    return added


def _paragraphs(doc: DocumentObject) -> Iterator[Any]:
    """Every paragraph of the body, its tables, and every header and footer."""
    body = doc.element.body
    yield from body.iter(qn("w:p"))
    for section in doc.sections:
        for part in (section.header, section.footer, section.first_page_header,
                     section.first_page_footer, section.even_page_header,
                     section.even_page_footer):
            if part.is_linked_to_previous:
                continue
            yield from part._element.iter(qn("w:p"))


def text_of(p: Any) -> str:
    return "".join(t.text or "" for t in p.iter(qn("w:t")))


def fill_placeholders(doc: DocumentObject, name: str, values: Mapping[str, Any]) -> None:
    """Render every ``{{ … }}`` and ``{% … %}`` outside the markers, in the sandbox
    (text whose only placeholders are plain ``{{ name }}`` is filled in directly: the
    same text, without loading jinja2).

    Word splits typed text into runs at will; the text from the first run holding
    «{» to the last holding «}» is rendered as one and put in the first of them, so
    the first run's formatting applies and fields (page numbers) keep their place.
    """
    env: Any = None
    for number, p in enumerate(_paragraphs(doc), start=1):
        texts = list(p.iter(qn("w:t")))
        joined = "".join(t.text or "" for t in texts)
        if ("{{" not in joined and "{%" not in joined) or MARKER.match(joined):
            continue
        first = next(i for i, t in enumerate(texts) if "{" in (t.text or ""))
        last = max(i for i, t in enumerate(texts) if "}" in (t.text or ""))
        source = "".join(t.text or "" for t in texts[first:last + 1])
        rendered = _plain(source, values)
        if rendered is None:  # anything else renders in jinja2's sandbox
            from clskit import sandbox

            env = env or sandbox.environment(autoescape=False)
            excerpt = joined.strip()[:60]
            rendered = sandbox.render(env, source, name, values,
                                      where=f", paragraph {number} («{excerpt}»)")
        texts[first].text = rendered
        texts[first].set(qn("xml:space"), "preserve")
        for t in texts[first + 1:last + 1]:
            t.text = ""


def _plain(source: str, values: Mapping[str, Any]) -> str | None:
    """``source`` with its ``{{ name }}`` placeholders replaced, when that is all the
    jinja2 it holds and every name has a text value; ``None`` otherwise."""
    if _PLAIN.fullmatch(source) is None:
        return None
    names = _NAME.findall(source)
    if not all(isinstance(values.get(n), str) for n in names):
        return None
    return _NAME.sub(lambda m: str(values[m.group(1)]), source)


def markers(doc: DocumentObject) -> list[tuple[Any, str]]:
    """The body's marker paragraphs and what each stands for (``toc``, ``sections``,
    a section name)."""
    found = []
    for p in doc.element.body.iterchildren(qn("w:p")):
        m = MARKER.match(text_of(p))
        if m:
            found.append((p, m.group(2) or m.group(1)))
    return found


def placement(doc: DocumentObject, names: list[str]) -> list[str]:
    """The order the template ``doc`` places the sections in: its ``{{ section.NAME }}``
    markers where they stand, ``{{ sections }}`` standing for the others of ``names``
    in their order; without markers, ``names`` as they are."""
    found = [what for _, what in markers(doc) if what != "toc"]
    if not found:
        return names
    named = [w for w in found if w != "sections"]
    out: list[str] = []
    for what in found:
        if what == "sections":
            out += [n for n in names if n not in named and n not in out]
        elif what in names and what not in out:
            out.append(what)
    return out
