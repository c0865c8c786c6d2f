"""Adding to an item from another file (``{extends: ID, …}``) and the additions that write
such items (:class:`clskit.importers.Extension`): new measurements of an indicator."""

from __future__ import annotations

import shutil
from pathlib import Path

import jsonschema
import pytest
import yaml

import clskit
from clskit.importers import Extension
from clskit.schema import json_schema
from clskit.workspace import add_to_workspace
from clskit_test_support import EXAMPLES

EXTENSION = """\
- extends: radon-kits-distribues
  measurements:
    - value: 40
      period: 2022-Q1
"""


@pytest.fixture
def mauges(tmp_path: Path) -> Path:
    return Path(shutil.copytree(EXAMPLES / "mauges", tmp_path / "mauges"))


def _kits(contract: clskit.Contract) -> clskit.Indicator:
    return next(i for i in contract.indicators if i.id == "radon-kits-distribues")


def test_an_extension_appends_to_the_item_of_its_id(mauges: Path) -> None:
    (mauges / "indicators").mkdir()
    (mauges / "indicators" / "suivi.yaml").write_text(EXTENSION, encoding="utf-8")
    contract = clskit.load(mauges)
    assert [m.value for m in _kits(contract).measurements] == [237, 159, 40]
    assert len(contract.indicators) == 5


def test_an_extension_s_problems_are_placed_in_its_file(mauges: Path) -> None:
    (mauges / "indicators").mkdir()
    (mauges / "indicators" / "suivi.yaml").write_text(
        "- extends: nowhere\n  measurements: []\n"
        "- extends: radon-kits-distribues\n  label: Autre\n"
        "- extends: radon-kits-distribues\n  measurements:\n    - value: 1\n"
        "      reported_at: no-such-meeting\n", encoding="utf-8")
    errors = [str(d) for d in clskit.validate(mauges).errors]
    assert errors == [
        "indicators/suivi.yaml:1 [0].extends: error CLS003 extends 'nowhere': no item of "
        "indicators has this id",
        "indicators/suivi.yaml:4 [1].label: error CLS003 only the lists of an item can be "
        "extended, and 'label' is not a list of indicators",
        "indicators/suivi.yaml:8 [2].measurements[0].reported_at: error CLS132 unknown "
        "meeting 'no-such-meeting'",
    ]


def test_the_schema_of_a_list_file_takes_extensions() -> None:
    schema = json_schema("indicators")
    jsonschema.validate(yaml.safe_load(EXTENSION), schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate([{"extends": "x", "label": "y"}], schema)


def test_additions_write_extensions_once(mauges: Path) -> None:
    kits = _kits(clskit.load(mauges))
    new = clskit.Measurement(value=40, period=clskit.Period.parse("2022-Q1"))
    extension = Extension("indicators", kits.id, "measurements",
                          (kits.measurements[0], new, new))
    files, added = add_to_workspace(mauges, "suivi-2022-T1", {}, [extension])
    assert (files, added) == ([mauges / "indicators" / "suivi-2022-T1.yaml"], 1)
    assert _kits(clskit.load(mauges)).measurements[-1] == new
    text = files[0].read_text(encoding="utf-8")
    assert add_to_workspace(mauges, "suivi-2022-T1", {}, [extension]) == (files, 1)
    assert files[0].read_text(encoding="utf-8") == text
