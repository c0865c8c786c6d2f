"""Equality, hashing and representation written once for clskit's attrs classes.

attrs compiles ``__eq__``, ``__hash__`` and ``__repr__`` for each class it makes; for the
hundred classes of the model, the snapshot and the plugin system that compilation is a
sixth of ``import clskit``, paid by every command (``benchmarks/bench_copil.py``). The
classes declare ``eq=False, repr=False`` and inherit these instead, which behave as
attrs' do: equal when of the same class with equal compared fields, shown as
``Axis(id='axe-1', title='…')``; mutable records unhashable, frozen ones hashed by
their fields.
"""

from __future__ import annotations

from typing import Any, ClassVar


def _compared(cls: type) -> tuple[str, ...]:
    names: tuple[str, ...] | None = cls.__dict__.get("_clskit_compared")
    if names is None:
        names = tuple(a.name for a in cls.__attrs_attrs__ if a.eq)  # type: ignore[attr-defined]
        type.__setattr__(cls, "_clskit_compared", names)
    return names


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
