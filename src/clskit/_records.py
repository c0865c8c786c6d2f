"""Equality, hashing and representation written once for clskit's attrs classes.

attrs compiles ``__eq__``, ``__hash__`` and ``__repr__`` for each class it makes; for the
hundred classes of the model, the snapshot and the plugin system that compilation is a
sixth of ``import clskit``, paid by every command (``benchmarks/bench_copil.py``). The
classes declare ``eq=False, repr=False`` and inherit these instead, which behave as
attrs' do: equal when of the same class with equal compared fields, shown as
``Axis(id='axe-1', title='…')``; mutable records unhashable, frozen ones hashed by
their fields.

Pickling is written here too: attrs pickles a slotted object as a dict of its fields,
name by name, through Python code; :meth:`Record.__reduce__` gives a tuple of the
values taken by one ``operator.attrgetter`` and :func:`_restore` sets them back the way
attrs' ``__setstate__`` does (no ``__init__``, no ``__attrs_post_init__``). A region's
contracts go to and from the cache of parsed contracts a third faster, in smaller
entries (``benchmarks/bench_region.py``).
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import Any, ClassVar


def _compared(cls: type) -> tuple[str, ...]:
    names: tuple[str, ...] | None = cls.__dict__.get("_clskit_compared")
    if names is None:
        names = tuple(a.name for a in cls.__attrs_attrs__ if a.eq)  # type: ignore[attr-defined]
        type.__setattr__(cls, "_clskit_compared", names)
    return names


# Per class, looked up once: the field names, and a getter of their values as a tuple.
_FIELDS: dict[type, tuple[str, ...]] = {}
_GETTERS: dict[type, Callable[[Any], tuple[Any, ...]]] = {}


def _fields(cls: type) -> tuple[str, ...]:
    try:
        return _FIELDS[cls]
    except KeyError:
        names = _FIELDS[cls] = tuple(a.name for a in cls.__attrs_attrs__)  # type: ignore[attr-defined]
        return names


def _getter(cls: type) -> Callable[[Any], tuple[Any, ...]]:
    names = _fields(cls)
    if len(names) == 1:
        one = operator.attrgetter(names[0])

        def get(value: Any) -> tuple[Any, ...]:
            return (one(value),)
    elif names:
        get = operator.attrgetter(*names)  # type: ignore[assignment]
    else:
        def get(value: Any) -> tuple[Any, ...]:
            return ()
    _GETTERS[cls] = get
    return get


_set = object.__setattr__


def _restore(cls: type, values: tuple[Any, ...]) -> Any:
    """An object of ``cls`` with its fields set to ``values``, unpickled."""
    value: Any = object.__new__(cls)
    try:
        names = _FIELDS[cls]
    except KeyError:
        names = _fields(cls)
    for name, item in zip(names, values, strict=False):
        _set(value, name, item)
    return value


class Record:
    """A mutable record: compared field by field, unhashable."""

    __slots__ = ()
    __hash__: ClassVar[None] = None  # type: ignore[assignment]

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return all(getattr(self, name) == getattr(other, name)
                   for name in _compared(self.__class__))

    def __ne__(self, other: object) -> bool:
        equal = self.__eq__(other)
        return equal if equal is NotImplemented else not equal

    def __reduce__(self) -> tuple[Any, ...]:
        cls = self.__class__
        try:
            get = _GETTERS[cls]
        except KeyError:
            get = _getter(cls)
        return _restore, (cls, get(self))

    def __repr__(self) -> str:
        fields: Any = self.__attrs_attrs__  # type: ignore[attr-defined]
        shown = ", ".join(f"{a.name}={getattr(self, a.name)!r}" for a in fields if a.repr)
        return f"{self.__class__.__qualname__}({shown})"


class FrozenRecord(Record):
    """A frozen record: compared and hashed by its fields."""

    __slots__ = ()

    def __hash__(self) -> int:  # type: ignore[override]
        return hash((self.__class__, *(getattr(self, n) for n in _compared(self.__class__))))


__all__ = ["FrozenRecord", "Record"]
