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

#: What a template may make: a review is a few hundred kB; past this, a loop or a
#: repetition (``{{ 'x' * 10**9 }}``) is refused rather than filling the memory (#13).
MAX_OUTPUT_CHARS = 50_000_000
MAX_EXPONENT = 64


class BoundedSandbox(SandboxedEnvironment):
    """jinja2's sandbox, with ``*`` and ``**`` bounded: the sandbox already caps
    ``range()``, but ``'x' * 10**9`` or ``9**9**9`` would still build gigabytes (and
    jinja2 folds constants at compile time, which interception also stops)."""

    intercepted_binops = frozenset({"*", "**"})

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "**" and isinstance(right, int | float) and abs(right) > MAX_EXPONENT:
            raise jinja2.exceptions.SecurityError(
                f"an exponent of {right} is more than the {MAX_EXPONENT} a template may use")
        if operator == "*":
            for sequence, times in ((left, right), (right, left)):
                if (isinstance(sequence, str | list | tuple) and isinstance(times, int)
                        and len(sequence) * times > MAX_OUTPUT_CHARS):
                    raise jinja2.exceptions.SecurityError(
                        f"repeating {len(sequence)} items {times} times makes more than "
                        "a template may")
        return super().call_binop(context, operator, left, right)


def environment(*, autoescape: bool, loader: jinja2.BaseLoader | None = None,
                filters: Mapping[str, Callable[..., Any]] | None = None) -> SandboxedEnvironment:
    env = BoundedSandbox(autoescape=autoescape, undefined=jinja2.StrictUndefined,
                               loader=loader, keep_trailing_newline=True,
                               trim_blocks=True, lstrip_blocks=True)
    # The French filters every exporter's templates share (clskit.sandbox.FILTERS: date,
    # short_date, number, period, label, status…), then the review's own.
    from clskit.sandbox import FILTERS

    env.filters.update(FILTERS)
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
        pieces: list[str] = []
        size = 0
        for piece in env.from_string(source).generate(**context):
            size += len(piece)
            if size > MAX_OUTPUT_CHARS:
                raise jinja2.exceptions.SecurityError(
                    f"it makes more than {MAX_OUTPUT_CHARS:,} characters".replace(",", " "))
            pieces.append(piece)
        return "".join(pieces)
    except (jinja2.TemplateError, TypeError, ValueError, AttributeError, OverflowError,
            RecursionError, MemoryError) as exc:
        raise failure(name, exc, where) from None
