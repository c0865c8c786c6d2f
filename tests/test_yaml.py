"""The YAML edge: safe, YAML 1.2 scalars, lines kept, clear refusals."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clskit import _yaml


def test_lines_of_keys_and_items() -> None:
    data, lines = _yaml.parse("a: 1\nb:\n  - x: 2\n    y: 3\n")
    assert data == {"a": 1, "b": [{"x": 2, "y": 3}]}
    assert lines[("a",)] == 1
    assert lines[("b", 0)] == 3
    assert lines[("b", 0, "y")] == 4


def test_yaml_1_2_scalars() -> None:
    data, _ = _yaml.parse("t: 10:00\nn: no\no: on\nb: true\nd: 2021-12-07\nf: 1.5\ni: 12\n")
    assert data == {"t": "10:00", "n": "no", "o": "on", "b": True,
                    "d": dt.date(2021, 12, 7), "f": 1.5, "i": 12}


@pytest.mark.parametrize("text", [
    "a: !!python/object/apply:os.system ['echo hacked']\n",
    "a: !!python/name:os.system\n",
    "!!python/object:builtins.object {}\n",
    "a: !custom 3\n",
])
def test_tags_are_refused(text: str) -> None:
    with pytest.raises(_yaml.YamlError, match="not allowed"):
        _yaml.parse(text)


def test_tab_indentation() -> None:
    with pytest.raises(_yaml.YamlError, match="tab") as info:
        _yaml.parse("a:\n\tb: 1\n")
    assert info.value.line == 2


def test_duplicate_keys() -> None:
    with pytest.raises(_yaml.YamlError, match="twice") as info:
        _yaml.parse("a: 1\nb: 2\na: 3\n")
    assert info.value.line == 3


def test_syntax_error_has_a_line() -> None:
    with pytest.raises(_yaml.YamlError) as info:
        _yaml.parse("a: [1, 2\nb: 3\n")
    assert info.value.line is not None


@pytest.mark.parametrize(("text", "bracket"), [("x: 1\na: [1, 2\nb: 3\nc: 4\n", "[,]"),
                                               ("x: 1\na: {k: 1\nb: 3\n", "{,}")])
def test_an_unclosed_bracket_is_placed_where_it_opened(text: str, bracket: str) -> None:
    with pytest.raises(_yaml.YamlError) as info:
        _yaml.parse(text)
    opening, closing = bracket.split(",")
    assert info.value.line == 2
    assert f"«{opening}» opened at line 2" in info.value.message
    assert f"«{closing}» is missing" in info.value.message


def test_a_missing_comma_inside_a_closed_bracket_is_not_called_unclosed() -> None:
    with pytest.raises(_yaml.YamlError) as info:
        _yaml.parse('a: [x, "b" c]\n')
    assert info.value.line == 1 and "opened at" not in info.value.message


def test_dump_reads_back() -> None:
    data = {"title": "Mise en œuvre", "text": "ligne 1\nligne 2\n", "date": "2021-12-07",
            "t": "10:00", "yes": "no", "n": [1, 2.5, True, None]}
    again, _ = _yaml.parse(_yaml.dump(data))
    again["date"] = again["date"].isoformat()
    assert again == data


def test_dump_quotes_what_yaml_1_1_readers_would_misread() -> None:
    import yaml

    data = {"t": "10:00", "a": "yes", "b": "on", "d": "2021-12-07"}
    text = _yaml.dump(data)
    assert yaml.safe_load(text) == {**data, "d": __import__("datetime").date(2021, 12, 7)}
    assert "d: 2021-12-07" in text


_SCALARS = ["", "~", "null", "Null", "true", "False", "10:00", "yes", "0", "-12", "1_000",
            "3.5", ".5", "1e3", ".inf", ".NaN", "2021-12-07", "2021-12-07 10:00:00", "0x1F",
            "007", "+", "-", ".", "n", "N", "Non", "t", "FA 3", "«copil»"]


@given(st.one_of(st.sampled_from(_SCALARS), st.text(max_size=12)),
       st.booleans())
def test_the_fast_resolver_gives_pyyaml_s_tags(value: str, plain: bool) -> None:
    import yaml

    loader = _yaml._Loader("")
    try:
        for kind in (yaml.ScalarNode, yaml.SequenceNode, yaml.MappingNode):
            assert loader.resolve(kind, value, (plain, not plain)) == \
                yaml.resolver.BaseResolver.resolve(loader, kind, value, (plain, not plain))
    finally:
        loader.dispose()
