"""User templates render in jinja2's sandbox; every failure is one line naming the
template (and the line of a syntax error).

A territory's template is data written by someone else: it must not reach Python's
internals (``{{ ''.__class__.__mro__ }}``). The sandbox refuses unsafe attributes;
``StrictUndefined`` turns that refusal — and any unknown name — into an error instead
of an empty string, so a broken template never yields a silently incomplete review.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from clskit import ExportError


def environment(*, autoescape: bool, loader: jinja2.BaseLoader | None = None,
                filters: Mapping[str, Callable[..., Any]] | None = None) -> SandboxedEnvironment:
    env = SandboxedEnvironment(autoescape=autoescape, undefined=jinja2.StrictUndefined,
                               loader=loader, keep_trailing_newline=True,
                               trim_blocks=True, lstrip_blocks=True)
    env.filters.update(filters or {})
    return env


def failure(name: str, exc: Exception, where: str = "") -> ExportError:
    """One line: «template territoire.html, line 3: unexpected '}'»."""
    message = " ".join(str(getattr(exc, "message", None) or exc).split())
    line = getattr(exc, "lineno", None) if isinstance(exc, jinja2.TemplateSyntaxError) else None
    place = where or (f", line {line}" if line else "")
    kind = "syntax error" if isinstance(exc, jinja2.TemplateSyntaxError) else (
        "refused by the sandbox" if isinstance(exc, jinja2.exceptions.SecurityError)
        else "error")
    return ExportError(f"template {name}{place}: {kind}: {message}")


def render(env: SandboxedEnvironment, source: str, name: str, context: Mapping[str, Any],
           where: str = "") -> str:
    """``source`` rendered with ``context``; jinja2's errors become one-line ExportErrors."""
    try:
        return env.from_string(source).render(**context)
    except (jinja2.TemplateError, TypeError, ValueError, AttributeError) as exc:
        raise failure(name, exc, where) from None
