"""load → dump → load is the identity, for generated contracts and the examples."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings

import clskit
from clskit import _yaml
from clskit_test_support import EXAMPLE_NAMES, EXAMPLES
from strategies import contracts


def _reload(text: str, fmt: str) -> clskit.Contract:
    data = json.loads(text) if fmt == "json" else _yaml.parse(text)[0]
    return clskit.from_data(data)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(contracts)
@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_generated_contracts_round_trip(fmt: str, contract: clskit.Contract) -> None:
    assert _reload(clskit.dumps(contract, fmt), fmt) == contract


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_examples_round_trip_through_a_file(name: str, suffix: str, tmp_path) -> None:
    contract = clskit.load(EXAMPLES / name)
    target = tmp_path / f"dumped{suffix}"
    clskit.dump(contract, target)
    assert clskit.load(target) == contract
    # Canonical: dumping the reloaded contract gives the same text.
    assert clskit.dumps(clskit.load(target), suffix[1:]) == target.read_text(encoding="utf-8")
