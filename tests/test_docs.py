"""The docs keep up with the code: generated sections fresh, every field documented."""

from __future__ import annotations

import re
import typing

import attrs

import clskit
from clskit import _reference, model
from clskit_test_support import ROOT


def test_generated_sections_are_fresh() -> None:
    for file, (name, make) in _reference.SECTIONS.items():
        text = (ROOT / file).read_text(encoding="utf-8")
        assert _reference.replace_section(text, name, make()) == text, (
            f"{file} is stale: run python -m clskit._reference")


def test_every_field_and_enum_value_is_in_format_md() -> None:
    text = (ROOT / "docs" / "format.md").read_text(encoding="utf-8")
    for cls in vars(model).values():
        if isinstance(cls, type) and attrs.has(cls) and cls.__module__ == model.__name__:
            assert f"### {cls.__name__}" in text
            for a in attrs.fields(cls):
                assert a.metadata.get("doc"), f"{cls.__name__}.{a.name} has no doc"
    for enum in (m for m in vars(model).values()
                 if isinstance(m, type) and issubclass(m, model.Enum) and m is not model.Enum):
        for member in enum:
            assert f"| `{member.value}` | {clskit.label(member)} |" in text


def test_every_enum_value_has_a_french_label() -> None:
    for enum in (m for m in vars(model).values()
                 if isinstance(m, type) and issubclass(m, model.Enum) and m is not model.Enum):
        for member in enum:
            assert clskit.label(member)


def test_glossary_names_exist_in_the_model() -> None:
    text = (ROOT / "docs" / "format.md").read_text(encoding="utf-8")
    glossary = text.split("## Glossary", 1)[1].split("## Reference", 1)[0]
    for name in re.findall(r"`([A-Z][A-Za-z]+)(?:\.([a-z_]+))?`", glossary):
        cls = getattr(clskit, name[0])
        if name[1]:
            assert name[1] in typing.get_type_hints(cls), f"{name[0]}.{name[1]}"


def test_public_api_is_curated() -> None:
    assert sorted(clskit.__all__) == clskit.__all__
    for name in clskit.__all__:
        assert hasattr(clskit, name), name


def test_public_functions_named_like_their_module_stay_functions() -> None:
    import subprocess
    import sys

    code = ("import clskit.snapshot, clskit.dump, clskit\n"
            "import clskit.plugins\n"
            "print(callable(clskit.snapshot), callable(clskit.dump), callable(clskit.load))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout.split() == ["True", "True", "True"]


def test_every_public_name_resolves() -> None:
    for name in clskit.__all__:
        assert getattr(clskit, name) is not None, name
