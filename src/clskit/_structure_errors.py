"""Turn cattrs' nested exception groups into flat (path, message) problems."""

from __future__ import annotations

import types
import typing
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


def problems(exc: BaseException, path: Path = (), expected: Any = None) -> Iterator[Problem]:
    """Every problem under ``exc``: its data path, a message and its rule id.
    ``expected`` is the type the value at ``path`` should have, when known."""
    if isinstance(exc, ClassValidationError):
        named, unnamed = exc.group_exceptions()
        for sub, attribute in named:
            yield from problems(sub, (*path, attribute.name), attribute.type)
        for sub in unnamed:
            yield from problems(sub, path, expected)
    elif isinstance(exc, IterableValidationError):
        indexed, unindexed = exc.group_exceptions()
        for sub, item in indexed:
            yield from problems(sub, (*path, int(item.index)), item.type)
        for sub in unindexed:
            yield from problems(sub, path, expected)
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
            yield from problems(inner, path, expected)
    elif isinstance(exc, (TypeError, AttributeError, KeyError, IndexError)):
        # Python's words («'str' object has no attribute 'keys'») say nothing to a
        # coordinator: say what the format expects here.
        yield path, f"wrong shape here: expected {describe(expected)}", WRONG_VALUE
    else:
        yield path, str(exc) or type(exc).__name__, WRONG_VALUE


def describe(type_: Any) -> str:
    """What a value of ``type_`` looks like in a file, in words."""
    origin = typing.get_origin(type_)
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in typing.get_args(type_) if a is not type(None)]
        return " or ".join(describe(a) for a in inner) if inner else "nothing"
    if origin is list:
        return "a list"
    if origin is dict:
        return "a mapping of names to values"
    if isinstance(type_, type) and attrs.has(type_):
        names = [a.name for a in attrs.fields(type_) if a.init][:3]
        return f"a mapping of fields ({', '.join(names)}, …)"
    if type_ is str:
        return "text"
    if type_ is None:
        return "what the format describes (docs/format.md)"
    return _expected(type_)
