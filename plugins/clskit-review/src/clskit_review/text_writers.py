"""HTML and Markdown: the review's blocks through a jinja2 template, in the sandbox.

The default templates ship in ``templates/``; ``--option template=their.html`` (or
``.md``) uses a territory's own, which receives the same ``review`` (see
docs/exporters/review.md). HTML autoescapes every value; Markdown escapes the
characters Markdown would read as markup, so a title like ``<script>`` stays text.
"""

from __future__ import annotations

import base64
import re
from importlib import resources
from pathlib import Path

from markupsafe import Markup, escape

from clskit import sandbox
from clskit_review.document import Figure, Review

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|~!])")
_MD_LINE_START = re.compile(r"^(\s*)(\d+)([.)])|^(\s*)([-+=>])", re.MULTILINE)


def lines(text: str) -> Markup:
    """Escaped text with its line breaks as ``<br>``."""
    return Markup("<br>\n").join(escape(line) for line in str(text).split("\n"))


def data_uri(figure: Figure) -> str:
    return "data:image/png;base64," + base64.b64encode(figure.png).decode("ascii")


def md(text: str) -> str:
    """Text that Markdown shows as written: its markup characters escaped, its line
    breaks kept."""
    text = _MD_SPECIAL.sub(r"\\\1", str(text)).replace("&", "&amp;")
    text = _MD_LINE_START.sub(lambda m: (f"{m.group(1)}{m.group(2)}\\{m.group(3)}"
                                         if m.group(2) else f"{m.group(4)}\\{m.group(5)}"),
                              text)
    return text.replace("\n", "<br>")


def cell(text: str) -> str:
    return md(text) or " "


def _source(option: str | None, default: str) -> tuple[str, str]:
    if option:
        from clskit.templates import read_text

        path = Path(option)
        return read_text(path), path.name   # bounded, UTF-8 or a placed error (#13)
    text = (resources.files("clskit_review") / "templates" / default).read_text(
        encoding="utf-8")
    return text, default


def render_html(review: Review, template: str | None) -> str:
    source, name = _source(template, "review.html.j2")
    env = sandbox.environment(autoescape=True, filters={"lines": lines, "data_uri": data_uri})
    return sandbox.render(env, source, name, {"review": review})


def render_markdown(review: Review, template: str | None) -> str:
    source, name = _source(template, "review.md.j2")
    env = sandbox.environment(autoescape=False, filters={"md": md, "cell": cell})
    text = sandbox.render(env, source, name, {"review": review})
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"
