"""Turn cattrs' nested exception groups into flat (path, message) problems."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import attrs
from cattrs.errors import (
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
)

from clskit._text import suggest
from clskit._yaml import Path
from clskit.convert import ValueProblem


def _expected(type_: Any) -> str:
    name = getattr(type_, "__name__", None) or str(type_)
    return name.replace("NoneType", "null")


#: Rule ids of the problems met while structuring.
WRONG_VALUE = "CLS003"
UNKNOWN_FIELD = "CLS004"
MISSING_FIELD = "CLS005"

Problem = tuple[Path, str, str]


def problems(exc: BaseException, path: Path = ()) -> Iterator[Problem]:
    """Every problem under ``exc``: its data path, a message and its rule id."""
    if isinstance(exc, ClassValidationError):
        named, unnamed = exc.group_exceptions()
        for sub, attribute in named:
            yield from problems(sub, (*path, attribute.name))
        for sub in unnamed:
            yield from problems(sub, path)
    elif isinstance(exc, IterableValidationError):
        indexed, unindexed = exc.group_exceptions()
        for sub, item in indexed:
            yield from problems(sub, (*path, int(item.index)))
        for sub in unindexed:
            yield from problems(sub, path)
    elif isinstance(exc, ForbiddenExtraKeysError):
        known = [a.name for a in attrs.fields(exc.cl)] if attrs.has(exc.cl) else []
        for key in sorted(exc.extra_fields):
            message = f"unknown field {key!r}"
            guess = suggest(key, known)
            if guess:
                message += f"; did you mean {guess!r}?"
            yield (*path, key), message, UNKNOWN_FIELD
    elif isinstance(exc, KeyError) and path:
        yield path, f"missing required field {path[-1]!r}", MISSING_FIELD
    elif isinstance(exc, ValueProblem):
        yield path, str(exc), WRONG_VALUE
    elif isinstance(exc, BaseExceptionGroup):
        for inner in exc.exceptions:
            yield from problems(inner, path)
    elif isinstance(exc, (TypeError, AttributeError)):
        yield path, f"wrong shape here ({_shape_hint(exc)})", WRONG_VALUE
    else:
        yield path, str(exc) or type(exc).__name__, WRONG_VALUE


def _shape_hint(exc: BaseException) -> str:
    text = str(exc)
    if "not iterable" in text or "has no attribute 'get'" in text or "object is not" in text:
        return "expected a list or a mapping, as the format describes"
    return text
