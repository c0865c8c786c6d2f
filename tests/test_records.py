"""The shared equality, hashing and representation of clskit's attrs classes behave as
the ones attrs would compile (clskit._records)."""

from __future__ import annotations

import pickle

import pytest
from attrs import define, field, frozen

import clskit
from clskit._records import FrozenRecord, Record
from clskit_test_support import EXAMPLES


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


@define(eq=False, repr=False)
class Derived(Record):
    items: list[int]
    total: int = field(init=False, default=0)

    def __attrs_post_init__(self) -> None:
        self.total = sum(self.items)


@frozen(eq=False, repr=False)
class One(FrozenRecord):
    only: str


def test_records_pickle_and_copy_field_by_field_without_init() -> None:
    import copy

    shared = [1, 2]
    value = Derived(shared)
    value.total = 99               # set after init: kept, not recomputed
    back = pickle.loads(pickle.dumps([value, value], protocol=pickle.HIGHEST_PROTOCOL))
    assert back[0] is back[1] and back[0].items == [1, 2] and back[0].total == 99
    assert copy.deepcopy(value).total == 99 and copy.deepcopy(value).items is not shared
    assert copy.copy(value).items is shared
    for frozen_value in (Frozen(1, (2,)), One("x")):
        again = pickle.loads(pickle.dumps(frozen_value))
        assert again == frozen_value and hash(again) == hash(frozen_value)
    contract = clskit.load(EXAMPLES / "melun-val-de-seine")
    assert pickle.loads(pickle.dumps(contract)) == contract
    view = clskit.snapshot(contract, clskit.Period.parse("2021-Q4"))
    assert pickle.loads(pickle.dumps(view)) == view
