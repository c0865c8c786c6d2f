"""Hypothesis strategies that build any model object from its type hints."""

from __future__ import annotations

import datetime as dt
import random
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


# --------------------------------------------------------------------------- whole contracts
#
# What the fuzzing of every exporter feeds them (tests/test_fuzz_exporters.py): a real
# example's record, its references intact, with its texts replaced by anything a user can
# type (emoji, right-to-left marks, control characters — which the loader cleans —,
# 10 kB texts, 300-character titles, empty texts), its lists emptied or made very long,
# and its dates moved to the far ends of what is valid (years 1000 to 9999, a meeting on
# 9999-12-31). ``valid_contracts`` keeps what ``clskit validate`` accepts, as loaded.

wild_characters = st.characters(blacklist_categories=("Cs",),
                                blacklist_characters="\ufeff\ufffe\uffff")
#: A word of emoji, right-to-left script, combining marks, controls, bidi overrides.
_SPECIMENS = ["🎉", "👩🏽‍⚕️", "🇫🇷", "עִברִית", "العربية", "\u202e", "\u200f", "e\u0301",
              "\t", "\x07", "\x1b[31m", "\u00a0:", "«", "»", "…", "&amp;", "<b>", "{{ x }}",
              "=SUM(A1)", "+33 1 23", "'", '"', "\\", "%s", "\u2028"]
wild_text = st.one_of(
    st.text(wild_characters, max_size=40),
    st.lists(st.sampled_from(_SPECIMENS) | st.text(wild_characters, max_size=8),
             max_size=12).map(" ".join),
    st.just(""),
    st.integers(250, 320).map(lambda n: ("Titre très long " * 20)[:n]),       # titles
    st.just("mot " * 2500),                                                  # 10 kB
    st.integers(5_000, 10_000).map(lambda n: "x" * n),                       # no space
    st.just("ligne\n" * 300),
)
_EXTREME_DAYS = st.sampled_from(["low", "high", "keep", "max"])

#: Fields whose text the fuzz keeps: identifiers and display codes (references use them).
_KEPT_FIELDS = frozenset({"id", "code"})


def _ids(contract: model.Contract) -> set[str]:
    found: set[str] = set()

    def visit(value: Any) -> None:
        if isinstance(value, list):
            for item in value:
                visit(item)
        elif attrs.has(type(value)) and not isinstance(value, Period):
            for f in attrs.fields(type(value)):
                inner = getattr(value, f.name)
                if f.name == "id" and isinstance(inner, str):
                    found.add(inner)
                visit(inner)

    visit(contract)
    return found


def _dates(value: Any) -> list[dt.date]:
    if isinstance(value, dt.date):
        return [value]
    if isinstance(value, list):
        return [d for item in value for d in _dates(item)]
    if attrs.has(type(value)):
        return [d for f in attrs.fields(type(value)) for d in _dates(getattr(value, f.name))]
    return []


@st.composite
def mutated_contracts(draw: Any, bases: list[model.Contract]) -> model.Contract:
    """One of ``bases`` with wild texts, list sizes and dates (see above)."""
    base = draw(st.sampled_from(bases))
    palette = draw(st.lists(wild_text, min_size=1, max_size=6))
    # One drawn seed, not hypothesis's own randoms: those draw from the test case for
    # every call (thousands per record), which costs more than the exports.
    rnd = random.Random(draw(st.integers(0, 2**32 - 1)))
    ids = _ids(base)
    share = draw(st.sampled_from([0.0, 0.2, 0.6, 1.0]))     # of the texts replaced
    lists = draw(st.sampled_from(["keep", "empty", "long"]))
    days = _dates(base)
    shift = dt.timedelta(0)
    where = draw(_EXTREME_DAYS)
    if days and where == "low":
        shift = dt.date(1000, 1, 1) - min(days)
    elif days and where in {"high", "max"}:
        shift = dt.date.max - max(days)

    short = [t for t in palette if len(t) <= 320] or ["x"]
    big = [4]   # long texts go to a few fields only: a record of megabytes tests nothing more

    def text(value: str) -> str:
        if value in ids or rnd.random() >= share:
            return value
        chosen = rnd.choice(palette)
        if len(chosen) > 320:
            if big[0] <= 0:
                return rnd.choice(short)
            big[0] -= 1
        return chosen

    def rebuilt(value: Any, name: str = "") -> Any:
        if isinstance(value, str):
            return value if name in _KEPT_FIELDS else text(value)
        if isinstance(value, dt.date):
            return value + shift
        if isinstance(value, list):
            items = [rebuilt(item, name) for item in value]
            if items and all(isinstance(i, str) and i not in ids for i in items):
                if lists == "empty":
                    return []
                if lists == "long":
                    return [*items, *(rnd.choice(short) or "x" for _ in range(150))]
            return items
        if attrs.has(type(value)):
            changes = {f.alias or f.name: rebuilt(getattr(value, f.name), f.name)
                       for f in attrs.fields(type(value)) if f.init}
            return attrs.evolve(value, **changes)
        return value

    contract: model.Contract = rebuilt(base)
    if lists == "empty":
        contract = attrs.evolve(contract, journal=[], surveys=[], workshops=[],
                                publications=[], milestones=[], related_schemes=[])
    elif lists == "long" and contract.journal:
        journal = [attrs.evolve(rnd.choice(contract.journal), text=rnd.choice(short) or "x")
                   for _ in range(200)]
        contract = attrs.evolve(contract, journal=[*contract.journal, *journal])
    if where == "max" and contract.meetings:
        first = contract.meetings[0]
        contract = attrs.evolve(contract, meetings=[
            attrs.evolve(first, date=dt.date.max, period=None), *contract.meetings[1:]])
    return contract
