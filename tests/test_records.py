"""The shared equality, hashing and representation of clskit's attrs classes behave as
the ones attrs would compile (clskit._records)."""

from __future__ import annotations

import pickle

import pytest
from attrs import define, field, frozen

import clskit
from clskit._records import FrozenRecord, Record


@define(kw_only=True, eq=False, repr=False)
class Mutable(Record):
    id: str
    note: str | None = field(default=None, eq=False, repr=False)


@frozen(eq=False, repr=False)
class Frozen(FrozenRecord):
    a: int
    b: tuple[int, ...] = ()


@define(kw_only=True)
class ByAttrs:
    id: str
    note: str | None = field(default=None, eq=False, repr=False)


def test_mutable_records_compare_by_their_compared_fields_and_are_unhashable() -> None:
    assert Mutable(id="x", note="a") == Mutable(id="x", note="b")
    assert Mutable(id="x") != Mutable(id="y")
    assert (Mutable(id="x") == ByAttrs(id="x")) is False
    assert repr(Mutable(id="x", note="n")) == repr(ByAttrs(id="x", note="n")).replace(
        "ByAttrs", "Mutable")
    with pytest.raises(TypeError):
        hash(Mutable(id="x"))


def test_frozen_records_hash_by_their_fields() -> None:
    assert Frozen(1, (2,)) == Frozen(1, (2,)) and hash(Frozen(1, (2,))) == hash(Frozen(1, (2,)))
    assert len({Frozen(1), Frozen(1), Frozen(2)}) == 2
    assert repr(Frozen(1, (2,))) == "Frozen(a=1, b=(2,))"


def test_the_model_keeps_its_semantics() -> None:
    axis = clskit.Axis(id="axe-1", code="Axe 1", title="Accès aux soins")
    assert axis == clskit.Axis(id="axe-1", code="Axe 1", title="Accès aux soins")
    assert axis != clskit.Axis(id="axe-2", code="Axe 1", title="Accès aux soins")
    assert repr(axis).startswith("Axis(id='axe-1', code='Axe 1', title='Accès aux soins'")
    assert pickle.loads(pickle.dumps(axis)) == axis
    period = clskit.Period.parse("2021-Q4")
    assert hash(clskit.Diagnostic("X", clskit.Severity.ERROR, "m")) == hash(
        clskit.Diagnostic("X", clskit.Severity.ERROR, "m"))
    assert period == clskit.Period.parse("2021-10-01/2021-12-31")
