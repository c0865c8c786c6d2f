"""The JSON Schema describes the format: it accepts every example file, refuses mistakes."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import attrs
import jsonschema
import pytest

from clskit import _yaml, json_schema
from clskit.model import COLLECTIONS
from clskit.schema import schema_files
from clskit_test_support import EXAMPLE_NAMES, EXAMPLES, ROOT


def _as_editor_sees(value: Any) -> Any:
    """YAML 1.2 editors have no date type: a date is a string to them."""
    if isinstance(value, dict):
        return {k: _as_editor_sees(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_editor_sees(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _schema_for(file: Path, workspace: Path) -> str:
    relative = file.relative_to(workspace)
    head = relative.parts[0].split(".")[0]
    if head in COLLECTIONS:
        return f"{head}.schema.json"
    assert relative.stem == "contract", f"{relative} is not part of the format"
    return "clskit.schema.json"


def _data_files(workspace: Path) -> list[Path]:
    return sorted(p for p in workspace.rglob("*") if p.suffix in (".yaml", ".yml", ".json"))


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_every_example_file_validates_against_its_schema(name: str) -> None:
    workspace = EXAMPLES / name
    schemas = schema_files()
    files = _data_files(workspace)
    assert files
    for file in files:
        data, _ = _yaml.parse(file.read_text(encoding="utf-8"))
        schema = schemas[_schema_for(file, workspace)]
        errors = sorted(jsonschema.Draft202012Validator(schema).iter_errors(
            _as_editor_sees(data)), key=str)
        assert not errors, f"{file}: {errors[0].message} at {list(errors[0].absolute_path)}"


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_schema_comment_points_at_the_right_file(name: str) -> None:
    workspace = EXAMPLES / name
    for file in _data_files(workspace):
        first = file.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema="), file
        target = (file.parent / first.split("=", 1)[1]).resolve()
        assert target == (ROOT / "schema" / _schema_for(file, workspace)).resolve(), file


def test_committed_schema_files_are_up_to_date() -> None:
    for name, schema in schema_files().items():
        committed = json.loads((ROOT / "schema" / name).read_text(encoding="utf-8"))
        assert committed == schema, f"schema/{name} is stale: run clskit schema --write-dir schema"


def test_schema_is_valid_and_documents_every_field() -> None:
    schema = json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    for name, definition in schema["$defs"].items():
        for field_name, prop in definition.get("properties", {}).items():
            assert prop.get("description"), f"{name}.{field_name} has no doc"


@pytest.mark.parametrize(("patch", "message"), [
    ({"actions": [{"id": "a", "code": "A", "title": "T", "statut": "done"}]}, "statut"),
    ({"actions": [{"id": "a", "code": "A", "title": "T", "status": "fini"}]}, "fini"),
    ({"period": "2021-Q5"}, "2021-Q5"),
    ({"generation": "2"}, "'2'"),
])
def test_schema_refuses_mistakes(patch: dict[str, Any], message: str) -> None:
    data = {"id": "t", "name": "n", "period": "2021/2023", "territory": {"name": "t"}, **patch}
    errors = list(jsonschema.Draft202012Validator(json_schema()).iter_errors(data))
    assert errors and any(message in e.message for e in errors)


def test_schema_knows_every_model_class() -> None:
    import clskit.model as model

    classes = {c.__name__ for c in vars(model).values()
               if isinstance(c, type) and attrs.has(c) and c.__module__ == model.__name__}
    assert classes <= set(json_schema()["$defs"])
