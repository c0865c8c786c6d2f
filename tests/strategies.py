"""Hypothesis strategies that build any model object from its type hints."""

from __future__ import annotations

import datetime as dt
import types
import typing
from enum import Enum
from typing import Any

import attrs
from hypothesis import strategies as st

from clskit import model
from clskit.period import Period

# Text a user can write in a YAML file: no control characters (the loader cleans those
# away, which is tested on its own) and no lone surrogates.
text = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cs", "Cc", "Zl", "Zp"), blacklist_characters="\ufeff\ufffe\uffff"
    )
    | st.just("\n"),
    max_size=30,
).map(lambda s: __import__("unicodedata").normalize("NFC", s))
ids = st.from_regex(r"[a-z][a-z0-9-]{0,8}", fullmatch=True)
dates = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2040, 12, 31))
periods = st.tuples(dates, dates).map(lambda p: Period(min(p), max(p)))
values = st.one_of(
    st.booleans(),
    st.integers(-10**6, 10**6),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    text,
)


def for_type(tp: Any, depth: int = 0) -> st.SearchStrategy[Any]:
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if tp is model.Value:
        return values
    if tp is model.Number:
        return st.one_of(st.integers(-10**6, 10**6),
                         st.floats(allow_nan=False, allow_infinity=False, width=32))
    if origin in (typing.Union, types.UnionType):
        return st.one_of(*(st.none() if a is type(None) else for_type(a, depth) for a in args))
    if origin is list:
        return st.lists(for_type(args[0], depth + 1), max_size=2 if depth else 3)
    if origin is dict:
        return st.dictionaries(ids, text, max_size=2)
    if tp is str:
        return text
    if tp is bool:
        return st.booleans()
    if tp is int:
        return st.integers(-1000, 100000)
    if tp is float:
        return st.floats(allow_nan=False, allow_infinity=False, width=32)
    if tp is dt.date:
        return dates
    if tp is dt.time:
        return st.times().map(lambda t: dt.time(t.hour, t.minute))
    if tp is Period:
        return periods
    if isinstance(tp, type) and issubclass(tp, Enum):
        return st.sampled_from(list(tp))
    if isinstance(tp, type) and attrs.has(tp):
        return of_class(tp, depth)
    raise TypeError(f"no strategy for {tp!r}")


def of_class(cls: type, depth: int = 0) -> st.SearchStrategy[Any]:
    hints = typing.get_type_hints(cls)
    kwargs = {}
    for a in attrs.fields(cls):
        strategy = for_type(hints[a.name], depth)
        if a.name == "id":
            strategy = ids
        kwargs[a.name] = strategy
    return st.builds(cls, **kwargs)


contracts = of_class(model.Contract)
