"""Templates of documents: jinja2 in its sandbox, with the French filters of clskit.

A territory's template is data written by someone else: it must not reach Python's
internals (``{{ ''.__class__.__mro__ }}``) nor fill the memory (``{{ 'x' * 10**9 }}``).
:func:`environment` is jinja2's ``SandboxedEnvironment``, which refuses unsafe
attributes, with ``*`` and ``**`` bounded and ``StrictUndefined``, which turns a refusal —
and any unknown name — into an error instead of an empty string, so that a broken
template never yields a silently incomplete document. :func:`render` bounds what a
template makes and makes every failure one line naming the template (and the line of a
syntax error). The quarterly review's templates render this way.

The environment carries the filters the built-in exporters word things with, so that a
template says «7 décembre 2021» or «229 203» exactly as the COPIL deck does:

========================  =======================================================
filter                    gives
========================  =======================================================
``date``                  «7 décembre 2021» (``date(weekday=true)``: «mardi 7…»)
``short_date``            «07/12/2021»
``when``                  a date, else a loose period, else «date non renseignée»
``period``                «octobre à décembre 2021», «2021»
``during``                «en 2021», «d'octobre à décembre 2021»
``number``                «229 203», «12,5» (``number(1)``: one decimal)
``percent``               «45 %» from 45
``plural``                ``3|plural("réunion")``: «3 réunions»
``label``                 the French label of any model value (``in_progress``: «En cours»)
``status``                a fiche's status at the window's end, «non renseigné» for ``None``
========================  =======================================================

>>> from clskit import sandbox
>>> env = sandbox.environment(autoescape=False)
>>> sandbox.render(env, "{{ n|number }} habitants", "exemple", {"n": 229203})
'229\\u202f203 habitants'

jinja2 is imported when an environment is made, not with this module.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from enum import Enum
from typing import TYPE_CHECKING, Any

from clskit import fr
from clskit.errors import ExportError

if TYPE_CHECKING:
    import jinja2
    from jinja2.sandbox import SandboxedEnvironment

#: What a template may make: a document is a few hundred kB; past this, a loop or a
#: repetition (``{{ 'x' * 10**9 }}``) is refused rather than filling the memory (#13).
MAX_OUTPUT_CHARS = 50_000_000
#: The largest exponent a template may use (``9**9**9`` would take the machine).
MAX_EXPONENT = 64


def status(value: Enum | None) -> str:
    """A status as documents print it: its French label, «non renseigné» for ``None``
    (a fiche whose status at the window's end the record does not give)."""
    return fr.UNKNOWN_STATUS if value is None else fr.enum(value)


def _date(day: dt.date | None, weekday: bool = False) -> str:
    return fr.UNKNOWN_DATE if day is None else fr.date(day, weekday=weekday)


def _short_date(day: dt.date | None) -> str:
    return "" if day is None else fr.short_date(day)


#: The French filters of every environment made here, by name.
FILTERS: Mapping[str, Callable[..., Any]] = {
    "date": _date,
    "short_date": _short_date,
    "when": fr.when,
    "period": fr.period,
    "during": fr.during,
    "number": fr.number,
    "percent": fr.percent,
    "plural": fr.plural,
    "label": fr.enum,
    "status": status,
}


def _sandbox_class() -> type[SandboxedEnvironment]:
    """jinja2's sandbox with ``*`` and ``**`` bounded (made on first use: jinja2 loads
    only when a template is rendered). The sandbox already caps ``range()``, but
    ``'x' * 10**9`` or ``9**9**9`` would still build gigabytes, and jinja2 folds
    constants at compile time, which interception also stops."""
    global _BOUNDED
    if _BOUNDED is not None:
        return _BOUNDED
    import jinja2
    from jinja2.sandbox import SandboxedEnvironment

    class BoundedSandbox(SandboxedEnvironment):
        intercepted_binops = frozenset({"*", "**"})

        def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
            if (operator == "**" and isinstance(right, int | float)
                    and abs(right) > MAX_EXPONENT):
                raise jinja2.exceptions.SecurityError(
                    f"an exponent of {right} is more than the {MAX_EXPONENT} a template "
                    "may use")
            if operator == "*":
                for sequence, times in ((left, right), (right, left)):
                    if (isinstance(sequence, str | list | tuple) and isinstance(times, int)
                            and len(sequence) * times > MAX_OUTPUT_CHARS):
                        raise jinja2.exceptions.SecurityError(
                            f"repeating {len(sequence)} items {times} times makes more "
                            "than a template may")
            return super().call_binop(context, operator, left, right)

    _BOUNDED = BoundedSandbox
    return _BOUNDED


_BOUNDED: type[SandboxedEnvironment] | None = None


def environment(*, autoescape: bool, loader: jinja2.BaseLoader | None = None,
                filters: Mapping[str, Callable[..., Any]] | None = None
                ) -> SandboxedEnvironment:
    """A sandboxed jinja2 environment with :data:`FILTERS` and ``filters`` (an exporter's
    own, which win over the French ones of the same name).

    ``autoescape`` is ``True`` for HTML (every value escaped), ``False`` for text,
    Markdown or Word. Blocks trim their line (``trim_blocks``, ``lstrip_blocks``) and
    the final line break is kept, so that a template reads as the document it makes.
    """
    import jinja2

    env = _sandbox_class()(autoescape=autoescape, undefined=jinja2.StrictUndefined,
                           loader=loader, keep_trailing_newline=True,
                           trim_blocks=True, lstrip_blocks=True)
    env.filters.update(FILTERS)
    env.filters.update(filters or {})
    return env


def failure(name: str, exc: Exception, where: str = "") -> ExportError:
    """One line for a template's failure: «template territoire.html, line 3: syntax
    error: unexpected '}'»; ``where`` replaces the line when the caller knows better (a
    paragraph of a Word template)."""
    import jinja2

    message = " ".join(str(getattr(exc, "message", None) or exc).split())
    line = getattr(exc, "lineno", None) if isinstance(exc, jinja2.TemplateSyntaxError) else None
    place = where or (f", line {line}" if line else "")
    kind = "syntax error" if isinstance(exc, jinja2.TemplateSyntaxError) else (
        "refused by the sandbox" if isinstance(exc, jinja2.exceptions.SecurityError)
        else "error")
    return ExportError(f"template {name}{place}: {kind}: {message}")


def render(env: SandboxedEnvironment, source: str, name: str, context: Mapping[str, Any],
           where: str = "") -> str:
    """``source`` rendered with ``context``, at most :data:`MAX_OUTPUT_CHARS` long;
    jinja2's errors (and a filter's ``TypeError``, ``ValueError`` or ``AttributeError``)
    become one-line :class:`~clskit.errors.ExportError` s naming ``name``."""
    import jinja2

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


__all__ = ["FILTERS", "MAX_EXPONENT", "MAX_OUTPUT_CHARS", "environment", "failure", "render",
           "status"]
